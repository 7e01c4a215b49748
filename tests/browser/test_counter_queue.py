"""The counter queue in Chromium: a kiosk issues a normal and a priority ticket (each printed once), the
officer signs in and calls the next one (the priority ticket comes first), and the TV board, open all
along, shows that number at that counter after its own refresh."""

import re

import pytest
from playwright.sync_api import expect

from onestop.counter.models import Ticket
from tests.browser.test_shell_dates import sign_in
from tests.counter.conftest import TOKEN, Queue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


@pytest.fixture
def screen(browser, live_server):
    """screen(width, height): a new browser window of that size, closed after the test."""
    contexts = []

    def make(width, height):
        context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
        context.add_init_script(COUNT_PRINTS)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


def take_ticket(kiosk, area, priority=None):
    if priority:
        kiosk.get_by_label(priority).check()
    with kiosk.expect_navigation():
        kiosk.locator(f"#area-{area}").click()
    expect(kiosk.locator("#ticket-number")).to_be_visible()
    assert kiosk.evaluate("window.__prints") == 1  # the receipt printed itself once
    return kiosk.locator("#ticket-number").inner_text()


def test_kiosk_officer_and_board(screen):
    queue = Queue("Ủy ban nhân dân xã Hy Cương", "H25.60.01")
    board = screen(1920, 1080)
    board.goto(f"{board.base_url}/xep-hang/bang/{queue.agency.pk}/")
    expect(board.locator("#board-counter-1 .board-number")).to_have_text("—")

    kiosk = screen(1080, 1920)
    kiosk.goto(f"{kiosk.base_url}/xep-hang/kiosk/{queue.device.pk}/?token={TOKEN}")
    assert "token" not in kiosk.url  # the activation left the address bar
    assert take_ticket(kiosk, "A") == "A001"
    expect(kiosk.locator("#ticket-ahead")).to_have_text("0")
    with kiosk.expect_navigation():
        kiosk.locator("#kiosk-again").click()
    assert take_ticket(kiosk, "A", priority="Người cao tuổi") == "A002"
    expect(kiosk.locator("#ticket-priority")).to_contain_text("Người cao tuổi")
    expect(kiosk.locator("#ticket-ahead")).to_have_text("0")  # ahead of the earlier normal ticket
    assert Ticket.objects.count() == 2

    officer = screen(390, 844)  # a phone
    sign_in(officer, queue.officer)
    officer.goto(f"{officer.base_url}/xep-hang/quay/")
    officer.evaluate("window.__same_page = true")
    # the counter's buttons post through htmx (hx-boost): the page is swapped, not reloaded
    officer.locator(f"#seat-{queue.counter_1.pk}").click()
    expect(officer.locator("#waiting-total")).to_have_text("2")
    officer.locator("#call-next").click()
    expect(officer.locator("#current-number")).to_have_text("A002")
    expect(officer.locator(".messages")).to_contain_text("Đã gọi số A002")

    # the board has not been reloaded: its fragment refreshes itself
    expect(board.locator("#board-counter-1 .board-number")).to_have_text("A002", timeout=15000)
    expect(board.locator("#board-recent")).to_contain_text(re.compile(r"A002\s*→\s*Quầy 1"))
    expect(board.locator("#board-waiting")).to_contain_text("Tư pháp - Hộ tịch: 1")

    officer.locator("#action-start").click()
    officer.locator("#action-done").click()
    officer.locator("#call-next").click()
    expect(officer.locator("#current-number")).to_have_text("A001")
    assert officer.evaluate("window.__same_page") is True  # swapped by htmx, never reloaded
    expect(board.locator("#board-counter-1 .board-number")).to_have_text("A001", timeout=15000)
