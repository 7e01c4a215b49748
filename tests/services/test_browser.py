"""The issue's "Done when": a citizen on a phone finds the construction permit by typing without accents,
reads its page, opens the online form, fills part of it with a file, saves the draft, logs out and in
again, and finds the draft intact."""

import pytest

from egov.accounts.roles import Role

from .conftest import PDF


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_finds_permit_saves_draft_and_finds_it_after_login(page, make_procedure, make_user, tmp_path):
    from django.contrib.auth.models import Group

    Group.objects.get_or_create(name=Role.CITIZEN.value)
    make_procedure()
    make_procedure(code="1.001193", name="Đăng ký khai sinh", field=("HT", "Hộ tịch"), days=0)
    make_user(Role.CITIZEN, username="lan", full_name="Nguyễn Thị Lan")
    document = tmp_path / "don-de-nghi.pdf"
    document.write_bytes(PDF)
    page.set_viewport_size({"width": 390, "height": 844})
    base = page.base_url

    def log_in():
        page.fill("input[name=username]", "lan")
        page.fill("input[name=password]", "Matkhau@2026")
        page.locator("main form button[type=submit], main form input[type=submit]").first.click()

    page.goto(f"{base}/dich-vu-cong/")
    page.fill("#svc-q", "giay phep xay dung")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/dich-vu-cong/?q=*")
    assert page.locator(".svc-item").count() == 1
    page.click("text=Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")
    page.wait_for_url("**/thu-tuc/1.009994/")
    assert page.locator("h2:has-text('Thành phần hồ sơ')").is_visible()
    assert page.locator("text=15 ngày làm việc").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone

    page.locator("a:has-text('Nộp hồ sơ trực tuyến')").first.click()
    page.wait_for_url("**/tai-khoan/dang-nhap/**")
    log_in()
    page.wait_for_url("**/nop-truc-tuyen/")
    page.fill("#f-ho_ten", "Nguyễn Thị Lan")
    page.fill("#f-dia_chi_thua_dat", "Thửa 12, tờ bản đồ 3, phường Việt Trì")
    page.fill("#f-so_tang", "3")
    page.set_input_files("#file-don_de_nghi", str(document))
    page.click("button:has-text('Lưu nháp')")
    page.wait_for_url("**/ho-so-nhap/*/")
    assert page.locator(".msg-success").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.click("header [data-menu-toggle]")  # on a phone the logout sits in the header's menu
    page.click("header button:has-text('Đăng xuất')")
    page.wait_for_load_state()
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    log_in()
    page.wait_for_load_state()
    page.goto(f"{base}/dich-vu-cong/ho-so-nhap/")
    page.click("text=Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")
    assert page.input_value("#f-ho_ten") == "Nguyễn Thị Lan"
    assert page.input_value("#f-dia_chi_thua_dat") == "Thửa 12, tờ bản đồ 3, phường Việt Trì"
    assert page.input_value("#f-so_tang") == "3"
    assert page.locator("a.svc-uploaded", has_text="don-de-nghi.pdf").is_visible()
