"""Pages of the work statistics, mounted at /bao-cao/cong-viec/ by reporting/urls.py."""

from django.urls import path

from . import views

app_name = "work"
urlpatterns = [path("", views.index, name="index")]
