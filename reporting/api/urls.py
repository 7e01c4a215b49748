"""The reporting API under /api/v1/bao-cao/ (mounted by the app's url_prefix): the dossier statistics of
reporting.stats, and the work statistics (reporting/work) included below."""

from django.urls import include, path

from .views import DossierReportView, DossiersBehindView

urlpatterns = [
    path("ho-so/", DossierReportView.as_view(), name="reporting-dossier-report"),
    path("ho-so/danh-sach/", DossiersBehindView.as_view(), name="reporting-dossiers-behind"),
    path("cong-viec/", include("reporting.work.api")),  # document and work statistics (reporting/work)
]
