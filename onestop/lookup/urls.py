from django.urls import path

from . import views

urlpatterns = [
    path("tra-cuu-ho-so/", views.lookup, name="lookup"),
    path("tra-cuu-ho-so/<str:code>/", views.detail, name="detail"),
    path("bang-theo-doi/", views.board, name="board"),
]
