"""Sign-in events that no service sees: a failed login (the name tried and the address, never the
password) and an axes lockout. Axes deletes its own attempt rows after a success; these entries stay."""

from django.contrib.auth import get_user_model

from .context import client_ip, request_ip
from .services import record

NAME_LIMIT = 150


def _tried(username) -> tuple[str, object | None]:
    # Printable characters only: what an attacker types must not break the entry (a NUL on PostgreSQL).
    name = "".join(ch for ch in str(username or "") if ch.isprintable())[:NAME_LIMIT]
    User = get_user_model()
    user = User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": name}).first() if name else None
    return name, user


def _record_with_request(request, action, **details):
    token = client_ip.set(request_ip(request)) if request is not None and client_ip.get() is None else None
    try:
        name, user = _tried(details.pop("username"))
        record(None, action, user, username=name, **details)
    finally:
        if token is not None:
            client_ip.reset(token)


def on_login_failed(sender, credentials, request=None, **kwargs):
    _record_with_request(request, "accounts.login_failed", username=credentials.get("username"))


def on_locked_out(sender, request=None, username=None, **kwargs):
    _record_with_request(request, "accounts.locked_out", username=username)
