"""The deadline sweep: near due, overdue, apology due, result not collected; once each, even when run twice
or twice at the same time."""

import pytest
from django.db import connection

from documents.models import Notification
from onestop import services
from onestop.models import Dossier, Status
from onestop.tasks import sweep_deadlines
from tests.concurrency import at_once

from .conftest import at, processing

NOTHING = {"overdue": 0, "near_due": 0, "apology_due": 0, "uncollected": 0}


def test_near_due_and_apology_due_once(world):
    dossier = processing(world)  # due Monday 09/03 17:00
    assert sweep_deadlines(at(4, 10)) == NOTHING
    flagged = sweep_deadlines(at(6, 10))
    assert flagged == {**NOTHING, "near_due": 1, "apology_due": 1}
    dossier.refresh_from_db()
    assert dossier.near_due_flagged_at == at(6, 10) and dossier.apology_due_flagged_at == at(6, 10)
    texts = list(Notification.objects.filter(user=world.sotp.specialist).values_list("text", flat=True))
    assert any("sắp đến hạn" in t for t in texts) and any("Mẫu 04" in t for t in texts)
    assert Notification.objects.filter(user=world.sotp.officer, key__contains=":near_due:").count() == 1
    before = Notification.objects.count()
    assert sweep_deadlines(at(6, 10, 30)) == NOTHING
    assert Notification.objects.count() == before


def test_overdue_and_a_new_date_rearms_the_flags(world):
    dossier = processing(world)
    assert sweep_deadlines(at(10, 8))["overdue"] == 1
    assert sweep_deadlines(at(10, 9))["overdue"] == 0
    assert Notification.objects.filter(user=world.sotp.specialist, urgent=True).count() == 1
    paused = processing(world)
    services.request_supplement(world.sotp.specialist, paused, "Thiếu", at=at(3))
    assert sweep_deadlines(at(12))["overdue"] == 0  # a paused dossier has no due time to miss
    dossier.refresh_from_db()
    assert dossier.overdue_flagged_at is not None


def test_result_not_collected(world):
    d = world.sotp
    dossier = services.approve(
        d.leader, services.record_appraisal(d.specialist, processing(world), "Đạt", at=at(3)), at=at(3, 10)
    )
    services.attach_result(d.leader, dossier, at=at(3, 11))
    # signed and sealed at 11:00 (the signing itself: test_result_signing), so ready since then
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RESULT_READY, result_ready_at=at(3, 11))
    assert sweep_deadlines(at(9, 9))["uncollected"] == 0
    assert sweep_deadlines(at(11, 9))["uncollected"] == 1
    assert Notification.objects.filter(user=d.officer, key__contains=":uncollected").count() == 1
    assert sweep_deadlines(at(12, 9))["uncollected"] == 0


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_flag_and_remind_once(make_procedure):
    from .conftest import World

    world = World(make_procedure)
    dossiers = [processing(world) for _ in range(6 if connection.vendor == "postgresql" else 2)]
    assert at_once([lambda: sweep_deadlines(at(6, 10))] * 4)[1] == []
    assert Dossier.objects.filter(near_due_flagged_at__isnull=False).count() == len(dossiers)
    keys = list(Notification.objects.filter(user=world.sotp.specialist).values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 2 * len(dossiers)  # near due + apology due, once each


def test_reminders_reach_the_holding_department_heads_or_the_agency_leaders(world):
    d = world.sotp
    with_department, with_agency = processing(world), processing(world)
    Dossier.objects.filter(pk=with_department.pk).update(holder=None, holder_department=d.department)
    Dossier.objects.filter(pk=with_agency.pk).update(
        holder=None, holder_department=None, holder_agency=d.agency
    )
    assert sweep_deadlines(at(10, 8))["overdue"] == 2

    def told(user):
        return set(
            Notification.objects.filter(user=user, key__contains=":overdue:").values_list("key", flat=True)
        )

    assert told(d.head) == {f"onestop:{with_department.pk}:overdue:{with_department.due_at:%Y%m%d%H%M}"}
    assert told(d.leader) == {f"onestop:{with_agency.pk}:overdue:{with_agency.due_at:%Y%m%d%H%M}"}
    assert len(told(d.officer)) == 2 and told(d.specialist) == set()


def test_a_sweep_costs_the_same_queries_for_two_dossiers_as_for_six(world):
    from django.test.utils import CaptureQueriesContext

    def queries_to_flag(count: int) -> int:
        dossiers = [processing(world) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            assert sweep_deadlines(at(10, 8))["overdue"] == count
        Dossier.objects.filter(pk__in=[x.pk for x in dossiers]).update(
            status="withdrawn", closed_at=at(10, 9)
        )
        return len(captured)

    assert queries_to_flag(2) == queries_to_flag(6)
