"""Processing along the steps, the supplement pause, apology and new date, stop, refusal, withdrawal,
liên thông, the result and its return; each refused action is a Vietnamese message and writes nothing."""

import datetime
import itertools

import pytest
from django.utils import timezone

from egov.audit.admin import ACTION_LABELS
from egov.errors import DomainError, NotPermitted, TransitionNotAllowed
from egov.workdays.clock import add_working_days, working_days_between
from onestop import services
from onestop.models import DossierPause, ReturnMethod, Status, StepClass
from onestop.services import PaperIn
from onestop.workflow import DOSSIER

from .conftest import MONDAY, accepted, at, pay_fees, processing, scan
from .signers import demo_pki, result_ready, signers  # noqa: F401 (the fixture)


def test_every_transition_has_a_vietnamese_audit_label():
    assert sorted(f"onestop.{a}" for a in DOSSIER.transitions if f"onestop.{a}" not in ACTION_LABELS) == []


@pytest.mark.usefixtures("demo_pki")
def test_the_full_path_closes_every_step_with_its_class(world):
    d = world.sotp
    dossier = processing(world)
    assert dossier.status == Status.PROCESSING and dossier.holder == d.specialist
    with pytest.raises(NotPermitted):
        services.record_appraisal(d.head, dossier, "Đủ điều kiện")
    dossier = services.record_appraisal(d.specialist, dossier, "Đủ điều kiện cấp", at=at(3, 10))
    assert dossier.status == Status.AWAITING_APPROVAL and dossier.holder is None
    with pytest.raises(NotPermitted):
        services.approve(d.specialist, dossier)
    dossier = services.approve(d.leader, dossier, at=at(4, 10))
    dossier = result_ready(signers(d), dossier, result_file=scan("kq.pdf"), at=at(5, 10))
    assert dossier.status == Status.RESULT_READY and dossier.result_name == "Giấy phép xây dựng"
    dossier = pay_fees(d, dossier, at=at(6, 9))
    with pytest.raises(DomainError, match="họ tên người nhận"):
        services.return_result(d.officer, dossier, ReturnMethod.COUNTER)
    dossier = services.return_result(
        d.officer, dossier, ReturnMethod.COUNTER, received_by_name="Lê Văn Hùng", at=at(6, 9)
    )
    assert dossier.status == Status.RETURNED
    assert (dossier.returned_at, dossier.returned_to) == (at(6, 9), "Lê Văn Hùng")
    steps = list(dossier.steps.all())
    assert [s.kind for s in steps] == ["receive", "hand_over", "assign", "approve", "result", "return"]
    assert all(s.done_at and s.step_class for s in steps)
    assert all(a.done_at == b.given_at for a, b in itertools.pairwise(steps))
    # the receiving step had half a day from 09:00 Monday, handed over at 10:00 the same day: đúng hạn
    assert steps[0].step_class == StepClass.ON_TIME
    assert dossier.returned_at < dossier.due_at and not dossier.is_overdue


def test_a_late_step_is_classed_late(world):
    dossier = accepted(world)
    late = add_working_days(MONDAY.date(), 3)
    dossier = services.hand_over(
        world.sotp.officer, dossier, world.sotp.department, at=MONDAY.replace(day=late.day, hour=10)
    )
    assert dossier.steps.get(order=1).step_class == StepClass.LATE


def test_classify():
    due = at(5, 17)
    assert services.classify(at(4, 16), due) == StepClass.EARLY
    assert services.classify(at(5, 8), due) == StepClass.ON_TIME
    assert services.classify(at(5, 17), due) == StepClass.ON_TIME
    assert services.classify(at(5, 17, 1), due) == StepClass.LATE
    assert services.classify(at(5, 17), None) == StepClass.ON_TIME


