"""A citizen's whole dossier in the browser, on a phone: submitted online, accepted by the desk and
waiting for its fees, paid at the local test gateway, asked for a supplement and supplied online, the
e-mail and SMS of each step recorded and listed on the citizen's "Thông báo" page, the signed result
downloaded and the service rated; then a stranger looks the code up and sees no personal data."""

# ruff: noqa: F811  (the imported fixtures are taken as arguments)

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.notify.models import LocalSms, Message
from onestop import services
from onestop.models import Dossier, DossierRating, ReturnMethod, Status
from tests.browser.test_shell_dates import sign_in
from tests.onestop.conftest import PDF, world  # noqa: F401 (fixture)
from tests.onestop.signers import demo_pki, result_ready, signers  # noqa: F401 (fixture)
from tests.onestop.test_intake import checked_draft
from tests.payments.conftest import _local_gateway, prepaid  # noqa: F401 (fixtures)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = "0912345678"


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def _click(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()


@pytest.mark.usefixtures("demo_pki")
def test_a_citizen_follows_pays_supplements_downloads_and_rates_on_a_phone(
    browser, live_server, world, prepaid
):
    desk = signers(world.sotp)
    citizen = world.citizen
    citizen.phone = PHONE
    citizen.save(update_fields=["phone"])
    draft = checked_draft(world, prepaid)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        # submitted online from the checked draft's page
        sign_in(page, citizen)
        page.goto(f"{page.base_url}/dich-vu-cong/ho-so-nhap/{draft.pk}/")
        _click(page, "#submit-dossier button[type=submit]")
        dossier = Dossier.objects.get(draft=draft)
        assert "Chờ kiểm tra" in page.locator("#dossier-status").inner_text()

        # the desk accepts it: the procedure collects its fees first, so the clock waits for them
        dossier = services.accept_dossier(desk.officer, dossier)
        assert dossier.status == Status.AWAITING_PAYMENT and dossier.code
        page.reload()
        assert "Chờ nộp phí, lệ phí" in page.locator("#dossier-status").inner_text()
        _fits(page)
        _click(page, "#pay-online")
        _click(page, "#gateway-pay")
        assert page.locator("#payment-status").inner_text() == "Đã thanh toán"
        _click(page, "#back-to-dossier")
        dossier.refresh_from_db()
        assert dossier.status == Status.ACCEPTED and dossier.fees_paid == dossier.fees_due > 0
        assert "Biên lai số" in page.locator("#receipts").inner_text()

        # processing asks for a supplement; the citizen supplies it from the dossier's page
        services.hand_over(desk.officer, dossier, desk.department)
        services.assign(desk.head, dossier, desk.specialist)
        services.request_supplement(desk.specialist, dossier, "Bổ sung bản sao sổ hộ khẩu.")
        page.reload()
        assert "Bổ sung bản sao sổ hộ khẩu." in page.locator("#requests").inner_text()
        form = page.locator("#action-receive_supplement")
        form.locator("input[type=file]").first.set_input_files(
            files=[{"name": "ho-khau.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        dossier.refresh_from_db()
        assert dossier.status == Status.PROCESSING

        # the signed result, downloaded; the first download returns it
        services.record_appraisal(desk.specialist, dossier, "Đủ điều kiện.")
        services.approve(desk.leader, dossier)
        result = SimpleUploadedFile("kq.pdf", PDF, content_type="application/pdf")
        result_ready(desk, dossier, result_file=result, result_name="Giấy chứng nhận")
        page.reload()
        with page.expect_download() as download:
            page.locator("#download-result").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        dossier.refresh_from_db()
        assert dossier.status == Status.RETURNED and dossier.return_method == ReturnMethod.ONLINE

        # the service rated, once
        page.reload()
        page.locator("#rating label", has_text="Rất hài lòng").click()
        page.locator("#rating textarea").fill("Nhanh, đúng hẹn.")
        _click(page, "#send-rating")
        assert "Ông/bà đã đánh giá" in page.locator("#rating").inner_text()
        assert DossierRating.objects.get(dossier=dossier).score == 4
        _fits(page)

        # an e-mail and an SMS for every step the applicant is told of, each listed on their page
        events = {"accepted", "payment_received", "supplement_requested", "result_ready", "result_returned"}
        sent = set(Message.objects.filter(user=citizen).values_list("event", "channel"))
        assert {(e, c) for e in events for c in ("email", "sms")} <= sent
        assert LocalSms.objects.filter(phone=PHONE, text__contains=dossier.code).count() >= len(events)
        page.goto(f"{page.base_url}/tai-khoan/thong-bao/")
        assert page.locator("#my-messages tbody tr").count() == Message.objects.filter(user=citizen).count()
        _fits(page)
    finally:
        context.close()

    # a stranger with the code sees the status and a masked name, nothing personal
    stranger = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    try:
        lookup = stranger.new_page()
        lookup.goto(f"{live_server.url}/tra-cuu-ho-so/{dossier.code}/")
        assert lookup.locator("#dossier-status").inner_text() == "Đã trả kết quả"
        assert lookup.locator("#dossier-applicant").inner_text() == "Nguyễn T. L."
        html = lookup.content()
        for private in [citizen.full_name, citizen.personal_id, PHONE, citizen.email, "ho-khau.pdf"]:
            assert private not in html
    finally:
        stranger.close()
