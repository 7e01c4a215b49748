"""The work statistics (reporting/work) against brute-force counts over documents made by the documents app's
own services: incoming (paper, exchange, portal), outgoing (portal, exchange axis, signed and unsigned),
tasks assigned, delegated and completed; and a hypothesis property over random task histories for the
on-time / late / within / overdue classification."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents import services
from documents.models import (
    IncomingDocument,
    OutboxMessage,
    OutgoingDocument,
    Recipient,
    Task,
    tracking_state,
)
from egov.directory.models import Level
from reporting.periods import Period
from reporting.work import queries
from reporting.work.scope import Selection
from tests.documents.factories import Office, incoming_data

TODAY = timezone.localdate


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return queries.midnight(day) + datetime.timedelta(hours=hour)


def issue_unsigned(office, *, recipients=(), external=(), secret=False, subject="V/v kế hoạch năm"):
    data = {"doc_type": "CV", "subject": subject, "body": "Kính gửi.", "secrecy": 1 if secret else 0}
    document = services.create_draft(office.specialist, agency=office.agency, data=data)
    for agency in recipients:
        services.add_recipient(office.specialist, document, kind=Recipient.Kind.AGENCY, agency=agency)
    for name in external:
        services.add_recipient(
            office.specialist, document, kind=Recipient.Kind.EXTERNAL, name=name, email="vp@example.vn"
        )
    services.submit(office.specialist, document)
    services.review(office.head, document)
    services.approve(office.leader, document, "Đồng ý")
    return services.issue(office.clerk, document)


@pytest.fixture
def world(db):
    """A province's People's Committee with a commune under it, and an agency of another tree."""
    province = Office()
    commune = Office(
        name="Ủy ban nhân dân xã Hy Cương", short="UBND", place="Hy Cương", parent=province.agency
    )
    commune.agency.level = Level.COMMUNE
    commune.agency.save()
    other = Office(name="Ủy ban nhân dân tỉnh Tuyên Quang", short="UBND", place="Tuyên Quang")
    return {"province": province, "commune": commune, "other": other}


@pytest.fixture
def documents(world):
    """Documents of every kind, made through the documents app's services, then spread over two months."""
    province, commune = world["province"], world["commune"]
    made = {}
    made["paper"] = services.register_incoming(province.clerk, province.agency, incoming_data())
    made["secret"] = services.register_incoming(
        province.clerk,
        province.agency,
        incoming_data(number="16", secrecy=1, subject="Mật: kế hoạch A"),
        presented_to=province.leader,
    )
    made["exchange"] = services.register_incoming(
        province.clerk, province.agency, incoming_data(number="17", channel="electronic")
    )
    arrived = services.receive_electronic(province.agency, incoming_data(number="18"))
    made["arrived"] = services.register_arrived(province.clerk, arrived)
    returned = services.receive_electronic(province.agency, incoming_data(number="19"))
    services.return_incoming(province.clerk, returned, "Gửi nhầm cơ quan")
    services.receive_electronic(province.agency, incoming_data(number="20"))  # still waiting for the clerk
    made["to_province"] = issue_unsigned(commune, recipients=[province.agency])
    made["outside"] = issue_unsigned(province, recipients=[commune.agency], external=["Công ty A"])
    made["secret_out"] = issue_unsigned(province, recipients=[commune.agency], secret=True, subject="Mật")
    # the leader assigns two of them; the head delegates one to the specialist, who completes it
    lead, _coordinate = services.assign(
        province.leader,
        made["paper"],
        {"department": province.vx, "working_days": 5},
        [{"department": province.kt, "working_days": 5}],
    )
    child = services.delegate(province.head, lead, province.specialist, working_days=3)
    services.complete_task(province.specialist, child, "Đã báo cáo")
    services.assign(province.leader, made["secret"], {"department": province.vx, "working_days": 2})
    # last month: the exchange document and the outside one
    last_month = TODAY().replace(day=1) - datetime.timedelta(days=1)
    IncomingDocument.objects.filter(pk=made["exchange"].pk).update(arrived_at=_at(last_month))
    OutgoingDocument.objects.filter(pk=made["outside"].pk).update(issued_date=last_month)
    return made


def this_month() -> Period:
    today = TODAY()
    return Period(today.replace(day=1), today)


