from django.urls import path

from . import views

urlpatterns = [
    path("ho-so/<int:dossier>/", views.pay, name="pay"),
    path("ket-qua/", views.result, name="result"),
    path("bien-lai/<int:pk>/", views.receipt, name="receipt"),
    path("doi-soat/", views.reconciliation, name="reconciliation"),
    # the local test gateway (PAYMENT_LOCAL_GATEWAY)
    path("cong-thu/", views.gateway_order, name="gateway"),
    path("cong-thu/querydr/", views.gateway_querydr, name="gateway-querydr"),
    path("cong-thu/<str:txn_ref>/thanh-toan/", views.gateway_finish, {"pay": True}, name="gateway-pay"),
    path("cong-thu/<str:txn_ref>/huy/", views.gateway_finish, {"pay": False}, name="gateway-cancel"),
]
