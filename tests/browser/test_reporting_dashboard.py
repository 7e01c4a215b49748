"""The province's leader on the statistics dashboard: logs in with the second factor, sees the charts
(Chart.js from node_modules, no CSP violation), drills down from the province to their committee, to
its table by procedure, to the overdue dossier behind the number and opens its page, then downloads the
table as Excel through the export job; and the dashboard fits a 390 px phone."""

# ruff: noqa: F811  (the imported fixtures are taken as arguments)
import io

import pytest
from openpyxl import load_workbook

from reporting import stats
from tests.browser.test_onestop_counter import _sign_in_again
from tests.onestop.conftest import world  # noqa: F401 (fixture)
from tests.reporting.test_dashboard import MARCH_PERIOD, figures, province, provincial  # noqa: F401
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MARCH = "ky=thang&nam=2026&so=3"


def _watch_csp(page) -> list[str]:
    seen = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    return seen


def test_the_leader_drills_down_to_a_late_dossier_and_downloads_the_excel(
    page, provincial, totp_device, tmp_path
):
    leader = provincial.province.ubnd.leader
    violations = _watch_csp(page)
    _sign_in_again(page, leader, totp_device(leader))
    page.goto(f"{page.base_url}/bao-cao/?{MARCH}")
    assert page.locator("h1").inner_text() == "Thống kê hồ sơ thủ tục hành chính"
    assert "Tỉnh Phú Thọ" in page.locator("#report-period").inner_text()
    # the charts are drawn by the vendored Chart.js from the json_script data
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('trend-rates') && Chart.getChart('trend-counts')"
    )
    assert page.evaluate("() => Chart.getChart('trend-counts').data.labels.length") == 12

    # province -> the committee's own figures
    committee = provincial.province.ubnd.agency
    with page.expect_navigation():
        page.locator("#agency-ranking a", has_text=committee.name).click()
    assert committee.name in page.locator("#scope-crumbs").inner_text()
    # -> its table by procedure
    with page.expect_navigation():
        page.locator("#open-table").click()
    row = page.locator(f'#stats-table tr[data-key="{provincial.province.procedure.code}"]')
    assert row.count() == 1
    # -> the overdue dossiers behind the number: the column of "Quá hạn" under "đang giải quyết"
    with page.expect_navigation():
        row.locator("a[href*='hinh=in_progress_overdue']").click()
    assert provincial.own.code in page.locator("#behind-table").inner_text()
    # -> the dossier's staff page
    with page.expect_navigation():
        page.locator("#behind-table a", has_text=provincial.own.code).click()
    assert provincial.own.code in page.locator("h1").inner_text()

    # the table again, downloaded as Excel through the export job (eager here, Celery when deployed)
    page.go_back()
    with page.expect_navigation():
        page.locator("a", has_text="Về bảng thống kê").click()
    with page.expect_navigation():
        page.locator("#export-xlsx").click()
    page.locator("#export-download").wait_for()
    assert "Đã xong" in page.locator("#export-status").inner_text()
    with page.expect_download() as download:
        page.locator("#export-download").click()
    path = tmp_path / "bang.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    report = stats.dossier_report(MARCH_PERIOD, agency=committee, by="procedure")
    assert sheet["A1"].value == "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"
    assert sheet.cell(row=9, column=2).value == report.rows[0].key
    assert sheet.cell(row=9, column=15).value == report.rows[0].figures.in_progress_overdue == 1
    assert violations == []


def test_the_dashboard_fits_a_phone(browser, live_server, provincial, totp_device):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.base_url = live_server.url
    try:
        leader = provincial.province.ubnd.leader
        _sign_in_again(page, leader, totp_device(leader))
        page.goto(f"{page.base_url}/bao-cao/?{MARCH}")
        page.wait_for_function("() => window.Chart && Chart.getChart('trend-rates')")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert page.locator("#kpi-on_time_rate").is_visible()
        page.goto(f"{page.base_url}/bao-cao/bang-thong-ke/?{MARCH}")
        # the wide table scrolls inside its frame, the page itself does not
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
