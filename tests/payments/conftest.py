"""The one-stop world (tests.onestop.conftest) plus a procedure that collects its fees before processing
(a COLLECT_FEE step before the appraisal), two fees of which one may be waived, and helpers that sign a
gateway notification the way VNPay does."""

import hashlib
import hmac
import urllib.parse

import pytest
from django.conf import settings

from onestop import services as onestop
from onestop.services import Applicant
from services import services as catalogue
from services.models import Fee, ProcessingStep
from tests.onestop.conftest import all_papers, world  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures)

FEE = 75000
CHARGE = 25000


@pytest.fixture(autouse=True)
def _local_gateway(settings):
    settings.PAYMENT_LOCAL_GATEWAY = True
    settings.PAYMENT_GATEWAY_URL = "/thanh-toan/cong-thu/"
    settings.PAYMENT_TMN_CODE = "EGOVTEST"
    settings.PAYMENT_HASH_SECRET = "test-secret-0123456789"


@pytest.fixture
def prepaid(world, make_procedure):  # noqa: F811
    """A published version whose fees are collected right after intake."""
    procedure = make_procedure(
        code="2.000001",
        name="Cấp giấy chứng nhận quyền sử dụng đất",
        level="province",
        days=10,
        agency=world.sotp.agency,
        publish=False,
    )
    version = procedure.versions.get()
    for step in version.steps.order_by("-order").filter(order__gte=2):
        step.order += 1
        step.save()
    ProcessingStep.objects.create(
        version=version, order=2, kind="collect_fee", budget=0, role="onestop_officer"
    )
    Fee.objects.create(
        version=version, order=2, kind="phi", name="Phí thẩm định hồ sơ", amount=CHARGE, exemptions="Hộ nghèo"
    )
    catalogue.publish_version(None, version)
    version.refresh_from_db()
    return version


def awaiting(w, version, **kwargs):
    """The citizen's dossier accepted at the Sở's desk, now waiting for its fees."""
    return onestop.receive_at_counter(
        w.sotp.officer,
        version,
        Applicant(name=w.citizen.full_name, user=w.citizen),
        all_papers(version),
        "accept",
        **kwargs,
    )


def vnpay_sign(params: dict) -> str:
    """VNPay 2.1.0, written out from the protocol: vnp_ fields but the hash, sorted, URL-encoded with
    spaces as '+', joined by '&', HMAC-SHA512 with the merchant secret, hex."""
    text = "&".join(
        f"{urllib.parse.quote_plus(k)}={urllib.parse.quote_plus(v)}"
        for k, v in sorted(params.items())
        if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType")
    )
    return hmac.new(settings.PAYMENT_HASH_SECRET.encode(), text.encode(), hashlib.sha512).hexdigest()


def ipn(payment, *, sign=True, **overrides) -> dict:
    """A notification for `payment` as the gateway sends it (success unless overridden)."""
    params = {
        "vnp_Amount": str(payment.amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Nop phi ho so",
        "vnp_PayDate": "20260302101500",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": settings.PAYMENT_TMN_CODE,
        "vnp_TransactionNo": "14422574",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": payment.txn_ref,
        **overrides,
    }
    if sign:
        params["vnp_SecureHash"] = vnpay_sign(params)
    return params
