"""Intake at the counter and online: code, appointment, the checklist, completion, refusal, idempotence,
cross-boundary intake."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile

from egov.audit.models import AuditEntry
from egov.errors import DomainError, NotPermitted, TransitionNotAllowed
from egov.numbering.models import Counter
from onestop import services
from onestop.models import Dossier, DossierStep, Status
from onestop.queries import visible_to
from onestop.services import PaperIn
from services import services as catalogue
from services.models import DraftFile, FormDraft

from .conftest import MONDAY, PDF, accepted, all_papers, at, scan, walk_in


def test_counter_acceptance_gives_code_appointment_and_opens_the_receiving_step(world):
    dossier = accepted(world)
    assert re.fullmatch(r"H25\.20-260302-0001", dossier.code)
    assert dossier.status == Status.ACCEPTED
    assert dossier.receiving_agency == world.sotp.agency == dossier.competent_agency
    assert dossier.accepted_at == MONDAY
    assert dossier.due_at == dossier.original_due_at == world.version.due_at(MONDAY)
    assert dossier.due_at == at(9, 17)  # five working days after Monday 02/03
    assert dossier.fees_due == 75000
    step = dossier.steps.get()
    assert (step.kind, step.to_user, step.done_at) == (DossierStep.Kind.RECEIVE, world.sotp.officer, None)
    assert dossier.holder == world.sotp.officer
    assert AuditEntry.objects.filter(action="onestop.accept", target_id=str(dossier.pk)).exists()
    assert dossier.events.filter(action="accept").exists()
    second = accepted(world, when=MONDAY + datetime.timedelta(minutes=5))
    assert second.code == "H25.20-260302-0002"
    next_day = accepted(world, when=MONDAY + datetime.timedelta(days=1))
    assert next_day.code == "H25.20-260303-0001"


def test_a_missing_mandatory_paper_cannot_be_accepted_and_nothing_is_written(world):
    papers = all_papers(world.version)[:1]
    with pytest.raises(DomainError, match=r"Chưa đủ thành phần hồ sơ bắt buộc.*Bản vẽ thiết kế"):
        services.receive_at_counter(world.sotp.officer, world.version, walk_in(), papers, "accept", at=MONDAY)
    assert not Dossier.objects.exists()
    assert not Counter.objects.filter(scope__startswith="onestop.").exists()


def test_a_missing_paper_may_still_be_asked_to_complete_without_a_clock(world):
    dossier = services.receive_at_counter(
        world.sotp.officer,
        world.version,
        walk_in(),
        [],
        "complete",
        reason="Thiếu bản vẽ thiết kế",
        at=MONDAY,
    )
    assert dossier.status == Status.NEEDS_COMPLETION
    assert (dossier.code, dossier.accepted_at, dossier.due_at) == (None, None, None)
    assert dossier.completion_requested_at == MONDAY
    with pytest.raises(DomainError, match="Chưa đủ thành phần"):
        services.accept_dossier(world.sotp.officer, dossier, at=at(4))
    later = services.accept_dossier(world.sotp.officer, dossier, papers=all_papers(world.version), at=at(4))
    assert later.status == Status.ACCEPTED
    assert later.accepted_at == at(4)  # the clock starts when the dossier is complete (§2.4)
    assert later.due_at == world.version.due_at(at(4))


def test_refusal_and_completion_need_reasons(world):
    for decision in ("refuse", "complete"):
        with pytest.raises(DomainError, match="Hãy ghi rõ"):
            services.receive_at_counter(world.sotp.officer, world.version, walk_in(), [], decision, at=MONDAY)
    refused = services.receive_at_counter(
        world.sotp.officer, world.version, walk_in(), [], "refuse", reason="Không thuộc thẩm quyền", at=MONDAY
    )
    assert refused.status == Status.REFUSED_INTAKE and refused.closed_at == MONDAY and refused.code is None


@pytest.mark.parametrize("bad_id", ["12345", "999090123456", "00109012345X", ""])
def test_an_invalid_personal_id_is_refused_in_vietnamese(world, bad_id):
    with pytest.raises(DomainError, match=r"định danh|mã tỉnh"):
        services.receive_at_counter(
            world.sotp.officer,
            world.version,
            walk_in(personal_id=bad_id),
            all_papers(world.version),
            "accept",
        )
    assert not Dossier.objects.exists()


def test_an_organisation_needs_no_personal_id(world):
    dossier = services.receive_at_counter(
        world.sotp.officer,
        world.version,
        walk_in(
            kind="organisation", name="Công ty TNHH Xây dựng Hòa Phát", personal_id="", org_code="2600123456"
        ),
        all_papers(world.version),
        "accept",
        at=MONDAY,
    )
    assert dossier.applicant_org_code == "2600123456"


def test_a_scan_that_is_not_pdf_or_image_is_refused(world):
    papers = all_papers(world.version)
    papers[0].upload = scan("don.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(DomainError, match="không phải PDF, JPEG hoặc PNG"):
        services.receive_at_counter(world.sotp.officer, world.version, walk_in(), papers, "accept", at=MONDAY)
    assert not Dossier.objects.exists()


def test_scans_are_kept_with_the_papers(world):
    dossier = services.receive_at_counter(
        world.sotp.officer,
        world.version,
        walk_in(),
        all_papers(world.version, with_scans=True),
        "accept",
        at=MONDAY,
    )
    files = [p.file.read() for p in dossier.papers.all()]
    assert files == [PDF, PDF]


def test_only_a_desk_officer_receives(world):
    with pytest.raises(NotPermitted):
        services.receive_at_counter(
            world.sotp.specialist, world.version, walk_in(), all_papers(world.version), "accept", at=MONDAY
        )


def test_the_code_past_9999_is_a_clear_error_and_nothing_is_written(world):
    Counter.objects.create(scope=f"onestop.dossier:{world.sotp.agency.pk}", period="260302", value=9999)
    with pytest.raises(DomainError, match=r"Đã hết số thứ tự hồ sơ trong ngày 02/03/2026 \(tối đa 9\.999"):
        accepted(world)
    assert not Dossier.objects.exists()
    assert Counter.objects.get(scope__startswith="onestop.").value == 9999
    assert accepted(world, when=MONDAY + datetime.timedelta(days=1)).code.endswith("-0001")


def test_an_agency_without_an_e_id_cannot_number(world):
    world.sotp.agency.codes.all().delete()
    type(world.sotp.agency).objects.filter(pk=world.sotp.agency.pk).update(code="")
    with pytest.raises(DomainError, match="chưa có mã định danh"):
        accepted(world)
    assert not Dossier.objects.exists()


# --- cross-boundary intake (NĐ 118/2025) --------------------------------------------------------------
def test_any_desk_receives_another_communes_procedure_routed_to_that_commune(world):
    dossier = accepted(world, desk=world.xa_a, version=world.commune_version, commune=world.xa_b.agency)
    assert dossier.receiving_agency == world.xa_a.agency
    assert dossier.competent_agency == world.xa_b.agency
    assert dossier.code.startswith("H25.50.01-")  # the receiving desk's code
    assert dossier in visible_to(world.xa_a.officer)
    assert dossier in visible_to(world.xa_b.officer)
    assert dossier in visible_to(world.xa_b.leader)
    assert dossier not in visible_to(world.xa_b.specialist)  # nothing reached their department yet
    assert dossier not in visible_to(world.sotp.officer)
    dossier = services.hand_over(world.xa_b.officer, dossier, world.xa_b.department, at=at(2, 10))
    with pytest.raises(DomainError, match="không thuộc"):
        services.hand_over(world.xa_b.head, dossier, world.xa_a.department)
    dossier = services.assign(world.xa_b.head, dossier, world.xa_b.specialist, at=at(2, 11))
    assert dossier in visible_to(world.xa_b.specialist)


def test_a_commune_procedure_needs_the_commune(world):
    with pytest.raises(DomainError, match="hãy chọn xã, phường"):
        accepted(world, desk=world.xa_a, version=world.commune_version)
    with pytest.raises(DomainError, match="không phải Ủy ban nhân dân cấp xã"):
        accepted(world, desk=world.xa_a, version=world.commune_version, commune=world.sotp.agency)


# --- online -------------------------------------------------------------------------------------------
def checked_draft(world, version=None):
    version = version or world.version
    draft = FormDraft.objects.create(
        user=world.citizen,
        version=version,
        data={
            "ho_ten": "Nguyễn Thị Lan",
            "dia_chi_thua_dat": "Khu 5, phường Nông Trang",
            "so_giay_chung_nhan": "CS 012345",
            "dien_tich_san": 120.5,
            "so_tang": 3,
            "cam_ket": True,
        },
    )
    for paper in version.papers.filter(is_mandatory=True):
        DraftFile.objects.create(
            draft=draft,
            slot=paper.key,
            file=ContentFile(PDF, name=f"{paper.key}.pdf"),
            original_name=f"{paper.key}.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )
    assert catalogue.check_draft(world.citizen, draft) == []
    draft.refresh_from_db()
    return draft


def test_online_submission_waits_for_the_check_and_twice_gives_one_dossier(world):
    draft = checked_draft(world)
    first = services.submit_online(world.citizen, draft)
    again = services.submit_online(world.citizen, draft)
    assert first.pk == again.pk
    assert Dossier.objects.count() == 1
    assert first.status == Status.WAITING_CHECK and first.code is None and first.due_at is None
    assert first.receiving_agency == world.sotp.agency
    assert sorted(first.papers.values_list("name", flat=True)) == ["Bản vẽ thiết kế", "Đơn đề nghị"]
    assert first.papers.first().file.read() == PDF
    catalogue.delete_draft(world.citizen, draft)  # the dossier keeps its own copies of the files
    first.refresh_from_db()
    assert first.papers.first().file.read() == PDF


def test_one_dossier_per_draft_is_a_constraint(world):
    from django.db import IntegrityError, transaction

    draft = checked_draft(world)
    dossier = services.submit_online(world.citizen, draft)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.create(
            version=dossier.version,
            status=Status.WAITING_CHECK,
            channel="online",
            applicant_user=world.citizen,
            applicant_name="x",
            receiving_agency=dossier.receiving_agency,
            competent_agency=dossier.competent_agency,
            draft=draft,
        )


def test_an_unchecked_draft_is_not_submitted(world):
    draft = checked_draft(world)
    FormDraft.objects.filter(pk=draft.pk).update(checked_ok_at=None)
    draft.refresh_from_db()
    with pytest.raises(DomainError, match="Kiểm tra hồ sơ"):
        services.submit_online(world.citizen, draft)
    with pytest.raises(NotPermitted):
        services.submit_online(world.other_citizen, draft)


def test_online_check_accept_starts_the_clock_at_acceptance(world):
    dossier = services.submit_online(world.citizen, checked_draft(world), at=at(2, 8))
    with pytest.raises(NotPermitted):
        services.accept_dossier(world.xa_a.officer, dossier)  # another desk's dossier
    dossier = services.accept_dossier(world.sotp.officer, dossier, at=at(3, 14))
    assert dossier.accepted_at == at(3, 14)
    assert dossier.due_at == world.version.due_at(at(3, 14))
    assert world.citizen.document_notifications.filter(text__contains=dossier.code).exists()
    with pytest.raises(TransitionNotAllowed, match="Tiếp nhận hồ sơ"):
        services.accept_dossier(world.sotp.officer, dossier)


def test_completion_is_asked_once(world):
    dossier = services.submit_online(world.citizen, checked_draft(world), at=at(2, 8))
    dossier = services.request_completion(world.sotp.officer, dossier, "Bản vẽ chưa có chữ ký", at=at(2, 9))
    assert dossier.status == Status.NEEDS_COMPLETION
    assert world.citizen.document_notifications.filter(text__contains="Bản vẽ chưa có chữ ký").exists()
    paper = world.version.papers.get(key="ban_ve")
    dossier = services.resubmit(world.citizen, dossier, [PaperIn(paper, upload=scan("ban_ve.pdf"))], at=at(3))
    assert dossier.status == Status.WAITING_CHECK
    with pytest.raises(DomainError, match="chỉ được yêu cầu một lần"):
        services.request_completion(world.sotp.officer, dossier, "Thêm nữa")
    assert (
        services.refuse_intake(world.sotp.officer, dossier, "Không đủ điều kiện").status
        == Status.REFUSED_INTAKE
    )
