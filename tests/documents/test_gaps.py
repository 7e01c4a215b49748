"""Audit of issue #4: electronic arrival (edXML 01) before registration, draft comments and appendices,
inbox scopes and header counts, work-file pages, and the API for the same actions."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import queries, registers, services
from documents.models import (
    Event,
    IncomingDocument,
    IncomingStatus,
    Notification,
    OutgoingStatus,
    Task,
    WorkFile,
    WorkFileItem,
)
from egov.errors import DomainError, NotPermitted
from egov.once import new_form_token

from .factories import Office, incoming_data, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today
API = "/api/v1/van-ban"


def _draft(office, **data):
    fields = {"doc_type": "CV", "subject": "Về việc triển khai chuyển đổi số", "body": "Nội dung"}
    fields.update(data)
    return services.create_draft(office.specialist, agency=office.agency, department=office.vx, data=fields)


def _issued(office):
    document = _draft(office)
    services.add_recipient(office.specialist, document, kind="person", name="Ông A")
    services.submit(office.specialist, document)
    services.review(office.head, document)
    services.approve(office.leader, document)
    return services.issue(office.clerk, document)


# --- edXML 01: arrived, then registered (03) or returned (02) --------------------------------------------
def test_electronic_arrival_waits_without_a_number_then_shares_the_paper_sequence(office):
    paper = services.register_incoming(office.clerk, office.agency, incoming_data(number="1"))
    arrived = services.receive_electronic(office.agency, incoming_data(number="2"), pdf_bytes("Đăng ký"))
    assert (arrived.status, arrived.arrival_number, arrived.edxml_status) == ("arrived", None, "01")
    assert "dang ky" in arrived.search_text
    assert arrived in queries.arrived_waiting(office.clerk)
    assert Notification.objects.filter(user=office.clerk, key=f"incoming:{arrived.pk}:arrived-electronic")
    # only the clerk registers it
    with pytest.raises(NotPermitted):
        services.register_arrived(office.specialist, arrived)
    registered = services.register_arrived(office.clerk, arrived)
    assert (registered.arrival_number, registered.edxml_status) == (paper.arrival_number + 1, "03")
    assert registered.events.filter(action="register").exists()
    with pytest.raises(DomainError):  # not twice
        services.register_arrived(office.clerk, registered)
    # the register lists it; a returned arrival leaves no gap
    returned = services.receive_electronic(office.agency, incoming_data(number="3"))
    returned = services.return_incoming(office.clerk, returned, "Sai cơ quan nhận")
    assert (returned.arrival_number, returned.edxml_status) == (None, "02")
    next_paper = services.register_incoming(office.clerk, office.agency, incoming_data(number="4"))
    assert next_paper.arrival_number == registered.arrival_number + 1
    _columns, lines = registers.rows("den", office.agency, TODAY(), TODAY())
    assert [line[1] for line in lines] == [1, 2, 3]  # a generator: read once


def test_arrival_duplicate_warning_and_bad_input(office):
    services.register_incoming(office.clerk, office.agency, incoming_data())
    twin = services.receive_electronic(office.agency, incoming_data())
    with pytest.raises(DomainError) as error:
        services.register_arrived(office.clerk, twin)
    assert error.value.code == "duplicate"
    assert services.register_arrived(office.clerk, twin, confirm_duplicate=True).arrival_number == 2
    with pytest.raises(DomainError):
        services.receive_electronic(office.agency, incoming_data(subject=""))
    with pytest.raises(DomainError):
        services.receive_electronic(office.agency, incoming_data(), b"not a pdf")
    assert IncomingDocument.objects.filter(agency=office.agency).count() == 2


def test_register_arrived_from_the_page_and_the_api(office, login):
    arrived = services.receive_electronic(office.agency, incoming_data())
    client = login(office.clerk)
    page = client.get(reverse("documents:incoming-detail", args=[arrived.pk]))
    assert "register-arrived-form" in page.content.decode()
    assert "chờ vào sổ" in client.get(reverse("documents:inbox")).content.decode()
    client.post(reverse("documents:incoming-register-arrived", args=[arrived.pk]))
    arrived.refresh_from_db()
    assert (arrived.status, arrived.arrival_number) == (IncomingStatus.REGISTERED, 1)
    other = services.receive_electronic(office.agency, incoming_data(number="99"))
    api = login(office.clerk, api=True)
    answer = api.post(f"{API}/den/{other.pk}/vao-so/", {}, format="json")
    assert answer.status_code == 200, answer.content
    assert (answer.json()["arrival_number"], answer.json()["edxml_status"]) == (2, "03")
    assert api.post(f"{API}/den/{other.pk}/vao-so/", {}, format="json").status_code == 409


# --- outgoing comments and appendices ---------------------------------------------------------------------
def test_comments_are_kept_in_the_timeline_and_notify_the_drafter(office):
    document = _draft(office)
    services.submit(office.specialist, document)
    event = services.comment_outgoing(office.head, document, "Sửa lại đoạn 2")
    assert (event.action, event.comment, event.outgoing_id) == ("comment", "Sửa lại đoạn 2", document.pk)
    assert Notification.objects.filter(user=office.specialist, key__contains=":comment:").count() == 1
    with pytest.raises(DomainError):
        services.comment_outgoing(office.head, document, "  ")
    with pytest.raises(NotPermitted):  # a specialist of another department may not see it
        services.comment_outgoing(office.kt_specialist, document, "Ý kiến")
    issued = _issued(office)
    with pytest.raises(DomainError):
        services.comment_outgoing(office.leader, issued, "Muộn rồi")


def test_appendix_comment_and_work_file_from_the_pages(office, login):
    document = _draft(office)
    client = login(office.specialist)
    url = lambda action: reverse("documents:outgoing-action", args=[document.pk, action])  # noqa: E731
    client.post(url("appendix"), {"appendix_title": "Phụ lục I", "appendix_file": pdf_upload()})
    appendix = document.appendices.get()
    file = client.get(reverse("documents:appendix-file", args=[document.pk, appendix.pk]))
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    bad = SimpleUploadedFile("x.pdf", b"hello", content_type="application/pdf")
    response = client.post(
        url("appendix"), {"appendix_title": "Phụ lục II", "appendix_file": bad}, follow=True
    )
    assert document.appendices.count() == 1 and response.status_code == 200
    assert client.post(url("appendix"), {"appendix_title": "Không tệp"}).status_code == 302
    client.post(url("comment"), {"comment": "Đã sửa theo góp ý"})
    assert Event.objects.filter(outgoing=document, action="comment").count() == 1
    detail = client.get(reverse("documents:outgoing-detail", args=[document.pk])).content.decode()
    assert "Phụ lục I" in detail and "Đã sửa theo góp ý" in detail and "comment-form" in detail


# --- inbox scopes and header counts ----------------------------------------------------------------------
def test_inbox_mine_department_and_all(office, login):
    document = services.register_incoming(
        office.clerk, office.agency, incoming_data(subject="Việc của đồng nghiệp")
    )
    services.assign(
        office.leader, document, {"department": office.vx, "assignee": office.head, "deadline": TODAY()}
    )
    mine = login(office.specialist)
    assert "Việc của đồng nghiệp" not in mine.get(reverse("documents:inbox")).content.decode()
    department = mine.get(reverse("documents:inbox") + "?scope=department").content.decode()
    assert "Việc của đồng nghiệp" in department
    assert "Việc của đồng nghiệp" in mine.get(reverse("documents:inbox") + "?scope=all").content.decode()
    other = login(office.kt_specialist)
    assert (
        "Việc của đồng nghiệp"
        not in other.get(reverse("documents:inbox") + "?scope=department").content.decode()
    )
    assert other.get(reverse("documents:inbox") + "?scope=<script>").status_code == 200
    leader = login(office.leader)
    unassigned = services.register_incoming(
        office.clerk, office.agency, incoming_data(number="77", subject="Chưa phân công")
    )
    page = leader.get(reverse("documents:inbox") + "?scope=all").content.decode()
    assert "Chưa phân công" in page and str(unassigned.pk) in page
    # the count of waiting items sits in the staff menu of every documents page
    for name in (
        "documents:inbox",
        "documents:incoming-list",
        "documents:outgoing-list",
        "documents:work-files",
    ):
        assert reverse("documents:badge") in leader.get(reverse(name)).content.decode()
    assert ">1<" in leader.get(reverse("documents:badge")).content.decode()


def test_incoming_list_filters_by_assignee_and_overdue(office, login):
    a = services.register_incoming(office.clerk, office.agency, incoming_data(number="1", subject="Giao A"))
    services.register_incoming(office.clerk, office.agency, incoming_data(number="2", subject="Không giao"))
    services.assign(office.leader, a, {"assignee": office.specialist, "deadline": TODAY()})
    client = login(office.clerk)
    page = client.get(reverse("documents:incoming-list"), {"assignee": office.specialist.pk}).content.decode()
    assert "Giao A" in page and "Không giao" not in page
    assert f'value="{office.specialist.pk}" selected' in page
    IncomingDocument.objects.filter(pk=a.pk).update(due_date=TODAY() - datetime.timedelta(days=3))
    page = client.get(reverse("documents:incoming-list"), {"overdue": "1", "urgency": "x"}).content.decode()
    assert "Giao A" in page and "Không giao" not in page
    # the row itself carries the overdue mark (the filter's own label says "Quá hạn" too)
    row = re.search(r"<tr[^>]*>((?:(?!</tr>).)*Giao A(?:(?!</tr>).)*)</tr>", page, re.S)
    assert row is not None and "Quá hạn" in row.group(1)


# --- work files ----------------------------------------------------------------------------------------
def test_work_file_pages_hold_one_document_in_two_files_and_warn_before_archive(office, login):
    document = services.register_incoming(office.clerk, office.agency, incoming_data())
    client = login(office.clerk)
    url = reverse("documents:work-files")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "form_token": new_form_token(),
            "notation": "01.VP",
            "title": "Hồ sơ thi đua năm nay",
            "maintenance": "10 năm",
            "archive_due": (TODAY() + datetime.timedelta(days=10)).isoformat(),
        },
    )
    first = WorkFile.objects.get(notation="01.VP")
    assert response.status_code == 302
    client.post(
        url,
        {
            "form_token": new_form_token(),
            "notation": "02.VP",
            "title": "Hồ sơ tổng hợp",
            "maintenance": "Vĩnh viễn",
        },
    )
    second = WorkFile.objects.get(notation="02.VP")
    bad = client.post(
        url,
        {
            "form_token": new_form_token(),
            "notation": "03",
            "title": "X",
            "maintenance": "5 năm",
            "start_date": "2026-05-02",
            "end_date": "2026-05-01",
        },
    )
    assert bad.status_code == 200 and not WorkFile.objects.filter(notation="03").exists()
    dup = client.post(url, {"notation": "01.VP", "title": "Trùng", "maintenance": "5 năm"})
    assert dup.status_code == 200 and WorkFile.objects.filter(notation="01.VP").count() == 1
    add = reverse("documents:work-file-add")
    for work_file in (first, second):
        client.post(add, {"kind": "incoming", "document": document.pk, "work_file": work_file.pk})
    client.post(add, {"kind": "incoming", "document": document.pk, "work_file": first.pk})  # refused: twice
    assert WorkFileItem.objects.filter(incoming=document).count() == 2
    assert IncomingDocument.objects.count() == 1  # without copying
    assert client.post(add, {"kind": "weird", "document": "1", "work_file": "1"}).status_code == 404
    assert client.post(add, {"kind": "incoming", "document": "x", "work_file": ""}).status_code == 404
    listing = client.get(url).content.decode()
    assert "Sắp đến hạn nộp lưu" in listing and first.file_code in listing
    detail = client.get(reverse("documents:work-file", args=[first.pk])).content.decode()
    assert document.subject in detail
    assert (
        first.file_code
        in client.get(reverse("documents:incoming-detail", args=[document.pk])).content.decode()
    )
    stranger = Office(name="Sở Tài chính", short="STC")
    assert login(stranger.clerk).get(reverse("documents:work-file", args=[first.pk])).status_code == 404


# --- API: the same actions ------------------------------------------------------------------------------
def test_api_comment_appendix_version_correction_task_and_notifications(office, login):
    document = _draft(office)
    api = login(office.specialist, api=True)
    answer = api.post(f"{API}/di/{document.pk}/phu-luc/", {"title": "Phụ lục", "file": pdf_upload()})
    assert answer.status_code == 201, answer.content
    answer = api.post(
        f"{API}/di/{document.pk}/phien-ban/", {"subject": "V/v mới", "note": "Sửa"}, format="json"
    )
    assert answer.status_code == 200 and [v["number"] for v in answer.json()["versions"]] == [1, 2]
    assert answer.json()["appendices"][0]["title"] == "Phụ lục"
    head = login(office.head, api=True)
    assert head.post(f"{API}/di/{document.pk}/gop-y/", {"text": "Góp ý"}, format="json").status_code == 201
    assert head.post(f"{API}/di/{document.pk}/gop-y/", {"text": ""}, format="json").status_code == 400
    events = api.get(f"{API}/di/{document.pk}/").json()["events"]
    assert any(e["action"] == "comment" and e["comment"] == "Góp ý" for e in events)
    notes = api.get(f"{API}/thong-bao/").json()
    assert any("góp ý" in n["text"] for n in (notes["results"] if isinstance(notes, dict) else notes))
    assert api.post(f"{API}/thong-bao/da-doc/").json()["count"] >= 1
    issued = _issued(office)
    clerk = login(office.clerk, api=True)
    correction = clerk.post(f"{API}/di/{issued.pk}/dinh-chinh/")
    assert correction.status_code == 201 and "đính chính" in correction.json()["subject"]
    leader = login(office.leader, api=True)
    lower = Office(name="UBND xã Hạ Hòa", short="UBND", parent=office.agency)
    task = leader.post(
        f"{API}/nhiem-vu/",
        {"title": "Báo cáo số liệu", "agency": lower.agency.pk, "department": lower.vx.pk, "working_days": 3},
        format="json",
    )
    assert task.status_code == 201, task.content
    assert Task.objects.get(pk=task.json()["id"]).assigning_agency == office.agency
    refused = api.post(
        f"{API}/nhiem-vu/", {"title": "X", "agency": lower.agency.pk, "working_days": 1}, format="json"
    )
    assert refused.status_code == 403
    assert issued.status == OutgoingStatus.ISSUED
