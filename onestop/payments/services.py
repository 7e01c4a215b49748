"""Every state change of an online payment.

    start_payment(user, dossier) -> Payment        the applicant's attempt (a double click: the same one)
    handle_ipn(params, *, method, remote_addr) -> (RspCode, message)
        the gateway's notification, the only call that settles an attempt (regulations §3); every
        notification is logged with the answer and why
    reconcile(day, gateway=None) -> list[Mismatch] the day's transactions against the gateway's (querydr)

Locks are always taken dossier first, then payment, so the desk, the applicant and the gateway never wait
on each other in a circle; nothing slow (PDF, network) runs while they are held."""

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from egov.audit.services import record
from egov.errors import DomainError, NotPermitted
from egov.numbering.services import next_number
from egov.text import one_line
from onestop import fees
from onestop import services as onestop
from onestop.models import OPEN_STATUSES, Dossier, Status
from services.models import OnlineLevel

from .gateways import GMT7, QueryResult, VnpayGateway, parse_stamp
from .models import Mismatch, Notification, Payment
from .workflow import PAYMENT

log = logging.getLogger(__name__)

RECEIPT_SCOPE = "payments.receipt:{agency}"
MAX_PARAMS = 40
MAX_VALUE = 512
SUCCESS = "00"
CANCELLED_BY_PAYER = "24"  # vnp_ResponseCode when the payer cancels at the gateway
ANSWERS = {
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "Invalid amount",
    "97": "Invalid signature",
    "99": "Unknown error",
}


# --- starting an attempt -----------------------------------------------------------------------------


def gateway() -> VnpayGateway:
    """The configured gateway: the local one while PAYMENT_LOCAL_GATEWAY is on (development, tests)."""
    # by name: the local gateway queues its notification as a task, and the task calls these services
    local = settings.PAYMENT_LOCAL_GATEWAY
    return import_string(
        "onestop.payments.local_gateway.LocalGateway" if local else "onestop.payments.gateways.VnpayGateway"
    )()


def may_pay_online(dossier: Dossier) -> bool:
    """Fees are owed and may be paid online now: the dossier waits for them, or its procedure offers
    online payment (level 4) and the dossier is accepted and not finished."""
    if dossier.fees_due <= dossier.fees_paid:
        return False
    if dossier.status == Status.AWAITING_PAYMENT:
        return True
    level4 = dossier.version.procedure.online_level >= OnlineLevel.LEVEL_4
    return level4 and dossier.status in OPEN_STATUSES | {Status.RESULT_READY}


def _lock_dossier(dossier_id) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("version__procedure", "receiving_agency", "competent_agency", "applicant_user")
        .get(pk=dossier_id)
    )


def _new_txn_ref(dossier) -> str:
    return f"{timezone.localtime():%y%m%d}{dossier.pk:07d}{secrets.token_hex(3).upper()}"


def _expire(payment: Payment, now) -> None:
    payment.status = PAYMENT.target(payment.status, "expire")
    payment.settled_at = now
    payment.save(update_fields=["status", "settled_at"])


def start_payment(user, dossier: Dossier) -> Payment:
    """The applicant's online payment of what the dossier still owes. One attempt is open at a time: a
    second click while it is open returns it; an expired one is closed and a new one made."""
    if not (user and user.is_active and dossier.applicant_user_id == user.pk):
        raise NotPermitted("Chỉ người nộp hồ sơ được thanh toán trực tuyến phí, lệ phí của hồ sơ này.")
    now = timezone.now()
    with transaction.atomic():
        dossier = _lock_dossier(dossier.pk)
        if dossier.fees_due <= dossier.fees_paid:
            raise DomainError("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.")
        if not may_pay_online(dossier):
            raise DomainError(
                "Hồ sơ này chưa thể thanh toán trực tuyến; hãy nộp phí, lệ phí tại Bộ phận Một cửa."
            )
        outstanding = dossier.fees_due - dossier.fees_paid
        current = dossier.payments.select_for_update().filter(status=Payment.Status.PENDING).first()
        if current is not None:
            if current.expires_at > now and current.amount == outstanding:
                return current
            _expire(current, now)
        payment = Payment.objects.create(
            txn_ref=_new_txn_ref(dossier),
            dossier=dossier,
            agency=dossier.competent_agency,
            payer=user,
            amount=outstanding,
            fee_lines=[
                {"kind": line.kind, "name": line.name, "amount": line.amount}
                for line in fees.dues(dossier).lines
            ],
            gateway=gateway().name,
            created_at=now,
            expires_at=now + datetime.timedelta(minutes=settings.PAYMENT_EXPIRE_MINUTES),
        )
        record(user, "payments.start", payment, txn_ref=payment.txn_ref, amount=outstanding)
    return payment


