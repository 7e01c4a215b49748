import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from egov.accounts.roles import Role
from egov.audit.models import AuditEntry
from egov.errors import DomainError, NotPermitted, TransitionNotAllowed
from services import services
from services.forms import StepInlineFormSet
from services.models import Procedure, ProcedureVersion, ProcessingStep, RequiredPaper

pytestmark = pytest.mark.django_db


def test_published_version_is_immutable(make_procedure):
    version = make_procedure().versions.get()
    version.result_name = "Khác"
    with pytest.raises(DomainError, match="hãy tạo phiên bản mới"):
        version.save()
    with pytest.raises(DomainError):
        version.delete()
    with pytest.raises(DomainError):
        RequiredPaper.objects.create(version=version, order=9, key="them", name="Giấy tờ thêm")
    paper = version.papers.first()
    paper.name = "Đổi tên"
    with pytest.raises(DomainError):
        paper.save()
    with pytest.raises(DomainError):
        version.steps.first().delete()
    version.refresh_from_db()
    assert version.result_name == "Giấy phép xây dựng"


def test_new_version_copies_and_version_on_picks_by_date(make_procedure, make_user):
    procedure = make_procedure()
    first = procedure.versions.get()
    admin = make_user(Role.SYSTEM_ADMIN, is_superuser=True)
    second = services.create_version(admin, procedure, datetime.date(2026, 1, 1), change_note="Tăng lệ phí")
    assert second.number == 2 and second.status == ProcedureVersion.Status.DRAFT
    assert list(second.papers.values_list("key", flat=True)) == list(
        first.papers.values_list("key", flat=True)
    )
    assert second.steps.count() == first.steps.count() and second.fees.count() == 1
    fee = second.fees.get()
    fee.amount = 100000
    fee.save()  # a draft is editable
    assert procedure.version_on(datetime.date(2026, 6, 1)) == first  # drafts do not count
    services.publish_version(admin, second)
    assert procedure.version_on(datetime.date(2025, 12, 31)) == first
    assert procedure.version_on(datetime.date(2026, 1, 1)) == second
    assert procedure.version_on(datetime.date(2025, 6, 30)) is None
    assert first.fees.get().amount == 75000
    assert AuditEntry.objects.filter(action="services.version_published", target_id=str(second.pk)).exists()


def test_unpublish_and_republish(make_procedure, make_user):
    procedure = make_procedure()
    version = procedure.versions.get()
    admin = make_user(Role.AGENCY_ADMIN)
    services.unpublish_version(admin, version)
    assert Procedure.objects.get(pk=procedure.pk).current_version is None
    with pytest.raises(TransitionNotAllowed):
        services.unpublish_version(admin, version)
    with pytest.raises(DomainError):  # withdrawn is still frozen
        version.result_name = "x"
        version.save()
    services.publish_version(admin, ProcedureVersion.objects.get(pk=version.pk))
    assert Procedure.objects.get(pk=procedure.pk).current_version == version
    assert AuditEntry.objects.filter(action="services.version_unpublished").count() == 1


def test_publish_needs_permission(make_procedure, make_user):
    version = make_procedure(publish=False).versions.get()
    with pytest.raises(NotPermitted):
        services.publish_version(make_user(Role.CITIZEN), version)
    with pytest.raises(NotPermitted):
        services.publish_version(make_user(Role.ONESTOP_OFFICER), version)


def test_publish_refuses_steps_over_the_time_limit(make_procedure):
    version = make_procedure(publish=False).versions.get()
    ProcessingStep.objects.create(version=version, order=9, kind="approve", budget=Decimal("1"))
    assert version.steps_budget() == Decimal("16")
    with pytest.raises(DomainError, match=r"Tổng thời gian các bước \(16 ngày làm việc\) vượt quá"):
        services.publish_version(None, version)
    version.steps.get(order=9).delete()
    services.publish_version(None, version)


def test_online_procedure_needs_a_form_to_publish(make_procedure):
    version = make_procedure(publish=False, schema={}, layout={}).versions.get()
    with pytest.raises(DomainError, match="biểu mẫu điện tử"):
        services.publish_version(None, version)


def test_two_published_versions_cannot_share_a_date(make_procedure):
    procedure = make_procedure()
    clone = services.create_version(None, procedure, datetime.date(2025, 7, 1))
    with pytest.raises(DomainError, match="Đã có phiên bản công bố"):
        services.publish_version(None, clone)


def _step_formset(version, budgets):
    data = {
        "steps-TOTAL_FORMS": str(len(budgets)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, budget in enumerate(budgets):
        data.update(
            {
                f"steps-{index}-order": str(index + 1),
                f"steps-{index}-kind": "appraise",
                f"steps-{index}-budget": budget,
                f"steps-{index}-name": "",
                f"steps-{index}-role": "",
            }
        )
    from django.forms import inlineformset_factory

    formset_class = inlineformset_factory(
        ProcedureVersion,
        ProcessingStep,
        formset=StepInlineFormSet,
        fields=["order", "kind", "budget", "name", "role"],
        extra=0,
    )
    return formset_class(data, instance=version, prefix="steps")


def test_step_formset_rejects_budgets_over_the_limit(make_procedure):
    procedure = make_procedure(publish=False)
    version = services.create_version(None, procedure, datetime.date(2026, 1, 1))
    version.steps.all().delete()
    over = _step_formset(version, ["10", "5", "0.5"])
    assert not over.is_valid()
    assert (
        "Tổng thời gian các bước (15,5 ngày làm việc) vượt quá thời hạn giải quyết (15 ngày làm việc)."
        in (over.non_form_errors())
    )
    assert _step_formset(version, ["10", "5"]).is_valid()


def test_full_online_classification_requires_online_channels(make_procedure):
    procedure = make_procedure()
    procedure.returns_online = procedure.returns_postal = False
    with pytest.raises(ValidationError) as error:
        procedure.full_clean()
    assert "returns_online" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        procedure.save()
    partial = Procedure(
        code="1.000002",
        name="x",
        field=procedure.field,
        handling_level="commune",
        online_level=2,
        classification="mot_phan",
    )
    with pytest.raises(ValidationError) as error:
        partial.full_clean()
    assert "classification" in error.value.message_dict


def test_days_limit_must_be_whole_and_cutoff_only_for_days(make_procedure):
    version = services.create_version(None, make_procedure(), datetime.date(2026, 1, 1))
    version.time_limit_amount = Decimal("1.5")
    with pytest.raises(ValidationError):
        version.full_clean()
    version.time_limit_amount = Decimal("4")
    version.time_limit_unit = "hours"
    version.cutoff_time = datetime.time(15, 0)
    with pytest.raises(ValidationError):
        version.full_clean()


def test_same_day_cutoff_drives_the_due_time(make_procedure):
    from zoneinfo import ZoneInfo

    procedure = make_procedure(
        code="2.000815",
        name="Chứng thực bản sao",
        online_level=2,
        classification="thong_tin",
        days=0,
        publish=False,
    )
    version = procedure.versions.get()
    version.cutoff_time = datetime.time(15, 0)
    version.save()
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    before = version.due_at(datetime.datetime(2026, 11, 18, 14, 0, tzinfo=tz))  # Wednesday
    after = version.due_at(datetime.datetime(2026, 11, 18, 15, 30, tzinfo=tz))
    assert before.date() == datetime.date(2026, 11, 18)
    assert after.date() == datetime.date(2026, 11, 19)
