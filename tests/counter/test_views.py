"""The kiosk, the officer's counter page, the TV board and the admin, through the test client."""

import re

import pytest
from django.utils import timezone

from egov.accounts.roles import Role
from onestop.counter import services
from onestop.counter.models import Counter, KioskDevice, ServiceArea, Status, Ticket
from tests.documents.factories import person

from .conftest import TOKEN, seated

TOKEN_FIELD = re.compile(r'name="form_token" value="([^"]+)"')


def kiosk_url(device):
    return f"/xep-hang/kiosk/{device.pk}/"


def activate(client, device, token=TOKEN):
    return client.get(kiosk_url(device), {"token": token})


def form_token(client, device) -> str:
    response = client.get(kiosk_url(device))
    assert response.status_code == 200, response.content.decode()[:500]
    return TOKEN_FIELD.search(response.content.decode()).group(1)


# --- kiosk ------------------------------------------------------------------------------------------
def test_activation_sets_a_cookie_and_drops_the_token_from_the_address(client, queue):
    response = activate(client, queue.device)
    assert response.status_code == 302 and response["Location"] == kiosk_url(queue.device)
    assert TOKEN not in response.cookies["counter_kiosk"].value
    page = client.get(kiosk_url(queue.device)).content.decode()
    assert 'id="area-A"' in page and 'id="area-B"' in page and "Người cao tuổi" in page


@pytest.mark.parametrize("token", ["wrong", "", "x" * 5000, TOKEN.upper()])
def test_a_wrong_token_is_refused(client, queue, token):
    response = activate(client, queue.device, token)
    assert response.status_code == 403
    assert "không đúng" in response.content.decode()
    assert "counter_kiosk" not in response.cookies


def test_a_browser_that_was_not_activated_gets_no_kiosk(client, queues):
    response = client.get(kiosk_url(queues.a.device))
    assert response.status_code == 403 and "chưa được kích hoạt" in response.content.decode()
    activate(client, queues.a.device)
    response = client.get(kiosk_url(queues.b.device))  # the cookie of another desk's kiosk
    assert response.status_code == 403
    response = client.post(kiosk_url(queues.b.device), {"area": queues.b.area_a.pk})
    assert response.status_code == 403 and not Ticket.objects.exists()


def test_a_revoked_kiosk_gets_a_clear_page(client, queue):
    activate(client, queue.device)
    token = form_token(client, queue.device)
    KioskDevice.objects.filter(pk=queue.device.pk).update(revoked_at=timezone.now())
    response = client.get(kiosk_url(queue.device))
    assert response.status_code == 403 and "thu hồi" in response.content.decode()
    response = client.post(kiosk_url(queue.device), {"area": queue.area_a.pk, "form_token": token})
    assert response.status_code == 403 and not Ticket.objects.exists()
    assert activate(client, queue.device).status_code == 403


def test_a_double_tap_gives_one_ticket(client, queue):
    activate(client, queue.device)
    token = form_token(client, queue.device)
    data = {"area": queue.area_a.pk, "priority_kind": "elderly", "form_token": token}
    first = client.post(kiosk_url(queue.device), data)
    second = client.post(kiosk_url(queue.device), data)
    ticket = Ticket.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/xep-hang/so/{ticket.pk}/"
    assert (ticket.code, ticket.priority_kind) == ("A001", "elderly")
    page = client.get(first["Location"]).content.decode()
    assert 'id="ticket-number">A001<' in page and "Người cao tuổi" in page
    assert "Biểu mẫu này đã được gửi" in page  # the second tap was told it led to the first one's ticket
    assert 'id="ticket-ahead">0<' in page


@pytest.mark.parametrize(
    "data",
    [
        {"area": "abc"},
        {"area": "99999999999999999999"},
        {"area": ""},
        {"priority_kind": "vip"},
        {"form_token": ""},
    ],
)
def test_bad_kiosk_input_gets_a_reason_and_no_ticket(client, queues, data):
    queue = queues.a
    activate(client, queue.device)
    posted = {"area": queue.area_a.pk, "form_token": form_token(client, queue.device), **data}
    response = client.post(kiosk_url(queue.device), posted)
    assert response.status_code == 400
    assert 'class="msg msg-error"' in response.content.decode() or "errorlist" in response.content.decode()
    assert not Ticket.objects.exists()


def test_another_desks_area_is_refused(client, queues):
    activate(client, queues.a.device)
    posted = {"area": queues.b.area_a.pk, "form_token": form_token(client, queues.a.device)}
    assert client.post(kiosk_url(queues.a.device), posted).status_code == 400
    assert not Ticket.objects.exists()


def test_the_ticket_page_opens_only_on_its_kiosk(client, queues):
    ticket = services.issue_ticket(queues.a.device, queues.a.area_a)
    services.issue_ticket(queues.a.device, queues.a.area_a, "disability")
    assert client.get(f"/xep-hang/so/{ticket.pk}/").status_code == 403
    activate(client, queues.b.device)
    assert client.get(f"/xep-hang/so/{ticket.pk}/").status_code == 404
    activate(client, queues.a.device)
    page = client.get(f"/xep-hang/so/{ticket.pk}/").content.decode()
    assert 'id="ticket-ahead">1<' in page  # the priority ticket issued later goes first


