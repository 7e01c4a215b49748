from django.urls import path

from . import citizen_views, views

urlpatterns = [
    path("can-bo/", views.desk, name="desk"),
    path("can-bo/tiep-nhan/", views.intake, name="intake"),
    path("can-bo/hang-doi/", views.queue, name="queue-mine"),
    path("can-bo/hang-doi/van-thu/", views.queue, {"which": "van-thu"}, name="queue-seal"),
    path("can-bo/hang-doi/<slug:which>/", views.queue, name="queue"),
    path("can-bo/<int:pk>/", views.dossier_detail, name="dossier"),
    path("can-bo/<int:pk>/giay-to/<int:paper>/", views.paper_file, name="paper-file"),
    path("can-bo/<int:pk>/ket-qua/", views.result_file, name="result-file"),
    path("can-bo/<int:pk>/mau-<str:form>/", views.print_form, name="print"),
    path("can-bo/<int:pk>/danh-gia/", views.desk_rating, name="desk-rating"),
    path("can-bo/<int:pk>/thu-phi/", views.fee_action, {"name": "fee_payment"}, name="fee-payment"),
    path("can-bo/<int:pk>/mien-phi/", views.fee_action, {"name": "fee_exemption"}, name="fee-exemption"),
    path("can-bo/<int:pk>/<slug:action>/", views.dossier_action, name="dossier-action"),
    # the citizen's own dossiers
    path("cua-toi/", citizen_views.my_dossiers, name="citizen-dossiers"),
    path("cua-toi/nop/<int:draft>/", citizen_views.submit, name="citizen-submit"),
    path("cua-toi/<int:pk>/", citizen_views.dossier_detail, name="citizen-dossier"),
    path("cua-toi/<int:pk>/giay-to/<int:paper>/", citizen_views.paper_file, name="citizen-paper-file"),
    path("cua-toi/<int:pk>/ket-qua/", citizen_views.result_file, name="citizen-result-file"),
    path("cua-toi/<int:pk>/nop-lai/", citizen_views.act, {"action": "resubmit"}, name="citizen-resubmit"),
    path(
        "cua-toi/<int:pk>/bo-sung/",
        citizen_views.act,
        {"action": "receive_supplement"},
        name="citizen-supplement",
    ),
    path("cua-toi/<int:pk>/rut/", citizen_views.act, {"action": "withdraw"}, name="citizen-withdraw"),
    path("cua-toi/<int:pk>/danh-gia/", citizen_views.rate, name="citizen-rate"),
]
