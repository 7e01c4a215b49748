"""Dates in a browser set to English: typed dd/mm/yyyy into a staff form and saved as that day."""

import datetime

import pytest

from documents.models import WorkFile
from tests.documents.factories import Office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(browser, live_server):
    """A browser whose language is American English: its own date picker would be mm/dd/yyyy."""
    with browser.new_context(locale="en-US") as context:
        page = context.new_page()
        page.base_url = live_server.url
        yield page


def sign_in(page, user):
    page.goto(f"{page.base_url}/tai-khoan/dang-nhap/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill("Matkhau@2026")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_a_day_typed_day_first_in_an_english_browser_is_saved_as_that_day(english_page):
    page = english_page
    clerk = Office().clerk
    sign_in(page, clerk)
    page.goto(f"{page.base_url}/van-ban/ho-so/")
    assert page.locator("html").get_attribute("lang") == "en"  # the browser's language was honoured
    start = page.locator("#id_start_date")
    assert start.get_attribute("placeholder") == "dd/mm/yyyy"
    page.locator("#id_notation").fill("01")
    page.locator("#id_title").fill("Hồ sơ thi đua năm 2026")
    start.fill("05/03/2026")
    with page.expect_navigation():
        page.locator("#work-file-form button[type=submit]").click()
    work_file = WorkFile.objects.get(title="Hồ sơ thi đua năm 2026")
    assert work_file.start_date == datetime.date(2026, 3, 5)
    # and read back day first on the work file's page
    assert "05/03/2026" in page.locator("main").inner_text()


def test_the_browser_refuses_a_day_that_is_not_day_month_year(english_page):
    page = english_page
    sign_in(page, Office().clerk)
    page.goto(f"{page.base_url}/van-ban/ho-so/")
    start = page.locator("#id_start_date")
    start.fill("5 tháng 3")
    assert start.evaluate("input => input.validity.patternMismatch") is True
    start.fill("5.3.2026")
    assert start.evaluate("input => input.validity.valid") is True