def test_a_supplement_pauses_the_clock_and_resumes_it_never_restarts(world):
    dossier = processing(world)
    due = dossier.due_at
    dossier = services.request_supplement(
        world.sotp.specialist, dossier, "Thiếu bản sao sổ hộ khẩu", at=at(3, 9)
    )
    assert dossier.status == Status.SUPPLEMENT
    assert dossier.pauses.get().ended_at is None
    paper = world.version.papers.get(key="cam_ket_lien_ke")
    with pytest.raises(DomainError, match="ít nhất một giấy tờ"):
        services.receive_supplement(world.sotp.officer, dossier, [])
    # four working days later (Mon 09/03 09:00): the deadline moves by exactly four working days
    dossier = services.receive_supplement(world.sotp.officer, dossier, [PaperIn(paper)], at=at(9, 9))
    assert dossier.status == Status.PROCESSING and dossier.holder == world.sotp.specialist
    assert working_days_between(due.date(), dossier.due_at.date()) == 4
    assert timezone.localtime(dossier.due_at).time() == timezone.localtime(due).time()
    assert dossier.due_at == world.version.due_at(MONDAY, pauses=[(at(3, 9), at(9, 9))])
    assert dossier.original_due_at == due
    assert dossier.papers.filter(is_supplement=True).count() == 1
    # once per processing body
    with pytest.raises(DomainError, match="chỉ được yêu cầu một lần"):
        services.request_supplement(world.sotp.specialist, dossier, "Lần nữa", at=at(9, 10))
    assert dossier.pauses.count() == 1


def test_one_open_pause_and_one_supplement_per_body_are_constraints(world):
    from django.db import IntegrityError, transaction

    dossier = processing(world)
    services.request_supplement(world.sotp.specialist, dossier, "Thiếu giấy tờ", at=at(3, 9))
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierPause.objects.create(
            dossier=dossier,
            kind=DossierPause.Kind.OBLIGATION,
            agency=world.sotp.agency,
            reason="x",
            started_at=at(3, 10),
            requested_by=world.sotp.specialist,
        )


def test_apology_at_least_one_working_day_before_due(world):
    dossier = processing(world)
    due = dossier.due_at  # Monday 09/03 17:00
    new_due = due + datetime.timedelta(days=2)
    with pytest.raises(NotPermitted):
        services.apologise_and_reschedule(world.sotp.specialist, dossier, "Chờ xác minh", new_due, at=at(5))
    with pytest.raises(DomainError, match="sau ngày hẹn trả hiện tại"):
        services.apologise_and_reschedule(world.sotp.leader, dossier, "Chờ xác minh", due, at=at(5))
    with pytest.raises(DomainError, match="giờ làm việc"):
        services.apologise_and_reschedule(
            world.sotp.leader, dossier, "Chờ xác minh", due + datetime.timedelta(days=5), at=at(5)
        )  # a Saturday
    with pytest.raises(DomainError, match="trước 01 ngày làm việc"):
        services.apologise_and_reschedule(world.sotp.leader, dossier, "Chờ xác minh", new_due, at=at(9, 8))
    apology = services.apologise_and_reschedule(
        world.sotp.leader, dossier, "Chờ xác minh", new_due, at=at(6, 16)
    )
    dossier.refresh_from_db()
    assert (apology.previous_due_at, dossier.due_at, dossier.original_due_at) == (due, new_due, due)
    assert dossier.status == Status.PROCESSING
    assert dossier.events.filter(action="apologise").exists()


def test_a_supplement_after_an_apology_moves_the_new_date(world):
    dossier = processing(world)
    new_due = dossier.due_at + datetime.timedelta(days=2)  # Wednesday 11/03 17:00
    services.apologise_and_reschedule(world.sotp.leader, dossier, "Chờ xác minh", new_due, at=at(4, 9))
    dossier = services.request_supplement(world.sotp.specialist, dossier, "Thiếu", at=at(5, 9))
    dossier = services.receive_supplement(
        world.sotp.officer, dossier, [PaperIn(world.version.papers.first())], at=at(6, 9)
    )
    assert working_days_between(new_due.date(), dossier.due_at.date()) == 1


