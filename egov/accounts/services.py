"""State-changing operations on accounts: each checks, acts, and writes the audit entry."""

from datetime import date

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.audit.services import record

from .models import User
from .personal_id import validate_personal_id
from .roles import Role
from .sso import SSOError


def grant_role(user, role: Role, actor=None) -> None:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)
    record(actor, "accounts.grant_role", user, role=role.value)


def start_totp_setup(user) -> TOTPDevice:
    """An unconfirmed device; it counts only after the user proves it with a code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


@transaction.atomic
def confirm_totp(user, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(user, "accounts.otp_enrolled", user, device=device.persistent_id)
    return True


@transaction.atomic
def citizen_from_claims(claims: dict) -> User:
    """The citizen an identity provider vouches for, created (citizen role, no password, audited) on the
    first login. The personal ID must pass the validator registration uses."""
    personal_id = str(claims.get("personal_id") or claims.get("sub") or "")
    try:
        validate_personal_id(personal_id)
    except ValidationError as error:
        raise SSOError(_("Hệ thống định danh không trả về số định danh cá nhân hợp lệ.")) from error
    user = User.objects.filter(personal_id=personal_id).first()
    if user is not None:
        return user
    birth = claims.get("birthdate")
    user = User.objects.create(
        username=personal_id,
        personal_id=personal_id,
        full_name=claims.get("name", ""),
        birth_date=date.fromisoformat(birth) if birth else None,
        sex={"male": "M", "female": "F"}.get(claims.get("gender", ""), ""),
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    grant_role(user, Role.CITIZEN, actor=user)
    record(user, "accounts.register_sso", user)
    return user
