"""The second factor, one rule for the whole site: a person whose role needs it and who has given only the
password reaches the code page, the first enrolment (while they have no device), logout and the language
switch. Every other page, the admin and the API (with the session) answer with the way to the code page.
Static files are served before this runs. API tokens are checked in api_auth.TokenAuthentication."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .decorators import has_confirmed_device, owes_second_factor, two_factor_redirect

OPEN = {
    "accounts:otp-verify",
    "accounts:logout",
    "set_language",
    "healthz",
    # takes its own credentials (password and code), never the session's
    "auth-api:token",
}


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not owes_second_factor(request.user):
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in OPEN:
            return None
        device = has_confirmed_device(request.user)
        if name == "accounts:otp-setup" and not device:
            return None  # the first enrolment: proving the new device is the second factor
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _("Vai trò của bạn yêu cầu xác thực hai lớp: hãy nhập mã xác thực trước."),
                    "code": "second_factor_required",
                },
                status=403,
            )
        return two_factor_redirect(request)
