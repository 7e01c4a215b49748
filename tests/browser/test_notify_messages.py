"""On a phone (390 px), a citizen whose dossier was accepted at the counter opens the menu, follows
"Thông báo" and reads the e-mail and the SMS that were sent to them, with their status, and the page fits
the screen."""

# ruff: noqa: F811  (the imported `world` fixture is taken as an argument)

import pytest

from onestop import services
from tests.browser.test_shell_dates import sign_in
from tests.onestop.conftest import accepted, world  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_the_citizen_reads_the_messages_sent_to_them_on_a_phone(phone, world):
    world.citizen.phone = "0987654321"
    world.citizen.save()
    dossier = accepted(world, applicant=services.Applicant(name="", user=world.citizen))  # sent on commit
    sign_in(phone, world.citizen)
    phone.locator("[data-menu-toggle]").click()
    with phone.expect_navigation():
        phone.locator("#nav-my-messages").click()
    assert phone.url.endswith("/tai-khoan/thong-bao/")
    rows = phone.locator("#my-messages tbody tr")
    assert rows.count() == 2
    text = phone.locator("#my-messages").inner_text()
    assert f"Hồ sơ {dossier.code} đã được tiếp nhận" in text
    assert "Thư điện tử" in text and "Tin nhắn SMS" in text and text.count("Đã gửi") == 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
