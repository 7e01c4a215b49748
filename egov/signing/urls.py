from django.urls import path

from . import views

urlpatterns = [
    path("xac-thuc/", views.verify, name="verify"),
    path("xac-thuc/<str:token>/", views.verify_token, name="verify-token"),
]
