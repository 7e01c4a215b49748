from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the e-mail address, either case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        model = get_user_model()
        login = username.strip()
        user = model._default_manager.filter(Q(username__iexact=login) | Q(email__iexact=login)).first()
        if user is None:
            model().set_password(password)  # same cost as a real check: no timing oracle for user names
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
