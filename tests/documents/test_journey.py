"""Browser journeys: an urgent incoming document from the clerk to the leader to the specialist's reply;
an outgoing công văn from the specialist's draft through review, approval and issue to two agencies of
the portal, which find it in their own incoming registers."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from documents import services
from documents.models import IncomingDocument, IncomingStatus, OutgoingDocument, OutgoingStatus, Task

from .factories import Office, pdf_bytes

PASSWORD = "Matkhau@2026"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user, code=None):
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập, số định danh hoặc thư điện tử").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if code is not None:
        page.wait_for_url("**/tai-khoan/xac-thuc-hai-lop/**")
        page.get_by_label("Mã xác thực 6 chữ số").fill(code())
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    expect(page.get_by_label("Mật khẩu")).to_have_count(0)


def test_urgent_incoming_from_registration_to_reply(django_db_setup, page, totp_device, tmp_path):
    office = Office()
    leader_code = totp_device(office.leader)
    scan = tmp_path / "cong-dien.pdf"
    scan.write_bytes(pdf_bytes("Công điện về việc phòng, chống cơn bão số 3"))
    deadline = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()

    # The clerk registers an urgent document from its scan.
    _log_in(page, office.clerk)
    page.goto(f"{page.base_url}/van-ban/den/vao-so/")
    page.locator("[name=channel]").select_option("paper")
    page.locator("[name=doc_type]").select_option("CĐ")
    page.locator("[name=number]").fill("07")
    page.locator("[name=notation]").fill("CĐ-TTg")
    page.locator("[name=issued_date]").fill(datetime.date.today().isoformat())
    page.locator("[name=issuing_organ]").fill("Thủ tướng Chính phủ")
    page.locator("[name=subject]").fill("Về việc phòng, chống cơn bão số 3 và mưa lũ")
    page.locator("[name=urgency]").select_option("2")
    page.locator("[name=presented_to]").select_option(str(office.leader.pk))
    page.locator("[name=file]").set_input_files(str(scan))
    page.get_by_role("button", name="Vào sổ").click()
    page.wait_for_url(re.compile(r".*/van-ban/den/\d+/$"))
    expect(page.get_by_text("Đã vào sổ, số đến 1.")).to_be_visible()
    document = IncomingDocument.objects.get()
    assert document.urgency == 2 and document.file

    # The leader sees it first in the inbox and assigns a lead and a coordinator with deadlines.
    _log_in(page, office.leader, leader_code)
    page.goto(f"{page.base_url}/van-ban/")
    page.get_by_role("link", name="Về việc phòng, chống cơn bão số 3 và mưa lũ").first.click()
    page.wait_for_url(f"**/van-ban/den/{document.pk}/")
    form = page.locator("#assign-form")
    form.locator("[name=lead_department]").select_option(str(office.vx.pk))
    form.locator("[name=lead_assignee]").select_option(str(office.specialist.pk))
    form.locator("[name=lead_deadline]").fill(deadline)
    form.locator("[name=lead_instructions]").fill("Chủ trì tham mưu văn bản chỉ đạo các xã.")
    form.locator(f"[name=co_departments][value='{office.kt.pk}']").check()
    form.locator("[name=co_deadline]").fill(deadline)
    form.get_by_role("button", name="Phân công").click()
    expect(page.get_by_text("Đã phân công.")).to_be_visible()
    tasks = Task.objects.filter(incoming=document)
    assert {(t.role, t.assignee_id, t.department_id) for t in tasks} == {
        (Task.Role.LEAD, office.specialist.pk, office.vx.pk),
        (Task.Role.COORDINATE, None, office.kt.pk),
    }
    lead = tasks.get(role=Task.Role.LEAD)

    # The specialist drafts and issues nothing here: the reply is an issued công văn of the agency.
    reply = services.create_draft(
        office.specialist,
        agency=office.agency,
        department=office.vx,
        data={"doc_type": "CV", "subject": "Về việc triển khai ứng phó cơn bão số 3", "body": "Kính gửi"},
    )
    other = Office(name="Sở Xây dựng tỉnh Phú Thọ", short="SXD")
    services.add_recipient(office.specialist, reply, kind="agency", agency=other.agency)
    services.submit(office.specialist, reply)
    services.review(office.head, reply)
    services.approve(office.leader, reply)
    services.issue(office.clerk, reply)

    # The specialist finds the task in the inbox and completes it with the reply.
    _log_in(page, office.specialist)
    page.goto(f"{page.base_url}/van-ban/")
    page.get_by_role("link", name="Về việc phòng, chống cơn bão số 3 và mưa lũ").first.click()
    page.wait_for_url(f"**/van-ban/den/{document.pk}/")
    page.locator(f"[name='c{lead.pk}-result']").fill("Đã tham mưu công văn chỉ đạo các xã.")
    page.locator(f"[name='c{lead.pk}-reply']").select_option(str(reply.pk))
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.get_by_text("Đã hoàn thành.")).to_be_visible()
    document.refresh_from_db()
    assert document.status == IncomingStatus.DONE
    assert document.reply_id == reply.pk
    expect(page.locator("em", has_text="Chủ trì tham mưu văn bản chỉ đạo các xã.")).to_be_visible()


def test_outgoing_cong_van_from_draft_to_two_portal_agencies(django_db_setup, page, totp_device):
    office = Office()
    leader_code = totp_device(office.leader)
    justice = Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")
    building = Office(name="Sở Xây dựng tỉnh Phú Thọ", short="SXD")
    # Each recipient agency already has documents in its book: its own arrival numbers continue them.
    for _ in range(2):
        services.register_incoming(
            justice.clerk,
            justice.agency,
            {
                "doc_type": "CV",
                "issued_date": datetime.date.today(),
                "issuing_organ": "Bộ Tư pháp",
                "subject": "Văn bản đến trước",
            },
            confirm_duplicate=True,
        )
    subject = "Về việc rà soát thủ tục hành chính lĩnh vực hộ tịch"

    # The specialist drafts the công văn and adds two agencies of the portal.
    _log_in(page, office.specialist)
    page.goto(f"{page.base_url}/van-ban/di/soan-thao/")
    page.locator("[name=doc_type]").select_option("CV")
    page.locator("[name=subject]").fill(subject)
    page.locator("[name=body]").fill("Ủy ban nhân dân tỉnh đề nghị các sở rà soát thủ tục hành chính.")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url(re.compile(r".*/van-ban/di/\d+/$"))
    document = OutgoingDocument.objects.get()
    for agency in (justice.agency, building.agency):
        form = page.locator("#recipient-form")
        form.locator("[name=kind]").select_option("agency")
        form.locator("[name=agency]").select_option(str(agency.pk))
        form.get_by_role("button", name="Thêm nơi nhận").click()
        expect(page.get_by_text("Đã thêm nơi nhận.")).to_be_visible()
    page.get_by_role("button", name="Trình duyệt").click()
    expect(page.get_by_text("Đã trình duyệt.")).to_be_visible()

    # The department head reviews it.
    _log_in(page, office.head)
    page.goto(f"{page.base_url}/van-ban/")
    page.get_by_role("link", name=subject).first.click()
    page.get_by_role("button", name="Đồng ý, trình lãnh đạo").click()
    expect(page.get_by_text("Đã đồng ý, trình lãnh đạo cơ quan.")).to_be_visible()

    # The leader approves it.
    _log_in(page, office.leader, leader_code)
    page.goto(f"{page.base_url}/van-ban/")
    page.get_by_role("link", name=subject).first.click()
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_text("Đã phê duyệt.")).to_be_visible()

    # The clerk numbers and issues it.
    _log_in(page, office.clerk)
    page.goto(f"{page.base_url}/van-ban/")
    page.get_by_role("link", name=subject).first.click()
    page.get_by_role("button", name="Cấp số và phát hành").click()
    expect(page.get_by_text("Số, ký hiệu: 01/UBND-VX")).to_be_visible()
    document.refresh_from_db()
    assert document.status == OutgoingStatus.ISSUED

    # Each recipient finds it in its own incoming register under its own arrival number.
    for recipient, number in ((justice, 3), (building, 1)):
        _log_in(page, recipient.clerk)
        page.goto(f"{page.base_url}/van-ban/den/")
        row = page.locator("tr", has_text=subject)
        expect(row).to_have_count(1)
        expect(row.locator("td").first).to_have_text(str(number))
        copy = IncomingDocument.objects.get(agency=recipient.agency, source_outgoing=document)
        assert copy.arrival_number == number
        assert copy.notation == "UBND-VX"
