"""Issuing, numbering, calling in order, the officers' rights, the end of the day, the report times."""

import datetime

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.accounts.roles import Role
from egov.errors import DomainError, NotPermitted
from onestop.counter import queries, services
from onestop.counter.models import PriorityKind, Status, Ticket
from tests.concurrency import at_once
from tests.documents.factories import person

from .conftest import TOKEN, VN, at, seated


# --- numbers ----------------------------------------------------------------------------------------
def test_numbers_run_per_area_and_restart_at_local_midnight(queue):
    late = datetime.datetime(2026, 3, 2, 23, 59, 59, tzinfo=VN)  # 16:59:59 UTC
    first = services.issue_ticket(queue.device, queue.area_a, at=late - datetime.timedelta(hours=2))
    second = services.issue_ticket(queue.device, queue.area_a, at=late)
    other_area = services.issue_ticket(queue.device, queue.area_b, at=late)
    midnight = datetime.datetime(2026, 3, 3, 0, 0, tzinfo=VN)  # 17:00 UTC, still the 2nd in UTC
    next_day = services.issue_ticket(queue.device, queue.area_a, at=midnight)
    assert [first.code, second.code, other_area.code, next_day.code] == ["A001", "A002", "B001", "A001"]
    assert (second.day, next_day.day) == (datetime.date(2026, 3, 2), datetime.date(2026, 3, 3))


def test_each_desk_has_its_own_numbers(queues):
    a = services.issue_ticket(queues.a.device, queues.a.area_a, at=at())
    b = services.issue_ticket(queues.b.device, queues.b.area_a, at=at())
    assert a.code == b.code == "A001"


def test_a_priority_ticket_records_its_kind(queue):
    ticket = services.issue_ticket(queue.device, queue.area_a, PriorityKind.PREGNANT, at=at())
    assert ticket.is_priority and ticket.priority_kind == "pregnant"
    with pytest.raises(DomainError, match="ưu tiên"):
        services.issue_ticket(queue.device, queue.area_a, "vip", at=at())
    assert Ticket.objects.count() == 1


def test_a_kiosk_issues_only_for_its_own_desk(queues):
    with pytest.raises(DomainError):
        services.issue_ticket(queues.a.device, queues.b.area_a, at=at())
    assert not Ticket.objects.exists()


def test_a_full_day_refuses_and_keeps_nothing(queue, monkeypatch):
    monkeypatch.setattr(services, "MAX_DAILY", 2)
    for _ in range(2):
        services.issue_ticket(queue.device, queue.area_a, at=at())
    with pytest.raises(DomainError, match="hết số"):
        services.issue_ticket(queue.device, queue.area_a, at=at())
    assert Ticket.objects.count() == 2


# --- kiosk devices ----------------------------------------------------------------------------------
def test_a_wrong_or_revoked_token_is_refused(queue, make_user):
    assert services.device_for_token(queue.device.pk, TOKEN) == queue.device
    for device_id, token in [(queue.device.pk, "wrong"), (queue.device.pk, ""), (999999, TOKEN)]:
        with pytest.raises(NotPermitted, match="không đúng"):
            services.device_for_token(device_id, token)
    admin = person(queue.agency, Role.AGENCY_ADMIN)
    services.revoke_device(admin, queue.device)
    with pytest.raises(NotPermitted, match="thu hồi"):
        services.device_for_token(queue.device.pk, TOKEN)
    queue.device.refresh_from_db()
    with pytest.raises(NotPermitted, match="thu hồi"):
        services.issue_ticket(queue.device, queue.area_a, at=at())


def test_registering_keeps_only_the_hash_and_only_for_the_admins_agency(queues):
    admin = person(queues.a.agency, Role.AGENCY_ADMIN)
    device, token = services.register_device(admin, queues.a.agency, "  Máy\x07 tầng 1 ")
    assert device.name == "Máy tầng 1"
    assert device.token_hash == services.hash_token(token) and token not in device.token_hash
    assert services.device_for_token(device.pk, token) == device
    with pytest.raises(NotPermitted):
        services.register_device(admin, queues.b.agency, "Máy lạ")
    with pytest.raises(NotPermitted):
        services.revoke_device(admin, queues.b.device)
    with pytest.raises(NotPermitted):
        services.register_device(queues.a.officer, queues.a.agency, "Máy")