# --- the officer's counter --------------------------------------------------------------------------
def test_the_officer_picks_a_counter_and_calls(client, queue):
    services.issue_ticket(queue.device, queue.area_a)
    services.issue_ticket(queue.device, queue.area_b, "pregnant")
    client.force_login(queue.officer)
    page = client.get("/xep-hang/quay/").content.decode()
    assert f'id="seat-{queue.counter_1.pk}"' in page
    assert client.post(f"/xep-hang/quay/{queue.counter_1.pk}/ngoi/").status_code == 302
    page = client.get("/xep-hang/quay/").content.decode()
    assert 'id="call-next"' in page and 'id="waiting-total">2<' in page
    client.post(f"/xep-hang/quay/{queue.counter_1.pk}/call_next/")
    page = client.get("/xep-hang/quay/", follow=True).content.decode()
    assert 'id="current-number">B001<' in page and "Đã gọi số B001" in page
    assert 'id="action-start"' in page and 'id="action-skip"' in page and 'id="action-done"' not in page
    client.post(f"/xep-hang/quay/{queue.counter_1.pk}/call_next/")  # pressed twice
    page = client.get("/xep-hang/quay/").content.decode()
    assert "Quầy đang có số B001" in page
    ticket = Ticket.objects.get(code="B001")
    for action in ("start", "done"):
        client.post(f"/xep-hang/quay/{queue.counter_1.pk}/{action}/", {"ticket": ticket.pk})
    ticket.refresh_from_db()
    assert ticket.status == Status.DONE and ticket.officer == queue.officer
    fragment = client.get(f"/xep-hang/quay/{queue.counter_1.pk}/dang-cho/").content.decode()
    assert 'id="waiting-total">1<' in fragment


def test_bad_action_input_gets_a_message_not_an_error(client, queue):
    seated(queue)
    client.force_login(queue.officer)
    url = f"/xep-hang/quay/{queue.counter_1.pk}"
    for ticket in ["", "abc", "-1"]:
        response = client.post(f"{url}/skip/", {"ticket": ticket}, follow=True)
        assert response.status_code == 200 and "Thiếu số" in response.content.decode()
    assert client.post(f"{url}/skip/", {"ticket": "99999999"}).status_code == 404
    assert client.post(f"{url}/explode/").status_code == 404
    assert client.get(f"{url}/call_next/").status_code == 405
    response = client.post(f"{url}/call_next/", follow=True)
    assert "Không còn ai chờ" in response.content.decode()


def test_another_agencys_officer_cannot_reach_this_desk(client, queues):
    a, b = queues.a, queues.b
    seated(a)
    services.issue_ticket(a.device, a.area_a)
    ticket = services.call_next(a.officer, a.counter_1)
    client.force_login(b.officer)
    page = client.get("/xep-hang/quay/").content.decode()
    assert f'id="seat-{b.counter_1.pk}"' in page and f'id="seat-{a.counter_1.pk}"' not in page
    for url, data in [
        (f"/xep-hang/quay/{a.counter_1.pk}/ngoi/", {}),
        (f"/xep-hang/quay/{a.counter_1.pk}/call_next/", {}),
        (f"/xep-hang/quay/{a.counter_1.pk}/skip/", {"ticket": ticket.pk}),
    ]:
        assert client.post(url, data).status_code == 404
    assert client.get(f"/xep-hang/quay/{a.counter_1.pk}/dang-cho/").status_code == 404
    seated(b)  # at their own counter, with a ticket of the other desk
    assert client.post(f"/xep-hang/quay/{b.counter_1.pk}/skip/", {"ticket": ticket.pk}).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == Status.CALLED and a.counter_1.officer_id == a.officer.pk


def test_staff_without_the_permission_are_refused(client, queue, make_user):
    client.force_login(queue.desk.specialist)
    assert client.get("/xep-hang/quay/").status_code == 403
    assert client.post(f"/xep-hang/quay/{queue.counter_1.pk}/ngoi/").status_code == 403
    client.force_login(make_user(Role.CITIZEN))
    assert client.get("/xep-hang/quay/").status_code == 403
    client.logout()
    assert client.get("/xep-hang/quay/").status_code == 302


def test_the_staff_menu_has_the_entry_for_officers_only(client, queue):
    client.force_login(queue.officer)
    assert "Gọi số tại quầy" in client.get("/can-bo/").content.decode()
    client.force_login(queue.desk.specialist)
    assert "Gọi số tại quầy" not in client.get("/can-bo/").content.decode()


