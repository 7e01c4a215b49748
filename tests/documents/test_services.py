import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import queries, registers, services
from documents.models import (
    IncomingStatus,
    Notification,
    OutboxMessage,
    OutgoingStatus,
    Recipient,
    Task,
    tracking_state,
)
from documents.workflow import EDXML_STATUS
from egov.errors import DomainError, NotPermitted, TransitionNotAllowed
from egov.text import fold

from .factories import Office, incoming_data, pdf_upload

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEXT_WEEK = TODAY + datetime.timedelta(days=7)


def register(office, **overrides):
    return services.register_incoming(office.clerk, office.agency, incoming_data(**overrides))


def test_arrival_numbers_are_consecutive_per_agency_and_shared_by_paper_and_electronic(office, other_office):
    a = register(office, number="1", channel="paper")
    b = register(office, number="2", channel="electronic")
    c = register(other_office, number="1")
    assert (a.arrival_number, b.arrival_number, c.arrival_number) == (1, 2, 1)
    assert a.arrival_year == TODAY.year and a.status == IncomingStatus.REGISTERED
    assert EDXML_STATUS[a.status] == "03"


def test_only_the_agency_clerk_registers(office, other_office):
    with pytest.raises(NotPermitted):
        services.register_incoming(office.specialist, office.agency, incoming_data())
    with pytest.raises(NotPermitted):
        services.register_incoming(other_office.clerk, office.agency, incoming_data())


def test_probable_duplicate_is_refused_unless_confirmed(office):
    register(office)
    with pytest.raises(DomainError) as error:
        register(office, issuing_organ="BỘ NỘI VỤ")
    assert error.value.code == "duplicate"
    confirmed = services.register_incoming(
        office.clerk, office.agency, incoming_data(), confirm_duplicate=True
    )
    assert confirmed.arrival_number == 2
    assert "xác nhận" in confirmed.events.first().label


def test_upload_must_be_a_pdf_within_the_size_limit(office, settings):
    bad = SimpleUploadedFile("x.pdf", b"GIF89a not a pdf")
    with pytest.raises(DomainError):
        services.register_incoming(office.clerk, office.agency, incoming_data(), upload=bad)
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(DomainError):
        services.register_incoming(office.clerk, office.agency, incoming_data(), upload=pdf_upload())
    assert not office.agency.incoming_documents.exists()
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    doc = services.register_incoming(
        office.clerk, office.agency, incoming_data(), upload=pdf_upload("Kế hoạch tiêm")
    )
    assert "tiem" in doc.search_text  # the text layer was extracted and folded


def test_routing_lead_coordinator_delegate_and_complete_with_timeline(office):
    doc = register(office, urgency=1)
    lead, co = services.assign(
        office.leader,
        doc,
        {"department": office.vx, "deadline": NEXT_WEEK, "instructions": "Chủ trì tham mưu"},
        [{"department": office.kt, "deadline": NEXT_WEEK, "instructions": "Phối hợp"}],
    )
    doc.refresh_from_db()
    assert doc.status == IncomingStatus.ASSIGNED and doc.due_date is None  # the tasks' deadlines are theirs
    assert (lead.role, co.role) == (Task.Role.LEAD, Task.Role.COORDINATE)
    # urgent: the department head is told at once
    assert Notification.objects.filter(user=office.head, urgent=True).exists()
    with pytest.raises(NotPermitted):
        services.delegate(office.specialist, lead, office.specialist, deadline=NEXT_WEEK)
    with pytest.raises(DomainError):
        services.delegate(office.head, lead, office.kt_specialist, deadline=NEXT_WEEK)
    with pytest.raises(DomainError):
        services.delegate(
            office.head, lead, office.specialist, deadline=NEXT_WEEK + datetime.timedelta(days=1)
        )
    child = services.delegate(office.head, lead, office.specialist, deadline=NEXT_WEEK)
    services.record_progress(office.specialist, child, "Đang dự thảo")
    with pytest.raises(NotPermitted):
        services.complete_task(office.kt_specialist, child, "xong")
    services.complete_task(office.specialist, child, "Đã tham mưu văn bản trả lời")
    doc.refresh_from_db()
    lead.refresh_from_db()
    assert lead.status == Task.Status.DONE and doc.status == IncomingStatus.DONE
    assert EDXML_STATUS[doc.status] == "06"
    actions = list(doc.events.values_list("action", flat=True))
    assert actions == ["register", "assign", "assign", "delegate", "progress", "complete", "done"]
    assert all(e.actor_id for e in doc.events.all())


