"""Read side of the periodic reports: who sees which instance (`visible_to`), whose staff fill, sign and
review, and the recipient's view of a period (what arrived, what is missing or late, the rollup)."""

from django.db.models import Q

from documents import access
from egov.admin_scoping import is_province_wide

from .models import ReporterScope, ReportInstance, ReportRegime, Status

VIEW = "report_regimes.view_reportinstance"
FILL = "report_regimes.fill_reportinstance"
SIGN = "report_regimes.sign_reportinstance"
REVIEW = "report_regimes.review_reportinstance"
ARRIVED = (Status.SUBMITTED, Status.ACCEPTED)


def _staff(user) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_staff_member)


def visible_to(user):
    """Instances of the user's agencies (as reporter, with the right to view) and those sent to them (as
    recipient, with the right to review); province-wide admins see all; anyone else nothing."""
    instances = ReportInstance.objects.select_related("regime", "reporter", "regime__recipient")
    if not _staff(user):
        return instances.none()
    if is_province_wide(user):
        return instances
    agencies = access.agency_ids(user)
    allowed = Q(pk__in=[])
    if user.has_perm(VIEW):
        allowed |= Q(reporter_id__in=agencies)
    if user.has_perm(REVIEW):
        allowed |= Q(regime__recipient_id__in=agencies)
    return instances.filter(allowed)


def regimes_received_by(user):
    """The regimes whose recipient is one of the user's agencies (province-wide: all)."""
    if not _staff(user):
        return ReportRegime.objects.none()
    if is_province_wide(user):
        return ReportRegime.objects.select_related("recipient")
    if not user.has_perm(REVIEW):
        return ReportRegime.objects.none()
    return ReportRegime.objects.select_related("recipient").filter(recipient_id__in=access.agency_ids(user))


def can_fill(user, instance) -> bool:
    return _staff(user) and user.has_perm(FILL) and instance.reporter_id in access.agency_ids(user)


def can_sign(user, instance) -> bool:
    return _staff(user) and user.has_perm(SIGN) and access.is_leader_of(user, instance.reporter_id)


def can_review(user, instance) -> bool:
    return _staff(user) and user.has_perm(REVIEW) and instance.regime.recipient_id in access.agency_ids(user)


def reporters_of(regime):
    """The agencies that report under `regime`: every commune People's Committee in the recipient's unit
    (its subtree), or the listed agencies."""
    from egov.directory.models import Agency, Level

    if regime.reporter_scope == ReporterScope.LISTED:
        return regime.reporters.filter(is_active=True).order_by("name", "pk")
    recipient = regime.recipient
    communes = Agency.objects.filter(is_active=True, level=Level.COMMUNE, unit__isnull=False)
    if recipient.unit_id is not None:
        path = recipient.unit.path
        communes = communes.filter(Q(unit__path=path) | Q(unit__path__startswith=f"{path}/"))
    else:
        communes = communes.filter(parent=recipient)
    return communes.order_by("name", "pk")


def staff_of(agency_id: int, permission: str):
    """Active users with a current post in the agency who hold `permission` through their roles."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from egov.directory.models import StaffAssignment

    app_label, codename = permission.split(".", 1)
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    posts = StaffAssignment.objects.current().filter(agency_id=agency_id).values("user_id")
    users = get_user_model().objects.filter(is_active=True, pk__in=posts)
    if perm is None:
        return users.none()
    return users.filter(
        Q(groups__permissions=perm) | Q(user_permissions=perm) | Q(is_superuser=True)
    ).distinct()


def period_starts(regime) -> list:
    """The periods of `regime` that have instances, newest first."""
    return list(
        ReportInstance.objects.filter(regime=regime)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .distinct()
    )
