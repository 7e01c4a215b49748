"""Who holds which post, seen from the documents app (directory assignments + roles)."""

from django.db.models import Q

from egov.accounts.roles import Role
from egov.directory.models import Position, StaffAssignment
from egov.request_memo import memoised


def _current(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return StaffAssignment.objects.none()
    return StaffAssignment.objects.current().filter(user=user, agency__is_active=True)


def _posts(user) -> tuple[tuple[int, int | None, str], ...]:
    """(agency, department, rank) of each current post, read once per request (egov.request_memo)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    return memoised(
        ("documents.posts", user.pk),
        lambda: tuple(_current(user).values_list("agency_id", "department_id", "position__rank")),
    )


def agency_ids(user) -> set[int]:
    return {agency for agency, _department, _rank in _posts(user)}


def department_ids(user) -> set[int]:
    return {department for _agency, department, _rank in _posts(user) if department is not None}


def headed_department_ids(user) -> set[int]:
    return {
        department
        for _agency, department, rank in _posts(user)
        if department is not None and rank == Position.Rank.DEPARTMENT_HEAD
    }


def led_agency_ids(user) -> set[int]:
    """Agencies the user leads: a leader post, or the leader role and a post in the agency."""
    if user.has_role(Role.LEADER):
        return agency_ids(user)
    return {agency for agency, _department, rank in _posts(user) if rank == Position.Rank.AGENCY_LEADER}


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
