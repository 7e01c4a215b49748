from django.urls import path

from . import views

urlpatterns = [path("tra-cuu-ho-so/<str:code>/", views.PublicDossierView.as_view(), name="detail")]
