"""Properties (hypothesis): a dossier's due time with any sequence of pauses equals a brute-force walk over
the calendar, minute by minute; and the step classes add up to what the control slip shows."""

import datetime as dt
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.workdays.clock import clock_start, is_working_day
from onestop import queries, services
from onestop.models import DossierPause

from .conftest import VN, accepted, walk_in

PERIODS = ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0)))
MINUTE = dt.timedelta(minutes=1)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

instants = st.datetimes(min_value=dt.datetime(2026, 1, 5), max_value=dt.datetime(2026, 11, 30)).map(
    lambda naive: naive.replace(second=0, microsecond=0, tzinfo=VN)
)
# (gap before the pause, its length), in minutes
pause_plans = st.lists(
    st.tuples(st.integers(min_value=0, max_value=6 * 1440), st.integers(min_value=1, max_value=5 * 1440)),
    max_size=4,
)


@cache
def working(day: dt.date) -> bool:
    return is_working_day(day)


def is_working_minute(t: dt.datetime) -> bool:
    local = t.astimezone(VN)
    return working(local.date()) and any(a <= local.time() < b for a, b in PERIODS)


def nth_working_day_after(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        n -= working(day)
    return day


def brute_due(start: dt.datetime, days: int, pauses: list[tuple[dt.datetime, dt.datetime]]) -> dt.datetime:
    """Walk the calendar a minute at a time, counting the working minutes outside pauses."""
    local = start.astimezone(VN)
    closing = dt.datetime.combine(nth_working_day_after(local.date(), days), PERIODS[-1][1], tzinfo=VN)
    budget, t = 0, start
    while t < closing:
        budget += is_working_minute(t)
        t += MINUTE
    t, used = start, 0
    while used < budget:
        if is_working_minute(t) and not any(a <= t < b for a, b in pauses):
            used += 1
        t += MINUTE
    return t


@SETTINGS
@given(accepted_at=instants, plan=pause_plans)
def test_due_with_pauses_equals_a_walk_over_the_calendar(world, accepted_at, plan):
    dossier = accepted(world, when=accepted_at, applicant=walk_in())
    start = clock_start(accepted_at)
    pauses, cursor = [], start
    for gap, length in plan:
        begin = cursor + dt.timedelta(minutes=gap)
        end = begin + dt.timedelta(minutes=length)
        pauses.append((begin, end))
        cursor = end
    DossierPause.objects.bulk_create(
        DossierPause(
            dossier=dossier,
            kind=DossierPause.Kind.OBLIGATION,
            agency=world.sotp.agency,
            reason="Chờ nghĩa vụ tài chính",
            started_at=begin,
            ended_at=end,
            requested_by=world.sotp.specialist,
        )
        for begin, end in pauses
    )
    assert services.compute_due(dossier) == brute_due(start, 5, pauses)


@SETTINGS
@given(gaps=st.lists(st.integers(min_value=1, max_value=3 * 1440), min_size=1, max_size=6))
def test_step_classes_add_up_to_the_control_slip(world, gaps):
    d = world.sotp
    when = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN)
    dossier = accepted(world, when=when)
    holders = [d.specialist, d.head]
    dossier = services.hand_over(d.officer, dossier, d.department, at=when + dt.timedelta(minutes=1))
    for index, gap in enumerate(gaps):
        when += dt.timedelta(minutes=gap)
        dossier = services.assign(d.head, dossier, holders[index % 2], at=when + dt.timedelta(minutes=2))
    steps, totals = queries.control_slip(dossier)
    done = [s for s in steps if s.done_at]
    assert sum(totals.values()) == len(done) == len(steps) - 1
    for step in done:
        assert step.step_class == services.classify(step.done_at, step.due_at or dossier.due_at)
    assert totals == {c: sum(s.step_class == c for s in done) for c in totals}
