"""Read side of the counter queue: the line, what a counter is busy with, the TV board, and the waiting
and service times for the reports."""

import datetime

from django.db.models import Avg, Count, Q, QuerySet

from documents import access

from .models import AT_COUNTER, Counter, ServiceArea, Status, Ticket


def counters_for(user) -> QuerySet[Counter]:
    """The active counters of the agencies where the user holds a post."""
    return (
        Counter.objects.filter(agency__in=access.agency_ids(user), is_active=True)
        .select_related("agency", "officer")
        .prefetch_related("areas")
        .order_by("agency__name", "number")
    )


def current_ticket(counter: Counter, day: datetime.date) -> Ticket | None:
    """The ticket called to the counter, or being served there, on `day`."""
    return (
        Ticket.objects.filter(counter=counter, day=day, status__in=AT_COUNTER)
        .select_related("area")
        .order_by("-last_called_at", "-pk")
        .first()
    )


def next_in_line(counter: Counter, day: datetime.date) -> QuerySet[Ticket]:
    """The waiting tickets of the counter's active areas, in the order they are called: priority tickets
    first, then the oldest."""
    areas = ServiceArea.objects.filter(counters=counter, is_active=True).values("pk")
    return Ticket.objects.filter(area__in=areas, day=day, status=Status.WAITING).order_by(
        "-is_priority", "issued_at", "pk"
    )


def waiting_counts(areas, day: datetime.date) -> dict[int, int]:
    """area pk → tickets still waiting on `day`."""
    rows = (
        Ticket.objects.filter(area__in=areas, day=day, status=Status.WAITING)
        .values("area")
        .annotate(n=Count("pk"))
    )
    return {row["area"]: row["n"] for row in rows}


def ahead_of(ticket: Ticket) -> int:
    """How many of the area's waiting tickets will be called before this one."""
    before = Q(is_priority=True, issued_at__lt=ticket.issued_at)
    if not ticket.is_priority:
        before = Q(is_priority=True) | Q(issued_at__lt=ticket.issued_at)
    return (
        Ticket.objects.filter(area=ticket.area_id, day=ticket.day, status=Status.WAITING)
        .filter(before)
        .exclude(pk=ticket.pk)
        .count()
    )


def skipped_today(counter: Counter, day: datetime.date) -> QuerySet[Ticket]:
    """No-shows of the counter's areas today, which an officer may call back."""
    return Ticket.objects.filter(
        agency=counter.agency_id, area__counters=counter, day=day, status=Status.SKIPPED
    ).order_by("-last_called_at")


RECENT_CALLS = 6


def board(agency, day: datetime.date) -> dict:
    """What the TV shows, and nothing personal: each counter with the number called to it or served
    there, the last numbers called, and how many wait in each area."""
    counters = list(Counter.objects.filter(agency=agency, is_active=True).order_by("number"))
    at_counters = (
        Ticket.objects.filter(agency=agency, day=day, status__in=AT_COUNTER, counter__in=counters)
        .order_by("counter", "-last_called_at")
        .values("counter", "code", "status", "is_priority")
    )
    current = {}
    for row in at_counters:
        current.setdefault(row["counter"], row)
    areas = list(ServiceArea.objects.filter(agency=agency, is_active=True).order_by("order", "prefix"))
    waiting = waiting_counts(areas, day)
    recent = (
        Ticket.objects.filter(agency=agency, day=day, last_called_at__isnull=False)
        .exclude(status=Status.CANCELLED)
        .select_related("counter")
        .order_by("-last_called_at", "-pk")[:RECENT_CALLS]
    )
    return {
        "counters": [{"counter": c, "ticket": current.get(c.pk)} for c in counters],
        "recent": [{"code": t.code, "counter": t.counter.number} for t in recent],
        "areas": [{"area": a, "waiting": waiting.get(a.pk, 0)} for a in areas],
    }


def times(agency_ids, day_from: datetime.date, day_to: datetime.date) -> QuerySet:
    """Per agency, area and day: tickets issued, served and no-shows, and the average waiting and service
    times in seconds (for the reports)."""
    return (
        Ticket.objects.filter(agency__in=agency_ids, day__gte=day_from, day__lte=day_to)
        .values("agency", "area", "area__name", "day")
        .annotate(
            issued=Count("pk"),
            served=Count("pk", filter=Q(status=Status.DONE)),
            no_show=Count("pk", filter=Q(status=Status.SKIPPED)),
            average_wait=Avg("wait_seconds"),
            average_service=Avg("service_seconds"),
        )
        .order_by("agency", "day", "area")
    )
