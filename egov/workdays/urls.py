from django.urls import path

from . import views

urlpatterns = [
    path("", views.current_year, name="current-year"),
    path("<int:year>/", views.year_view, name="year"),
]
