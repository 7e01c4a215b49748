"""A stranger on a phone (390 px) types the code from a slip into the home page's lookup tile and sees the
dossier's status and the applicant's masked name, and nothing personal; a wrong code gets a message."""

# ruff: noqa: F811  (the imported `world` fixture is taken as an argument)

import pytest

from onestop import services
from tests.onestop.conftest import accepted, world  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PRIVATE = ["Lê Văn Hùng", "025085001234", "Khu 3, xã Hy Cương", "0912345678", "hung@example.vn"]


def test_a_stranger_on_a_phone_looks_up_a_dossier_from_the_home_page(browser, live_server, world):
    d = world.sotp
    dossier = services.hand_over(d.officer, accepted(world, when=None), d.department)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        tile = page.locator("#tra-cuu")
        tile.locator("input[name=ma]").fill(f" {dossier.code.lower()} ")
        with page.expect_navigation():
            tile.locator("button[type=submit]").click()
        assert page.url.endswith(f"/tra-cuu-ho-so/{dossier.code}/")
        assert page.locator("#dossier-status").inner_text() == "Đang giải quyết"
        assert page.locator("#dossier-applicant").inner_text() == "Lê V. H."
        body = page.locator("body").inner_text()
        assert "Sở Tư pháp tỉnh Phú Thọ" in body and "Cấp phiếu lý lịch tư pháp" in body
        for hidden in [*PRIVATE, d.officer.full_name]:
            assert hidden not in page.content()
        # nothing wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        page.locator("a", has_text="Tra cứu hồ sơ khác").click()
        page.locator("#lookup-code").fill("H25.20-260230-0001")
        with page.expect_navigation():
            page.locator("#lookup-form button[type=submit]").click()
        assert "Mã hồ sơ không đúng dạng" in page.locator("#lookup-error").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
