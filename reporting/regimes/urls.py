from django.urls import path

from . import views

urlpatterns = [
    path("", views.instance_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tep/", views.signed_file, name="file"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
    path("che-do/<int:pk>/", views.overview, name="overview"),
]
