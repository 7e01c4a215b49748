from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views


def app_routes() -> tuple[list, list]:
    """Each project app that declares `url_prefix` in its AppConfig gets its `urls` module mounted at
    /<prefix> and its `api.urls` module at /api/v1/<prefix>, so apps never edit this file."""
    pages, api = [], []
    for config in apps.get_app_configs():
        prefix = getattr(config, "url_prefix", None)
        if prefix is None:
            continue
        if find_spec(f"{config.name}.urls"):
            pages.append(path(prefix, include((import_module(f"{config.name}.urls"), config.label))))
        if find_spec(f"{config.name}.api") and find_spec(f"{config.name}.api.urls"):
            api.append(
                path(prefix, include((import_module(f"{config.name}.api.urls"), f"{config.label}-api")))
            )
    return pages, api


app_pages, app_api = app_routes()

admin.site.site_header = f"Quản trị Cổng dịch vụ công {settings.SITE_NAME}"
admin.site.site_title = "Quản trị hệ thống"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("", views.home, name="home"),
    path("can-bo/", views.staff_home, name="staff-home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("egov.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(app_api)),
    path("api/v1/auth/", include("egov.accounts.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves its start-up script as a file (?script): no inline script, for the CSP
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    *app_pages,
]
# No /media/ route, in DEBUG neither: every stored file (secret documents, drafts, seals) is served only by
# a view that checks who asks (documents, services and signing views).

# Vietnamese error pages in the portal's layout, JSON {"detail": ...} under /api/ (egov.error_pages)
handler400 = "egov.error_pages.bad_request"
handler403 = "egov.error_pages.permission_denied"
handler404 = "egov.error_pages.page_not_found"
handler500 = "egov.error_pages.server_error"
