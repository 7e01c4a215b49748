"""Periodic reports: instances per period with ND 09 closing dates and deadlines in working days; typed
cells validated and formulas computed on the server; the signed PDF stored and verifiable; late and
closed submissions; reminders sent once per step; the recipient's overview and rollup."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from egov.audit.models import AuditEntry
from egov.errors import DomainError, NotPermitted
from egov.notify.models import Message
from egov.signing.models import RegisteredDocument
from reporting.regimes import services
from reporting.regimes.formulas import CellSpec
from reporting.regimes.models import Reminder, ReportInstance, Status

from .conftest import PIN

pytestmark = pytest.mark.django_db
OCT = datetime.date(2026, 10, 15)  # the November period (15/10 → 14/11)


def instance_of(world, commune=None, start=OCT):
    services.ensure_instances(world.regime, today=datetime.date(2026, 11, 20))
    return ReportInstance.objects.get(reporter=(commune or world.xa_a).agency, period_start=start)


def test_instances_per_period_and_commune_with_closing_dates_and_working_day_deadlines(world):
    created = services.ensure_instances(world.regime, today=datetime.date(2026, 11, 20))
    # periods begun by 20/11 from 15/09: Oct (15/09–14/10), Nov (15/10–14/11), Dec (15/11–14/12); 2 communes
    assert created == 6
    assert services.ensure_instances(world.regime, today=datetime.date(2026, 11, 20)) == 0  # idempotent
    november = instance_of(world)
    assert (november.period_start, november.period_end) == (OCT, datetime.date(2026, 11, 14))
    assert (november.year, november.number, november.period_label) == (2026, 11, "Tháng 11/2026")
    # closes Saturday 14/11: 2 working days after it are Monday 16 and Tuesday 17/11
    assert november.deadline == datetime.date(2026, 11, 17)
    october = instance_of(world, start=datetime.date(2026, 9, 15))
    assert october.deadline == datetime.date(2026, 10, 16)  # Wed 14/10 → Thu 15, Fri 16


def test_deadline_skips_the_new_year_holiday(world):
    world.regime.frequency = "year"
    world.regime.deadline_days = 3
    world.regime.save()
    world.regime.valid_from = datetime.date(2026, 1, 1)
    world.regime.save()
    services.ensure_instances(world.regime, today=datetime.date(2026, 12, 20))
    year = ReportInstance.objects.get(reporter=world.xa_a.agency, year=2026)
    assert (year.period_start, year.period_end) == (datetime.date(2025, 12, 15), datetime.date(2026, 12, 14))
    assert year.deadline == datetime.date(2026, 12, 17)


def test_a_closed_regime_creates_no_new_period(world):
    world.regime.closed_on = datetime.date(2026, 10, 20)
    world.regime.save()
    services.ensure_instances(world.regime, today=datetime.date(2026, 12, 20))
    starts = set(ReportInstance.objects.values_list("period_start", flat=True))
    assert starts == {datetime.date(2026, 9, 15), OCT}


def test_typed_cells_are_validated_and_formulas_computed_on_the_server(world):
    instance = instance_of(world)
    officer = world.xa_a.officer
    saved = services.save_values(officer, instance, {"A1": "1.200", "A2": " 300 ", "A3": "999999", "A4": "1"})
    assert saved.values == {"A1": 1200, "A2": 300, "A3": 1500, "A4": 20}
    for bad, reason in [
        ("-1", "số nguyên không âm"),
        ("1,5", "số nguyên không âm"),
        ("abc", "số nguyên không âm"),
        ("10000000000000", "vượt quá giới hạn"),
        ("٣", "số nguyên không âm"),
    ]:
        with pytest.raises(DomainError, match=reason):
            services.save_values(officer, instance, {"A1": bad, "A2": "1"})
    assert ReportInstance.objects.get(pk=instance.pk).values == saved.values


def test_a_division_by_zero_leaves_the_cell_empty(world):
    saved = services.save_values(world.xa_a.officer, instance_of(world), {"A1": "0", "A2": "0"})
    assert saved.values == {"A1": 0, "A2": 0, "A3": 0, "A4": None}


def test_the_leader_signs_the_pdf_stored_and_verifiable(world):
    instance = services.send_for_signature(world.xa_a.officer, instance_of(world), {"A1": "3", "A2": "1"})
    with pytest.raises(DomainError, match="PIN"):
        services.sign(world.xa_a.leader, instance, "000000")
    assert ReportInstance.objects.get(pk=instance.pk).status == Status.AWAITING_SIGNATURE
    at = timezone.make_aware(datetime.datetime(2026, 11, 17, 16, 0))
    signed = services.sign(world.xa_a.leader, instance, PIN, at=at)
    assert (signed.status, signed.is_late, signed.submissions, signed.signed_by) == (
        Status.SUBMITTED,
        False,
        1,
        world.xa_a.leader,
    )
    data = signed.signed_file.read()
    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert len(signatures) == 1
    import hashlib

    registered = RegisteredDocument.objects.get(sha256=hashlib.sha256(data).hexdigest())
    assert registered.verify_token == signed.verify_token
    assert AuditEntry.objects.filter(action="report_regimes.submitted").count() == 1
    # the province's reviewer is told it arrived
    assert Message.objects.filter(user=world.reviewer, event="report_regime").exists()


def test_a_submission_after_the_deadline_is_recorded_as_late(world):
    instance = services.send_for_signature(world.xa_a.officer, instance_of(world), {"A1": "3", "A2": "1"})
    at = timezone.make_aware(datetime.datetime(2026, 11, 18, 8, 0))
    signed = services.sign(world.xa_a.leader, instance, PIN, at=at)
    assert signed.is_late and signed.status == Status.SUBMITTED
    assert AuditEntry.objects.get(action="report_regimes.submitted").details["late"] is True


def test_a_submission_after_the_regime_closed_is_refused_and_nothing_changes(world):
    instance = services.send_for_signature(world.xa_a.officer, instance_of(world), {"A1": "3", "A2": "1"})
    other = instance_of(world, world.xa_b)
    world.regime.closed_on = timezone.localdate()
    world.regime.save()
    before = ReportInstance.objects.values().get(pk=instance.pk)
    with pytest.raises(DomainError, match="đã kết thúc"):
        services.sign(world.xa_a.leader, instance, PIN)
    with pytest.raises(DomainError, match="đã kết thúc"):
        services.send_for_signature(world.xa_b.officer, other, {"A1": "1", "A2": "1"})
    assert ReportInstance.objects.values().get(pk=instance.pk) == before
    assert ReportInstance.objects.get(pk=other.pk).status == Status.DRAFT


def test_an_accepted_report_cannot_be_sent_again(world):
    instance = services.send_for_signature(world.xa_a.officer, instance_of(world), {"A1": "3", "A2": "1"})
    instance = services.accept(world.reviewer, services.sign(world.xa_a.leader, instance, PIN))
    with pytest.raises(DomainError, match="đã được tiếp nhận"):
        services.send_for_signature(world.xa_a.officer, instance, {"A1": "9"})
    with pytest.raises(DomainError, match="đã được tiếp nhận"):
        services.save_values(world.xa_a.officer, instance, {"A1": "9"})
    assert ReportInstance.objects.get(pk=instance.pk).values["A1"] == 3


def test_only_the_right_people_act(world):
    instance = instance_of(world)
    with pytest.raises(NotPermitted):
        services.save_values(world.xa_b.officer, instance, {"A1": "1"})  # another commune
    with pytest.raises(NotPermitted):
        services.save_values(world.reviewer, instance, {"A1": "1"})  # the recipient does not fill
    instance = services.send_for_signature(world.xa_a.officer, instance, {"A1": "1", "A2": "1"})
    with pytest.raises(NotPermitted):
        services.sign(world.xa_a.officer, instance, PIN)  # not a leader
    with pytest.raises(NotPermitted):
        services.sign(world.xa_b.leader, instance, PIN)  # another commune's leader
    instance = services.sign(world.xa_a.leader, instance, PIN)
    with pytest.raises(NotPermitted):
        services.accept(world.xa_a.officer, instance)
    with pytest.raises(DomainError, match="lý do"):
        services.return_for_correction(world.reviewer, instance, "  \x00 ")


def test_the_recipient_sees_arrived_missing_late_and_the_rollup(world):
    a = services.send_for_signature(world.xa_a.officer, instance_of(world), {"A1": "3", "A2": "1"})
    services.sign(world.xa_a.leader, a, PIN, at=timezone.make_aware(datetime.datetime(2026, 11, 16, 9)))
    b = services.send_for_signature(
        world.xa_b.officer, instance_of(world, world.xa_b), {"A1": "6", "A2": "4"}
    )
    services.sign(world.xa_b.leader, b, PIN, at=timezone.make_aware(datetime.datetime(2026, 11, 19, 9)))
    overview = services.period_overview(world.regime, OCT)
    assert [i.reporter for i in overview.arrived] == [world.xa_b.agency, world.xa_a.agency]
    assert overview.missing == []
    assert [i.reporter for i in overview.late] == [world.xa_b.agency]
    # sums of the typed cells; the formulas recomputed on the sums (A4 = 5 * 100 / 14), not summed
    assert overview.totals == {"A1": 9, "A2": 5, "A3": 14, "A4": 35.71}
    december = services.period_overview(world.regime, datetime.date(2026, 11, 15))
    assert len(december.missing) == 2 and december.totals["A1"] == 0


def test_reminders_are_sent_once_per_instance_and_step(world):
    instance = instance_of(world)  # deadline Tuesday 17/11
    assert services.send_reminders(today=datetime.date(2026, 11, 10)) == 0  # 5 working days before
    assert services.send_reminders(today=datetime.date(2026, 11, 12)) == 2  # 3 days: both communes
    assert services.send_reminders(today=datetime.date(2026, 11, 12)) == 0  # once
    assert services.send_reminders(today=datetime.date(2026, 11, 13)) == 0  # 2 days left: step 3 was sent
    assert services.send_reminders(today=datetime.date(2026, 11, 16)) == 2  # 1 day
    services.send_for_signature(world.xa_a.officer, instance, {"A1": "1", "A2": "1"})
    signed = services.sign(world.xa_a.leader, instance, PIN)
    assert signed.status == Status.SUBMITTED
    assert services.send_reminders(today=datetime.date(2026, 11, 17)) == 1  # the day itself: only xa_b
    assert services.send_reminders(today=datetime.date(2026, 11, 18)) == 0  # past the deadline
    steps = sorted(Reminder.objects.filter(instance=instance).values_list("step", flat=True))
    assert steps == [1, 3]
    officer_messages = Message.objects.filter(user=world.xa_a.officer, event="report_regime")
    assert officer_messages.filter(body__contains="Còn 3 ngày làm việc").count() == 1


def test_a_template_is_checked_when_it_is_saved():
    with pytest.raises(ValidationError) as error:
        services.check_regime([CellSpec("A1", "typed"), CellSpec("A2", "formula", formula="A1 + Z9")])
    assert error.value.messages == ["Chỉ tiêu “A2”: công thức dùng chỉ tiêu không có trong mẫu: Z9."]


def test_statistics_cells_are_prefilled_from_reporting_stats_for_the_reporter_and_period(world):
    from reporting import stats
    from reporting.periods import Period
    from reporting.regimes.models import TemplateCell

    TemplateCell.objects.create(
        regime=world.regime,
        order=9,
        code="S1",
        label="Trả quá hạn",
        source="statistic",
        statistic="dossiers.resolved_late",
    )
    TemplateCell.objects.create(
        regime=world.regime,
        order=10,
        code="S2",
        label="Mới tiếp nhận",
        source="statistic",
        statistic="dossiers.new_total",
    )
    TemplateCell.objects.create(
        regime=world.regime, order=11, code="S3", label="Tổng", source="formula", formula="S1 + S2 + A1"
    )
    instance = instance_of(world)
    expected = stats.dossier_figures(Period(OCT, datetime.date(2026, 11, 14)), unit=world.xa_a.unit)
    filled = services.figures(instance, {"A1": "2", "A2": "0"})
    assert filled.values["S1"] == expected.resolved_late
    assert filled.values["S2"] == expected.new_total
    assert filled.values["S3"] == expected.resolved_late + expected.new_total + 2
    saved = services.save_values(world.xa_a.officer, instance, {"A1": "2", "A2": "0"})
    assert saved.values["S3"] == filled.values["S3"]
