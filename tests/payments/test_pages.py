"""The citizen's pay box, the way to the local gateway and back, the return page (outcome only), the
receipt PDF and who may download it."""

import io
import urllib.parse

import pytest
from django.urls import reverse
from pypdf import PdfReader

from onestop.models import Status
from onestop.payments import services
from onestop.payments.models import GatewayTransaction, Payment

from .conftest import CHARGE, FEE, awaiting, ipn

pytestmark = pytest.mark.django_db


def test_the_pay_box_shows_the_fees_and_the_button(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    client.force_login(world.citizen)
    page = client.get(reverse("onestop:citizen-dossier", args=[dossier.pk])).content.decode()
    assert 'id="fees"' in page and "Phí thẩm định hồ sơ" in page
    assert "100.000" in page and 'id="pay-online"' in page


def _pay_and_follow(client, capture, dossier, *, pay=True):
    response = client.post(reverse("payments:pay", args=[dossier.pk]))
    assert response.status_code == 302
    order = client.get(response["Location"])
    assert order.status_code == 200 and "100.000 VND" in order.content.decode()
    txn_ref = Payment.objects.get(dossier=dossier, status="pending").txn_ref
    finish = reverse("payments:gateway-pay" if pay else "payments:gateway-cancel", args=[txn_ref])
    with capture(execute=True):  # the gateway's notification, queued on commit
        back = client.post(finish)
    assert back.status_code == 302
    return client.get(back["Location"]), txn_ref


def test_paying_at_the_local_gateway_pays_the_dossier_and_the_return_shows_it(
    client, world, prepaid, django_capture_on_commit_callbacks
):
    dossier = awaiting(world, prepaid)
    client.force_login(world.citizen)
    result, txn_ref = _pay_and_follow(client, django_capture_on_commit_callbacks, dossier)
    text = result.content.decode()
    assert result.status_code == 200 and "Đã thanh toán" in text and 'id="download-receipt"' in text
    dossier.refresh_from_db()
    assert (dossier.status, dossier.fees_paid) == (Status.ACCEPTED, FEE + CHARGE)
    assert GatewayTransaction.objects.get(txn_ref=txn_ref).status == "paid"


def test_cancelling_at_the_local_gateway_leaves_the_fees_owed(
    client, world, prepaid, django_capture_on_commit_callbacks
):
    dossier = awaiting(world, prepaid)
    client.force_login(world.citizen)
    result, txn_ref = _pay_and_follow(client, django_capture_on_commit_callbacks, dossier, pay=False)
    assert "Đã hủy" in result.content.decode()
    assert Payment.objects.get(txn_ref=txn_ref).status == "cancelled"
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_PAYMENT


def test_the_return_page_only_shows_and_says_when_the_confirmation_is_awaited(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    payment = services.start_payment(world.citizen, dossier)
    client.force_login(world.citizen)
    # a forged "success" return with no notification behind it changes nothing
    page = client.get("/thanh-toan/ket-qua/", ipn(payment))
    assert "Đang chờ xác nhận" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == "pending"
    client.force_login(world.other_citizen)
    assert client.get("/thanh-toan/ket-qua/", ipn(payment)).status_code == 404


def _paid(world, prepaid):
    payment = services.start_payment(world.citizen, awaiting(world, prepaid))
    services.handle_ipn(ipn(payment))
    payment.refresh_from_db()
    return payment


def test_the_receipt_is_a_pdf_with_its_number(client, world, prepaid):
    payment = _paid(world, prepaid)
    client.force_login(world.citizen)
    response = client.get(f"/thanh-toan/bien-lai/{payment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert payment.receipt_code in text
    assert "100.000" in text and payment.dossier.code in text and "14422574" in text
    assert "Phí thẩm định hồ sơ" in text
    assert "Số tiền bằng chữ: Một trăm nghìn đồng." in text


def test_the_receipt_is_for_the_applicant_and_the_agency_staff_only(client, world, prepaid):
    payment = _paid(world, prepaid)
    url = f"/thanh-toan/bien-lai/{payment.pk}/"
    client.force_login(world.other_citizen)
    assert client.get(url).status_code == 404
    client.force_login(world.xa_a.officer)  # another agency's desk
    assert client.get(url).status_code == 404
    client.force_login(world.sotp.officer)
    assert client.get(url).status_code == 200


def test_another_citizen_cannot_pay_for_a_dossier(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    client.force_login(world.other_citizen)
    assert client.post(f"/thanh-toan/ho-so/{dossier.pk}/").status_code == 404
    assert not Payment.objects.exists()


def test_the_local_gateway_refuses_a_forged_order_and_is_off_in_production(client, db, settings):
    forged = urllib.parse.urlencode({"vnp_TxnRef": "X", "vnp_Amount": "100", "vnp_SecureHash": "0" * 128})
    response = client.get(f"/thanh-toan/cong-thu/?{forged}")
    assert response.status_code == 400 and "Chữ ký" in response.content.decode()
    garbage = client.post("/thanh-toan/cong-thu/querydr/", "{", content_type="application/json")
    assert garbage.json()["vnp_ResponseCode"] == "03"
    settings.PAYMENT_LOCAL_GATEWAY = False
    assert client.get(f"/thanh-toan/cong-thu/?{forged}").status_code == 404
