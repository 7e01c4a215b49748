from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("thu-tuc/<str:code>/mau/<int:paper_id>/", views.paper_template, name="paper-template"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/", views.apply_online, name="apply"),
    path("ho-so-nhap/", views.my_drafts, name="drafts"),
    path("ho-so-nhap/<int:pk>/", views.draft_detail, name="draft"),
    path("ho-so-nhap/<int:pk>/xoa/", views.draft_delete, name="draft-delete"),
    path("ho-so-nhap/<int:pk>/tep/<int:file_id>/", views.draft_file, name="draft-file"),
]
