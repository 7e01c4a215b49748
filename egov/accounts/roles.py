"""Roles are auth groups. Each app may declare in its own `roles.py` a PERMISSIONS dict
{Role: ["app_label.codename", ...]}; `sync_roles` (run after every migrate) makes the groups match."""

from importlib import import_module

from django.apps import apps
from django.db import models


class Role(models.TextChoices):
    CITIZEN = "citizen", "Công dân, doanh nghiệp"
    ONESTOP_OFFICER = "onestop_officer", "Cán bộ một cửa"
    SPECIALIST = "specialist", "Chuyên viên"
    CLERK = "clerk", "Văn thư"
    LEADER = "leader", "Lãnh đạo"
    AGENCY_ADMIN = "agency_admin", "Quản trị cơ quan"
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"


STAFF_ROLES = frozenset(Role) - {Role.CITIZEN}
# Roles whose holders must pass the TOTP second factor before any staff page or the admin.
TWO_FACTOR_ROLES = frozenset({Role.LEADER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN})

PERMISSIONS = {
    Role.AGENCY_ADMIN: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "audit.view_auditentry",
    ],
    Role.SYSTEM_ADMIN: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        "auth.change_group",
        "audit.view_auditentry",
    ],
}


def role_permissions() -> dict[Role, set[str]]:
    """Every app's declared permissions, merged by role."""
    merged: dict[Role, set[str]] = {role: set() for role in Role}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError:
            continue
        for role, perms in getattr(module, "PERMISSIONS", {}).items():
            merged[Role(role)].update(perms)
    return merged


def sync_roles(**_kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    for role, perms in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:  # an app not yet migrated adds its permissions on its own migrate
                wanted.append(found)
        group.permissions.set(wanted)