def test_only_a_leader_assigns_and_one_open_lead(office):
    doc = register(office)
    with pytest.raises(NotPermitted):
        services.assign(office.clerk, doc, {"department": office.vx, "deadline": NEXT_WEEK})
    with pytest.raises(DomainError):
        services.assign(
            office.leader, doc, {"department": office.vx, "deadline": TODAY - datetime.timedelta(days=1)}
        )
    services.assign(office.leader, doc, {"department": office.vx, "deadline": NEXT_WEEK})
    with pytest.raises(DomainError):
        services.assign(office.leader, doc, {"department": office.kt, "deadline": NEXT_WEEK})


def test_returned_document_cannot_be_assigned(office):
    doc = register(office)
    services.return_incoming(office.clerk, doc, "Gửi nhầm cơ quan")
    doc.refresh_from_db()
    assert EDXML_STATUS[doc.status] == "02"
    with pytest.raises(TransitionNotAllowed):
        services.assign(office.leader, doc, {"department": office.vx, "deadline": NEXT_WEEK})


def test_visibility_is_scoped_by_agency_department_and_assignment(office, other_office):
    doc = register(office)
    assert doc in queries.incoming_visible_to(office.clerk)
    assert doc in queries.incoming_visible_to(office.leader)
    assert doc not in queries.incoming_visible_to(office.specialist)
    assert doc not in queries.incoming_visible_to(other_office.clerk)
    services.assign(office.leader, doc, {"department": office.vx, "deadline": NEXT_WEEK})
    assert doc in queries.incoming_visible_to(office.specialist)  # VX department
    assert doc not in queries.incoming_visible_to(office.kt_specialist)


def test_secret_document_is_seen_only_by_the_people_it_concerns(office):
    from egov.accounts.roles import Role

    from .factories import person

    second_clerk = person(office.agency, Role.CLERK, department=office.vp)
    doc = services.register_incoming(
        office.clerk, office.agency, incoming_data(secrecy=1), presented_to=office.leader
    )
    assert doc in queries.incoming_visible_to(office.clerk)
    assert doc in queries.incoming_visible_to(office.leader)
    assert doc not in queries.incoming_visible_to(second_clerk)
    services.assign(office.leader, doc, {"assignee": office.specialist, "deadline": NEXT_WEEK})
    assert doc in queries.incoming_visible_to(office.specialist)
    assert doc not in queries.incoming_visible_to(office.head)


def draft(office, **data):
    values = {"doc_type": "CV", "subject": "V/v triển khai tiêm chủng", "body": "Kính gửi các cơ quan."}
    values.update(data)
    return services.create_draft(office.specialist, agency=office.agency, data=values)


def approve_path(office, document):
    services.submit(office.specialist, document)
    document.refresh_from_db()
    assert document.status == OutgoingStatus.IN_REVIEW
    services.review(office.head, document)
    services.approve(office.leader, document)
    document.refresh_from_db()
    return document


def test_outgoing_review_return_approve_number_and_issue_to_portal_agencies(office, other_office):
    third = Office(name="Sở Nội vụ tỉnh Phú Thọ", short="SNV")
    register(other_office)  # the recipient already has arrival number 1
    doc = draft(office)
    services.submit(office.specialist, doc)
    with pytest.raises(NotPermitted):
        services.approve(office.head, doc)
    services.return_draft(office.head, doc, "Sửa trích yếu")
    doc.refresh_from_db()
    assert doc.status == OutgoingStatus.RETURNED
    services.update_draft(
        office.specialist, doc, data={"subject": "V/v triển khai tiêm chủng đợt 2"}, note="Sửa"
    )
    assert doc.versions.count() == 2
    for agency in (other_office.agency, third.agency):
        services.add_recipient(office.specialist, doc, kind=Recipient.Kind.AGENCY, agency=agency)
    services.add_recipient(office.specialist, doc, kind=Recipient.Kind.EXTERNAL, name="Công ty ABC")
    doc = approve_path(office, doc)
    assert doc.status == OutgoingStatus.APPROVED and doc.signing_state == "approved_unsigned"
    with pytest.raises(NotPermitted):
        services.issue(office.specialist, doc)
    doc = services.issue(office.clerk, doc)
    assert doc.code == "01/UBND-VX"
    assert doc.place_date_line.startswith("Phú Thọ, ngày ")
    assert doc.signed_file.read(5) == b"%PDF-"
    received = {r.agency_id: r.delivered for r in doc.recipients.filter(kind="agency")}
    assert received[other_office.agency.pk].arrival_number == 2
    assert received[third.agency.pk].arrival_number == 1
    assert received[third.agency.pk] in queries.incoming_visible_to(third.clerk)
    assert OutboxMessage.objects.get(document=doc).status == OutboxMessage.Status.PENDING
    with pytest.raises(TransitionNotAllowed):
        services.issue(office.clerk, doc)


