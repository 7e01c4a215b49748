"""The local test gateway: inside the portal, for development, the demo and the tests, it plays VNPay's
part with the same protocol. It checks the signed order the portal sends the browser with, keeps its own
record (GatewayTransaction), and when the payer pays or cancels it notifies the portal (IPN, signed) from a
task queued on commit and sends the browser back to vnp_ReturnUrl; it answers querydr from its record.

It is on only with PAYMENT_LOCAL_GATEWAY (which needs DEBUG): it signs with the portal's own secret."""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.errors import DomainError

from . import gateways
from .gateways import QUERY_NOT_FOUND, QUERY_REQUEST_FIELDS, QUERY_RESPONSE_FIELDS, parse_stamp, query_hash
from .models import GatewayTransaction
from .workflow import GATEWAY

BANK = "NCB"  # the bank the test gateway says the payer used
STATUS_CODES = {
    GatewayTransaction.Status.PENDING: "01",
    GatewayTransaction.Status.PAID: "00",
    GatewayTransaction.Status.CANCELLED: "02",
}


def _gateway() -> "LocalGateway":
    return LocalGateway()


def open_order(params: dict) -> GatewayTransaction:
    """The order the portal signed (the payer's browser brought it): recorded once, whatever reloads."""
    gw = _gateway()
    if not gw.verify(params):
        raise DomainError("Chữ ký của đơn hàng không đúng; không thể thanh toán.")
    amount, txn_ref = params.get("vnp_Amount", ""), params.get("vnp_TxnRef", "")
    if params.get("vnp_TmnCode") != gw.tmn_code or not amount.isdigit() or not txn_ref:
        raise DomainError("Đơn hàng thiếu thông tin hoặc không đúng đơn vị.")
    expires = parse_stamp(params.get("vnp_ExpireDate", ""))
    existing = GatewayTransaction.objects.filter(txn_ref=txn_ref).first()
    if existing is None:
        if expires is not None and expires < timezone.now():
            raise DomainError("Đơn hàng đã hết hạn thanh toán.")
        try:
            with transaction.atomic():
                existing = GatewayTransaction.objects.create(
                    txn_ref=txn_ref,
                    tmn_code=gw.tmn_code,
                    amount=int(amount) // 100,
                    order_info=params.get("vnp_OrderInfo", "")[:255],
                    return_url=params.get("vnp_ReturnUrl", "")[:500],
                    transaction_no=f"{secrets.randbelow(10**12):012d}",
                    created_at=parse_stamp(params.get("vnp_CreateDate", "")) or timezone.now(),
                )
        except IntegrityError:  # the same order opened twice at once
            existing = GatewayTransaction.objects.get(txn_ref=txn_ref)
    if existing.amount * 100 != int(amount):
        raise DomainError("Số tiền của đơn hàng khác lần mở trước.")
    return existing


def _notification(row: GatewayTransaction) -> dict:
    paid = row.status == GatewayTransaction.Status.PAID
    params = {
        "vnp_Amount": str(row.amount * 100),
        "vnp_BankCode": row.bank_code or BANK,
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": row.order_info,
        "vnp_PayDate": gateways.stamp(row.pay_date or timezone.now()),
        "vnp_ResponseCode": "00" if paid else "24",
        "vnp_TmnCode": row.tmn_code,
        "vnp_TransactionNo": row.transaction_no,
        "vnp_TransactionStatus": STATUS_CODES[row.status],
        "vnp_TxnRef": row.txn_ref,
    }
    return gateways.signed(params, _gateway().secret)


def finish(txn_ref: str, *, pay: bool) -> tuple[GatewayTransaction, dict]:
    """The payer pays or cancels: the gateway's record changes, the portal's notification is queued on
    commit, and the signed parameters for the browser's return are given back."""
    from .tasks import deliver_ipn

    with transaction.atomic():
        row = GatewayTransaction.objects.select_for_update().filter(txn_ref=txn_ref).first()
        if row is None:
            raise DomainError("Không có giao dịch này tại cổng thanh toán.")
        row.status = GATEWAY.target(row.status, "pay" if pay else "cancel")
        row.pay_date = timezone.now()
        row.bank_code = BANK if pay else ""
        row.save(update_fields=["status", "pay_date", "bank_code"])
        params = _notification(row)
        transaction.on_commit(lambda: deliver_ipn.delay(params))
    return row, params


def answer_querydr(body) -> dict:
    """The querydr answer (VNPay 2.1.0): the transaction's status from this gateway's record."""
    gw = _gateway()
    answer = {
        "vnp_ResponseId": secrets.token_hex(16),
        "vnp_Command": "querydr",
        "vnp_TmnCode": gw.tmn_code,
        "vnp_TxnRef": "",
        "vnp_Amount": "",
        "vnp_BankCode": "",
        "vnp_PayDate": "",
        "vnp_TransactionNo": "",
        "vnp_TransactionType": "01",
        "vnp_TransactionStatus": "",
        "vnp_OrderInfo": "",
        "vnp_PromotionCode": "",
        "vnp_PromotionAmount": "",
    }
    if not isinstance(body, dict) or not all(isinstance(body.get(f), str) for f in QUERY_REQUEST_FIELDS):
        answer.update(vnp_ResponseCode="03", vnp_Message="Invalid request format")
    elif query_hash(body, QUERY_REQUEST_FIELDS, gw.secret) != str(body.get("vnp_SecureHash", "")).lower():
        answer.update(vnp_ResponseCode="97", vnp_Message="Invalid checksum")
    elif body["vnp_TmnCode"] != gw.tmn_code:
        answer.update(vnp_ResponseCode="02", vnp_Message="Merchant is not valid")
    else:
        row = GatewayTransaction.objects.filter(txn_ref=body["vnp_TxnRef"]).first()
        if row is None:
            answer.update(vnp_ResponseCode=QUERY_NOT_FOUND, vnp_Message="Transaction not found")
        else:
            answer.update(
                vnp_ResponseCode="00",
                vnp_Message="QueryDR Success",
                vnp_TxnRef=row.txn_ref,
                vnp_Amount=str(row.amount * 100),
                vnp_BankCode=row.bank_code,
                vnp_PayDate=gateways.stamp(row.pay_date) if row.pay_date else "",
                vnp_TransactionNo=row.transaction_no,
                vnp_TransactionStatus=STATUS_CODES[row.status],
                vnp_OrderInfo=row.order_info,
            )
    answer["vnp_SecureHash"] = query_hash(answer, QUERY_RESPONSE_FIELDS, gw.secret)
    return answer


class LocalGateway(gateways.VnpayGateway):
    """The local test gateway inside this portal (this module), spoken to with the same
    protocol; its querydr is answered in process, since a request from the portal to itself would wait for
    itself where one request runs at a time."""

    name = "local"

    def _post(self, body: dict) -> dict:
        return answer_querydr(body)

    def day_transactions(self, day: datetime.date) -> list[str]:
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=gateways.GMT7)
        end = start + datetime.timedelta(days=1)
        rows = GatewayTransaction.objects.filter(created_at__gte=start, created_at__lt=end)
        return list(rows.values_list("txn_ref", flat=True))
