from django.urls import path

from . import views

urlpatterns = [path("ipn/", views.ipn, name="ipn")]
