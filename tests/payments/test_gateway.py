"""The VNPay 2.1.0 signature, the payment URL, querydr against the local gateway, and the payment and
gateway state machines walked as tables."""

import datetime
import hashlib
import hmac
import urllib.parse

import pytest

from egov.errors import TransitionNotAllowed
from onestop.payments import gateways, local_gateway, services
from onestop.payments.models import GatewayTransaction, Payment
from onestop.payments.workflow import GATEWAY, PAYMENT

SECRET = "test-secret-0123456789"


def test_the_signed_text_is_sorted_and_url_encoded():
    params = {
        "vnp_TxnRef": "ABC 1",
        "vnp_Amount": "7500000",
        "vnp_OrderInfo": "Nộp phí: hồ sơ",
        "vnp_SecureHash": "ignored",
        "other": "ignored",
    }
    assert gateways.hash_data(params) == (
        "vnp_Amount=7500000&vnp_OrderInfo=N%E1%BB%99p+ph%C3%AD%3A+h%E1%BB%93+s%C6%A1&vnp_TxnRef=ABC+1"
    )


def test_known_vector():
    # computed here from the protocol's definition, not from the code under test
    text = "vnp_Amount=1000000&vnp_Command=pay&vnp_TmnCode=EGOVTEST&vnp_TxnRef=T1"
    expected = hmac.new(SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()
    params = {"vnp_TxnRef": "T1", "vnp_TmnCode": "EGOVTEST", "vnp_Command": "pay", "vnp_Amount": "1000000"}
    assert gateways.signed(params, SECRET)["vnp_SecureHash"] == expected
    assert gateways.signature_ok({**params, "vnp_SecureHash": expected.upper()}, SECRET)
    assert not gateways.signature_ok({**params, "vnp_Amount": "1", "vnp_SecureHash": expected}, SECRET)
    assert not gateways.signature_ok(params, SECRET)
    assert not gateways.signature_ok({**params, "vnp_SecureHash": expected}, "")


@pytest.mark.django_db
def test_payment_url_carries_every_field_signed(world, prepaid):
    from onestop.payments import services

    from .conftest import awaiting, vnpay_sign

    payment = services.start_payment(world.citizen, awaiting(world, prepaid))
    url = services.gateway().payment_url(payment, "http://testserver/thanh-toan/ket-qua/", "10.0.0.1")
    path, query = url.split("?", 1)
    params = dict(urllib.parse.parse_qsl(query))
    assert path == "/thanh-toan/cong-thu/"
    assert params["vnp_Amount"] == str(payment.amount * 100)
    assert (
        params["vnp_Version"] == "2.1.0"
        and params["vnp_Command"] == "pay"
        and params["vnp_CurrCode"] == "VND"
    )
    assert params["vnp_TxnRef"] == payment.txn_ref and params["vnp_IpAddr"] == "10.0.0.1"
    assert len(params["vnp_CreateDate"]) == 14 and params["vnp_ExpireDate"] > params["vnp_CreateDate"]
    assert params["vnp_SecureHash"] == vnpay_sign(params)


def test_an_unconfigured_gateway_says_so():
    gateway = gateways.VnpayGateway(url="", query_url="", tmn_code="", secret="")
    with pytest.raises(gateways.GatewayError, match="chưa được cấu hình"):
        gateway.payment_url(None, "", "")
    with pytest.raises(gateways.GatewayError, match="PAYMENT_QUERY_URL"):
        gateway.query("X", datetime.datetime.now(tz=gateways.GMT7))


@pytest.mark.django_db
def test_querydr_against_the_local_gateway():
    now = datetime.datetime(2026, 3, 2, 9, tzinfo=gateways.GMT7)
    GatewayTransaction.objects.create(
        txn_ref="Q1",
        tmn_code="EGOVTEST",
        amount=5000,
        order_info="x",
        return_url="/",
        transaction_no="9",
        status="paid",
        created_at=now,
        pay_date=now,
    )
    gateway = services.gateway()
    assert gateway.query("Q1", now) == gateways.QueryResult(True, "00", 5000, "9")
    assert gateway.query("NONE", now) == gateways.QueryResult(False)
    assert gateway.day_transactions(now.date()) == ["Q1"]
    bad = gateway.query_body("Q1", now) | {"vnp_SecureHash": "0"}
    assert local_gateway.answer_querydr(bad)["vnp_ResponseCode"] == "97"
    assert local_gateway.answer_querydr("garbage")["vnp_ResponseCode"] == "03"


def test_a_querydr_answer_with_a_bad_signature_is_not_trusted():
    class Forged(gateways.VnpayGateway):
        def _post(self, body):
            return {"vnp_ResponseCode": "00", "vnp_TransactionStatus": "00", "vnp_SecureHash": "00"}

    forged = Forged(url="/x", query_url="https://gw", tmn_code="T", secret=SECRET)
    with pytest.raises(gateways.GatewayError, match="Chữ ký"):
        forged.query("X", datetime.datetime.now(tz=gateways.GMT7))


P = Payment.Status
EXPECTED_PAYMENT = {
    "confirm": {P.PENDING: P.PAID},
    "fail": {P.PENDING: P.FAILED},
    "cancel": {P.PENDING: P.CANCELLED},
    "expire": {P.PENDING: P.EXPIRED},
}
G = GatewayTransaction.Status
EXPECTED_GATEWAY = {"pay": {G.PENDING: G.PAID}, "cancel": {G.PENDING: G.CANCELLED}}


@pytest.mark.parametrize(
    ("machine", "expected", "states"),
    [(PAYMENT, EXPECTED_PAYMENT, P.values), (GATEWAY, EXPECTED_GATEWAY, G.values)],
)
def test_state_machines_as_tables(machine, expected, states):
    assert set(machine.transitions) == set(expected)
    for state in states:
        for action, moves in expected.items():
            if state in moves:
                assert machine.target(state, action) == moves[state]
            else:
                with pytest.raises(TransitionNotAllowed, match="Không thể thực hiện"):
                    machine.target(state, action)


def test_paid_is_final():
    assert PAYMENT.allowed(P.PAID) == [] and GATEWAY.allowed(G.PAID) == []
