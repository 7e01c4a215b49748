from django.urls import path

from . import views

urlpatterns = [
    path("xac-thuc/", views.VerifyView.as_view(), name="verify"),
    path("ky-tu-xa/chuan-bi/", views.PrepareRemoteView.as_view(), name="remote-prepare"),
    path("ky-tu-xa/<uuid:pk>/hoan-tat/", views.FinishRemoteView.as_view(), name="remote-finish"),
]