def brute_documents(period, agency_ids, department_ids=None) -> dict[str, Counter]:
    """Per agency (or per lead department) the figures, counted document by document in Python."""
    found = defaultdict(Counter)
    for document in IncomingDocument.objects.all():
        day = timezone.localtime(document.arrived_at).date()
        if document.arrival_number is None or day not in period or document.agency_id not in agency_ids:
            continue
        keys = [str(document.agency_id)]
        if department_ids is not None:
            keys = {
                str(t.department_id)
                for t in document.tasks.all()
                if t.parent_id is None and t.role == "lead" and t.department_id in department_ids
            }
        for key in keys:
            c = found[key]
            c["incoming"] += 1
            c["incoming_exchange"] += document.channel == "electronic"
            c["incoming_portal"] += document.channel == "portal"
            c["incoming_secret"] += document.secrecy > 0
    for document in OutgoingDocument.objects.all():
        if document.number is None or document.status not in ("issued", "recalled"):
            continue
        if document.issued_date not in period or document.agency_id not in agency_ids:
            continue
        if department_ids is not None and document.department_id not in department_ids:
            continue
        c = found[str(document.department_id if department_ids is not None else document.agency_id)]
        recipients = list(document.recipients.all())
        reached = [
            r.delivered_id is not None
            or OutboxMessage.objects.filter(recipient=r, kind="edoc", status="sent").exists()
            for r in recipients
        ]
        c["outgoing"] += 1
        c["outgoing_electronic"] += all(reached)
        c["outgoing_waiting"] += document.outbox.filter(
            kind="edoc", status__in=["pending", "failed"]
        ).exists()
        c["outgoing_leader_signed"] += document.signing_state in ("leader_signed", "sealed")
        c["outgoing_sealed"] += document.signing_state == "sealed"
        c["outgoing_secret"] += document.secrecy > 0
    return found


def _counts(figures) -> Counter:
    return Counter({n: getattr(figures, n) for n in queries.DocumentFigures.COUNTS if getattr(figures, n)})


def test_document_figures_per_agency_equal_a_document_by_document_count(world, documents):
    province, commune = world["province"], world["commune"]
    selection = Selection(agencies=(province.agency, commune.agency), label="Phú Thọ")
    for period in (this_month(), Period(TODAY() - datetime.timedelta(days=70), TODAY())):
        table = queries.document_table(period, selection, "agency")
        expected = brute_documents(period, {province.agency.pk, commune.agency.pk})
        assert {r.key: _counts(r.figures) for r in table.rows if _counts(r.figures)} == dict(expected)
        assert _counts(table.total) == sum(expected.values(), Counter())
    month = queries.document_table(this_month(), selection, "agency")
    row = {r.key: r.figures for r in month.rows}[str(province.agency.pk)]
    # paper, secret, the registered arrival and the commune's portal copy; the exchange one is last month's
    assert (row.incoming, row.incoming_exchange, row.incoming_portal, row.incoming_secret) == (4, 1, 1, 1)
    assert row.incoming_electronic_rate == 50.0
    assert (row.outgoing, row.outgoing_electronic, row.outgoing_secret, row.outgoing_waiting) == (1, 1, 1, 0)
    whole = queries.document_table(
        Period(TODAY() - datetime.timedelta(days=70), TODAY()), selection, "agency"
    )
    row = {r.key: r.figures for r in whole.rows}[str(province.agency.pk)]
    assert (row.outgoing, row.outgoing_electronic, row.outgoing_waiting) == (2, 1, 1)  # Công ty A waits
    assert row.outgoing_electronic_rate == 50.0 and row.leader_signed_rate == 0.0


def test_an_exchange_message_sent_makes_the_document_sent_electronically(world, documents):
    province = world["province"]
    OutboxMessage.objects.filter(document=documents["outside"]).update(status=OutboxMessage.Status.SENT)
    period = Period(TODAY() - datetime.timedelta(days=70), TODAY())
    figures = queries.document_table(period, Selection(agencies=(province.agency,)), "agency").total
    assert (figures.outgoing, figures.outgoing_electronic, figures.outgoing_waiting) == (2, 2, 0)


def test_document_figures_per_department_count_the_lead_department(world, documents):
    province = world["province"]
    period = this_month()
    table = queries.document_table(period, Selection(agencies=(province.agency,)), "department")
    departments = {province.vp.pk, province.vx.pk, province.kt.pk}
    expected = brute_documents(period, {province.agency.pk}, departments)
    rows = {r.key: _counts(r.figures) for r in table.rows}
    for key in map(str, departments):
        assert rows[key] == expected.get(key, Counter())
    assert rows[str(province.vx.pk)]["incoming"] == 2  # the paper document and the secret one, as lead
    assert rows[str(province.kt.pk)].get("incoming", 0) == 0  # coordinating only
    # the remaining line: documents not given to a department as lead (the arrival and the portal copy)
    assert rows[queries.NO_DEPARTMENT]["incoming"] == 2
    assert table.total.incoming == 4


