from django.urls import path

from . import views

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit-list"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit-detail"),
]
