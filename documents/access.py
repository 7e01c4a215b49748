"""Who holds which post, seen from the documents app (directory assignments + roles)."""

from django.db.models import Q

from egov.accounts.roles import Role
from egov.directory.models import Position, StaffAssignment


def _current(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return StaffAssignment.objects.none()
    return StaffAssignment.objects.current().filter(user=user, agency__is_active=True)


def agency_ids(user) -> set[int]:
    return set(_current(user).values_list("agency_id", flat=True))


def department_ids(user) -> set[int]:
    return set(_current(user).filter(department__isnull=False).values_list("department_id", flat=True))


def headed_department_ids(user) -> set[int]:
    return set(
        _current(user)
        .filter(department__isnull=False, position__rank=Position.Rank.DEPARTMENT_HEAD)
        .values_list("department_id", flat=True)
    )


def led_agency_ids(user) -> set[int]:
    """Agencies the user leads: a leader post, or the leader role and a post in the agency."""
    posts = _current(user)
    if user.has_role(Role.LEADER):
        return set(posts.values_list("agency_id", flat=True))
    return set(posts.filter(position__rank=Position.Rank.AGENCY_LEADER).values_list("agency_id", flat=True))


def clerk_agency_ids(user) -> set[int]:
    return agency_ids(user) if user.has_role(Role.CLERK) else set()


def is_clerk_of(user, agency_id) -> bool:
    return agency_id in clerk_agency_ids(user)


def is_leader_of(user, agency_id) -> bool:
    return agency_id in led_agency_ids(user)


def is_head_of(user, department_id) -> bool:
    return department_id is not None and department_id in headed_department_ids(user)


def primary_assignment(user, agency_id=None):
    posts = _current(user).select_related("agency", "department", "position").order_by("-is_primary", "pk")
    if agency_id is not None:
        posts = posts.filter(agency_id=agency_id)
    return posts.first()


def department_members_ids(department_ids) -> set[int]:
    return set(
        StaffAssignment.objects.current()
        .filter(department_id__in=department_ids)
        .values_list("user_id", flat=True)
    )


def department_members(department_id):
    return StaffAssignment.objects.current().filter(Q(department_id=department_id)).values("user_id")
