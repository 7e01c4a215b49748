"""Checking a second-factor code and issuing API tokens: the same check for the code page and the token
endpoint, each attempt in the audit trail."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from rest_framework.authtoken.models import Token

from egov.audit.services import record
from egov.errors import DomainError

from .decorators import has_confirmed_device
from .models import SecondFactorToken


@dataclass
class Check:
    device: object = None  # the device that accepted the code
    wait_seconds: int = 0  # every device is throttled after wrong codes: wait before the next try


def check_code(user, code: str) -> Check:
    """Try the code on the user's confirmed devices; records accounts.otp_verified or accounts.otp_failed."""
    devices = list(devices_for_user(user, confirmed=True))
    waits = [
        info["locked_until"] for allowed, info in (d.verify_is_allowed() for d in devices) if not allowed
    ]
    if waits and len(waits) == len(devices):
        # django-otp doubles the wait after each wrong code: say so rather than "wrong code"
        seconds = max(1, int((min(waits) - timezone.now()).total_seconds()) + 1)
        record(user, "accounts.otp_failed", user, reason="throttled")
        return Check(wait_seconds=seconds)
    for device in devices:
        if device.verify_token(code):
            record(user, "accounts.otp_verified", user, device=device.persistent_id)
            return Check(device=device)
    record(user, "accounts.otp_failed", user, reason="wrong_code")
    return Check()


def wait_message(seconds: int) -> str:
    return _("Bạn vừa nhập sai mã. Vui lòng chờ %(seconds)s giây rồi nhập mã mới.") % {"seconds": seconds}


def _refuse(user, reason: str, message: str):
    record(user, "accounts.token_refused", user, reason=reason)
    raise DomainError(message, code=reason)


def issue_token(user, code: str = "") -> Token:
    """POST /api/v1/auth/token/ after the password: a role that needs the second factor must send a valid
    code with it; it then gets a new token (any earlier one is revoked) marked as verified. Other roles get
    their existing token or a new one."""
    if not user.requires_two_factor:
        token, _created = Token.objects.get_or_create(user=user)
        record(user, "accounts.token_issued", user)
        return token
    if not has_confirmed_device(user):
        _refuse(
            user,
            "second_factor_not_enrolled",
            _("Vai trò của bạn yêu cầu xác thực hai lớp: hãy đăng nhập cổng và cài ứng dụng xác thực trước."),
        )
    if not code:
        _refuse(
            user,
            "otp_required",
            _("Vai trò của bạn yêu cầu xác thực hai lớp: gửi kèm mã xác thực 6 chữ số trong trường otp."),
        )
    check = check_code(user, code)
    if check.wait_seconds:
        _refuse(user, "otp_throttled", wait_message(check.wait_seconds))
    if check.device is None:
        _refuse(user, "otp_invalid", _("Mã xác thực không đúng hoặc đã hết hạn."))
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        SecondFactorToken.objects.create(token=token, device=check.device.persistent_id)
        record(user, "accounts.token_issued", user, second_factor=True)
    return token
