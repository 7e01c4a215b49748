"""Detail pages of documents as a clerk reads them: metadata and actions in a side column, the PDF large
beside it on a desktop screen; on a phone one column, the metadata first, nothing wider than the screen."""

import pytest

from documents import services
from tests.browser.test_shell_dates import sign_in
from tests.documents.factories import Office, incoming_data, pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _documents():
    office = Office()
    incoming = services.register_incoming(office.clerk, office.agency, incoming_data(), upload=pdf_upload())
    draft = services.create_draft(
        office.specialist,
        agency=office.agency,
        department=office.vx,
        data={"doc_type": "CV", "subject": "Về việc tổ chức hội nghị", "body": "Kính gửi các phòng."},
    )
    return office, [f"/van-ban/den/{incoming.pk}/", f"/van-ban/di/{draft.pk}/"]


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    return box


def test_at_1280_px_the_pdf_takes_most_of_the_width_beside_the_metadata(page):
    office, urls = _documents()
    sign_in(page, office.clerk)
    for url in urls:
        page.goto(page.base_url + url)
        viewer, meta = _box(page, ".doc-viewer object"), _box(page, "#doc-meta")
        assert viewer["width"] > 0.55 * 1280, url
        assert viewer["height"] > 600, url
        assert meta["x"] + meta["width"] <= viewer["x"], url  # side by side, the metadata on the left
        assert meta["y"] < viewer["y"] + viewer["height"], url


def test_at_390_px_one_column_metadata_first_and_no_sideways_scroll(browser, live_server):
    office, urls = _documents()
    with browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}) as context:
        page = context.new_page()
        page.base_url = live_server.url
        sign_in(page, office.clerk)
        for url in urls:
            page.goto(page.base_url + url)
            viewer, meta = _box(page, ".doc-viewer"), _box(page, "#doc-meta")
            assert meta["y"] + meta["height"] <= viewer["y"], url
            assert viewer["width"] <= 390, url
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
            # a phone's browser may not show a PDF in the page: the file is one tap away
            assert page.locator(".doc-viewer a[href$='/tep/'], .doc-viewer a[href$='/xem-truoc/']").count()


def test_at_390_px_the_lists_are_cards_with_the_subject_first(browser, live_server):
    office, _urls = _documents()
    with browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}) as context:
        page = context.new_page()
        page.base_url = live_server.url
        sign_in(page, office.clerk)
        for url in ["/van-ban/den/", "/van-ban/di/"]:
            page.goto(page.base_url + url)
            row = page.locator("table.data tbody tr").first
            subject = row.locator("td.row-title a")
            box, row_box = subject.bounding_box(), row.bounding_box()
            assert box["x"] + box["width"] <= 390, url  # the whole subject is on screen, not scrolled off
            assert box["y"] - row_box["y"] < 24, url  # and it heads its card
            assert row.locator("td[data-label]").first.bounding_box()["y"] > box["y"], url
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
