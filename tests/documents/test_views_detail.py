"""Detail pages: the words clerks read, buttons offered by the workflow tables, and the leader seeing the
very PDF they sign."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from documents import services
from documents.models import (
    IncomingStatus,
    OutgoingDocument,
    OutgoingStatus,
    SigningState,
)
from documents.services.printing import approval_pdf

from .factories import incoming_data, pdf_upload

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates" / "documents"


def _text(response):
    return response.content.decode()


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_head_passes_a_task_on_with_chuyen_xu_ly(office, login):
    document = services.register_incoming(office.clerk, office.agency, incoming_data(), upload=pdf_upload())
    services.assign(office.leader, document, {"department": office.vx, "working_days": 5})
    page = _text(login(office.head).get(reverse("documents:incoming-detail", args=[document.pk])))
    assert "Chuyển xử lý" in page
    assert "Giao tiếp" not in page


def test_staff_read_the_status_in_vietnamese_without_the_edxml_code(office, login):
    document = services.register_incoming(office.clerk, office.agency, incoming_data(), upload=pdf_upload())
    page = _text(login(office.clerk).get(reverse("documents:incoming-detail", args=[document.pk])))
    status = re.search(r'id="doc-status"[^>]*>([^<]*)<', page).group(1)
    assert status.strip() == "Đã vào sổ"
    assert "(03)" not in page


def test_templates_ask_the_workflow_and_never_compare_status_strings():
    states = {*IncomingStatus.values, *OutgoingStatus.values, *(v for v in SigningState.values if v)}
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        for state in states:
            assert f'"{state}"' not in text and f"'{state}'" not in text, (template.name, state)


def test_buttons_follow_the_workflow_table_and_the_role(office, login):
    document = services.register_incoming(office.clerk, office.agency, incoming_data(), upload=pdf_upload())
    url = reverse("documents:incoming-detail", args=[document.pk])
    clerk_page, leader_page = (_text(login(u).get(url)) for u in (office.clerk, office.leader))
    assign = reverse("documents:incoming-assign", args=[document.pk])
    back = reverse("documents:incoming-return", args=[document.pk])
    assert assign in leader_page and assign not in clerk_page
    assert back in clerk_page and back not in leader_page
    services.assign(office.leader, document, {"department": office.vx, "working_days": 5})
    clerk_page = _text(login(office.clerk).get(url))
    assert back not in clerk_page  # an assigned document is no longer returned (the table has no such row)


def _pending(office, **data):
    fields = {"doc_type": "CV", "subject": "Về việc tổ chức hội nghị tổng kết", "body": "Kính gửi các phòng."}
    document = services.create_draft(
        office.specialist, agency=office.agency, department=office.vx, data={**fields, **data}
    )
    services.submit(office.specialist, document)
    services.review(office.head, document)
    document.refresh_from_db()
    assert document.status == OutgoingStatus.PENDING_APPROVAL
    return document


def test_the_leader_sees_the_pdf_that_will_be_signed_before_approving(office, login):
    document = _pending(office)
    leader = login(office.leader)
    page = _text(leader.get(reverse("documents:outgoing-detail", args=[document.pk])))
    preview_url = reverse("documents:outgoing-preview", args=[document.pk])
    assert f'data="{preview_url}"' in page  # shown in the page, beside the approval form
    assert 'name="version" value="1"' in page
    preview = leader.get(preview_url)
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    shown = b"".join(preview.streaming_content) if preview.streaming else preview.content
    document.refresh_from_db()  # the QR code's link, chosen at the first rendering
    assert _pdf_text(shown) == _pdf_text(approval_pdf(document))  # the page rendered for the signature
    assert "tổ chức hội nghị tổng kết" in _pdf_text(shown)


def test_a_draft_changed_since_the_leader_looked_is_not_approved(office, login):
    document = _pending(office)
    document = services.return_draft(office.leader, document, "Sửa lại đoạn hai")
    document = services.update_draft(
        office.specialist, document, data={"body": "Đoạn hai đã sửa."}, note="Sửa"
    )
    services.submit(office.specialist, document)
    services.review(office.head, document)
    leader = login(office.leader)
    url = reverse("documents:outgoing-action", args=[document.pk, "approve"])
    for version in ("1", ""):  # what the leader saw was version 1; or nothing at all
        refused = leader.post(url, {"version": version}, follow=True)
        assert "Dự thảo đã thay đổi" in " ".join(_messages(refused))
        document.refresh_from_db()
        assert document.status == OutgoingStatus.PENDING_APPROVAL
    approved = leader.post(url, {"version": "2"}, follow=True)
    assert "Đã phê duyệt." in _messages(approved)
    document.refresh_from_db()
    assert document.status == OutgoingStatus.APPROVED


def test_the_preview_is_for_those_who_may_see_the_draft(office, other_office, login):
    document = _pending(office)
    url = reverse("documents:outgoing-preview", args=[document.pk])
    assert login(other_office.clerk).get(url).status_code == 404
    docx = OutgoingDocument.objects.filter(pk=document.pk)
    docx.update(file="documents/du-thao.docx")
    assert login(office.leader).get(url).status_code == 404  # a Word draft has no page to sign yet


# --- the signer block (ND 30: TM., KT./Q./TL./TUQ., the head's title) and one field list ----------------
def test_the_draft_form_and_the_api_take_the_signer_block(office, login):
    from documents.forms import DraftForm
    from documents.services import DRAFT_FIELDS
    from egov.once import new_form_token

    client = login(office.specialist)
    page = _text(client.get(reverse("documents:outgoing-create")))
    assert "Ký thay (KT.)" in page and "Thay mặt tập thể (TM.)" in page
    assert "Chức danh người đứng đầu" in page
    client.post(
        reverse("documents:outgoing-create"),
        {
            "form_token": new_form_token(),
            **{"doc_type": "CV", "subject": "Về việc họp", "body": "Kính gửi", "urgency": 0, "secrecy": 0},
            **{"copies": 1, "pages": 1, "sign_on_behalf": "ỦY BAN NHÂN DÂN"},
            **{"sign_authority": "KT", "sign_for_title": "CHỦ TỊCH"},
        },
    )
    document = OutgoingDocument.objects.get(subject="Về việc họp")
    assert (document.sign_on_behalf, document.sign_authority, document.sign_for_title) == (
        "ỦY BAN NHÂN DÂN",
        "KT",
        "CHỦ TỊCH",
    )
    api = login(office.specialist, api=True)
    answer = api.get(f"/api/v1/van-ban/di/{document.pk}/").json()
    assert answer["sign_authority"] == "KT" and answer["sign_for_title"] == "CHỦ TỊCH"
    refused = api.post(
        "/api/v1/van-ban/di/",
        {"doc_type": "CV", "subject": "Về việc khác", "body": "x", "sign_authority": "KT"},
        format="json",
    )
    assert refused.status_code == 400 and "CHỦ TỊCH" in refused.content.decode()  # KT. names the title
    # one list: the form's fields, the API's and the services' are the same
    from documents.api.serializers import DraftSerializer, DraftUpdateSerializer, OutgoingDetailSerializer

    for fields in (DraftForm.base_fields, DraftSerializer().fields, DraftUpdateSerializer().fields):
        assert set(DRAFT_FIELDS) <= set(fields)
    assert set(DRAFT_FIELDS) <= set(OutgoingDetailSerializer().fields)


# --- assignment -------------------------------------------------------------------------------------------
def test_the_assign_form_keeps_the_due_date_and_names_several_coordinating_units(office, login):
    import datetime

    from documents.models import Task

    due = datetime.date.today() + datetime.timedelta(days=10)
    document = services.register_incoming(
        office.clerk, office.agency, incoming_data(due_date=due), upload=pdf_upload()
    )
    leader = login(office.leader)
    page = leader.get(reverse("documents:incoming-detail", args=[document.pk]))
    form = page.context["assign_form"]
    assert form["lead_deadline"].value() == due  # the document's own date, shown, changed only on purpose
    assert due.strftime("%d/%m/%Y") in _text(page)
    assert form.fields["co_departments"].widget.allow_multiple_selected
    leader.post(
        reverse("documents:incoming-assign", args=[document.pk]),
        {
            "lead_department": office.vx.pk,
            "lead_deadline": due.strftime("%d/%m/%Y"),
            "co_departments": [office.kt.pk, office.vp.pk],
            "co_working_days": 5,
        },
    )
    roles = sorted(document.tasks.values_list("role", "department__abbreviation"))
    assert roles == sorted(
        [(Task.Role.LEAD, "VX"), (Task.Role.COORDINATE, "KT"), (Task.Role.COORDINATE, "VP")]
    )
    document.refresh_from_db()
    assert document.due_date == due


def test_the_leader_changes_the_due_date_only_on_purpose(office, login):
    import datetime

    due = datetime.date.today() + datetime.timedelta(days=10)
    leader = login(office.leader)
    kept, changed = (
        services.register_incoming(
            office.clerk, office.agency, incoming_data(number=n, due_date=due), upload=pdf_upload()
        )
        for n in ("1", "2")
    )
    page = leader.get(reverse("documents:incoming-detail", args=[kept.pk]))
    assert page.context["assign_form"]["due_date"].value() == due
    sooner = due - datetime.timedelta(days=5)
    for document, new_due in ((kept, due), (changed, sooner)):
        leader.post(
            reverse("documents:incoming-assign", args=[document.pk]),
            {
                "due_date": new_due.strftime("%d/%m/%Y"),
                "lead_department": office.vx.pk,
                "lead_deadline": sooner.strftime("%d/%m/%Y"),  # the lead's own deadline: not the document's
            },
        )
    kept.refresh_from_db()
    changed.refresh_from_db()
    assert kept.due_date == due and kept.status == IncomingStatus.ASSIGNED
    assert changed.due_date == sooner
    api = login(office.leader, api=True)
    third = services.register_incoming(
        office.clerk, office.agency, incoming_data(number="3", due_date=due), upload=pdf_upload()
    )
    answer = api.post(
        f"/api/v1/van-ban/den/{third.pk}/phan-cong/",
        {"lead": {"department": office.vx.pk, "working_days": 3}, "due_date": sooner.isoformat()},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    third.refresh_from_db()
    assert third.due_date == sooner


def test_the_incoming_form_and_the_api_register_the_services_field_list():
    from documents.api.serializers import RegisterIncomingSerializer
    from documents.forms import IncomingForm
    from documents.services import INCOMING_FIELDS

    assert set(INCOMING_FIELDS) <= set(IncomingForm.base_fields)
    assert set(INCOMING_FIELDS) <= set(RegisterIncomingSerializer().fields)
