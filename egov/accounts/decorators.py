from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import urlencode


def owes_second_factor(user) -> bool:
    """Logged in with the password only, in a role that needs the second factor."""
    if not (user.is_authenticated and user.requires_two_factor):
        return False
    verified = getattr(user, "is_verified", None)
    return not (verified and verified())


def has_confirmed_device(user) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def two_factor_redirect(request):
    """Where a staff user who still owes the second factor must go, or None when they are through."""
    if not owes_second_factor(request.user):
        return None
    target = "accounts:otp-verify" if has_confirmed_device(request.user) else "accounts:otp-setup"
    return redirect(f"{_reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def _reverse(name):
    from django.urls import reverse

    return reverse(name)


def staff_required(view):
    """Staff pages: logged in, holding a staff role, and past the second factor when the role needs it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff_member:
            raise PermissionDenied("Trang này dành cho cán bộ.")
        if (response := two_factor_redirect(request)) is not None:
            return response
        return view(request, *args, **kwargs)

    return wrapper
