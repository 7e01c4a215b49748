"""The portal shell in a real Chromium: layout at phone width, language switch, login per role."""

import pytest
from django.conf import settings
from django_otp.oath import totp

from egov.accounts import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_users():
    demo.seed(type("Out", (), {"write": staticmethod(lambda *_: None)})())


def login(page, username, password=demo.DEMO_PASSWORD):
    page.goto(f"{page.base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập, số định danh hoặc thư điện tử").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize("width", [1280, 390, 360])
def test_home_page_reads_well_at_each_width(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(page.base_url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "vi"
    assert settings.SITE_NAME.upper() in page.locator(".brand-name").inner_text().upper()
    if width <= 600:  # on a phone the menu folds behind its button
        page.get_by_role("button", name="Trình đơn").click()
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    for label in ["Dịch vụ công", "Nộp hồ sơ", "Tra cứu hồ sơ", "Xác thực văn bản"]:
        assert nav.get_by_role("link", name=label).count() == 1
    assert page.get_by_role("main").count() == 1 and page.get_by_role("banner").count() == 1
    # nothing wider than the screen: no sideways scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_home_page_loads_every_resource_it_names(page):
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(page.base_url + "/")
    page.wait_for_load_state("networkidle")
    assert page.locator("link[rel=icon]").count() == 1
    assert failed == []  # styles, scripts and the icon all come from the portal itself


def test_skip_link_and_visible_focus(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Bỏ qua, đến nội dung chính"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_language_switch_to_english_and_back(page):
    page.goto(page.base_url + "/")
    with page.expect_navigation():
        page.get_by_label("Ngôn ngữ").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Public services").count() >= 1
    with page.expect_navigation():
        page.get_by_label("Language").select_option("vi")
    assert page.locator("html").get_attribute("lang") == "vi"


@pytest.mark.parametrize(
    ("username", "lands_on", "needs_totp"),
    [
        ("congdan", "/", False),
        ("motcua", "/can-bo/", False),
        ("chuyenvien", "/can-bo/", False),
        ("vanthu", "/can-bo/", False),
        ("lanhdao", "/can-bo/", True),
        ("quantri", "/can-bo/", True),
        ("admin", "/can-bo/", True),
    ],
)
def test_login_as_each_demo_role(page, demo_users, username, lands_on, needs_totp):
    login(page, username)
    if needs_totp:
        assert "/tai-khoan/xac-thuc-hai-lop/" in page.url
        page.get_by_label("Mã xác thực 6 chữ số").fill(f"{totp(bytes.fromhex(demo.DEMO_TOTP_KEY_HEX)):06d}")
        with page.expect_navigation():
            page.get_by_role("button", name="Xác nhận").click()
    assert page.url == page.base_url + lands_on
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    if lands_on == "/can-bo/":
        assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")


def test_wrong_code_keeps_the_leader_out(page, demo_users):
    login(page, "lanhdao")
    page.get_by_label("Mã xác thực 6 chữ số").fill("000000")
    page.get_by_role("button", name="Xác nhận").click()
    assert page.get_by_text("Mã xác thực không đúng").is_visible()
    page.goto(page.base_url + "/can-bo/")
    assert "/tai-khoan/xac-thuc-hai-lop/" in page.url


def test_lockout_message_after_repeated_failures(page, demo_users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, "vanthu", "sai-mat-khau")
    login(page, "vanthu")
    assert page.get_by_role("heading", name="Tài khoản tạm bị khóa đăng nhập").is_visible()
    assert page.get_by_text("30 phút").is_visible()


def test_citizen_navigation_leads_to_the_catalogue_and_verification(page):
    page.goto(page.base_url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Dịch vụ công").click()
    assert page.url.startswith(page.base_url + "/dich-vu-cong/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Xác thực văn bản"
    ).click()
    assert page.url.startswith(page.base_url + "/chu-ky-so/xac-thuc/")
    page.goto(page.base_url + "/")
    page.get_by_label("Tìm thủ tục hành chính").fill("khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    assert "q=khai+sinh" in page.url


def test_phone_menu_shows_the_current_page(page, demo_users):
    login(page, "vanthu")
    page.set_viewport_size({"width": 390, "height": 800})
    menu = page.get_by_role("navigation", name="Điều hướng cán bộ")
    page.get_by_role("button", name="Trình đơn").click()
    page.goto(page.base_url + menu.get_by_role("link").last.get_attribute("href"))  # the last entry
    page.get_by_role("button", name="Trình đơn").click()
    current = menu.locator("a[aria-current=page]")
    box = current.bounding_box()
    assert current.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
