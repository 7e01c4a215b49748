"""Read side of the one-stop desk. Every list and detail starts from `visible_to(user)`.

Who sees a dossier:
- a citizen: only the dossiers filed from their account;
- the one-stop officers and the leaders of the receiving desk and of the competent agency (cross-boundary
  intake, NĐ 118/2025: both desks see it);
- anyone else on the staff: what reached them or their department (a step handed to it), or another
  agency's part (liên thông) that reached their agency;
- the province-wide administrators: everything."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from documents import access
from egov.accounts.roles import Role
from egov.admin_scoping import is_province_wide
from egov.directory.models import Agency, Level

from .models import OPEN_STATUSES, Dossier, DossierStep, Status, StepClass


def _base() -> QuerySet[Dossier]:
    return Dossier.objects.select_related(
        "version__procedure", "receiving_agency", "competent_agency", "holder", "holder_department"
    )


def visible_to(user) -> QuerySet[Dossier]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Dossier.objects.none()
    if is_province_wide(user):
        return _base()
    own_agencies = access.agency_ids(user)
    if not own_agencies:
        return _base().filter(applicant_user=user)
    whole_agencies = access.led_agency_ids(user)
    if user.has_role(Role.ONESTOP_OFFICER):
        whole_agencies |= own_agencies
    departments = access.department_ids(user)
    reached = DossierStep.objects.filter(dossier=OuterRef("pk")).filter(
        Q(to_user=user)
        | Q(to_department__in=departments)
        | Q(to_agency__in=own_agencies, kind=DossierStep.Kind.INTERAGENCY)
    )
    return _base().filter(
        Q(applicant_user=user)
        | Q(receiving_agency__in=whole_agencies)
        | Q(competent_agency__in=whole_agencies)
        | Q(holder=user)
        | Exists(reached)
        # the clerk (văn thư) of the deciding agency seals its results
        | Q(competent_agency__in=access.clerk_agency_ids(user), result_verify_token__gt="")
    )


def _desk_agencies(user) -> set[int]:
    return access.agency_ids(user) if user.has_role(Role.ONESTOP_OFFICER) else set()


# --- cross-boundary intake (NĐ 118/2025) and liên thông ------------------------------------------------
def communes(day: datetime.date | None = None) -> QuerySet[Agency]:
    """The province's communes and wards in force on `day` (default today): the active commune-level
    agencies whose administrative unit, when recorded, is in force that day (not merged away in 2025)."""
    day = day or timezone.localdate()
    in_force = Q(unit__valid_from__lte=day) & (Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=day))
    return (
        Agency.objects.filter(Q(unit__isnull=True) | in_force, level=Level.COMMUNE, is_active=True)
        .select_related("unit")
        .order_by("unit__kind", "unit__short_name", "name")
    )


def desk_agency(user) -> Agency | None:
    """The agency whose one-stop desk the user works at (their primary post), None for anyone else."""
    if not user.has_role(Role.ONESTOP_OFFICER):
        return None
    post = access.primary_assignment(user)
    return post.agency if post else None


def desk_from_elsewhere(user) -> QuerySet[Dossier]:
    """Dossiers another desk received for the user's agency to decide, waiting for the hand-over to a
    department (the competent agency processes them)."""
    desks = _desk_agencies(user)
    return (
        _base()
        .filter(competent_agency__in=desks, status=Status.ACCEPTED)
        .exclude(receiving_agency__in=desks)
        .order_by("due_at", "pk")
    )


def desk_for_elsewhere(user) -> QuerySet[Dossier]:
    """Dossiers the user's desk received for another agency to decide, still being processed there (the
    desk follows them and returns the result)."""
    desks = _desk_agencies(user)
    return (
        _base()
        .filter(receiving_agency__in=desks, status__in=OPEN_STATUSES)
        .exclude(competent_agency__in=desks)
        .order_by("due_at", "pk")
    )


def interagency_queue(user) -> QuerySet[Dossier]:
    """Dossiers sent to the user's agency for its part (liên thông), while they are there."""
    return (
        _base()
        .filter(holder_agency__in=access.agency_ids(user), status=Status.AT_OTHER_AGENCY)
        .order_by("due_at", "pk")
    )


def desk_intake_today(user, day: datetime.date | None = None) -> QuerySet[Dossier]:
    """The desk's dossiers accepted (or refused, or sent back to complete) today."""
    day = day or timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    return (
        _base()
        .filter(receiving_agency__in=_desk_agencies(user), submitted_at__gte=start, submitted_at__lt=end)
        .exclude(channel="online", accepted_at__isnull=True)
        .order_by("-submitted_at")
    )


def desk_waiting_check(user) -> QuerySet[Dossier]:
    """Online dossiers waiting for the desk's check, oldest first."""
    return (
        _base()
        .filter(receiving_agency__in=_desk_agencies(user), status=Status.WAITING_CHECK)
        .order_by("submitted_at")
    )


