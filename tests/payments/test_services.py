"""Starting an attempt, the IPN table (regulations §3: only the IPN changes state, RspCode 00/01/02/04/97/
99), what a confirmed payment does to the dossier, the desk's payment and the exemption."""

import time

import pytest
from django.urls import reverse

from egov.errors import DomainError, NotPermitted
from onestop import services as onestop
from onestop.models import DossierPause, Status
from onestop.payments import services
from onestop.payments.models import Notification, Payment
from tests.concurrency import at_once
from tests.onestop.conftest import accepted

from .conftest import CHARGE, FEE, awaiting, ipn, vnpay_sign

pytestmark = pytest.mark.django_db


def _state(dossier, payment):
    dossier.refresh_from_db()
    payment.refresh_from_db()
    return (dossier.status, dossier.fees_paid, payment.status, payment.receipt_number)


def test_acceptance_of_a_prepaid_procedure_waits_for_the_fees_with_the_clock_paused(world, prepaid):
    dossier = awaiting(world, prepaid)
    assert dossier.status == Status.AWAITING_PAYMENT
    assert dossier.fees_due == FEE + CHARGE and dossier.fees_paid == 0
    pause = dossier.pauses.get()
    assert pause.kind == DossierPause.Kind.OBLIGATION and pause.ended_at is None


def test_a_procedure_collecting_its_fees_at_the_end_does_not_wait(world):
    dossier = accepted(world)
    assert dossier.status == Status.ACCEPTED and not dossier.pauses.exists()


def test_start_payment_twice_gives_the_same_attempt(world, prepaid):
    dossier = awaiting(world, prepaid)
    first = services.start_payment(world.citizen, dossier)
    assert services.start_payment(world.citizen, dossier) == first
    assert first.amount == FEE + CHARGE and Payment.objects.count() == 1
    assert [line["amount"] for line in first.fee_lines] == [FEE, CHARGE]


def test_another_citizen_cannot_start_a_payment(world, prepaid):
    dossier = awaiting(world, prepaid)
    with pytest.raises(NotPermitted):
        services.start_payment(world.other_citizen, dossier)
    with pytest.raises(NotPermitted):
        services.start_payment(world.sotp.officer, dossier)
    assert not Payment.objects.exists()


def test_nothing_due_nothing_to_pay(world, prepaid):
    dossier = awaiting(world, prepaid, fees_paid=FEE + CHARGE)
    assert dossier.status == Status.ACCEPTED  # paid in full at the counter: no wait
    with pytest.raises(DomainError, match="không còn khoản"):
        services.start_payment(world.citizen, dossier)


def test_a_payment_applied_is_answered_00_even_when_its_log_row_cannot_be_written(
    world, prepaid, monkeypatch
):
    """On SQLite under concurrent notifications the log insert can meet a locked table after the payment
    has committed; the gateway must still hear 00, not an error that makes it retry."""
    from django.db import OperationalError

    dossier = awaiting(world, prepaid)
    payment = services.start_payment(world.citizen, dossier)

    def locked(**_fields):
        raise OperationalError("database table is locked")

    monkeypatch.setattr(Notification.objects, "create", locked)
    assert services.handle_ipn(ipn(payment)) == ("00", "Confirm Success")
    assert _state(dossier, payment)[2] == "paid"


def test_a_confirmed_payment_resumes_the_dossier_once(world, prepaid):
    dossier = awaiting(world, prepaid)
    payment = services.start_payment(world.citizen, dossier)
    params = ipn(payment)
    assert services.handle_ipn(params) == ("00", "Confirm Success")
    status, paid, payment_status, receipt = _state(dossier, payment)
    assert (status, paid, payment_status, receipt) == (Status.ACCEPTED, FEE + CHARGE, "paid", 1)
    assert dossier.pauses.get().ended_at is not None
    assert payment.gateway_txn_no == "14422574" and payment.bank_code == "NCB"
    assert payment.raw_ipn["vnp_TxnRef"] == payment.txn_ref
    assert dossier.events.filter(action="take_fees").count() == 1
    # the same notification again (VNPay retries): "already confirmed", nothing changes
    assert services.handle_ipn(params)[0] == "02"
    assert _state(dossier, payment) == (Status.ACCEPTED, FEE + CHARGE, "paid", 1)
    assert dossier.events.filter(action="take_fees").count() == 1
    assert list(Notification.objects.order_by("pk").values_list("rsp_code", flat=True)) == ["00", "02"]


