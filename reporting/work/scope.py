"""Who sees which work statistics.

- A leader of an agency (documents.access.led_agency_ids: a leader post, or the leader role and a post)
  sees that agency and every agency under it in the directory's agency tree (Agency.parent): the leader of
  the province's People's Committee sees all the province's agencies (its departments and communes), the
  leader of a department of the province (sở) or of a commune sees their own.
- A holder of the permission `reporting.view_statistics` (leaders, the "Thống kê" group, system
  administrators) sees the agencies `reporting.stats.can_view` allows them, starting from
  `reporting.stats.scope_for`: the agencies of the People's Committee's unit they serve (a province: every
  agency of the province), or their own agency; a system administrator every agency.
- A department head sees their department only: its figures and its people, never the agency's.
- Everyone else is refused (403), citizens and staff without a post alike. A superuser sees everything.

A `Selection` is what one request asks for, already checked against the scope: a set of agencies (seen
whole) or a set of departments (seen by their head)."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from documents import access
from egov.directory.models import Agency, Department
from egov.errors import NotPermitted

PERMISSION = "reporting.view_statistics"


@dataclass(frozen=True)
class Scope:
    agencies: frozenset[int] = frozenset()  # seen whole
    departments: frozenset[int] = frozenset()  # seen by their head (besides those of `agencies`)
    everything: bool = False

    @property
    def allowed(self) -> bool:
        return self.everything or bool(self.agencies or self.departments)

    def sees_agency(self, agency_id: int) -> bool:
        return self.everything or agency_id in self.agencies

    def sees_department(self, department: Department) -> bool:
        return self.sees_agency(department.agency_id) or department.pk in self.departments


@dataclass(frozen=True)
class Selection:
    """What one request reports on. `agencies` when whole agencies are asked for; otherwise `departments`."""

    agencies: tuple[Agency, ...] = ()
    departments: tuple[Department, ...] = ()
    label: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def whole_agencies(self) -> bool:
        return bool(self.agencies)

    @property
    def agency_ids(self) -> list[int]:
        return [a.pk for a in self.agencies]

    @property
    def department_ids(self) -> list[int]:
        return [d.pk for d in self.departments]


def with_subordinates(agency_ids) -> set[int]:
    """The agencies and every agency below them in the agency tree (one query per level)."""
    found = set(agency_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def _statistics_agencies(user) -> set[int] | None:
    """Agencies a holder of the statistics permission sees, as reporting.stats decides (None: every agency).

    stats.scope_for gives the unit of the People's Committee they serve (or their own agency); stats.can_view
    then admits an agency whose unit lies within that unit or the units it took over in 2025. The agencies
    so admitted are found with one query on the units' paths, and the rule is asked for the unit itself."""
    from egov.admin_scoping import is_province_wide
    from egov.directory.models import PATH_SEPARATOR
    from egov.directory.queries import predecessors
    from reporting import stats

    if not user.has_perm(PERMISSION):
        return set()
    if is_province_wide(user):
        return None
    unit, agency = stats.scope_for(user)
    if unit is not None and stats.can_view(user, unit=unit):
        covered = [unit, *predecessors(unit)]
        within = Q()
        for u in covered:
            within |= Q(unit__path=u.path) | Q(unit__path__startswith=u.path + PATH_SEPARATOR)
        return set(Agency.objects.filter(within).values_list("pk", flat=True))
    if agency is not None and stats.can_view(user, agency=agency):
        return {agency.pk}
    return set()


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not getattr(user, "is_staff_member", False):
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    statistics = _statistics_agencies(user)
    if statistics is None:
        return Scope(everything=True)
    agencies = with_subordinates(access.led_agency_ids(user)) | statistics
    departments = access.headed_department_ids(user)
    return Scope(agencies=frozenset(agencies), departments=frozenset(departments))


def refusal() -> str:
    return _("Chỉ lãnh đạo cơ quan, lãnh đạo phòng, ban hoặc cán bộ thống kê mới xem được thống kê này.")


def _refuse():
    raise NotPermitted(_("Số liệu này nằm ngoài phạm vi bạn được xem."))


def select(user, *, agency_id: int | None = None, department_id: int | None = None) -> Selection:
    """The agencies or departments a request reports on, checked against the user's scope: NotPermitted
    (403) outside it, an agency or department that does not exist included (no way to probe for ids)."""
    scope = scope_for(user)
    if not scope.allowed:
        raise NotPermitted(refusal())
    if department_id is not None:
        department = Department.objects.select_related("agency").filter(pk=department_id).first()
        if department is None or not scope.sees_department(department):
            _refuse()
        if agency_id is not None and department.agency_id != agency_id:
            _refuse()
        return Selection(departments=(department,), label=f"{department.name} – {department.agency.name}")
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None or not scope.sees_agency(agency.pk):
            _refuse()
        return Selection(agencies=(agency,), label=agency.name)
    if scope.everything:
        roots = list(Agency.objects.filter(parent__isnull=True, is_active=True).order_by("name"))
        agencies = Agency.objects.filter(pk__in=with_subordinates(a.pk for a in roots))
        return Selection(agencies=tuple(agencies.order_by("level", "name")), label=_("Mọi cơ quan"))
    if scope.agencies:
        agencies = tuple(Agency.objects.filter(pk__in=scope.agencies).order_by("level", "name"))
        tops = [a for a in agencies if a.parent_id not in scope.agencies]
        label = tops[0].name if len(tops) == 1 else ", ".join(a.name for a in tops)
        if len(agencies) > 1 and len(tops) == 1:
            label = _("%(agency)s và các cơ quan trực thuộc") % {"agency": label}
        return Selection(agencies=agencies, label=label)
    departments = tuple(
        Department.objects.select_related("agency").filter(pk__in=scope.departments).order_by("name")
    )
    return Selection(departments=departments, label=", ".join(d.name for d in departments))


def agency_choices(user) -> list[Agency]:
    scope = scope_for(user)
    if scope.everything:
        return list(Agency.objects.filter(is_active=True).order_by("level", "name"))
    return list(Agency.objects.filter(pk__in=scope.agencies).order_by("level", "name"))


def department_choices(user, agency_ids) -> list[Department]:
    """The departments the user may pick: those of the agencies seen whole, and those they head."""
    scope = scope_for(user)
    departments = Department.objects.select_related("agency").filter(is_active=True)
    if scope.everything:
        departments = departments.filter(agency_id__in=agency_ids) if agency_ids else departments.none()
    else:
        seen = set(agency_ids or ()) & set(scope.agencies)
        departments = departments.filter(agency_id__in=seen) | departments.filter(pk__in=scope.departments)
    return list(departments.order_by("agency__name", "name"))