# --- calling ----------------------------------------------------------------------------------------
def test_priority_first_then_the_oldest(queue):
    officer, counter = seated(queue)
    normal_1 = services.issue_ticket(queue.device, queue.area_a, at=at(2, 8, 0))
    normal_b = services.issue_ticket(queue.device, queue.area_b, at=at(2, 8, 1))
    priority = services.issue_ticket(queue.device, queue.area_b, PriorityKind.ELDERLY, at=at(2, 8, 5))
    order = []
    for minute in range(3):
        ticket = services.call_next(officer, counter, at=at(2, 9, minute))
        order.append(ticket.pk)
        services.start(officer, counter, ticket, at=at(2, 9, minute))
        services.done(officer, counter, ticket, at=at(2, 9, minute, 30))
    assert order == [priority.pk, normal_1.pk, normal_b.pk]
    with pytest.raises(DomainError, match="Không còn ai chờ"):
        services.call_next(officer, counter, at=at(2, 10))


def test_a_counter_calls_only_its_areas(queue):
    officer, counter = seated(queue, counter=queue.counter_2)  # serves B only
    services.issue_ticket(queue.device, queue.area_a, at=at(2, 8))
    b = services.issue_ticket(queue.device, queue.area_b, at=at(2, 8, 1))
    assert services.call_next(officer, counter, at=at(2, 9)).pk == b.pk


def test_a_busy_counter_must_finish_before_calling_again(queue):
    officer, counter = seated(queue)
    for minute in range(2):
        services.issue_ticket(queue.device, queue.area_a, at=at(2, 8, minute))
    first = services.call_next(officer, counter, at=at(2, 9))
    with pytest.raises(DomainError, match="A001"):
        services.call_next(officer, counter, at=at(2, 9, 1))  # a double click calls nobody else
    services.skip(officer, counter, first, at=at(2, 9, 2))
    second = services.call_next(officer, counter, at=at(2, 9, 3))
    assert second.code == "A002"
    with pytest.raises(DomainError, match="A002"):
        services.recall(officer, counter, first, at=at(2, 9, 4))
    services.start(officer, counter, second, at=at(2, 9, 4))
    services.done(officer, counter, second, at=at(2, 9, 10))
    recalled = services.recall(officer, counter, first, at=at(2, 9, 11))
    assert (recalled.status, recalled.calls, recalled.closed_at) == (Status.CALLED, 2, None)


def test_times_for_the_reports(queue):
    officer, counter = seated(queue)
    services.issue_ticket(queue.device, queue.area_a, at=at(2, 8, 0))
    ticket = services.call_next(officer, counter, at=at(2, 8, 12))
    ticket = services.recall(officer, counter, ticket, at=at(2, 8, 13))
    ticket = services.start(officer, counter, ticket, at=at(2, 8, 14))
    ticket = services.done(officer, counter, ticket, at=at(2, 8, 20))
    assert (ticket.wait_seconds, ticket.service_seconds) == (12 * 60, 6 * 60)
    (row,) = queries.times([queue.agency.pk], datetime.date(2026, 3, 2), datetime.date(2026, 3, 2))
    assert (row["issued"], row["served"], row["average_wait"], row["average_service"]) == (1, 1, 720, 360)


def test_done_links_only_a_dossier_of_the_desk(queue, world):
    from tests.onestop.conftest import accepted

    officer, counter = seated(queue)
    services.issue_ticket(queue.device, queue.area_a, at=at(2, 8))
    ticket = services.call_next(officer, counter, at=at(2, 8, 1))
    ticket = services.start(officer, counter, ticket, at=at(2, 8, 2))
    elsewhere = accepted(world)  # received by the Sở's desk, not this commune's
    with pytest.raises(DomainError, match="không do cơ quan"):
        services.done(officer, counter, ticket, dossier=elsewhere, at=at(2, 8, 3))
    assert Ticket.objects.get(pk=ticket.pk).status == Status.SERVING


# --- who may call -----------------------------------------------------------------------------------
def test_only_an_officer_of_the_desk_seated_at_the_counter(queues, make_user):
    a, b = queues.a, queues.b
    services.issue_ticket(a.device, a.area_a, at=at())
    with pytest.raises(NotPermitted):
        services.take_seat(b.officer, a.counter_1)
    with pytest.raises(NotPermitted, match="chưa ngồi"):
        services.call_next(a.officer, a.counter_1, at=at())
    specialist = a.desk.specialist  # a post in the agency, not the officer's role
    with pytest.raises(NotPermitted):
        services.take_seat(specialist, a.counter_1)
    seated(a)
    with pytest.raises(NotPermitted):
        services.call_next(b.officer, a.counter_1, at=at())
    ticket = services.call_next(a.officer, a.counter_1, at=at())
    with pytest.raises(NotPermitted):
        services.skip(b.officer, a.counter_1, ticket, at=at())
    seated(b)
    with pytest.raises(NotPermitted, match="không thuộc"):
        services.skip(b.officer, b.counter_1, ticket, at=at())
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CALLED


