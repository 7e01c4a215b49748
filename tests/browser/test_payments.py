"""Online payment in the browser, at a phone's width: the citizen opens their dossier waiting for its fees,
pays at the local test gateway, comes back to the outcome page, sees it paid and downloads the receipt;
and another time cancels at the gateway and finds the fees still owed."""

# ruff: noqa: F811  (the imported fixtures are taken as arguments)

import pytest

from onestop.models import Status
from onestop.payments.models import Payment
from tests.browser.test_shell_dates import sign_in
from tests.onestop.conftest import world  # noqa: F401 (fixture)
from tests.payments.conftest import _local_gateway, awaiting, prepaid  # noqa: F401 (fixtures)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_and_pay(page, world, dossier, button):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, world.citizen)
    page.goto(f"{page.base_url}/ho-so/cua-toi/{dossier.pk}/")
    box = page.locator("#fees")
    assert "100.000" in box.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    with page.expect_navigation():
        page.locator("#pay-online").click()
    assert "100.000 VND" in page.locator("#gateway-amount").inner_text()
    with page.expect_navigation():
        page.locator(button).click()
    return page.locator("#payment-status").inner_text()


def test_a_citizen_pays_online_and_downloads_the_receipt(page, world, prepaid):
    dossier = awaiting(world, prepaid)
    assert _open_and_pay(page, world, dossier, "#gateway-pay") == "Đã thanh toán"
    href = page.locator("#download-receipt").get_attribute("href")
    receipt = page.context.request.get(f"{page.base_url}{href}")
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED
    with page.expect_navigation():
        page.locator("#back-to-dossier").click()
    assert "Biên lai số" in page.locator("#receipts").inner_text()
    assert page.locator("#pay-online").count() == 0


def test_a_citizen_cancels_at_the_gateway(page, world, prepaid):
    dossier = awaiting(world, prepaid)
    assert _open_and_pay(page, world, dossier, "#gateway-cancel") == "Đã hủy"
    assert Payment.objects.get().status == "cancelled"
    with page.expect_navigation():
        page.locator("#back-to-dossier").click()
    assert page.locator("#pay-online").count() == 1  # the fees are still owed: pay again
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_PAYMENT
