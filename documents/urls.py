from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("dem/", views.badge, name="badge"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("den/", views.incoming_list, name="incoming-list"),
    path("den/vao-so/", views.incoming_register, name="incoming-register"),
    path("den/<int:pk>/", views.incoming_detail, name="incoming-detail"),
    path("den/<int:pk>/tep/", views.incoming_file, name="incoming-file"),
    path("den/<int:pk>/phu-luc/<int:appendix>/", views.incoming_appendix_file, name="incoming-appendix-file"),
    path("den/<int:pk>/phan-cong/", views.incoming_assign, name="incoming-assign"),
    path("den/<int:pk>/tra-lai/", views.incoming_return, name="incoming-return"),
    path("den/<int:pk>/vao-so/", views.incoming_register_arrived, name="incoming-register-arrived"),
    path("nhiem-vu/", views.tracking, name="tracking"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task-detail"),
    path("nhiem-vu/<int:pk>/<slug:action>/", views.task_action, name="task-action"),
    path("di/", views.outgoing_list, name="outgoing-list"),
    path("di/soan-thao/", views.outgoing_create, name="outgoing-create"),
    path("di/<int:pk>/", views.outgoing_detail, name="outgoing-detail"),
    path("di/<int:pk>/tep/", views.outgoing_file, name="outgoing-file"),
    path("di/<int:pk>/phu-luc/<int:appendix>/", views.appendix_file, name="appendix-file"),
    path("di/<int:pk>/du-thao/", views.outgoing_file, {"which": "draft"}, name="outgoing-draft-file"),
    path("di/<int:pk>/xem-truoc/", views.outgoing_preview, name="outgoing-preview"),
    path("di/<int:pk>/<slug:action>/", views.outgoing_action, name="outgoing-action"),
    path("so/", views.register_export, name="registers"),
    path("ho-so/", views.work_files, name="work-files"),
    path("ho-so/them/", views.work_file_add, name="work-file-add"),
    path("ho-so/<int:pk>/", views.work_file_detail, name="work-file"),
]
