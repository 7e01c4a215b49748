"""Staff pages: each renders for the right person, refuses others, and its actions go through the services."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from documents import services
from documents.models import (
    IncomingDocument,
    IncomingStatus,
    Notification,
    OutgoingDocument,
    OutgoingStatus,
    Recipient,
    Task,
)
from egov.accounts.roles import Role
from egov.once import new_form_token
from tests.factories import UserFactory

from .factories import Office, incoming_data, pdf_upload

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def _register(office, **overrides):
    data = incoming_data(**overrides)
    return services.register_incoming(office.clerk, office.agency, data, upload=pdf_upload())


def _text(response):
    return response.content.decode()


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- access ---------------------------------------------------------------------------------------------
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("documents:inbox"))
    assert response.status_code == 302
    assert "/tai-khoan/dang-nhap/" in response["Location"]


def test_citizen_is_refused(login, make_user):
    citizen = make_user(Role.CITIZEN)
    client = login(citizen)
    for name in (
        "documents:inbox",
        "documents:incoming-list",
        "documents:outgoing-list",
        "documents:tracking",
    ):
        assert client.get(reverse(name)).status_code == 403


def test_leader_without_second_factor_is_redirected(office):
    client = Client()
    client.force_login(office.leader)
    response = client.get(reverse("documents:inbox"))
    assert response.status_code == 302
    assert "/tai-khoan/" in response["Location"]


def test_other_agency_cannot_open_a_document(office, other_office, login):
    document = _register(office)
    client = login(other_office.clerk)
    assert client.get(reverse("documents:incoming-detail", args=[document.pk])).status_code == 404
    assert client.get(reverse("documents:incoming-file", args=[document.pk])).status_code == 404
    assert document.subject not in _text(client.get(reverse("documents:incoming-list")))


# --- inbox, badge, notifications ------------------------------------------------------------------------
def test_inbox_and_badge_show_what_waits(office, login):
    document = _register(office, urgency=2, subject="Về việc phòng chống bão khẩn")
    leader = login(office.leader)
    response = leader.get(reverse("documents:inbox"))
    assert response.status_code == 200
    assert "Về việc phòng chống bão khẩn" in _text(response)
    badge = leader.get(reverse("documents:badge"))
    assert badge.status_code == 200
    assert 'class="badge badge-red"' in _text(badge)
    services.assign(
        office.leader, document, {"assignee": office.specialist, "department": office.vx, "deadline": TODAY()}
    )
    specialist = login(office.specialist)
    page = _text(specialist.get(reverse("documents:inbox")))
    assert "Về việc phòng chống bão khẩn" in page


def test_inbox_offers_only_the_actions_of_the_role(office, login):
    register, draft = reverse("documents:incoming-register"), reverse("documents:outgoing-create")
    clerk_page = _text(login(office.clerk).get(reverse("documents:inbox")))
    assert register in clerk_page and draft not in clerk_page
    leader_page = _text(login(office.leader).get(reverse("documents:inbox")))
    assert register not in leader_page and draft in leader_page
    specialist_page = _text(login(office.specialist).get(reverse("documents:inbox")))
    assert register not in specialist_page and draft in specialist_page


def test_notifications_page_and_mark_read(office, login):
    _register(office, urgency=2)
    assert Notification.objects.filter(user=office.leader, read_at__isnull=True).exists()
    client = login(office.leader)
    response = client.get(reverse("documents:notifications"))
    assert response.status_code == 200
    assert client.post(reverse("documents:notifications")).status_code == 302
    assert not Notification.objects.filter(user=office.leader, read_at__isnull=True).exists()


# --- incoming -------------------------------------------------------------------------------------------
def test_incoming_list_filters_and_search(office, login):
    _register(office, subject="Quyết định về việc đăng ký thi đua", doc_type="QĐ", urgency=0)
    _register(office, subject="Công văn về phòng cháy", doc_type="CV", number="9", notation="CV-X", urgency=1)
    client = login(office.clerk)
    url = reverse("documents:incoming-list")
    page = _text(client.get(url))
    assert "Quyết định về việc đăng ký thi đua" in page and "Công văn về phòng cháy" in page
    # Both scans say "đăng ký" (the PDF text is searched too); only one subject says "phòng cháy".
    found = _text(client.get(url, {"q": "phong chay"}))
    assert "Công văn về phòng cháy" in found and "đăng ký thi đua" not in found
    by_type = _text(client.get(url, {"doc_type": "CV"}))
    assert "Công văn về phòng cháy" in by_type and "đăng ký thi đua" not in by_type
    urgent = _text(client.get(url, {"urgency": "1", "status": "registered"}))
    assert "Công văn về phòng cháy" in urgent and "đăng ký thi đua" not in urgent
    # a row of another day and another organ, so each filter has something to leave out
    older = _register(
        office, subject="Báo cáo cũ về y tế", number="7", notation="BC-SYT", issuing_organ="Sở Y tế"
    )
    IncomingDocument.objects.filter(pk=older.pk).update(
        arrived_at=timezone.now() - datetime.timedelta(days=10)
    )
    today = f"{TODAY():%d/%m/%Y}"
    dated = _text(client.get(url, {"date_from": today, "date_to": today}))
    assert "đăng ký thi đua" in dated and "Báo cáo cũ về y tế" not in dated
    before = _text(client.get(url, {"date_to": f"{TODAY() - datetime.timedelta(days=5):%d/%m/%Y}"}))
    assert "Báo cáo cũ về y tế" in before and "đăng ký thi đua" not in before
    by_organ = _text(client.get(url, {"organ": "Y tế"}))
    assert "Báo cáo cũ về y tế" in by_organ and "đăng ký thi đua" not in by_organ
    by_other_organ = _text(client.get(url, {"organ": "Nội vụ"}))
    assert "đăng ký thi đua" in by_other_organ and "Báo cáo cũ về y tế" not in by_other_organ


def test_incoming_list_bad_filter_is_not_a_500(office, login):
    client = login(office.clerk)
    bad = {"urgency": "abc", "date_from": "xx", "date_to": "31/02/2026", "assignee": "x", "page": "zz"}
    assert client.get(reverse("documents:incoming-list"), bad).status_code == 200
    assert client.get(reverse("documents:outgoing-list"), bad).status_code == 200


def _form(**overrides):
    data = incoming_data(**overrides)
    data["issued_date"] = data["issued_date"].isoformat()
    data["form_token"] = new_form_token()
    return data


def test_register_form_renders_for_clerk_only(office, login):
    url = reverse("documents:incoming-register")
    assert login(office.clerk).get(url).status_code == 200
    response = login(office.specialist).get(url)
    assert response.status_code == 302


def test_register_form_registers_then_warns_of_a_duplicate(office, login):
    client = login(office.clerk)
    url = reverse("documents:incoming-register")
    response = client.post(url, {**_form(), "file": pdf_upload()})
    first = IncomingDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:incoming-detail", args=[first.pk])
    again = client.post(url, {**_form(), "file": pdf_upload()})
    assert again.status_code == 200
    assert IncomingDocument.objects.count() == 1
    page = _text(again)
    assert "Có thể trùng" in page
    assert "confirm_duplicate" in page
    confirmed = client.post(url, {**_form(), "file": pdf_upload(), "confirm_duplicate": "on"})
    assert confirmed.status_code == 302
    assert list(IncomingDocument.objects.values_list("arrival_number", flat=True).order_by("pk")) == [1, 2]


def test_register_form_refuses_a_bad_upload_and_writes_nothing(office, login):
    client = login(office.clerk)
    bad = SimpleUploadedFile("vb.pdf", b"this is not a pdf", content_type="application/pdf")
    response = client.post(reverse("documents:incoming-register"), {**_form(), "file": bad})
    assert response.status_code == 200
    assert "PDF" in " ".join(_messages(response)) + _text(response)
    assert IncomingDocument.objects.count() == 0


def test_register_form_invalid_fields_show_errors(office, login):
    client = login(office.clerk)
    response = client.post(reverse("documents:incoming-register"), {"doc_type": "QĐ"})
    assert response.status_code == 200
    assert IncomingDocument.objects.count() == 0


def test_incoming_detail_timeline_viewer_and_assign(office, login):
    document = _register(office)
    client = login(office.leader)
    url = reverse("documents:incoming-detail", args=[document.pk])
    page = _text(client.get(url))
    assert "Vào sổ văn bản đến, số đến 1" in page
    assert reverse("documents:incoming-file", args=[document.pk]) in page
    assert "lead_department" in page
    pdf = client.get(reverse("documents:incoming-file", args=[document.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    deadline = (TODAY() + datetime.timedelta(days=5)).isoformat()
    response = client.post(
        reverse("documents:incoming-assign", args=[document.pk]),
        {
            "lead_department": office.vx.pk,
            "lead_assignee": office.specialist.pk,
            "lead_deadline": deadline,
            "lead_instructions": "Chủ trì tham mưu",
            "co_departments": [office.kt.pk],
            "co_deadline": deadline,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == IncomingStatus.ASSIGNED
    assert sorted(document.tasks.values_list("role", flat=True)) == sorted(
        [Task.Role.LEAD, Task.Role.COORDINATE]
    )
    page = _text(client.get(url))
    assert "Chủ trì tham mưu" in page


def test_assign_refused_for_a_specialist(office, login):
    document = _register(office)
    client = login(office.specialist)
    # The specialist cannot even see a document not assigned to them.
    response = client.post(
        reverse("documents:incoming-assign", args=[document.pk]),
        {"lead_assignee": office.specialist.pk, "lead_deadline": TODAY().isoformat()},
    )
    assert response.status_code == 404
    assert not document.tasks.exists()


def test_assign_with_a_past_deadline_shows_the_reason(office, login):
    document = _register(office)
    client = login(office.leader)
    response = client.post(
        reverse("documents:incoming-assign", args=[document.pk]),
        {"lead_department": office.vx.pk, "lead_deadline": "2020-01-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Hạn xử lý không được trước ngày hôm nay." in _messages(response)
    assert not document.tasks.exists()


def test_delegate_progress_complete_from_the_page(office, login):
    document = _register(office)
    deadline = TODAY() + datetime.timedelta(days=5)
    (lead,) = services.assign(office.leader, document, {"department": office.vx, "deadline": deadline})
    head = login(office.head)
    page = _text(head.get(reverse("documents:incoming-detail", args=[document.pk])))
    assert f"d{lead.pk}-assignee" in page
    response = head.post(
        reverse("documents:task-action", args=[lead.pk, "delegate"]),
        {f"d{lead.pk}-assignee": office.specialist.pk, f"d{lead.pk}-deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    child = Task.objects.get(parent=lead)
    assert child.assignee == office.specialist
    specialist = login(office.specialist)
    page = _text(specialist.get(reverse("documents:incoming-detail", args=[document.pk])))
    assert f"p{child.pk}-text" in page
    specialist.post(
        reverse("documents:task-action", args=[child.pk, "progress"]), {f"p{child.pk}-text": "Đang tổng hợp"}
    )
    document.refresh_from_db()
    assert document.status == IncomingStatus.PROCESSING
    specialist.post(
        reverse("documents:task-action", args=[child.pk, "complete"]), {f"c{child.pk}-result": "Đã báo cáo"}
    )
    child.refresh_from_db()
    assert child.status == Task.Status.DONE
    timeline = _text(specialist.get(reverse("documents:incoming-detail", args=[document.pk])))
    assert "Đang tổng hợp" in timeline
    assert specialist.get(reverse("documents:task-detail", args=[child.pk])).status_code == 200


def test_task_action_unknown_is_404(office, login):
    document = _register(office)
    (lead,) = services.assign(
        office.leader, document, {"assignee": office.specialist, "deadline": TODAY() + datetime.timedelta(1)}
    )
    client = login(office.specialist)
    assert client.post(reverse("documents:task-action", args=[lead.pk, "nonsense"])).status_code == 404
    assert client.get(reverse("documents:task-action", args=[lead.pk, "progress"])).status_code == 405


def test_return_incoming_from_the_page(office, login):
    document = _register(office)
    client = login(office.clerk)
    client.post(reverse("documents:incoming-return", args=[document.pk]), {"reason": "Gửi nhầm cơ quan"})
    document.refresh_from_db()
    assert document.status == IncomingStatus.RETURNED


# --- outgoing -------------------------------------------------------------------------------------------
def _draft(office, **data):
    fields = {"doc_type": "CV", "subject": "Về việc triển khai chuyển đổi số", "body": "Nội dung"}
    fields.update(data)
    return services.create_draft(office.specialist, agency=office.agency, department=office.vx, data=fields)


def test_outgoing_list_and_draft_form(office, login):
    client = login(office.specialist)
    assert client.get(reverse("documents:outgoing-list")).status_code == 200
    url = reverse("documents:outgoing-create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "form_token": new_form_token(),
            "doc_type": "CV",
            "subject": "Về việc tổ chức hội nghị",
            "body": "Kính gửi",
            "urgency": 0,
            "secrecy": 0,
            "copies": 1,
        },
    )
    document = OutgoingDocument.objects.get()
    assert response["Location"] == reverse("documents:outgoing-detail", args=[document.pk])
    assert document.drafter == office.specialist
    listed = _text(client.get(reverse("documents:outgoing-list"), {"q": "to chuc hoi nghi"}))
    assert "Về việc tổ chức hội nghị" in listed


def test_draft_form_without_content_writes_nothing(office, login):
    client = login(office.specialist)
    response = client.post(
        reverse("documents:outgoing-create"),
        {
            "form_token": new_form_token(),
            **{"doc_type": "CV", "subject": "Trống", "urgency": 0, "secrecy": 0, "copies": 1},
        },
    )
    assert response.status_code == 200
    assert "Hãy tải lên tệp dự thảo hoặc nhập nội dung." in _messages(response)
    assert not OutgoingDocument.objects.exists()


def test_outgoing_route_through_the_pages(office, other_office, login):
    third = Office(name="Sở Xây dựng tỉnh Phú Thọ", short="SXD")
    document = _draft(office)
    specialist, head, leader, clerk = (
        login(u) for u in (office.specialist, office.head, office.leader, office.clerk)
    )
    detail = reverse("documents:outgoing-detail", args=[document.pk])

    def act(client, action, **data):
        return client.post(
            reverse("documents:outgoing-action", args=[document.pk, action]), data, follow=True
        )

    assert specialist.get(detail).status_code == 200
    for agency in (other_office.agency, third.agency):
        act(specialist, "recipient", kind=Recipient.Kind.AGENCY, agency=agency.pk)
    assert document.recipients.count() == 2
    act(
        specialist,
        "edit",
        doc_type="CV",
        subject="Về việc triển khai chuyển đổi số (sửa)",
        body="Mới",
        urgency=0,
        secrecy=0,
        copies=1,
        note="Sửa câu chữ",
    )
    assert document.versions.count() == 2
    act(specialist, "submit", reason="Kính trình")
    document.refresh_from_db()
    assert document.status == OutgoingStatus.IN_REVIEW
    assert "review" in _text(head.get(detail))
    returned = act(head, "return", reason="Bổ sung số liệu")
    assert "Đã trả lại để sửa." in _messages(returned)
    document.refresh_from_db()
    assert document.status == OutgoingStatus.RETURNED
    assert "Bổ sung số liệu" in _text(specialist.get(detail))
    act(specialist, "submit")
    act(head, "review", reason="Đồng ý")
    document.refresh_from_db()
    assert document.status == OutgoingStatus.PENDING_APPROVAL
    # The clerk may not approve.
    refused = act(clerk, "approve")
    document.refresh_from_db()
    assert document.status == OutgoingStatus.PENDING_APPROVAL
    assert _messages(refused)
    act(leader, "approve", reason="Ban hành", version=document.versions.latest("number").number)
    document.refresh_from_db()
    assert document.status == OutgoingStatus.APPROVED
    issued = act(clerk, "issue")
    document.refresh_from_db()
    assert document.status == OutgoingStatus.ISSUED
    assert "Số, ký hiệu: 01/UBND-VX" in _messages(issued)
    pdf = clerk.get(reverse("documents:outgoing-file", args=[document.pk]))
    assert pdf.status_code == 200 and pdf["X-Frame-Options"] == "SAMEORIGIN"
    copies = IncomingDocument.objects.filter(source_outgoing=document)
    assert {c.agency_id for c in copies} == {other_office.agency.pk, third.agency.pk}
    other_clerk = login(other_office.clerk)
    assert document.subject in _text(other_clerk.get(reverse("documents:incoming-list")))
    act(leader, "recall", reason="Ban hành nhầm")
    document.refresh_from_db()
    assert document.status == OutgoingStatus.RECALLED
    assert document.subject not in _text(other_clerk.get(reverse("documents:incoming-list")))
    assert "Ban hành nhầm" in _text(clerk.get(detail))


def test_outgoing_unknown_action_is_404_and_strangers_get_404(office, other_office, login):
    document = _draft(office)
    assert (
        login(office.specialist)
        .post(reverse("documents:outgoing-action", args=[document.pk, "nonsense"]))
        .status_code
        == 404
    )
    stranger = login(other_office.clerk)
    assert stranger.get(reverse("documents:outgoing-detail", args=[document.pk])).status_code == 404


def test_draft_file_download(office, login):
    upload = pdf_upload("Dự thảo công văn")
    document = services.create_draft(
        office.specialist,
        agency=office.agency,
        department=office.vx,
        data={"doc_type": "CV", "subject": "Có tệp"},
        upload=upload,
    )
    response = login(office.specialist).get(reverse("documents:outgoing-draft-file", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (
        login(office.specialist).get(reverse("documents:outgoing-file", args=[document.pk])).status_code
        == 404
    )


# --- tracking, registers --------------------------------------------------------------------------------
def test_tracking_page_and_standalone_task(office, other_office, login):
    document = _register(office)
    services.assign(
        office.leader, document, {"assignee": office.specialist, "deadline": TODAY() + datetime.timedelta(3)}
    )
    client = login(office.leader)
    response = client.get(reverse("documents:tracking"))
    assert response.status_code == 200
    assert document.subject in _text(response)
    assert client.get(reverse("documents:tracking"), {"state": "open_late"}).status_code == 200
    created = client.post(
        reverse("documents:tracking"),
        {
            "form_token": new_form_token(),
            "title": "Báo cáo tình hình giải ngân",
            "agency": office.agency.pk,
            "department": office.kt.pk,
            "working_days": 5,
        },
        follow=True,
    )
    assert created.status_code == 200
    assert Task.objects.filter(title="Báo cáo tình hình giải ngân").exists()
    assert login(office.specialist).get(reverse("documents:tracking")).status_code == 200


def test_register_exports_download(office, login):
    _register(office)
    client = login(office.clerk)
    url = reverse("documents:registers")
    assert client.get(url).status_code == 200
    period = {"date_from": str(TODAY() - datetime.timedelta(days=1)), "date_to": str(TODAY())}
    xlsx = client.get(url, {"kind": "den", "fmt": "xlsx", **period})
    assert xlsx.status_code == 200
    assert "attachment" in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))  # streamed from a file
    values = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert any("đăng ký thi đua" in str(v) for v in values)
    pdf = client.get(url, {"kind": "giai-quyet", "fmt": "pdf", **period})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) >= 1
    outgoing = client.get(url, {"kind": "di", "fmt": "xlsx", **period})
    assert outgoing.status_code == 200
    reversed_period = client.get(
        url, {"kind": "den", "fmt": "pdf", "date_from": str(TODAY()), "date_to": "2020-01-01"}
    )
    assert reversed_period.status_code == 200
    assert "Từ ngày phải trước đến ngày." in _messages(reversed_period)


def test_register_export_refused_to_a_specialist(office, login):
    client = login(office.specialist)
    response = client.get(
        reverse("documents:registers"),
        {"kind": "den", "fmt": "xlsx", "date_from": str(TODAY()), "date_to": str(TODAY())},
    )
    assert response.status_code == 200
    assert "Chỉ văn thư hoặc lãnh đạo cơ quan được in sổ." in _messages(response)


def test_overdue_is_flagged_in_the_list(office, login):
    document = _register(office, due_date=TODAY() - datetime.timedelta(days=2))
    IncomingDocument.objects.filter(pk=document.pk).update(arrived_at=timezone.now())
    page = _text(login(office.clerk).get(reverse("documents:incoming-list")))
    assert "Quá hạn" in page or "quá hạn" in page


def test_user_without_agency_cannot_draft(login):
    user = UserFactory()
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get_or_create(name=Role.SPECIALIST.value)[0])
    client = login(user)
    response = client.get(reverse("documents:outgoing-create"), follow=True)
    assert "Tài khoản chưa được gán vào cơ quan nào." in _messages(response)


def test_incoming_list_folds_its_filters_until_one_is_used(office, login):
    client = login(office.clerk)
    plain = _text(client.get(reverse("documents:incoming-list")))
    assert '<details class="filters">' in plain and 'type="search" id="q"' in plain
    filtered = _text(client.get(reverse("documents:incoming-list") + "?urgency=2"))
    assert '<details class="filters" open>' in filtered