# --- the gateway's notification (IPN) -------------------------------------------------------------------
@dataclass
class _Outcome:
    code: str
    reason: str
    payment: Payment | None = None


def _clean(params) -> dict | None:
    """The notification's parameters as short plain strings, or None when it cannot be one (not a
    mapping, too many or too long values, NUL or other control characters)."""
    if not hasattr(params, "items"):
        return None
    items = list(params.items())
    if len(items) > MAX_PARAMS:
        return None
    out = {}
    for key, value in items:
        if isinstance(value, list | tuple):
            if len(value) != 1:
                return None
            value = value[0]
        if not isinstance(key, str) or not isinstance(value, str):
            return None
        if len(key) > 64 or len(value) > MAX_VALUE:
            return None
        if any(ord(c) < 32 or ord(c) == 127 for c in key + value):
            return None
        out[key] = value
    return out


def _logged_params(params) -> dict:
    """What the log keeps of a notification: its first fields, each shortened and made printable."""
    if not hasattr(params, "items"):
        return {"_": one_line(repr(params), 200)}
    kept = {}
    for key, value in list(params.items())[:MAX_PARAMS]:
        kept[one_line(str(key), 64)] = one_line(str(value), MAX_VALUE)
    return kept


def handle_ipn(params, *, method: str = "GET", remote_addr: str = "") -> tuple[str, str]:
    """Check and apply one notification; returns (RspCode, Message) for the gateway. Never raises."""
    try:
        outcome = _apply(params)
    except Exception:  # a bug or the database down: the gateway retries later, the log keeps the call
        log.exception("payment notification failed")
        outcome = _Outcome("99", "Lỗi xử lý tại Cổng; cổng thanh toán sẽ gửi lại.")
    txn_ref = params.get("vnp_TxnRef", "") if hasattr(params, "get") else ""
    try:
        Notification.objects.create(
            method=method[:8],
            remote_addr=remote_addr[:64],
            txn_ref=one_line(str(txn_ref), 40),
            payment=outcome.payment,
            params=_logged_params(params),
            rsp_code=outcome.code,
            message=outcome.reason[:300],
        )
    except Exception:  # what was applied is committed: the gateway must hear that answer, not an error
        log.exception("payment notification not recorded (answer %s)", outcome.code)
    return outcome.code, ANSWERS[outcome.code]


def _apply(params) -> _Outcome:
    clean = _clean(params)
    if clean is None:
        return _Outcome("99", "Dữ liệu không hợp lệ (ký tự điều khiển, quá dài hoặc sai dạng).")
    gw = gateway()
    if not gw.verify(clean):
        return _Outcome("97", "Chữ ký không đúng hoặc thiếu.")
    txn_ref, amount = clean.get("vnp_TxnRef", ""), clean.get("vnp_Amount", "")
    if not amount.isdigit() or len(amount) > 18:
        return _Outcome("99", "Số tiền không hợp lệ.")
    if clean.get("vnp_TmnCode") != gw.tmn_code:
        return _Outcome("99", "Mã đơn vị (vnp_TmnCode) không phải của Cổng.")
    found = Payment.objects.filter(txn_ref=txn_ref).values_list("dossier_id", flat=True).first()
    if found is None:
        return _Outcome("01", "Không có giao dịch với mã này.")
    try:
        with transaction.atomic():
            dossier = _lock_dossier(found)
            payment = Payment.objects.select_for_update().get(txn_ref=txn_ref)
            if payment.amount * 100 != int(amount):
                return _Outcome("04", f"Số tiền {int(amount) // 100} khác số tiền giao dịch.", payment)
            if payment.status != Payment.Status.PENDING:
                return _Outcome("02", f"Giao dịch đã ở trạng thái “{payment.get_status_display()}”.", payment)
            _settle(payment, dossier, clean)
            return _Outcome("00", f"Đã ghi nhận: {payment.get_status_display()}.", payment)
    except DomainError as error:  # the dossier cannot take this amount now
        return _Outcome("99", str(error), Payment.objects.filter(txn_ref=txn_ref).first())