def test_receipt_numbers_follow_each_other_per_agency(world, prepaid):
    numbers = []
    for _ in range(3):
        payment = services.start_payment(world.citizen, awaiting(world, prepaid))
        services.handle_ipn(ipn(payment))
        payment.refresh_from_db()
        numbers.append(payment.receipt_number)
    assert numbers == [1, 2, 3]


def _refused(params):
    return services.handle_ipn(params)[0]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("wrong_amount", "04"),
        ("unknown", "01"),
        ("bad_signature", "97"),
        ("no_signature", "97"),
        ("other_merchant", "99"),
        ("tampered", "97"),
        ("not_a_mapping", "99"),
        ("huge_value", "99"),
        ("control_chars", "99"),
        ("two_values", "99"),
        ("too_many", "99"),
        ("amount_not_digits", "99"),
    ],
)
def test_refused_notifications_change_nothing_and_are_logged(world, prepaid, case, expected):
    dossier = awaiting(world, prepaid)
    payment = services.start_payment(world.citizen, dossier)
    good = ipn(payment)
    params = {
        "wrong_amount": ipn(payment, vnp_Amount=str((payment.amount - 1000) * 100)),
        "unknown": ipn(payment, vnp_TxnRef="KHONGCO"),
        "bad_signature": {**good, "vnp_SecureHash": "0" * 128},
        "no_signature": ipn(payment, sign=False),
        "other_merchant": ipn(payment, vnp_TmnCode="KHAC"),
        "tampered": {**good, "vnp_TransactionNo": "1"},
        "not_a_mapping": ["vnp_TxnRef", payment.txn_ref],
        "huge_value": ipn(payment, vnp_OrderInfo="x" * 100_000),
        "control_chars": ipn(payment, vnp_OrderInfo="a\x00b"),
        "two_values": {**{k: [v] for k, v in good.items()}, "vnp_TxnRef": [payment.txn_ref, "X"]},
        "too_many": {**good, **{f"vnp_X{i}": "1" for i in range(50)}},
        "amount_not_digits": ipn(payment, vnp_Amount="1e9"),
    }[case]
    before = _state(dossier, payment)
    assert _refused(params) == expected
    assert _state(dossier, payment) == before == (Status.AWAITING_PAYMENT, 0, "pending", None)
    log = Notification.objects.get()
    assert log.rsp_code == expected and log.message


def test_a_cancelled_or_failed_attempt_is_closed_and_a_new_one_can_start(world, prepaid):
    dossier = awaiting(world, prepaid)
    payment = services.start_payment(world.citizen, dossier)
    assert services.handle_ipn(ipn(payment, vnp_ResponseCode="24", vnp_TransactionStatus="02"))[0] == "00"
    assert _state(dossier, payment) == (Status.AWAITING_PAYMENT, 0, "cancelled", None)
    second = services.start_payment(world.citizen, dossier)
    assert second != payment
    services.handle_ipn(ipn(second, vnp_ResponseCode="51", vnp_TransactionStatus="02"))
    second.refresh_from_db()
    assert second.status == "failed"
    # a success arriving for a closed attempt is "already confirmed", not money taken twice
    assert services.handle_ipn(ipn(second))[0] == "02"
    assert _state(dossier, second)[:2] == (Status.AWAITING_PAYMENT, 0)


def test_paid_at_the_desk_cancels_the_open_attempt(world, prepaid):
    dossier = awaiting(world, prepaid)
    payment = services.start_payment(world.citizen, dossier)
    dossier = onestop.record_fee_payment(world.sotp.officer, dossier, FEE + CHARGE)
    assert dossier.status == Status.ACCEPTED
    assert services.handle_ipn(ipn(payment))[0] == "02"
    assert _state(dossier, payment) == (Status.ACCEPTED, FEE + CHARGE, "cancelled", None)