def test_notation_and_separate_sequences(office):
    def issued(**data):
        d = draft(office, **data)
        services.add_recipient(office.specialist, d, kind="person", name="Ông A") if not d.is_secret else None
        if d.is_secret:
            other = Office(name=f"Cơ quan {d.pk}", short="X")
            services.add_recipient(office.specialist, d, kind="agency", agency=other.agency)
        return services.issue(office.clerk, approve_path(office, d))

    assert issued(doc_type="QĐ").code == "01/QĐ-UBND"
    assert issued(doc_type="CV").code == "02/UBND-VX"
    assert issued(doc_type="QĐ", legal_normative=True).code == f"01/{TODAY.year}/QĐ-UBND"
    assert issued(doc_type="NQ", legal_normative=True).number == 1
    assert issued(doc_type="CV", secrecy=1).number == 1  # secret documents: own sequence
    assert issued(doc_type="TB").code == "03/TB-UBND"


def test_legal_normative_types_each_have_their_own_sequence(office):
    d1 = services.issue(
        office.clerk, approve_path(office, _with_person(draft(office, doc_type="QĐ", legal_normative=True)))
    )
    d2 = services.issue(office.clerk, approve_path(office, _with_person(draft(office, doc_type="QĐ"))))
    assert (d1.sequence, d1.number, d2.sequence, d2.number) == ("qppl-QĐ", 1, "hanh-chinh", 1)


def _with_person(document):
    services.add_recipient(document.drafter, document, kind="person", name="Bà B")
    return document


def test_secret_documents_never_leave_the_portal(office):
    d = draft(office, secrecy=1)
    with pytest.raises(DomainError, match="mật"):
        services.add_recipient(office.specialist, d, kind="external", name="Công ty X")
    Recipient.objects.create(document=d, kind="external", name="Công ty X")  # even if it got in somehow
    d = approve_path(office, d)
    with pytest.raises(DomainError, match="mật"):
        services.issue(office.clerk, d)
    assert not OutboxMessage.objects.exists()


def test_recall_destroys_recipient_copies_and_freezes_the_sender(office, other_office):
    d = draft(office)
    services.add_recipient(office.specialist, d, kind="agency", agency=other_office.agency)
    d = services.issue(office.clerk, approve_path(office, d))
    copy = d.recipients.get().delivered
    services.recall(office.leader, d, "Ban hành sai thẩm quyền")
    d.refresh_from_db()
    copy.refresh_from_db()
    assert d.status == OutgoingStatus.RECALLED and d.recall_reason
    assert copy.status == IncomingStatus.RECALLED and not copy.file
    assert copy not in queries.incoming_visible_to(other_office.clerk)
    assert Notification.objects.filter(user=other_office.clerk, key=f"incoming:{copy.pk}:recalled").exists()
    with pytest.raises(DomainError):
        services.update_draft(office.specialist, d, data={"subject": "x"})


def test_correction_is_a_new_cong_van_to_the_same_recipients(office, other_office):
    d = draft(office, doc_type="QĐ")
    services.add_recipient(office.specialist, d, kind="agency", agency=other_office.agency)
    d = services.issue(office.clerk, approve_path(office, d))
    fix = services.start_correction(office.specialist, d)
    assert fix.correction_of == d and fix.doc_type == "CV" and fix.recipients.count() == 1
    fix = services.issue(office.clerk, approve_path(office, fix))
    assert d.events.filter(action="corrected").exists()


@pytest.mark.parametrize("query", ["quyet dinh", "Quyết định", "QUYET DINH", "dang ky", "đăng ký", "thi dua"])
def test_accent_insensitive_search(office, query):
    doc = register(office)
    register(office, number="99", notation="BC-STP", subject="Báo cáo tình hình", doc_type="BC")
    found = list(queries.search(queries.incoming_visible_to(office.clerk), query))
    assert found == [doc]


def test_search_filters(office):
    a = register(office, urgency=2)
    register(office, number="2", doc_type="BC", subject="Báo cáo quý")
    qs = queries.incoming_visible_to(office.clerk)
    assert list(queries.filter_incoming(qs, {"urgency": "2"})) == [a]
    assert list(queries.filter_incoming(qs, {"doc_type": "QĐ"})) == [a]
    assert list(queries.filter_incoming(qs, {"organ": "nội vụ", "q": "thi đua"})) == [a]


def test_fold():
    assert fold("Quyết định ĐĂNG KÝ Ưu") == "quyet dinh dang ky uu"


