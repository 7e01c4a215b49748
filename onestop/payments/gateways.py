"""Payment gateways behind one interface (regulations §3): the national platform publishes no
specification, so the portal speaks VNPay 2.1.0, the most integrated protocol, and another gateway is
another subclass of Gateway.

VNPay 2.1.0 in short: the browser goes to the gateway with vnp_* parameters signed by vnp_SecureHash, an
HMAC-SHA512 with the merchant's secret over the parameters sorted by name and URL-encoded
(`key=value&...`, spaces as "+"). The gateway calls the IPN address server to server with the same kind of
signed parameters (only that call changes state) and sends the browser back to the return URL. `querydr`
is a signed JSON POST whose hash covers its fields joined by "|"."""

import abc
import datetime
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from egov.errors import DomainError

VERSION = "2.1.0"
GMT7 = datetime.timezone(
    datetime.timedelta(hours=7), "GMT+7"
)  # the protocol's clock, whatever TIME_ZONE says
HASH_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")
QUERY_REQUEST_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_RESPONSE_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)
QUERY_NOT_FOUND = "91"


class GatewayError(DomainError):
    """The gateway could not be reached or answered something the portal cannot trust."""

    code = "gateway_error"
    http_status = 502


def stamp(moment: datetime.datetime) -> str:
    """yyyyMMddHHmmss in GMT+7, as every VNPay date is written."""
    return moment.astimezone(GMT7).strftime("%Y%m%d%H%M%S")


def parse_stamp(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=GMT7)
    except (TypeError, ValueError):
        return None


def hash_data(params: dict) -> str:
    """The signed text: every vnp_ parameter but the hash itself, sorted by name, URL-encoded."""
    pairs = sorted((k, v) for k, v in params.items() if k.startswith("vnp_") and k not in HASH_FIELDS)
    return "&".join(f"{urllib.parse.quote_plus(k)}={urllib.parse.quote_plus(str(v))}" for k, v in pairs)


def sign(text: str, secret: str) -> str:
    return hmac.new(secret.encode(), text.encode("utf-8"), hashlib.sha512).hexdigest()


def signed(params: dict, secret: str) -> dict:
    return {**params, "vnp_SecureHash": sign(hash_data(params), secret)}


def signature_ok(params: dict, secret: str) -> bool:
    given = params.get("vnp_SecureHash")
    if not isinstance(given, str) or not given or not secret:
        return False
    return hmac.compare_digest(sign(hash_data(params), secret), given.lower())


def query_hash(body: dict, fields, secret: str) -> str:
    return sign("|".join(str(body.get(name, "")) for name in fields), secret)


@dataclass(frozen=True)
class QueryResult:
    """What the gateway says of one transaction: found or not, its status (00 paid), amount in đồng."""

    found: bool
    status: str = ""
    amount: int | None = None
    transaction_no: str = ""


class Gateway(abc.ABC):
    """What the portal needs of a payment gateway."""

    name = ""

    @abc.abstractmethod
    def payment_url(self, payment, return_url: str, ip: str) -> str:
        """Where to send the payer's browser to pay `payment`."""

    @abc.abstractmethod
    def verify(self, params: dict) -> bool:
        """Whether a notification or return really comes from the gateway (its signature)."""

    @abc.abstractmethod
    def query(self, txn_ref: str, created_at: datetime.datetime) -> QueryResult:
        """The gateway's record of one transaction (for reconciliation)."""

    def day_transactions(self, day: datetime.date) -> list[str] | None:
        """The references of every transaction the gateway took on `day`, when it can list them (None:
        it cannot, and reconciliation checks the portal's own transactions only)."""
        return None


class VnpayGateway(Gateway):
    name = "vnpay"

    def __init__(self, *, url=None, query_url=None, tmn_code=None, secret=None, timeout=None):
        self.url = url if url is not None else settings.PAYMENT_GATEWAY_URL
        self.query_url = query_url if query_url is not None else settings.PAYMENT_QUERY_URL
        self.tmn_code = tmn_code if tmn_code is not None else settings.PAYMENT_TMN_CODE
        self.secret = secret if secret is not None else settings.PAYMENT_HASH_SECRET
        self.timeout = timeout if timeout is not None else settings.PAYMENT_GATEWAY_TIMEOUT

    def configured(self) -> bool:
        return bool(self.url and self.tmn_code and self.secret)

    def pay_params(self, payment, return_url: str, ip: str) -> dict:
        return {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(payment.amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.txn_ref,
            "vnp_OrderInfo": f"Nop phi ho so {payment.dossier.code or payment.dossier.pk}",
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": ip or "127.0.0.1",
            "vnp_CreateDate": stamp(payment.created_at),
            "vnp_ExpireDate": stamp(payment.expires_at),
        }

    def payment_url(self, payment, return_url: str, ip: str) -> str:
        if not self.configured():
            raise GatewayError("Cổng thanh toán chưa được cấu hình; hãy nộp phí, lệ phí tại Bộ phận Một cửa.")
        params = signed(self.pay_params(payment, return_url, ip), self.secret)
        return f"{self.url}?{urllib.parse.urlencode(params)}"

    def verify(self, params: dict) -> bool:
        return signature_ok(params, self.secret)

    def query_body(self, txn_ref: str, created_at: datetime.datetime) -> dict:
        body = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": f"Doi soat {txn_ref}",
            "vnp_TransactionDate": stamp(created_at),
            "vnp_CreateDate": stamp(timezone.now()),
            "vnp_IpAddr": "127.0.0.1",
        }
        body["vnp_SecureHash"] = query_hash(body, QUERY_REQUEST_FIELDS, self.secret)
        return body

    def query(self, txn_ref: str, created_at: datetime.datetime) -> QueryResult:
        answer = self._post(self.query_body(txn_ref, created_at))
        if not isinstance(answer, dict):
            raise GatewayError("Cổng thanh toán trả lời truy vấn không đúng định dạng.")
        given = str(answer.get("vnp_SecureHash", ""))
        expected = query_hash(answer, QUERY_RESPONSE_FIELDS, self.secret)
        if not hmac.compare_digest(expected, given.lower()):
            raise GatewayError("Chữ ký trong trả lời truy vấn của cổng thanh toán không đúng.")
        code = str(answer.get("vnp_ResponseCode", ""))
        if code == QUERY_NOT_FOUND:
            return QueryResult(found=False)
        if code != "00":
            raise GatewayError(f"Cổng thanh toán từ chối truy vấn (mã {code[:4]}).")
        amount = str(answer.get("vnp_Amount", ""))
        return QueryResult(
            found=True,
            status=str(answer.get("vnp_TransactionStatus", "")),
            amount=int(amount) // 100 if amount.isdigit() else None,
            transaction_no=str(answer.get("vnp_TransactionNo", "")),
        )

    def _post(self, body: dict) -> dict:
        if not self.query_url.startswith(("https://", "http://")):
            raise GatewayError("Địa chỉ truy vấn của cổng thanh toán (PAYMENT_QUERY_URL) chưa đúng.")
        request = urllib.request.Request(  # noqa: S310 (an http(s) address from settings)
            self.query_url,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read(1_000_000))
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise GatewayError(f"Không kết nối được cổng thanh toán ({type(error).__name__}).") from error