def test_secret_documents_are_counted_and_never_described(world, documents, django_assert_max_num_queries):
    province = world["province"]
    selection = Selection(agencies=(province.agency,), label="UBND")
    tables = [
        queries.document_table(this_month(), selection, "agency"),
        queries.document_table(this_month(), selection, "department"),
        *(queries.task_table(this_month(), selection, by) for by in ("agency", "department", "person")),
    ]
    text = repr(tables)
    assert tables[0].total.incoming_secret == 1 and tables[0].total.outgoing_secret == 1
    for subject in ("Mật: kế hoạch A", "Quyết định về việc", "V/v kế hoạch"):
        assert subject not in text


def test_one_query_per_table_whatever_the_number_of_agencies(world, documents, django_assert_max_num_queries):
    province, commune = world["province"], world["commune"]
    selection = Selection(agencies=(province.agency, commune.agency))
    with django_assert_max_num_queries(8):  # totals and groups: incoming, outgoing, unreached, waiting
        queries.document_table(this_month(), selection, "agency")
    with django_assert_max_num_queries(2):
        queries.task_table(this_month(), selection, "agency")


# --- tasks ------------------------------------------------------------------------------------------------
def brute_tasks(period, today, key, tasks) -> dict[str, Counter]:
    """documents.models.tracking_state of each task as it stood on the cutoff day, grouped by `key`."""
    day = min(period.end, today)
    found = defaultdict(Counter)
    for task in tasks:
        if task.status == Task.Status.CANCELLED:
            continue
        done = task.status == Task.Status.DONE
        done_day = timezone.localtime(task.completed_at).date() if done else None
        if done and done_day in period:
            state = tracking_state(task.status, task.deadline, task.completed_at)
        elif timezone.localtime(task.assigned_at).date() <= day and (not done or done_day > day):
            state = tracking_state(Task.Status.OPEN, task.deadline, None, today=day)
            state = {"on_time": "in_progress_within"}.get(state, state)
        else:
            continue
        found[key(task)][state] += 1
    return found


def _task_counts(figures) -> Counter:
    names = ("done_on_time", "done_late", "in_progress_within", "overdue")
    return Counter({n: getattr(figures, n) for n in names if getattr(figures, n)})


@pytest.fixture
def routed(world):
    """Twelve tasks through the documents services: leaders' assignments to departments and people,
    delegations inside a department, and two stand-alone tasks given to the commune."""
    province, commune = world["province"], world["commune"]
    tasks = []
    for n in range(4):
        document = services.register_incoming(
            province.clerk, province.agency, incoming_data(number=f"{30 + n}")
        )
        lead, coordinate = services.assign(
            province.leader,
            document,
            {"department": province.vx, "working_days": 3},
            [{"assignee": province.kt_specialist, "working_days": 4}],
        )
        tasks += [
            lead,
            coordinate,
            services.delegate(province.head, lead, province.specialist, working_days=2),
        ]
    for title in ("Báo cáo chuyển đổi số", "Rà soát thủ tục"):
        tasks.append(
            services.create_task(
                province.leader,
                agency=commune.agency,
                title=title,
                assignee=commune.specialist,
                working_days=5,
            )
        )
    return tasks


DAYS = st.integers(min_value=-60, max_value=0)


@st.composite
def history(draw):
    """When a task was assigned, its deadline, and whether and when it was completed or cancelled."""
    assigned = draw(DAYS)
    deadline = assigned + draw(st.integers(min_value=0, max_value=30))
    fate = draw(st.sampled_from(["open", "done", "done", "cancelled"]))
    completed = None
    if fate == "done":
        completed = draw(st.integers(min_value=assigned, max_value=0))
    return assigned, deadline, fate, completed, draw(st.integers(min_value=0, max_value=23))


