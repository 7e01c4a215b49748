from django.urls import path

from . import views

urlpatterns = [
    path("kiosk/<int:device>/", views.kiosk, name="kiosk"),
    path("so/<int:pk>/", views.ticket, name="ticket"),
    path("quay/", views.desk, name="desk"),
    path("quay/roi/", views.leave_seat, name="leave-seat"),
    path("quay/<int:counter>/ngoi/", views.take_seat, name="take-seat"),
    path("quay/<int:counter>/dang-cho/", views.waiting, name="waiting"),
    path("quay/<int:counter>/<slug:action>/", views.act, name="act"),
    path("bang/<int:agency>/", views.board, name="board"),
    path(
        "bang/<int:agency>/noi-dung/", views.board, {"template": "counter/_board.html"}, name="board-fragment"
    ),
]
