from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bang-thong-ke/", views.table, name="table"),
    path("ho-so/", views.dossiers, name="dossiers"),
    path("xuat/", views.export_start, name="export"),
    path("xuat/<int:pk>/", views.export_job, name="export-job"),
    path("xuat/<int:pk>/tien-do/", views.export_progress, name="export-progress"),
    path("xuat/<int:pk>/tai-ve/", views.export_download, name="export-download"),
    path("cong-khai/", views.public, name="public"),
    path("cong-viec/", include("reporting.work.urls")),  # document and work statistics (reporting/work)
]