def test_task_figures_equal_a_recount_over_random_histories(world, routed):
    province, commune = world["province"], world["commune"]
    selection = Selection(agencies=(province.agency, commune.agency))
    heads = Selection(departments=(province.vx,))
    base = TODAY()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        histories=st.lists(history(), min_size=len(routed), max_size=len(routed)),
        start=st.integers(min_value=-70, max_value=0),
        length=st.integers(min_value=0, max_value=80),
        late_today=st.integers(min_value=0, max_value=10),
    )
    def check(histories, start, length, late_today):
        today = base + datetime.timedelta(days=late_today)
        for task, (assigned, deadline, fate, completed, hour) in zip(routed, histories, strict=True):
            Task.objects.filter(pk=task.pk).update(
                assigned_at=_at(base + datetime.timedelta(days=assigned), hour),
                deadline=base + datetime.timedelta(days=deadline),
                status={"done": Task.Status.DONE, "cancelled": Task.Status.CANCELLED}.get(
                    fate, Task.Status.OPEN
                ),
                completed_at=_at(base + datetime.timedelta(days=completed), hour)
                if completed is not None
                else None,
            )
        period = Period(base + datetime.timedelta(days=start), base + datetime.timedelta(days=start + length))
        everything = list(Task.objects.all())
        top = [t for t in everything if t.parent_id is None]
        checks = [
            (
                queries.task_table(period, selection, "agency", today),
                brute_tasks(period, today, lambda t: str(t.agency_id), top),
            ),
            (
                queries.task_table(period, selection, "person", today),
                brute_tasks(
                    period, today, lambda t: str(t.assignee_id), [t for t in everything if t.assignee_id]
                ),
            ),
            (
                queries.task_table(period, Selection(agencies=(province.agency,)), "department", today),
                brute_tasks(
                    period,
                    today,
                    lambda t: str(t.department_id or queries.NO_DEPARTMENT),
                    [t for t in top if t.agency_id == province.agency.pk],
                ),
            ),
            (
                queries.task_table(period, heads, "person", today),
                brute_tasks(
                    period,
                    today,
                    lambda t: str(t.assignee_id),
                    [t for t in everything if t.department_id == province.vx.pk and t.assignee_id],
                ),
            ),
        ]
        for table, expected in checks:
            assert {r.key: _task_counts(r.figures) for r in table.rows if _task_counts(r.figures)} == dict(
                expected
            )
            assert _task_counts(table.total) == sum(expected.values(), Counter())
            total = table.total
            assert total.total == total.done + total.in_progress
            if total.done:
                assert total.on_time_rate == round(100 * total.done_on_time / total.done, 1)

    check()


def test_a_task_done_after_the_period_was_in_progress_at_its_end(world, routed):
    task = routed[0]
    base = TODAY()
    Task.objects.filter(pk=task.pk).update(
        assigned_at=_at(base - datetime.timedelta(days=40)),
        deadline=base - datetime.timedelta(days=35),
        status=Task.Status.DONE,
        completed_at=_at(base - datetime.timedelta(days=5)),
    )
    Task.objects.exclude(pk=task.pk).update(status=Task.Status.CANCELLED)
    selection = Selection(agencies=(world["province"].agency,))
    before = Period(base - datetime.timedelta(days=40), base - datetime.timedelta(days=20))
    assert queries.task_table(before, selection, "agency").total.overdue == 1
    after = Period(base - datetime.timedelta(days=10), base)
    figures = queries.task_table(after, selection, "agency").total
    assert (figures.done_late, figures.overdue, figures.on_time_rate) == (1, 0, 0.0)


def test_the_completion_day_is_the_local_day(world, routed):
    """Completed at 23:30 on the deadline's day in Hanoi is on time, though it is the next day in UTC... and
    completed at 00:30 the day after (17:30 UTC on the deadline's day) is late."""
    base = TODAY() - datetime.timedelta(days=3)
    on_time, late = routed[0], routed[1]
    Task.objects.exclude(pk__in=[on_time.pk, late.pk]).update(status=Task.Status.CANCELLED)
    Task.objects.filter(pk=on_time.pk).update(
        deadline=base,
        status=Task.Status.DONE,
        completed_at=queries.midnight(base) + datetime.timedelta(hours=23.5),
    )
    Task.objects.filter(pk=late.pk).update(
        deadline=base,
        status=Task.Status.DONE,
        completed_at=queries.midnight(base) + datetime.timedelta(hours=24.5),
    )
    period = Period(base - datetime.timedelta(days=5), TODAY())
    figures = queries.task_table(period, Selection(agencies=(world["province"].agency,)), "agency").total
    assert (figures.done_on_time, figures.done_late) == (1, 1)
