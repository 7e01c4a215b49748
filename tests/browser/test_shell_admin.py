"""/admin/ in a real browser: a logged-in clerk gets a clear answer, not ERR_TOO_MANY_REDIRECTS."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto(f"{page.base_url}/tai-khoan/dang-nhap/?next=/admin/")
    page.get_by_label("Tên đăng nhập, số định danh hoặc thư điện tử").fill(username)
    page.get_by_label("Mật khẩu").fill("Matkhau@2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()


def test_a_clerk_opening_the_admin_is_told_why_not(page, make_user):
    from egov.accounts.roles import Role

    clerk = make_user(Role.CLERK)
    sign_in(page, clerk.username)  # the login page's ?next=/admin/ leads to the admin door
    assert page.url == page.base_url + "/admin/"
    assert page.get_by_role("heading", name="Không có quyền vào trang quản trị").is_visible()
    for path in ["/admin/", "/admin/login/?next=/admin/", "/admin/logout/"]:
        response = page.goto(page.base_url + path)
        assert response.status in (200, 403), path
        assert page.get_by_role("heading", level=1).count() == 1


def test_an_anonymous_visitor_lands_on_the_portal_login_in_one_hop(page):
    hops = []
    page.on(
        "response", lambda response: hops.append(response.status) if 300 <= response.status < 400 else None
    )
    page.goto(page.base_url + "/admin/")
    assert page.url.startswith(page.base_url + "/tai-khoan/dang-nhap/?next=")
    assert hops == [302]
