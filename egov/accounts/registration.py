"""Citizen registration in two steps, so that the page never tells whether a personal ID or an e-mail
already has an account: every valid request gets the same answer ("we sent you a message"), and the
message says what happened. A new registration waits (in the cache, password already hashed) until its
link is confirmed; the owner of an existing account is told that someone tried."""

import logging
import secrets
from smtplib import SMTPException

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from egov.audit.services import record

from .models import User
from .roles import Role
from .services import grant_role

logger = logging.getLogger(__name__)

PENDING_TTL = 24 * 3600
FIELDS = ["full_name", "personal_id", "birth_date", "sex", "email", "phone"]


def _key(token: str) -> str:
    return f"accounts:registration:{token}"


def _existing(personal_id: str, email: str):
    return User.objects.filter(Q(personal_id=personal_id) | Q(username=personal_id) | Q(email__iexact=email))


def _mail(to: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [to])
    except (SMTPException, OSError):
        # the answer on the page must not depend on it either; the person can simply try again
        logger.exception("registration mail to %s not sent", to)


def start(data: dict, confirm_url, login_url: str, reset_url: str) -> None:
    """data: the cleaned registration form; confirm_url(token) -> absolute link to confirm."""
    personal_id, email = data["personal_id"], data["email"]
    password = make_password(data["password1"])  # hashed on every path: the same time either way
    owners = list(_existing(personal_id, email))
    if not owners:
        token = secrets.token_urlsafe(32)
        pending = {name: str(data[name] or "") for name in FIELDS} | {"password": password}
        cache.set(_key(token), pending, PENDING_TTL)
        _mail(
            email,
            _("Hoàn tất đăng ký tài khoản Cổng dịch vụ công"),
            _(
                "Xin chào %(name)s,\n\nĐể hoàn tất đăng ký tài khoản, hãy mở liên kết sau trong 24 giờ:\n"
                "%(link)s\n\nNếu bạn không đăng ký, hãy bỏ qua thư này."
            )
            % {"name": data["full_name"], "link": confirm_url(token)},
        )
        return
    notice = _(
        "Có người vừa đăng ký tài khoản mới trên Cổng dịch vụ công bằng số định danh hoặc thư điện tử của "
        "bạn, nhưng đã có tài khoản. Nếu đó là bạn, hãy đăng nhập (%(login)s) hoặc lấy lại mật khẩu "
        "(%(reset)s). Nếu không phải bạn, hãy bỏ qua thư này; tài khoản của bạn không thay đổi."
    ) % {"login": login_url, "reset": reset_url}
    told = set()
    for owner in owners:
        record(None, "accounts.register_existing", owner)
        if owner.email and owner.email.lower() not in told:
            told.add(owner.email.lower())
            _mail(owner.email, _("Yêu cầu đăng ký với thông tin của bạn"), notice)
    if email.lower() not in told:
        # the address typed is free but the personal ID is taken: only that mailbox learns it
        _mail(
            email,
            _("Không thể hoàn tất đăng ký tài khoản"),
            _(
                "Số định danh cá nhân bạn nhập đã có tài khoản. Nếu đó là bạn, hãy đăng nhập (%(login)s) "
                "hoặc lấy lại mật khẩu (%(reset)s). Nếu người khác đã dùng số định danh của bạn, hãy liên "
                "hệ bộ phận một cửa để được hỗ trợ."
            )
            % {"login": login_url, "reset": reset_url},
        )


def pending(token: str) -> dict | None:
    return cache.get(_key(token))


@transaction.atomic
def confirm(token: str) -> User | None:
    """The account of a confirmed link, or None when the link is unknown, used, expired, or its ID or
    e-mail has been taken in the meantime."""
    data = cache.get(_key(token))
    cache.delete(_key(token))  # a link is good once
    if data is None or _existing(data["personal_id"], data["email"]).exists():
        return None
    password = data.pop("password")
    user = User(username=data["personal_id"], password=password, **{name: data[name] for name in FIELDS})
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # taken by a confirmation running at the same moment
        return None
    grant_role(user, Role.CITIZEN, actor=user)
    record(user, "accounts.register_citizen", user)
    return user
