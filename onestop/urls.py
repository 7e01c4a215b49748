from django.urls import path

from . import views

urlpatterns = [
    path("can-bo/", views.desk, name="desk"),
    path("can-bo/tiep-nhan/", views.intake, name="intake"),
    path("can-bo/hang-doi/", views.queue, name="queue-mine"),
    path("can-bo/hang-doi/<slug:which>/", views.queue, name="queue"),
    path("can-bo/<int:pk>/", views.dossier_detail, name="dossier"),
    path("can-bo/<int:pk>/giay-to/<int:paper>/", views.paper_file, name="paper-file"),
    path("can-bo/<int:pk>/ket-qua/", views.result_file, name="result-file"),
    path("can-bo/<int:pk>/mau-<str:form>/", views.print_form, name="print"),
    path("can-bo/<int:pk>/<slug:action>/", views.dossier_action, name="dossier-action"),
]
