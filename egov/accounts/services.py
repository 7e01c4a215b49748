"""State-changing operations on accounts: each checks, acts, and writes the audit entry."""

from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.audit.services import record

from .roles import Role


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
