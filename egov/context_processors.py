from django.apps import apps
from django.conf import settings
from django.urls import reverse


def portal(request):
    work, reference = _staff_nav(request)
    return {"SITE_NAME": settings.SITE_NAME, "staff_nav": work, "staff_nav_reference": reference}


def _staff_nav(request) -> tuple[list[dict], list[dict]]:
    """Staff menu entries declared by apps as `staff_nav = [(key, label, url_name, permission or None)]`
    on their AppConfig, shown to the staff who hold the permission. An entry may add a fifth item, the
    url name of a fragment with the count of what waits there, which the menu loads after the page.

    Two lists: the daily work (documents, dossiers...) in the menu's row, and the platform's reference
    pages (units, calendar), which the row folds under one entry so that it stays one row wide."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_staff_member", False):
        return [], []
    work, reference = [], []
    for config in apps.get_app_configs():
        for key, label, url_name, permission, *badge in getattr(config, "staff_nav", ()):
            if permission is None or user.has_perm(permission):
                item = {"key": key, "label": label, "url": reverse(url_name)}
                if badge:
                    item["badge_url"] = reverse(badge[0])
                (reference if config.name.startswith("egov.") else work).append(item)
    return work, reference
