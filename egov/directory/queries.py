"""Read side of the directory: units on a date, subtrees, ancestors, the old ↔ new mapping, and who holds
which post. Subtree queries use the materialized `path` (one indexed prefix query plus a date filter),
never per-row recursion.

A unit's subtree on a date is matched by its code path, so it crosses eras: the descendants of Phú Thọ
(code 25) on 2025-06-30 are its districts and communes of the time, and on 2025-07-01 the communes of the
merged province that kept code 25, whichever of the two Phú Thọ rows is passed in.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from .models import (
    PATH_SEPARATOR,
    AdministrativeUnit,
    Agency,
    Department,
    Level,
    Position,
    StaffAssignment,
)


def _today() -> datetime.date:
    return timezone.localdate()


def default_day(unit: AdministrativeUnit) -> datetime.date:
    """Today if the unit is in force today, otherwise the last (or first) day it was."""
    today = _today()
    if unit.is_valid_on(today):
        return today
    if unit.valid_to is not None and unit.valid_to < today:
        return unit.valid_to
    return unit.valid_from


# --- Units --------------------------------------------------------------------------------------------
def units_on(day: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    """Every unit in force on `day` (default today)."""
    return AdministrativeUnit.objects.on(day or _today())


def unit_by_code(code: str, day: datetime.date | None = None) -> AdministrativeUnit | None:
    """The unit with this official code in force on `day` (default today), or None."""
    return units_on(day).filter(code=code).first()


def children(unit: AdministrativeUnit, day: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    """The units directly under `unit`'s code path on `day` (default: a day on which `unit` is in force)."""
    day = day or default_day(unit)
    return units_on(day).filter(parent__path=unit.path).order_by("path")


def descendants(unit: AdministrativeUnit, day: datetime.date | None = None) -> QuerySet[AdministrativeUnit]:
    """Every unit below `unit`'s code path on `day`, in path order (a parent comes before its children)."""
    day = day or default_day(unit)
    return units_on(day).filter(path__startswith=unit.path + PATH_SEPARATOR).order_by("path")


def ancestor(unit: AdministrativeUnit, level: str) -> AdministrativeUnit | None:
    """The unit of `level` above (or equal to) `unit` in its own era; None when there is none (no districts
    after 1 July 2025)."""
    if unit.level == level:
        return unit
    codes = unit.path.split(PATH_SEPARATOR)[:-1]
    if not codes:
        return None
    return (
        AdministrativeUnit.objects.on(unit.valid_from)
        .filter(code__in=codes, level=level)
        .order_by("-valid_from")
        .first()
    )


def successors(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The units that took over `unit` (several when it was split). A pre-2025 district, which the
    mapping does not name, gets the units that took over its communes."""
    direct = AdministrativeUnit.objects.filter(successions_in__predecessor=unit)
    if unit.level == Level.DISTRICT and not direct.exists():
        communes = AdministrativeUnit.objects.filter(
            path__startswith=unit.path + PATH_SEPARATOR, valid_from=unit.valid_from
        )
        return AdministrativeUnit.objects.filter(
            pk__in=AdministrativeUnit.objects.filter(successions_in__predecessor__in=communes).values("pk")
        ).order_by("path")
    return direct.order_by("path")


def predecessors(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The units `unit` took over (several when it was formed by merger)."""
    return AdministrativeUnit.objects.filter(successions_out__successor=unit).order_by("path")


# --- Agencies, departments and people -----------------------------------------------------------------
def user_assignments(user, day: datetime.date | None = None) -> QuerySet[StaffAssignment]:
    """The posts `user` holds on `day` (default today) in active agencies, primary first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return StaffAssignment.objects.none()
    return (
        StaffAssignment.objects.on(day or _today())
        .filter(user=user, agency__is_active=True)
        .select_related("agency", "department", "position")
        .order_by("-is_primary", "agency__name", "pk")
    )


def user_agencies(user, day: datetime.date | None = None) -> QuerySet[Agency]:
    """The agencies `user` works for on `day`."""
    return Agency.objects.filter(pk__in=user_assignments(user, day).values("agency_id"))


def user_departments(user, day: datetime.date | None = None) -> QuerySet[Department]:
    """The departments `user` works in on `day` (assignments without a department add none)."""
    return Department.objects.filter(
        pk__in=user_assignments(user, day).filter(department__isnull=False).values("department_id")
    )


def primary_agency(user, day: datetime.date | None = None) -> Agency | None:
    assignment = user_assignments(user, day).first()
    return assignment.agency if assignment else None


def _holders(day: datetime.date | None, **filters):
    User = get_user_model()
    held = StaffAssignment.objects.on(day or _today()).filter(**filters).values("user_id")
    return User.objects.filter(pk__in=held, is_active=True).order_by("pk")


def department_heads(department: Department, day: datetime.date | None = None):
    """Users heading `department` on `day` (position rank department_head)."""
    return _holders(day, department=department, position__rank=Position.Rank.DEPARTMENT_HEAD)


def agency_leaders(agency: Agency, day: datetime.date | None = None):
    """Users leading `agency` on `day` (position rank agency_leader)."""
    return _holders(day, agency=agency, position__rank=Position.Rank.AGENCY_LEADER)


def agency_staff(agency: Agency, day: datetime.date | None = None):
    """Every user holding a post in `agency` on `day`."""
    return _holders(day, agency=agency)
