"""A walk-in dossier through the staff pages: received at the counter (Mẫu 01 downloaded, a real PDF),
handed to a department, a supplement requested by the specialist and received at the desk with its scan,
an apology with a new date (Mẫu 04), its result attached and signed by the leader, sealed by the clerk
(each with their PIN) and returned at the counter, with Mẫu 01 and Mẫu 06 downloaded as PDFs."""

# ruff: noqa: F811  (the imported `world` fixture is taken as an argument)

import pytest
from django.utils import timezone

from egov.signing.demo_pki import DEMO_PIN
from egov.signing.validation import validate_pdf
from egov.workdays import clock
from onestop import services
from onestop.models import Dossier, Status
from tests.browser.test_shell_dates import sign_in
from tests.onestop.conftest import PDF, world  # noqa: F401 (fixture)
from tests.onestop.signers import demo_pki, signers  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(page, action):
    with page.expect_navigation():
        page.locator(f"#action-{action} button[type=submit]").click()


def _take_fees(page):
    """The desk takes in cash what the dossier owes (the amount offered is what remains): until then the
    return card says what is owed instead of offering its form."""
    assert "đồng" in page.locator("#return-fees-owed").inner_text()
    with page.expect_navigation():
        page.locator("#fee-payment button[type=submit]").click()
    assert page.locator("#return-fees-owed").count() == 0


def _sign_in_again(page, user, second_factor=None):
    page.context.clear_cookies()
    sign_in(page, user)
    if second_factor is not None:
        page.locator("input[name=token]").fill(second_factor())
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()


def _download(page, form, path):
    with page.expect_download() as download:
        page.locator("#prints a", has_text=f"Mẫu {form}").click()
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF") and b"%%EOF" in path.read_bytes()[-1024:]


