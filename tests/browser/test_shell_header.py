"""The header on a phone: one compact row (brand and a menu button); the menu opens below it with every
entry on screen, nothing wider than the screen. On a desktop the header keeps its tools and menu bar."""

import pytest

from tests.browser.test_shell import demo_users, login  # noqa: F401 (a fixture, used by name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["Dịch vụ công", "Nộp hồ sơ", "Tra cứu hồ sơ", "Xác thực văn bản"]


def header_height(page) -> float:
    return page.get_by_role("banner").bounding_box()["height"]


def no_sideways_scroll(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def fully_on_screen(locator, width) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] > 0


def open_menu(page):
    toggle = page.get_by_role("button", name="Trình đơn")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    return toggle


def test_public_header_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(page.base_url + "/")
    assert header_height(page) <= 64
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    assert not nav.is_visible()
    toggle = open_menu(page)
    for label in PUBLIC:
        link = nav.get_by_role("link", name=label)
        assert link.is_visible() and fully_on_screen(link, 390), label
    assert fully_on_screen(page.get_by_role("link", name="Đăng nhập"), 390)
    assert fully_on_screen(page.get_by_label("Ngôn ngữ"), 390)
    assert no_sideways_scroll(page, 390)
    page.keyboard.press("Escape")  # closes again, focus back on the button
    assert not nav.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.dataset.menuToggle") is not None
    nav_link = nav.get_by_role("link", name="Xác thực văn bản")
    open_menu(page)
    nav_link.click()
    assert page.url.startswith(page.base_url + "/chu-ky-so/xac-thuc/")


def test_staff_header_on_a_phone_shows_every_entry(page, demo_users):  # noqa: F811
    login(page, "vanthu")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(page.base_url + "/can-bo/")
    assert header_height(page) <= 64
    open_menu(page)
    nav = page.get_by_role("navigation", name="Điều hướng cán bộ")
    links = nav.get_by_role("link")
    assert links.count() > 5
    for index in range(links.count()):
        assert fully_on_screen(links.nth(index), 390), links.nth(index).inner_text()
    for name in ["Khu vực cán bộ", "Đăng xuất"]:
        assert fully_on_screen(page.get_by_role(page_role(name), name=name), 390), name
    assert no_sideways_scroll(page, 390)


def page_role(name):
    return "button" if name == "Đăng xuất" else "link"


@pytest.mark.parametrize("path", ["/", "/tai-khoan/dang-nhap/"])
def test_desktop_header_keeps_its_tools_and_menu_bar(page, path):
    page.goto(page.base_url + path)
    assert not page.get_by_role("button", name="Trình đơn").is_visible()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    tops = {round(nav.get_by_role("link", name=label).bounding_box()["y"]) for label in PUBLIC}
    assert len(tops) == 1  # one bar
    assert page.get_by_label("Ngôn ngữ").is_visible()
    assert header_height(page) <= 140
    assert no_sideways_scroll(page, 1280)


def test_without_javascript_the_phone_menu_is_simply_shown(browser, live_server):
    with browser.new_context(
        java_script_enabled=False, locale="vi-VN", viewport={"width": 390, "height": 800}
    ) as context:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert not page.get_by_role("button", name="Trình đơn").is_visible()
        nav = page.get_by_role("navigation", name="Điều hướng chính")
        for label in PUBLIC:
            assert nav.get_by_role("link", name=label).is_visible(), label
        assert no_sideways_scroll(page, 390)


def test_desktop_staff_menu_keeps_to_one_row_and_loses_no_entry(page, demo_users):  # noqa: F811
    login(page, "chuyenvien")  # documents and the one-stop desk: the longest staff menu of the demo
    nav = page.get_by_role("navigation", name="Điều hướng cán bộ")
    row = nav.locator(":scope > ul > li")
    more = nav.get_by_role("button", name="Khác")
    counts = set()
    for width in (1440, 1280, 1000, 760, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(page.base_url + "/can-bo/")
        page.wait_for_load_state("networkidle")  # the count badge has widened its entry
        tops = {round(row.nth(i).bounding_box()["y"]) for i in range(row.count()) if row.nth(i).is_visible()}
        assert len(tops) == 1, width
        assert no_sideways_scroll(page, width)
        more.hover()  # what does not fit, and the reference pages, open under "Khác"
        links = nav.get_by_role("link")
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        folded = nav.locator(".nav-more a")
        assert folded.filter(has_text="Đơn vị hành chính").is_visible()
        counts.add(links.count())
    assert len(counts) == 1  # the same entries at every width, moved, never lost
    folded.filter(has_text="Lịch làm việc").click()
    assert page.url.startswith(page.base_url + "/lich-lam-viec/")
