import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.audit.services import record

from . import registration, services
from .forms import CitizenRegistrationForm, LoginForm, OTPTokenForm
from .second_factor import check_code, wait_message
from .sso import SSOError, provider_for


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        record(form.get_user(), "accounts.login", form.get_user())
        return response

    def get_default_redirect_url(self):
        user = self.request.user
        return reverse("staff-home") if user.is_staff_member else reverse("home")


def logout_view(request):
    if request.method != "POST":
        return render(request, "accounts/logout_confirm.html")
    if request.user.is_authenticated:
        record(request.user, "accounts.logout", request.user)
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, _("Bạn đã đăng xuất."))
    return redirect("home")


@login_required
def otp_verify(request):
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = check_code(request.user, form.cleaned_data["token"])
        if check.wait_seconds:
            form.add_error("token", wait_message(check.wait_seconds))
        elif check.device is not None:
            otp_login(request, check.device)
            return redirect(_safe_next(request, reverse("staff-home")))
        else:
            form.add_error(
                "token", _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới nhất trên ứng dụng.")
            )
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
def otp_setup(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.start_totp_setup(request.user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp(request.user, device, form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(_safe_next(request, reverse("staff-home")))
        form.add_error("token", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại rồi nhập lại."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = device.bin_key.hex()
    import base64

    secret_b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": secret_b32,
            "secret_hex": secret,
            "next": request.GET.get("next", ""),
        },
    )


def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # one answer whether or not the ID or e-mail has an account: the e-mail says which (registration)
        registration.start(
            form.cleaned_data,
            confirm_url=lambda token: request.build_absolute_uri(
                reverse("accounts:register-confirm", args=[token])
            ),
            login_url=request.build_absolute_uri(reverse("accounts:login")),
            reset_url=request.build_absolute_uri(reverse("accounts:password-reset")),
        )
        text = _(
            "Chúng tôi đã gửi thư đến %(email)s. Hãy mở thư và làm theo hướng dẫn để hoàn tất đăng ký "
            "(liên kết có hiệu lực 24 giờ). Không thấy thư? Hãy xem cả mục thư rác."
        ) % {"email": form.cleaned_data["email"]}
        return render(request, "accounts/message_page.html", {"title": _("Kiểm tra hộp thư"), "text": text})
    return render(request, "accounts/register.html", {"form": form})


def register_confirm(request, token):
    """GET shows a button (mail scanners open links; they must not create accounts), POST confirms."""
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        user = registration.confirm(token)
        if user is not None:
            auth_login(request, user, backend="egov.accounts.backends.UsernameOrEmailBackend")
            messages.success(request, _("Đăng ký thành công. Chào mừng %(name)s!") % {"name": user.full_name})
            return redirect("home")
    elif registration.pending(token) is not None:
        return render(request, "accounts/register_confirm.html")
    text = _(
        "Liên kết không còn hiệu lực (đã dùng, quá 24 giờ, hoặc thông tin đã được dùng cho tài khoản khác). "
        "Hãy đăng ký lại, hoặc đăng nhập nếu bạn đã có tài khoản."
    )
    title = _("Không thể hoàn tất đăng ký")
    return render(request, "accounts/message_page.html", {"title": title, "text": text})


def sso_start(request):
    try:
        provider = provider_for(request)
    except SSOError as error:
        messages.error(request, str(error))
        return redirect("accounts:login")
    redirect_uri = request.build_absolute_uri(reverse("accounts:sso-callback"))
    return redirect(provider.authorization_redirect(redirect_uri, request.session))


def sso_callback(request):
    try:
        claims = provider_for(request).identity_from_callback(request.GET, request.session)
        user = services.citizen_from_claims(claims)
    except SSOError as error:
        messages.error(request, str(error))
        return redirect("accounts:login")
    auth_login(request, user, backend="egov.accounts.backends.UsernameOrEmailBackend")
    record(user, "accounts.login_sso", user)
    messages.success(request, _("Đăng nhập bằng tài khoản định danh điện tử thành công."))
    return redirect("home")


password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/form_page.html",
    success_url=reverse_lazy("accounts:password-change-done"),
    extra_context={"title": "Đổi mật khẩu", "submit": "Đổi mật khẩu"},
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/message_page.html",
    extra_context={"title": "Đã đổi mật khẩu", "text": "Mật khẩu của bạn đã được thay đổi."},
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/form_page.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
    extra_context={
        "title": "Quên mật khẩu",
        "submit": "Gửi hướng dẫn",
        "intro": "Nhập thư điện tử đã đăng ký; chúng tôi gửi đường dẫn đặt lại mật khẩu.",
    },
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/message_page.html",
    extra_context={
        "title": "Đã gửi hướng dẫn",
        "text": "Nếu thư điện tử có trong hệ thống, bạn sẽ nhận được đường dẫn đặt lại mật khẩu.",
    },
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/form_page.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
    extra_context={"title": "Đặt mật khẩu mới", "submit": "Lưu mật khẩu"},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/message_page.html",
    extra_context={"title": "Đã đặt lại mật khẩu", "text": "Bạn có thể đăng nhập bằng mật khẩu mới."},
)