def test_a_walk_in_dossier_from_the_counter_to_its_return(page, world, totp_device, tmp_path, demo_pki):
    desk = signers(world.sotp)
    sign_in(page, desk.officer)
    page.goto(f"{page.base_url}/ho-so/can-bo/")
    page.locator("#new-intake").click()
    page.locator("#q").fill("ly lich tu phap")
    with page.expect_navigation():
        page.locator("main form[role=search] button").click()
    page.locator("#versions a").first.click()
    page.locator("#id_name").fill("Lê Văn Hùng")
    page.locator("#id_personal_id").fill("025085001234")
    page.locator("#id_address").fill("Khu 3, xã Hy Cương, tỉnh Phú Thọ")
    for paper in world.version.papers.filter(is_mandatory=True):
        page.locator(f"#id_p{paper.pk}-handed_in").check()
    with page.expect_navigation():
        page.locator("button[name=decision][value=accept]").click()
    dossier = Dossier.objects.get()
    assert dossier.status == Status.ACCEPTED and dossier.applicant_user is None
    assert dossier.code in page.locator("h1").inner_text()

    _download(page, "01", tmp_path / "mau-01.pdf")

    page.locator("#action-hand_over select").select_option(str(desk.department.pk))
    _act(page, "hand_over")
    assert "Đã chuyển phòng chuyên môn" in page.locator("#dossier-status").inner_text()
    services.assign(desk.head, dossier, desk.specialist)  # the head's queue (tests/onestop/test_views.py)

    # the specialist asks for a supplement; the desk receives it with its scan
    _sign_in_again(page, desk.specialist)
    page.goto(f"{page.base_url}/ho-so/can-bo/{dossier.pk}/")
    page.locator("#action-request_supplement textarea").fill("Thiếu bản sao căn cước có chứng thực")
    _act(page, "request_supplement")
    assert "Chờ bổ sung hồ sơ" in page.locator("#dossier-status").inner_text()
    _sign_in_again(page, desk.officer)
    page.goto(f"{page.base_url}/ho-so/can-bo/{dossier.pk}/")
    paper = world.version.papers.order_by("pk").first()
    page.locator("#action-receive_supplement select").select_option(str(paper.pk))
    scan = tmp_path / "bo-sung.pdf"
    scan.write_bytes(PDF)
    page.locator("#action-receive_supplement input[type=file]").set_input_files(str(scan))
    _act(page, "receive_supplement")
    assert "Đang thẩm định" in page.locator("#dossier-status").inner_text()
    assert dossier.papers.filter(required_paper=paper).exclude(file="").exists()

    # Mẫu 04: the desk apologises and gives a new date, three working days after the appointment
    dossier.refresh_from_db()
    new_day = clock.add_working_days(timezone.localtime(dossier.due_at).date(), 3)
    page.locator("#action-apologise textarea").fill("Cần xác minh thêm với cơ quan công an")
    page.locator("#action-apologise input[name$=new_due_day]").fill(f"{new_day:%d/%m/%Y}")
    page.locator("#action-apologise input[name$=new_due_time]").fill("10:00")
    _act(page, "apologise")
    dossier.refresh_from_db()
    assert dossier.apologies.count() == 1
    assert f"{timezone.localtime(dossier.due_at):%d/%m/%Y %H:%M}" == f"{new_day:%d/%m/%Y} 10:00"

    services.record_appraisal(desk.specialist, dossier, "Đủ điều kiện cấp phiếu.")
    services.approve(desk.leader, dossier)

    # the leader attaches the result and signs it with the PIN
    _sign_in_again(page, desk.leader, totp_device(desk.leader))
    page.goto(f"{page.base_url}/ho-so/can-bo/{dossier.pk}/")
    page.locator("#action-attach_result input[name$=result_name]").fill("Phiếu lý lịch tư pháp số 1")
    result = tmp_path / "ket-qua.pdf"
    result.write_bytes(PDF)
    page.locator("#action-attach_result input[type=file]").set_input_files(str(result))
    _act(page, "attach_result")
    assert "Kết quả chờ ký số" in page.locator("#dossier-status").inner_text()
    page.locator("#action-sign_result input[type=password]").fill(DEMO_PIN)
    _act(page, "sign_result")
    assert "Kết quả chờ đóng dấu" in page.locator("#dossier-status").inner_text()

    # the agency's clerk seals it with the agency's PIN
    _sign_in_again(page, desk.clerk)
    page.goto(f"{page.base_url}/ho-so/can-bo/hang-doi/van-thu/")
    with page.expect_navigation():
        page.locator("main a", has_text=dossier.code).first.click()
    page.locator("#action-seal_result input[type=password]").fill(DEMO_PIN)
    _act(page, "seal_result")
    assert "Có kết quả, chờ trả" in page.locator("#dossier-status").inner_text()
    dossier.refresh_from_db()
    assert len(validate_pdf(dossier.result_file.read()).signatures) == 2

    _sign_in_again(page, desk.officer)
    page.goto(f"{page.base_url}/ho-so/can-bo/")
    page.locator("#results a", has_text=dossier.code).click()
    _take_fees(page)
    page.locator("#action-return_result select").select_option("counter")
    page.locator("#action-return_result input[name$=received_by_name]").fill("Lê Văn Hùng")
    _act(page, "return_result")
    assert "Đã trả kết quả" in page.locator("#dossier-status").inner_text()
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_to == "Lê Văn Hùng"
    _download(page, "01", tmp_path / "mau-01-cuoi.pdf")
    _download(page, "06", tmp_path / "mau-06.pdf")


def test_at_390_px_the_desk_and_a_dossier_fit_the_screen(browser, live_server, world):
    dossier = services.receive_at_counter(
        world.sotp.officer,
        world.version,
        services.Applicant(name="Lê Văn Hùng", personal_id="025085001234"),
        [services.PaperIn(p, count=p.quantity) for p in world.version.papers.filter(is_mandatory=True)],
        "accept",
    )
    with browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}) as context:
        page = context.new_page()
        page.base_url = live_server.url
        sign_in(page, world.sotp.officer)
        for url in ["/ho-so/can-bo/", f"/ho-so/can-bo/{dossier.pk}/", "/ho-so/can-bo/hang-doi/"]:
            page.goto(page.base_url + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        page.goto(f"{page.base_url}/ho-so/can-bo/")
        row = page.locator("#today tbody tr").first.bounding_box()
        assert row and row["width"] <= 390