def test_the_desk_takes_no_more_than_is_due_and_only_its_officers(world, prepaid):
    dossier = awaiting(world, prepaid)
    with pytest.raises(DomainError, match="không quá số còn phải nộp"):
        onestop.record_fee_payment(world.sotp.officer, dossier, FEE + CHARGE + 1)
    with pytest.raises(NotPermitted):
        onestop.record_fee_payment(world.citizen, dossier, FEE)
    dossier = onestop.record_fee_payment(world.sotp.officer, dossier, FEE)  # part: still waiting
    assert (dossier.status, dossier.fees_paid) == (Status.AWAITING_PAYMENT, FEE)


def test_an_exemption_from_the_catalogue_lowers_what_is_due(world, prepaid):
    dossier = awaiting(world, prepaid)
    charge = prepaid.fees.get(amount=CHARGE)
    dossier = onestop.grant_fee_exemption(world.sotp.officer, dossier, [charge.pk])
    assert dossier.fees_due == FEE and "Hộ nghèo" in dossier.fee_exemption_reason
    plain = prepaid.fees.get(amount=FEE)
    with pytest.raises(DomainError, match="không có đối tượng"):
        onestop.grant_fee_exemption(world.sotp.officer, dossier, [plain.pk])
    assert services.start_payment(world.citizen, dossier).amount == FEE


def test_stop_and_withdraw_are_open_while_waiting_for_fees(world, prepaid):
    dossier = awaiting(world, prepaid)
    dossier = onestop.withdraw(world.citizen, dossier, "Không nộp nữa")
    assert dossier.status == Status.WITHDRAWN


@pytest.mark.django_db(transaction=True)
def test_two_notifications_at_once_pay_once(world, prepaid):
    dossier = awaiting(world, prepaid)
    payment = services.start_payment(world.citizen, dossier)
    params = ipn(payment)

    def gateway_sends():
        # "99" asks the gateway to send again, as VNPay does (SQLite answers a busy table that way)
        for _attempt in range(100):
            answer = services.handle_ipn(params)
            if answer[0] != "99":
                return answer
            time.sleep(0.02)
        return answer

    results, errors = at_once([gateway_sends for _ in range(4)])
    assert errors == []
    assert sorted(code for code, _ in results) == ["00", "02", "02", "02"]
    assert _state(dossier, payment) == (Status.ACCEPTED, FEE + CHARGE, "paid", 1)


# --- the HTTP endpoint --------------------------------------------------------------------------------
IPN = "/api/v1/thanh-toan/ipn/"


def test_the_ipn_address_answers_json_to_get_and_post(client, world, prepaid):
    assert reverse("payments-api:ipn") == IPN
    payment = services.start_payment(world.citizen, awaiting(world, prepaid))
    params = ipn(payment)
    response = client.get(IPN, params)
    assert response.status_code == 200
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}
    assert client.post(IPN, params).json()["RspCode"] == "02"  # CSRF-exempt, unauthenticated
    assert Notification.objects.filter(method="POST", rsp_code="02").exists()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "vnp_TxnRef=1&vnp_SecureHash=abc",
        "vnp_Amount=" + "9" * 5000,
        "%ff%fe=%c3%28",
        "vnp_TxnRef=a&vnp_TxnRef=b",
    ],
)
def test_garbage_at_the_ipn_address_is_a_97_or_99_never_a_500(client, db, query):
    response = client.get(f"{IPN}?{query}")
    assert response.status_code == 200
    assert response.json()["RspCode"] in ("97", "99")
    assert Notification.objects.count() == 1


def test_a_nul_at_the_ipn_address_is_refused_before_it(client, db):
    response = client.get(f"{IPN}?vnp_TxnRef=a%00b")
    assert response.status_code == 400 and response.json()["code"] == "invalid_characters"


def test_a_signature_made_from_the_protocol_is_accepted(world, prepaid):
    payment = services.start_payment(world.citizen, awaiting(world, prepaid))
    params = ipn(payment, sign=False)
    params["vnp_SecureHash"] = vnpay_sign(params).upper()  # VNPay sends it in either case
    assert services.handle_ipn(params)[0] == "00"