def desk_results_to_return(user) -> QuerySet[Dossier]:
    return (
        _base()
        .filter(receiving_agency__in=_desk_agencies(user), status=Status.RESULT_READY)
        .order_by("result_ready_at")
    )


def results_to_seal(user) -> QuerySet[Dossier]:
    """Results the leader has signed, waiting for the seal of the clerk's agency (văn thư)."""
    return (
        _base()
        .filter(competent_agency__in=access.clerk_agency_ids(user), status=Status.RESULT_SEALING)
        .order_by("due_at", "pk")
    )


def my_dossiers(user) -> QuerySet[Dossier]:
    """What the user holds now, the most urgent first (served by `dossier_holder_due`)."""
    return _base().filter(holder=user, closed_at__isnull=True).order_by("due_at", "pk")


def department_head_queue(user) -> QuerySet[Dossier]:
    """What the departments the user heads hold (to assign, or being appraised), by due time."""
    return (
        _base()
        .filter(holder_department__in=access.headed_department_ids(user), closed_at__isnull=True)
        .order_by("due_at", "pk")
    )


def leader_queue(user) -> QuerySet[Dossier]:
    """Appraisals waiting for the leader's approval, approved dossiers whose result is to be issued, and
    results waiting for their signature."""
    return (
        _base()
        .filter(
            competent_agency__in=access.led_agency_ids(user),
            status__in=[Status.AWAITING_APPROVAL, Status.APPROVED, Status.RESULT_SIGNING],
            closed_at__isnull=True,
        )
        .order_by("due_at", "pk")
    )


def remaining_working_time(
    dossier: Dossier, now: datetime.datetime | None = None
) -> datetime.timedelta | None:
    """Working time left before the appointment (negative when overdue); None when not on the clock."""
    from egov.workdays.clock import working_time_between

    paused = dossier.status in {Status.SUPPLEMENT, Status.AWAITING_PAYMENT}  # the clock waits for them
    if dossier.due_at is None or dossier.closed_at is not None or paused:
        return None
    now = now or timezone.now()
    if now <= dossier.due_at:
        return working_time_between(now, dossier.due_at)
    return -working_time_between(dossier.due_at, now)


def control_slip(dossier: Dossier) -> tuple[list[DossierStep], dict[str, int]]:
    """The rows of the Mẫu 06 control slip (every hand-over, in order) and how many were trước hạn, đúng
    hạn and quá hạn; open steps have no class yet and are not counted."""
    steps = list(
        dossier.steps.select_related(
            "from_user", "from_department", "from_agency", "to_user", "to_department", "to_agency"
        ).order_by("order")
    )
    totals = dict.fromkeys(StepClass.values, 0)
    for step in steps:
        if step.step_class:
            totals[step.step_class] += 1
    return steps, totals


# The timeline the applicant reads: intake, where the dossier went, the desk's and the agency's requests
# and decisions, the payment, the result. Assignments and appraisal opinions stay on the staff page, and
# so do the notes written with a hand-over (the applicant sees where it went, not what was said).
APPLICANT_EVENTS = frozenset(
    {
        "submit_online",
        "resubmit",
        "accept",
        "request_completion",
        "refuse_intake",
        "hand_over",
        "send_to_agency",
        "receive_back",
        "request_supplement",
        "receive_supplement",
        "await_payment",
        "take_fees",
        "grant_fee_exemption",
        "apologise",
        "stop",
        "refuse",
        "withdraw",
        "attach_result",
        "seal_result",
        "return_result",
    }
)
INTERNAL_NOTES = frozenset({"hand_over", "send_to_agency", "receive_back"})


def own_dossiers(user):
    """The dossiers filed from `user`'s own account (another person's are never in it, staff's neither)."""
    return visible_to(user).filter(applicant_user=user)


# What "Hồ sơ của tôi" and its API show of each dossier: the form's data, the applicant's details and the
# procedure's long texts stay unread, which halves the list's query (bench/onestop_citizen.py).
OWN_LIST_FIELDS = (
    "code",
    "status",
    "channel",
    "submitted_at",
    "accepted_at",
    "due_at",
    "returned_at",
    "closed_at",
    "fees_due",
    "fees_paid",
    "version__procedure__code",
    "version__procedure__name",
    "receiving_agency__name",
    "rating__score",
    "rating__comment",
    "rating__source",
    "rating__created_at",
)


def own_dossier_list(user):
    """`user`'s own dossiers, newest first, with what their list shows."""
    return (
        own_dossiers(user)
        .select_related(None)  # visible_to's joins are for the staff pages
        .select_related("version__procedure", "receiving_agency", "rating")
        .only(*OWN_LIST_FIELDS)
        .order_by("-submitted_at", "-pk")
    )


def applicant_timeline(dossier: Dossier) -> list:
    events = list(dossier.events.filter(action__in=APPLICANT_EVENTS).order_by("at", "pk"))
    for event in events:
        if event.action in INTERNAL_NOTES:
            event.note = ""  # shown, not saved
    return events