def test_stop_refuse_and_withdraw_close_the_dossier(world):
    d = world.sotp
    stopped = processing(world)
    services.request_supplement(d.specialist, stopped, "Thiếu", at=at(3))
    with pytest.raises(NotPermitted):
        services.stop(d.specialist, stopped, "Người nộp không bổ sung")
    stopped = services.stop(d.leader, stopped, "Người nộp không bổ sung", at=at(4))
    assert stopped.status == Status.STOPPED and stopped.closed_at == at(4)
    assert stopped.pauses.get().ended_at == at(4) and not stopped.steps.filter(done_at__isnull=True).exists()
    refused = services.refuse_after_review(d.leader, processing(world), "Không đủ điều kiện", at=at(4))
    assert refused.status == Status.REFUSED and refused.holder is None
    with pytest.raises(DomainError, match="Hãy ghi rõ lý do rút"):
        services.withdraw(d.officer, accepted(world), "")
    withdrawn = services.withdraw(d.officer, accepted(world), "Người nộp có đơn xin rút", at=at(3))
    assert withdrawn.status == Status.WITHDRAWN
    with pytest.raises(TransitionNotAllowed, match="Rút hồ sơ"):
        services.withdraw(d.officer, withdrawn, "Lần nữa")


def test_another_citizen_cannot_withdraw(world):
    dossier = accepted(world)
    with pytest.raises(NotPermitted):
        services.withdraw(world.other_citizen, dossier, "Không phải của tôi")


def test_liaison_with_another_agency_and_its_budget(world):
    dossier = processing(world)
    for budget in (0, -1, services.MAX_INTERAGENCY_DAYS + 1, 10**30):
        with pytest.raises(DomainError, match="lớn hơn 0 và không quá 60"):
            services.send_to_agency(world.sotp.specialist, dossier, world.xa_a.agency, budget)
    for budget in ("NaN", "hai"):
        with pytest.raises(DomainError, match="phải là số ngày làm việc"):
            services.send_to_agency(world.sotp.specialist, dossier, world.xa_a.agency, budget)
    assert not dossier.steps.filter(kind="interagency").exists()
    dossier = services.send_to_agency(world.sotp.specialist, dossier, world.xa_a.agency, 2, at=at(3, 9))
    assert dossier.status == Status.AT_OTHER_AGENCY
    step = dossier.steps.get(done_at__isnull=True)
    assert step.to_agency == world.xa_a.agency and step.due_at == at(5, 17)
    with pytest.raises(NotPermitted):
        services.receive_back(world.xa_b.officer, dossier)
    dossier = services.receive_back(world.xa_a.leader, dossier, at=at(4, 9))
    assert dossier.status == Status.PROCESSING and dossier.holder == world.sotp.specialist
    assert dossier.steps.get(pk=step.pk).step_class == StepClass.EARLY


@pytest.mark.usefixtures("demo_pki")
def test_return_by_post_needs_the_dispatch_number(world):
    d = world.sotp
    dossier = processing(world)
    dossier = services.record_appraisal(d.specialist, dossier, "Đạt", at=at(3))
    dossier = services.approve(d.leader, dossier, at=at(3, 10))
    dossier = pay_fees(d, result_ready(signers(d), dossier, at=at(3, 11)), at=at(4))
    with pytest.raises(DomainError, match="số vận đơn"):
        services.return_result(d.officer, dossier, ReturnMethod.POST)
    dossier = services.return_result(
        d.officer, dossier, ReturnMethod.POST, post_dispatch="EB123456789VN", at=at(4)
    )
    assert (dossier.return_method, dossier.post_dispatch) == ("post", "EB123456789VN")


def test_result_must_be_a_pdf(world):
    d = world.sotp
    dossier = services.approve(d.leader, services.record_appraisal(d.specialist, processing(world), "Đạt"))
    with pytest.raises(DomainError, match="PDF"):
        services.attach_result(
            d.leader, dossier, result_file=scan("kq.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
        )
    assert services.attach_result(d.leader, dossier).status == Status.RESULT_SIGNING


def test_allowed_actions_are_those_of_the_user_now(world):
    dossier = accepted(world)
    assert set(services.allowed_actions(world.sotp.officer, dossier)) == {
        "hand_over",
        "apologise",
        "withdraw",
    }
    assert set(services.allowed_actions(world.sotp.leader, dossier)) == {"apologise", "stop"}
    assert services.allowed_actions(world.sotp.specialist, dossier) == []
    assert services.allowed_actions(world.other_citizen, dossier) == []
