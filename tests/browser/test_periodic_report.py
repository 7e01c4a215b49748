"""A periodic report in the browser: a commune officer fills the typed cells and sends the report for
signature, the commune's leader (past the second factor) signs it with the PIN, and the province's
reviewer sees it arrived, the other commune missing, and the rollup of the figures."""

import datetime

import pytest

from reporting.regimes import services
from reporting.regimes.models import ReportInstance, Status
from tests.browser.test_onestop_counter import _sign_in_again
from tests.browser.test_shell_dates import sign_in
from tests.reporting.regimes.conftest import PIN, World, _media_and_ca  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OCT = datetime.date(2026, 10, 15)


def test_a_commune_fills_its_leader_signs_and_the_province_sees_it(page, totp_device):
    world = World()
    services.ensure_instances(world.regime, today=datetime.date(2026, 11, 20))
    report = ReportInstance.objects.get(reporter=world.xa_a.agency, period_start=OCT)

    sign_in(page, world.xa_a.officer)
    page.goto(f"{page.base_url}/bao-cao-dinh-ky/")
    with page.expect_navigation():
        page.locator(f"#report-{report.pk} a").click()
    page.locator("#cell-A1").fill("-3")
    page.locator("#cell-A2").fill("2")
    with page.expect_navigation():
        page.locator("#action-send_for_signature").click()
    assert "Số liệu phải là số nguyên không âm" in page.locator("#cells").inner_text()
    assert ReportInstance.objects.get(pk=report.pk).status == Status.DRAFT
    page.locator("#cell-A1").fill("6")
    with page.expect_navigation():
        page.locator("#action-save").click()
    assert page.locator("#value-A3").inner_text() == "8"  # A3 = A1 + A2, computed by the server
    with page.expect_navigation():
        page.locator("#action-send_for_signature").click()
    assert page.locator("#report-status").inner_text() == "Chờ lãnh đạo ký"

    _sign_in_again(page, world.xa_a.leader, totp_device(world.xa_a.leader))
    page.goto(f"{page.base_url}/bao-cao-dinh-ky/{report.pk}/")
    assert page.locator("#value-A3").inner_text() == "8"
    page.locator("#sign-pin").fill(PIN)
    with page.expect_navigation():
        page.locator("#action-sign").click()
    assert page.locator("#report-status").inner_text() == "Đã gửi"
    assert page.locator("#download-signed").is_visible()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.signed_file

    _sign_in_again(page, world.reviewer)
    page.goto(f"{page.base_url}/bao-cao-dinh-ky/")
    with page.expect_navigation():
        page.locator(f"#regime-{world.regime.pk}").click()
    page.locator("#ky").select_option(OCT.isoformat())
    with page.expect_navigation():
        page.locator("#pick-period button").click()
    arrived = page.locator(f"#reporter-{world.xa_a.agency.pk}")
    assert "arrived" in arrived.get_attribute("class") and "Đã gửi" in arrived.inner_text()
    assert "Chưa gửi" in page.locator(f"#reporter-{world.xa_b.agency.pk}").inner_text()
    assert "Đã nhận 1/2 báo cáo" in page.locator("#summary").inner_text()
    assert page.locator("#total-A1").inner_text() == "6"
    assert page.locator("#total-A3").inner_text() == "8"
    assert page.locator("#total-A4").inner_text() == "25"
