"""Who may read the statistics: leaders (a role of egov.accounts) and the "Thống kê" group, which the
reporting app keeps itself (egov.accounts.roles.Role has no such role; an admin adds people to the group)."""

from egov.accounts.roles import Role

VIEW_STATISTICS = "reporting.view_statistics"
STATISTICS_GROUP = "thong_ke"  # "Thống kê"

PERMISSIONS = {Role.LEADER: [VIEW_STATISTICS], Role.SYSTEM_ADMIN: [VIEW_STATISTICS]}


def ensure_statistics_group(**_kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=STATISTICS_GROUP)
    perm = Permission.objects.filter(content_type__app_label="reporting", codename="view_statistics").first()
    if perm is not None:
        group.permissions.add(perm)
