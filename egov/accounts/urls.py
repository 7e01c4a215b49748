from django.urls import path

from . import idp, views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/xac-nhan/<str:token>/", views.register_confirm, name="register-confirm"),
    path("xac-thuc-hai-lop/", views.otp_verify, name="otp-verify"),
    path("xac-thuc-hai-lop/cai-dat/", views.otp_setup, name="otp-setup"),
    path("doi-mat-khau/", views.password_change, name="password-change"),
    path("doi-mat-khau/xong/", views.password_change_done, name="password-change-done"),
    path("quen-mat-khau/", views.password_reset, name="password-reset"),
    path("quen-mat-khau/da-gui/", views.password_reset_done, name="password-reset-done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("dat-lai-mat-khau/xong/", views.password_reset_complete, name="password-reset-complete"),
    path("dang-nhap-mot-lan/", views.sso_start, name="sso-start"),
    path("dang-nhap-mot-lan/ket-qua/", views.sso_callback, name="sso-callback"),
    path("idp-thu-nghiem/authorize", idp.authorize, name="idp-authorize"),
    path("idp-thu-nghiem/token", idp.token, name="idp-token"),
    path("idp-thu-nghiem/userinfo", idp.userinfo, name="idp-userinfo"),
]
