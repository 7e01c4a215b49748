from django.apps import apps
from django.conf import settings
from django.urls import reverse


def portal(request):
    return {"SITE_NAME": settings.SITE_NAME, "staff_nav": _staff_nav(request)}


def _staff_nav(request) -> list[dict]:
    """Staff menu entries declared by apps as `staff_nav = [(key, label, url_name, permission or None)]`
    on their AppConfig, shown to the staff who hold the permission. An entry may add a fifth item, the
    url name of a fragment with the count of what waits there, which the menu loads after the page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_staff_member", False):
        return []
    items = []
    # daily work (documents, dossiers...) before the platform's reference pages (units, calendar)
    configs = sorted(apps.get_app_configs(), key=lambda config: config.name.startswith("egov."))
    for config in configs:
        for key, label, url_name, permission, *badge in getattr(config, "staff_nav", ()):
            if permission is None or user.has_perm(permission):
                item = {"key": key, "label": label, "url": reverse(url_name)}
                if badge:
                    item["badge_url"] = reverse(badge[0])
                items.append(item)
    return items