def _settle(payment: Payment, dossier: Dossier, params: dict) -> None:
    now = timezone.now()
    succeeded = params.get("vnp_ResponseCode") == SUCCESS and params.get("vnp_TransactionStatus") == SUCCESS
    if succeeded:
        action = "confirm"
    elif params.get("vnp_ResponseCode") == CANCELLED_BY_PAYER:
        action = "cancel"
    else:
        action = "fail"
    payment.status = PAYMENT.target(payment.status, action)
    payment.settled_at = now
    payment.gateway_txn_no = params.get("vnp_TransactionNo", "")[:40]
    payment.bank_code = params.get("vnp_BankCode", "")[:20]
    payment.pay_date = parse_stamp(params.get("vnp_PayDate", ""))
    payment.response_code = params.get("vnp_ResponseCode", "")[:4]
    payment.raw_ipn = params
    if succeeded:
        paid_at = payment.pay_date or now
        payment.receipt_year = paid_at.astimezone(GMT7).year
        scope = RECEIPT_SCOPE.format(agency=payment.agency_id)
        payment.receipt_number = next_number(scope, payment.receipt_year)
        onestop.take_fees(None, dossier, payment.amount, at=now, label="Thanh toán trực tuyến phí, lệ phí")
    payment.save()
    record(None, f"payments.{action}", payment, txn_ref=payment.txn_ref, response=payment.response_code)


# --- reconciliation ------------------------------------------------------------------------------------
def _here_outcome(status: str) -> str:
    return {"paid": "paid", "pending": "open", "expired": "open"}.get(status, "failed")


def _there_outcome(status: str) -> str:
    return {"00": "paid", "01": "open"}.get(status, "failed")


def compare(payment: Payment | None, there: QueryResult) -> set[str]:
    """The kinds of mismatch between the portal's record of a transaction and the gateway's."""
    kinds = set()
    here_paid = payment is not None and payment.status == Payment.Status.PAID
    there_paid = there.found and there.status == SUCCESS
    if here_paid and not there_paid:
        kinds.add(Mismatch.Kind.PAID_HERE_ONLY)
    if there_paid and not here_paid:
        kinds.add(Mismatch.Kind.PAID_THERE_ONLY)
    if payment is not None and there.found:
        if there.amount != payment.amount:
            kinds.add(Mismatch.Kind.AMOUNT)
        if not (here_paid or there_paid) and _here_outcome(payment.status) != _there_outcome(there.status):
            kinds.add(Mismatch.Kind.STATUS)
    return kinds


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=GMT7)
    return start, start + datetime.timedelta(days=1)


def reconcile(day: datetime.date, gw=None) -> list[Mismatch]:
    """Query the gateway for each transaction of `day` (the portal's, and the gateway's own list where it
    has one) and store the mismatches of that day, replacing an earlier run's. The queries run before
    anything is written, with no lock held."""
    gw = gw or gateway()
    start, end = day_bounds(day)
    now = timezone.now()
    for stale in Payment.objects.filter(status=Payment.Status.PENDING, expires_at__lt=now):
        with transaction.atomic():
            locked = Payment.objects.select_for_update().get(pk=stale.pk)
            if locked.status == Payment.Status.PENDING:
                _expire(locked, now)
    here = {p.txn_ref: p for p in Payment.objects.filter(created_at__gte=start, created_at__lt=end)}
    refs = set(here) | set(gw.day_transactions(day) or ())
    rows = []
    for ref in sorted(refs):
        payment = here.get(ref) or Payment.objects.filter(txn_ref=ref).first()
        there = gw.query(ref, payment.created_at if payment else start)
        for kind in sorted(compare(payment, there)):
            rows.append(
                Mismatch(
                    day=day,
                    txn_ref=ref,
                    kind=kind,
                    payment=payment,
                    agency_id=payment.agency_id if payment else None,
                    here_status=payment.status if payment else "",
                    there_status=there.status if there.found else "",
                    here_amount=payment.amount if payment else None,
                    there_amount=there.amount,
                )
            )
    with transaction.atomic():
        Mismatch.objects.filter(day=day).delete()
        Mismatch.objects.bulk_create(rows)
    return rows