def test_register_exports_open_and_match_the_period(office):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    a = register(office)
    b = register(office, number="2", subject="Công văn về đăng ký", doc_type="CV", notation="UBND-VX")
    services.assign(office.leader, a, {"department": office.vx, "deadline": NEXT_WEEK})
    sheet = load_workbook(io.BytesIO(registers.to_xlsx("den", office.agency, TODAY, TODAY).read())).active
    numbers = [row[1] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert numbers == [a.arrival_number, b.arrival_number]
    assert [c.value for c in sheet[4]] == registers.INCOMING_COLUMNS
    empty = load_workbook(
        registers.to_xlsx(
            "den", office.agency, TODAY - datetime.timedelta(days=9), TODAY - datetime.timedelta(days=8)
        )
    ).active
    assert empty.max_row == 4
    pdf = PdfReader(io.BytesIO(registers.to_pdf("giai-quyet", office.agency, TODAY, TODAY)))
    text = pdf.pages[0].extract_text()
    assert "SỔ THEO DÕI GIẢI QUYẾT" in text and "Phòng Văn hóa" in text
    width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
    assert width > height  # A4 landscape
    d = services.issue(office.clerk, approve_path(office, _with_person(draft(office))))
    out = load_workbook(io.BytesIO(registers.to_xlsx("di", office.agency, TODAY, TODAY).read())).active
    assert [row[0] for row in out.iter_rows(min_row=5, values_only=True)] == [d.code]


def test_tracking_states():
    deadline = datetime.date(2026, 3, 10)
    at = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))  # noqa: E731
    assert tracking_state("open", deadline, None, today=datetime.date(2026, 3, 10)) == "on_time"
    assert tracking_state("open", deadline, None, today=datetime.date(2026, 3, 11)) == "overdue"
    assert tracking_state("done", deadline, at(datetime.date(2026, 3, 10))) == "done_on_time"
    assert tracking_state("done", deadline, at(datetime.date(2026, 3, 11))) == "done_late"


def test_reminders_and_digest_are_idempotent(office, mailoutbox, django_capture_on_commit_callbacks):
    doc = register(office)
    task = services.assign(office.leader, doc, {"assignee": office.specialist, "deadline": NEXT_WEEK})[0]
    Task.objects.filter(pk=task.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_deadline_reminders() == 1
    assert services.send_deadline_reminders() == 0
    assert Notification.objects.filter(user=office.specialist, key=f"task:{task.pk}:overdue").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_leader_digests() == 1
    assert services.send_leader_digests() == 0
    assert any("quá hạn" in m.body.lower() for m in mailoutbox)


def test_standalone_task_to_a_lower_agency_with_working_day_deadline(office):
    commune = Office(name="UBND xã Hy Cương", short="UBND", parent=office.agency)
    task = services.create_task(
        office.leader, agency=commune.agency, title="Báo cáo số liệu", working_days=3, department=commune.vp
    )
    from egov.workdays.clock import add_working_days

    assert task.assigning_agency == office.agency and task.deadline == add_working_days(TODAY, 3)
    with pytest.raises(NotPermitted):
        services.create_task(
            commune.leader, agency=office.agency, title="x", working_days=1, department=office.vp
        )


def test_work_files_hold_documents_without_copying_and_warn_before_archive(office):
    doc = register(office)
    f1 = services.create_work_file(
        office.clerk,
        agency=office.agency,
        notation="01.VP",
        title="Hồ sơ thi đua",
        end_date=TODAY - datetime.timedelta(days=340),
    )
    f2 = services.create_work_file(office.clerk, agency=office.agency, notation="02.VX", title="Hồ sơ khác")
    assert services.add_to_work_file(office.clerk, f1, doc).ordinal == 1
    assert services.add_to_work_file(office.clerk, f2, doc).ordinal == 1
    with pytest.raises(DomainError):
        services.add_to_work_file(office.clerk, f1, doc)
    assert set(doc.work_files.all()) == {f1, f2}
    assert list(services.work_files_due_for_archive(office.agency)) == [f1]


def test_the_leader_approves_only_the_version_they_were_shown(office):
    document = draft(office)
    document = services.update_draft(office.specialist, document, data={"body": "Kính gửi các phòng."})
    services.submit(office.specialist, document)
    services.review(office.head, document)
    with pytest.raises(DomainError, match="xem lại bản sẽ ký"):
        services.approve(office.leader, document, shown_version=1)
    document.refresh_from_db()
    assert document.status == OutgoingStatus.PENDING_APPROVAL and document.approver is None
    services.approve(office.leader, document, shown_version=2)
    document.refresh_from_db()
    assert document.status == OutgoingStatus.APPROVED