# --- the TV board -----------------------------------------------------------------------------------
def test_the_board_shows_numbers_and_nothing_personal(client, queues):
    queue = queues.a
    officer, counter = seated(queue)
    services.issue_ticket(queue.device, queue.area_a)
    services.issue_ticket(queue.device, queue.area_b)
    services.issue_ticket(queues.b.device, queues.b.area_b)  # another desk's
    called = services.call_next(officer, counter)
    for url in [f"/xep-hang/bang/{queue.agency.pk}/", f"/xep-hang/bang/{queue.agency.pk}/noi-dung/"]:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        row = page.split('id="board-counter-1"')[1].split("</tr>")[0]
        assert called.code in row
        assert 'id="board-counter-2"' in page
        for personal in (officer.get_full_name(), officer.username, officer.email):
            assert personal not in page
        waiting = page.split('id="board-waiting"')[1].split("</ul>")[0]
        assert "B · Đất đai: <strong>1</strong>" in waiting
    assert 'hx-trigger="every 4s"' in client.get(f"/xep-hang/bang/{queue.agency.pk}/").content.decode()
    assert client.get("/xep-hang/bang/99999999/").status_code == 404
    assert client.get("/xep-hang/bang/99999999999999999999999/").status_code == 404


# --- admin ------------------------------------------------------------------------------------------
@pytest.fixture
def agency_admin(client, queues, totp_device):
    admin = person(queues.a.agency, Role.AGENCY_ADMIN, is_staff=True)
    client.force_login(admin)
    code = totp_device(admin)
    assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
    return admin


def test_the_admin_registers_a_kiosk_and_shows_its_token_once(client, queues, agency_admin):
    response = client.post(
        "/admin/counter/kioskdevice/add/", {"agency": queues.a.agency.pk, "name": "Máy tầng 2"}
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    device = KioskDevice.objects.get(name="Máy tầng 2")
    url = re.search(r'value="([^"]+)" id="activation-url"', response.content.decode()).group(1)
    token = url.split("token=")[1]
    assert device.token_hash == services.hash_token(token)
    change = client.get(f"/admin/counter/kioskdevice/{device.pk}/change/").content.decode()
    assert token not in change and device.token_hash not in change
    response = client.post(
        "/admin/counter/kioskdevice/add/", {"agency": queues.b.agency.pk, "name": "Máy lạ"}
    )
    assert response.status_code == 200 and not KioskDevice.objects.filter(name="Máy lạ").exists()
    listing = client.get("/admin/counter/kioskdevice/").content.decode()
    assert f"/{queues.a.device.pk}/change/" in listing
    assert f"/{queues.b.device.pk}/change/" not in listing  # the other desk's


def test_the_admin_revokes_a_kiosk(client, queues, agency_admin):
    response = client.post(
        "/admin/counter/kioskdevice/",
        {"action": "revoke", "_selected_action": [queues.a.device.pk]},
    )
    assert response.status_code == 302
    queues.a.device.refresh_from_db()
    assert queues.a.device.revoked
    assert activate(client, queues.a.device).status_code == 403


def test_the_admin_sees_only_its_agency_and_tickets_are_read_only(client, queues, agency_admin):
    services.issue_ticket(queues.a.device, queues.a.area_a)
    services.issue_ticket(queues.b.device, queues.b.area_b)
    assert client.get("/admin/counter/ticket/").content.decode().count("001</a>") == 1
    ticket = Ticket.objects.get(agency=queues.b.agency)
    assert client.get(f"/admin/counter/ticket/{ticket.pk}/change/").status_code in (302, 404)
    assert client.get("/admin/counter/ticket/add/").status_code == 403
    page = client.get(f"/admin/counter/counter/{queues.a.counter_1.pk}/change/").content.decode()
    assert f'value="{queues.b.area_a.pk}"' not in page
    assert client.get(f"/admin/counter/counter/{queues.b.counter_1.pk}/change/").status_code == 302
    assert ServiceArea.objects.count() == 4 and Counter.objects.count() == 4


@pytest.mark.parametrize(
    "prefix, created", [("HT", True), ("A1", False), ("a", False), ("ABC", False), ("A", False)]
)
def test_the_admin_adds_an_area_with_a_clean_unique_prefix(client, queues, agency_admin, prefix, created):
    data = {
        "agency": queues.a.agency.pk,
        "name": "Chứng thực",
        "prefix": prefix,
        "order": 3,
        "is_active": "on",
    }
    response = client.post("/admin/counter/servicearea/add/", data)
    assert response.status_code == (302 if created else 200)
    assert ServiceArea.objects.filter(name="Chứng thực").exists() is created


def test_a_kiosk_address_with_a_huge_or_unknown_id_is_refused(client, queue):
    for device in ["99999999999999999999999", "424242"]:
        response = client.get(f"/xep-hang/kiosk/{device}/", {"token": TOKEN})
        assert response.status_code == 403
    assert client.get("/xep-hang/so/99999999999999999999999/").status_code == 403
    activate(client, queue.device)
    assert client.get("/xep-hang/so/99999999999999999999999/").status_code == 404
