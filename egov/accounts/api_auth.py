"""API authentication for the portal (REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES): both classes refuse
a role that needs the second factor until it is given. Kept apart from egov.api, which imports
rest_framework.views (that module reads these classes while it loads)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import authentication as authentication_schemes
from rest_framework import authentication, exceptions

from .decorators import owes_second_factor

SECOND_FACTOR_FIRST = _("Vai trò của bạn yêu cầu xác thực hai lớp: hãy nhập mã xác thực trước.")
UNVERIFIED_TOKEN = _(
    "Mã truy cập này được cấp khi chưa xác thực hai lớp. Hãy lấy mã mới tại /api/v1/auth/token/ "
    "kèm mã xác thực (otp)."
)


class SessionAuthentication(authentication.SessionAuthentication):
    """The session counts only past the second factor (SecondFactorMiddleware answers first; this keeps
    the rule should a view be reached another way)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and owes_second_factor(result[0]):
            raise exceptions.PermissionDenied(SECOND_FACTOR_FIRST)
        return result


class TokenAuthentication(authentication.TokenAuthentication):
    """For a role that needs the second factor, only a token issued with a valid code counts: one issued
    with the password alone, before the role was granted, or with a device since replaced, is refused."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if user.requires_two_factor:
            from django_otp.models import Device

            from .models import SecondFactorToken

            mark = SecondFactorToken.objects.filter(token=token).first()
            if mark is None:
                raise exceptions.AuthenticationFailed(UNVERIFIED_TOKEN)
            # a device replaced (lost phone, new enrolment) takes the tokens issued with it along
            device = Device.from_persistent_id(mark.device)
            if device is None or not device.confirmed or device.user_id != user.pk:
                raise exceptions.AuthenticationFailed(UNVERIFIED_TOKEN)
            # the code was given when the token was issued
            user.otp_device = device
            user.is_verified = lambda: True
        return user, token


class SessionScheme(authentication_schemes.SessionScheme):
    """The schema describes the portal's session authentication as the cookie it is."""

    target_class = SessionAuthentication
