"""A dossier submitted online, in the browser: the citizen fills the form, checks it and submits it naming
the commune that decides, the commune's desk checks and accepts it on the staff page, the commune
processes it, its leader signs the result and its clerk seals it, and the citizen downloads the signed
result from "Hồ sơ của tôi" and finds it valid on the public verification page."""

# ruff: noqa: F811  (the imported `world` fixture is taken as an argument)

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.signing.demo_pki import DEMO_PIN
from onestop import services
from onestop.models import Dossier, ReturnMethod, Status
from tests.browser.test_onestop_counter import _act, _sign_in_again
from tests.browser.test_shell_dates import sign_in
from tests.onestop.conftest import PDF, world  # noqa: F401 (fixture)
from tests.onestop.test_citizen_pages import signers
from tests.onestop.test_intake import checked_draft
from tests.payments.conftest import _local_gateway  # noqa: F401 (fixture: the local test gateway)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_and_check(page, world, tmp_path):
    """The online form of the commune procedure, filled, its papers attached, and checked."""
    page.goto(f"{page.base_url}/dich-vu-cong/thu-tuc/{world.commune_procedure.code}/nop-truc-tuyen/")
    page.locator("#f-ho_ten").fill("Nguyễn Thị Lan")
    page.locator("#f-dia_chi_thua_dat").fill("Khu 5, xã Hy Cương, tỉnh Phú Thọ")
    page.locator("#f-so_giay_chung_nhan").fill("CS 012345")
    page.locator("#f-dien_tich_san").fill("120,5")
    page.locator("#f-so_tang").fill("3")
    page.locator("#f-cam_ket").check()
    for paper in world.commune_version.papers.filter(is_mandatory=True):
        scan = tmp_path / f"{paper.key}.pdf"
        scan.write_bytes(PDF)
        page.locator(f"#file-{paper.key}").set_input_files(str(scan))
    with page.expect_navigation():
        page.locator("button[name=action][value=check]").click()
    assert "sẵn sàng để nộp" in page.locator("main").inner_text()


def test_a_dossier_submitted_online_to_its_signed_result_verified(page, world, settings, tmp_path):
    commune = world.xa_a
    sign_in(page, world.citizen)
    _fill_and_check(page, world, tmp_path)
    submit = page.locator("#submit-dossier")
    submit.locator("select[name=commune]").select_option(str(commune.agency.pk))
    with page.expect_navigation():
        submit.locator("button[type=submit]").click()
    dossier = Dossier.objects.get()
    assert page.url.endswith(f"/ho-so/cua-toi/{dossier.pk}/")
    assert "Chờ kiểm tra (nộp trực tuyến)" in page.locator("#dossier-status").inner_text()
    assert dossier.competent_agency == commune.agency == dossier.receiving_agency

    # the commune's desk checks the dossier on its staff page and accepts it
    _sign_in_again(page, commune.officer)
    page.goto(f"{page.base_url}/ho-so/can-bo/")
    page.locator(f"a[href='/ho-so/can-bo/{dossier.pk}/']").first.click()
    page.wait_for_selector("#action-accept")
    _act(page, "accept")
    assert "Đã tiếp nhận" in page.locator("#dossier-status").inner_text()
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED and dossier.code

    # the commune's processing, as its own pages would do it
    services.hand_over(commune.officer, dossier, commune.department)
    services.assign(commune.head, dossier, commune.specialist)
    services.record_appraisal(commune.specialist, dossier, "Đủ điều kiện cấp phép.")
    services.approve(commune.leader, dossier)
    result = SimpleUploadedFile("giay-phep.pdf", PDF, content_type="application/pdf")
    services.attach_result(commune.leader, dossier, result_file=result, result_name="Giấy phép xây dựng số 1")
    clerk = signers(commune, settings, tmp_path / "ca")
    services.sign_result(commune.leader, dossier, DEMO_PIN)
    services.seal_result(clerk, dossier, DEMO_PIN)

    # the citizen finds the dossier in "Hồ sơ của tôi" and downloads the result
    _sign_in_again(page, world.citizen)
    page.goto(page.base_url + "/")
    page.locator("#nav-my-dossiers").click()
    page.locator("#my-dossiers a", has_text=dossier.code).click()
    assert "Có kết quả, chờ trả" in page.locator("#dossier-status").inner_text()
    # its fees first: the result is received once they are paid, here online (a level-4 procedure)
    assert page.locator("#download-result").count() == 0
    assert "trước khi nhận kết quả" in page.locator("#result-fees-owed").inner_text()
    with page.expect_navigation():
        page.locator("#pay-online-result").click()
    with page.expect_navigation():
        page.locator("#gateway-pay").click()
    assert page.locator("#payment-status").inner_text() == "Đã thanh toán"
    with page.expect_navigation():
        page.locator("#back-to-dossier").click()
    with page.expect_download() as download:
        page.locator("#download-result").click()
    path = tmp_path / "ket-qua.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.return_method == ReturnMethod.ONLINE
    page.reload()
    assert "Đã trả kết quả" in page.locator("#dossier-status").inner_text()

    # the public verification page finds the leader's signature and the commune's seal valid
    page.locator("#result a", has_text="Xác thực văn bản").click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Xác thực").click()
    page.wait_for_selector("[data-testid=summary]")
    summary = page.inner_text("[data-testid=summary]")
    assert "HỢP LỆ" in summary and "KHÔNG" not in summary, summary
    assert page.locator("[data-testid=signature]").count() == 2
    assert commune.leader.full_name in page.inner_text("[data-testid=result]")


def test_at_390_px_the_citizens_pages_fit_the_screen(browser, live_server, world):
    draft = checked_draft(world, world.commune_version)
    submitted = services.submit_online(world.citizen, checked_draft(world))
    services.request_completion(world.sotp.officer, submitted, "Bản vẽ thiếu mặt cắt; hãy nộp lại bản vẽ.")
    with browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}) as context:
        page = context.new_page()
        page.base_url = live_server.url
        sign_in(page, world.citizen)
        for url in [
            f"/dich-vu-cong/ho-so-nhap/{draft.pk}/",
            "/ho-so/cua-toi/",
            f"/ho-so/cua-toi/{submitted.pk}/",
        ]:
            page.goto(page.base_url + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        for form in ["#action-resubmit", "#action-withdraw"]:
            box = page.locator(form).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, form
        page.goto(f"{page.base_url}/dich-vu-cong/ho-so-nhap/{draft.pk}/")
        box = page.locator("#submit-dossier select[name=commune]").bounding_box()
        assert box and box["x"] + box["width"] <= 390
