"""A dossier received at one commune's desk for another commune to decide (NĐ 118/2025), through the staff
pages: commune A's officer receives it naming commune B; B's officer, department head, specialist and
leader find it in their queues and process it; A's desk returns the result at its counter."""

# ruff: noqa: F811  (the imported `world` fixture is taken as an argument)

import pytest

from egov.signing.demo_pki import DEMO_PIN
from onestop.models import Dossier, Status
from tests.browser.test_onestop_counter import _act, _sign_in_again, _take_fees
from tests.browser.test_shell_dates import sign_in
from tests.onestop.conftest import PDF, world  # noqa: F401 (fixture)
from tests.onestop.signers import demo_pki, signers  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_from(page, url, section, dossier):
    page.goto(f"{page.base_url}{url}")
    with page.expect_navigation():
        page.locator(f"{section} a", has_text=dossier.code).click()


def _status(page) -> str:
    return page.locator("#dossier-status").inner_text()


def test_commune_a_receives_for_commune_b_which_decides_and_a_returns(
    page, world, totp_device, tmp_path, demo_pki
):
    a, b = world.xa_a, signers(world.xa_b)
    sign_in(page, a.officer)
    page.goto(f"{page.base_url}/ho-so/can-bo/")
    page.locator("#new-intake").click()
    page.locator("#q").fill("giay phep xay dung")
    with page.expect_navigation():
        page.locator("main form[role=search] button").click()
    page.locator("#versions a").first.click()

    # the officer's own commune is chosen first; naming B, the page says the dossier goes there
    picker = page.locator("#id_commune")
    assert picker.input_value() == str(a.agency.pk)
    assert page.locator("#route-note").inner_text() == "Hồ sơ do Ủy ban nhân dân xã Hy Cương giải quyết."
    picker.select_option(str(b.agency.pk))
    note = page.locator(
        "#route-note", has_text="Hồ sơ sẽ được chuyển đến Ủy ban nhân dân xã Chu Hóa giải quyết."
    )
    note.wait_for()
    page.locator("#id_name").fill("Lê Văn Hùng")
    page.locator("#id_personal_id").fill("025085001234")
    page.locator("#id_address").fill("Khu 5, xã Chu Hóa, tỉnh Phú Thọ")
    for paper in world.commune_version.papers.filter(is_mandatory=True):
        page.locator(f"#id_p{paper.pk}-handed_in").check()
    with page.expect_navigation():
        page.locator("button[name=decision][value=accept]").click()
    dossier = Dossier.objects.get()
    assert (dossier.receiving_agency, dossier.competent_agency) == (a.agency, b.agency)
    assert dossier.code.startswith("H25.50.01-") and dossier.code in page.locator("h1").inner_text()
    assert "Ủy ban nhân dân xã Chu Hóa" in page.locator("#dossier-competent").inner_text()
    page.goto(f"{page.base_url}/ho-so/can-bo/")
    assert dossier.code in page.locator("#for-elsewhere").inner_text()

    # commune B's desk finds it among the dossiers received elsewhere and hands it to its department
    _sign_in_again(page, b.officer)
    _open_from(page, "/ho-so/can-bo/", "#from-elsewhere", dossier)
    page.locator("#action-hand_over select").select_option(str(b.department.pk))
    _act(page, "hand_over")
    assert "Đã chuyển phòng chuyên môn" in _status(page)

    _sign_in_again(page, b.head)
    _open_from(page, "/ho-so/can-bo/hang-doi/phong/", "main .card", dossier)
    page.locator("#action-assign select").select_option(str(b.specialist.pk))
    _act(page, "assign")
    assert "Đang thẩm định" in _status(page)

    _sign_in_again(page, b.specialist)
    _open_from(page, "/ho-so/can-bo/hang-doi/", "main .card", dossier)
    page.locator("#action-record_appraisal textarea").fill("Đủ điều kiện cấp giấy phép xây dựng.")
    _act(page, "record_appraisal")
    assert "Chờ lãnh đạo phê duyệt" in _status(page)

    _sign_in_again(page, b.leader, totp_device(b.leader))
    _open_from(page, "/ho-so/can-bo/hang-doi/lanh-dao/", "main .card", dossier)
    _act(page, "approve")
    assert "Đã phê duyệt" in _status(page)
    page.locator("#action-attach_result input[name$=result_name]").fill("Giấy phép xây dựng số 12/GPXD")
    result = tmp_path / "giay-phep.pdf"
    result.write_bytes(PDF)
    page.locator("#action-attach_result input[type=file]").set_input_files(str(result))
    _act(page, "attach_result")
    assert "Kết quả chờ ký số" in _status(page)
    page.locator("#action-sign_result input[type=password]").fill(DEMO_PIN)
    _act(page, "sign_result")
    assert "Kết quả chờ đóng dấu" in _status(page)

    # B's clerk seals it with B's seal: the deciding agency's result
    _sign_in_again(page, b.clerk)
    _open_from(page, "/ho-so/can-bo/hang-doi/van-thu/", "main", dossier)
    page.locator("#action-seal_result input[type=password]").fill(DEMO_PIN)
    _act(page, "seal_result")
    assert "Có kết quả, chờ trả" in _status(page)
    assert page.locator("#action-return_result").count() == 0  # B does not return it: A's desk does

    # the result waits at A's desk, which returns it at its counter
    _sign_in_again(page, a.officer)
    _open_from(page, "/ho-so/can-bo/", "#results", dossier)
    _take_fees(page)
    page.locator("#action-return_result select").select_option("counter")
    page.locator("#action-return_result input[name$=received_by_name]").fill("Lê Văn Hùng")
    _act(page, "return_result")
    assert "Đã trả kết quả" in _status(page)
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_to == "Lê Văn Hùng"
    assert dossier.steps.filter(to_department=b.department).exists()