def test_an_officer_sits_at_one_counter_and_can_be_replaced(queue):
    seated(queue)
    seated(queue, counter=queue.counter_2)
    queue.counter_1.refresh_from_db()
    assert queue.counter_1.officer is None and queue.counter_2.officer == queue.officer
    seated(queue, officer=queue.second_officer, counter=queue.counter_2)
    with pytest.raises(NotPermitted, match="chưa ngồi"):
        services.call_next(queue.officer, queue.counter_2, at=at())
    services.leave_seat(queue.second_officer)
    queue.counter_2.refresh_from_db()
    assert queue.counter_2.officer is None


def test_another_officer_handles_a_ticket_only_at_its_counter(queue):
    services.issue_ticket(queue.device, queue.area_b, at=at(2, 8))
    officer, counter = seated(queue)
    other, counter_2 = seated(queue, officer=queue.second_officer, counter=queue.counter_2)
    ticket = services.call_next(officer, counter, at=at(2, 9))
    with pytest.raises(NotPermitted, match="không được gọi tới quầy"):
        services.start(other, counter_2, ticket, at=at(2, 9, 1))


# --- the end of the day -----------------------------------------------------------------------------
def test_yesterdays_open_tickets_are_closed_and_never_called(queue):
    officer, counter = seated(queue)
    left = services.issue_ticket(queue.device, queue.area_a, at=at(2, 16))
    called = services.issue_ticket(queue.device, queue.area_a, at=at(2, 16, 1))
    services.call_next(officer, counter, at=at(2, 16, 50))
    called.refresh_from_db()
    assert called.status == Status.WAITING and left.pk != called.pk
    with pytest.raises(DomainError, match="ngày 02/03/2026"):  # yesterday's ticket is no longer handled
        services.skip(officer, counter, Ticket.objects.get(status=Status.CALLED), at=at(3, 8))
    services.issue_ticket(queue.device, queue.area_b, at=at(3, 7, 30))  # B's first: closes A's too
    statuses = dict(Ticket.objects.filter(day=datetime.date(2026, 3, 2)).values_list("code", "status"))
    assert statuses == {"A001": Status.SKIPPED, "A002": Status.CANCELLED}
    assert services.close_past_days(today=datetime.date(2026, 3, 3)) == 0  # idempotent
    assert services.call_next(officer, counter, at=at(3, 8)).code == "B001"  # today's, not yesterday's


def test_the_task_closes_past_days(queue):
    from onestop.counter import tasks

    services.issue_ticket(queue.device, queue.area_a, at=at(2, 16))
    assert tasks.close_past_days.delay().get() == 1
    assert Ticket.objects.get().status == Status.CANCELLED


# --- properties and concurrency ---------------------------------------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["normal", "priority", "call"]), min_size=1, max_size=25))
def test_any_sequence_serves_priority_then_issue_order(queue, steps):
    with transaction.atomic():
        officer, counter = seated(queue)
        line = []  # (is priority, issue index, pk): what the model says waits
        served, expected = [], []
        start = at(2, 7)
        for index, step in enumerate(steps):
            when = start + datetime.timedelta(minutes=index)
            if step == "call":
                if not line:
                    with pytest.raises(DomainError):
                        services.call_next(officer, counter, at=when)
                    continue
                line.sort(key=lambda row: (not row[0], row[1]))
                expected.append(line.pop(0)[2])
                ticket = services.call_next(officer, counter, at=when)
                served.append(ticket.pk)
                services.start(officer, counter, ticket, at=when)
                services.done(officer, counter, ticket, at=when)
            else:
                kind = PriorityKind.DISABILITY if step == "priority" else None
                ticket = services.issue_ticket(queue.device, queue.area_a, kind, at=when)
                line.append((bool(kind), index, ticket.pk))
        assert served == expected
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_two_officers_calling_at_once_never_get_the_same_ticket(queues):
    queue = queues.a
    officers = [queue.officer, queue.second_officer]
    counters = [queue.counter_1, queue.counter_2]
    for officer, counter in zip(officers, counters, strict=True):
        services.take_seat(officer, counter)
    rounds = 8 if connection.vendor == "postgresql" else 3
    for _ in range(2 * rounds):
        services.issue_ticket(queue.device, queue.area_b)
    taken = []
    for _ in range(rounds):
        results, errors = at_once(
            [lambda o=o, c=c: services.call_next(o, c) for o, c in zip(officers, counters, strict=True)]
        )
        assert not errors, errors
        taken += [ticket.pk for ticket in results]
        for ticket in results:
            services.skip(ticket.officer, ticket.counter, ticket)
    assert len(taken) == len(set(taken)) == 2 * rounds
    assert not Ticket.objects.filter(status=Status.WAITING).exists()
