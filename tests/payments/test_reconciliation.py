"""Reconciliation finds exactly the differences between the portal's and the gateway's records: a property
over generated days of transactions with injected differences; and the command, task and page."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from egov.accounts.roles import Role
from onestop.payments import services, tasks
from onestop.payments.gateways import GMT7
from onestop.payments.models import GatewayTransaction, Mismatch, Payment
from tests.onestop.conftest import Desk

from .conftest import awaiting

K = Mismatch.Kind
DAY = datetime.date(2026, 3, 2)
NOON = datetime.datetime(2026, 3, 2, 12, tzinfo=GMT7)
# the gateway's record of a consistent transaction
THERE = {"paid": "paid", "failed": "cancelled", "cancelled": "cancelled", "expired": "pending"}
# injection -> (may apply to a transaction in this state here, the kind it must produce)
INJECTIONS = {
    "drop_there": (lambda here: here == "paid", K.PAID_HERE_ONLY),
    "unpaid_there": (lambda here: here == "paid", K.PAID_HERE_ONLY),
    "drop_here": (lambda here: here == "paid", K.PAID_THERE_ONLY),
    "paid_there": (lambda here: here != "paid", K.PAID_THERE_ONLY),
    "amount": (lambda here: True, K.AMOUNT),
    "status": (lambda here: here in ("failed", "cancelled"), K.STATUS),
}

transactions = st.lists(
    st.tuples(
        st.sampled_from(["paid", "failed", "cancelled", "expired"]),
        st.integers(min_value=1000, max_value=10**9),
        st.sampled_from([None, *INJECTIONS]),
    ),
    max_size=12,
)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=transactions)
def test_reconciliation_finds_every_injected_mismatch_and_nothing_else(world, prepaid, rows):
    Mismatch.objects.all().delete()
    Payment.objects.all().delete()
    GatewayTransaction.objects.all().delete()
    dossier = awaiting(world, prepaid)
    expected = set()
    for index, (here, amount, injection) in enumerate(rows):
        ref = f"R{index:04d}"
        if injection is not None and not INJECTIONS[injection][0](here):
            injection = None
        there, there_amount = THERE[here], amount
        if injection == "unpaid_there":
            there = "cancelled"
        elif injection == "paid_there":
            there = "paid"
        elif injection == "amount":
            there_amount = amount + 1
        elif injection == "status":
            there = "pending"
        if injection != "drop_here":
            Payment.objects.create(
                txn_ref=ref,
                dossier=dossier,
                agency=dossier.competent_agency,
                payer=world.citizen,
                amount=amount,
                status=here,
                created_at=NOON,
                expires_at=NOON,
                receipt_year=2026 if here == "paid" else None,
                receipt_number=index + 1 if here == "paid" else None,
            )
        if injection != "drop_there":
            GatewayTransaction.objects.create(
                txn_ref=ref,
                tmn_code="EGOVTEST",
                amount=there_amount,
                order_info="",
                return_url="/",
                transaction_no=str(index),
                status=there,
                created_at=NOON,
            )
        if injection is not None:
            expected.add((ref, INJECTIONS[injection][1]))
    found = services.reconcile(DAY)
    assert {(m.txn_ref, m.kind) for m in found} == expected
    assert set(Mismatch.objects.filter(day=DAY).values_list("txn_ref", "kind")) == expected


@pytest.mark.django_db
def test_the_command_and_the_task_run_a_day_again_without_doubling(world, prepaid):
    dossier = awaiting(world, prepaid)
    Payment.objects.create(
        txn_ref="C1",
        dossier=dossier,
        agency=dossier.competent_agency,
        payer=world.citizen,
        amount=5000,
        status="paid",
        created_at=NOON,
        expires_at=NOON,
        receipt_year=2026,
        receipt_number=1,
    )
    out = io.StringIO()
    call_command("reconcile_payments", "--day", "2026-03-02", stdout=out)
    assert "1 chênh lệch" in out.getvalue() and "C1" in out.getvalue()
    assert tasks.reconcile_day.delay("2026-03-02").get() == 1
    assert Mismatch.objects.get().kind == K.PAID_HERE_ONLY
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("reconcile_payments", "--day", "hôm qua")


def _mismatch(agency, ref):
    return Mismatch.objects.create(
        day=DAY, txn_ref=ref, kind=K.AMOUNT, agency=agency, here_amount=1, there_amount=2
    )


PAGE = "/thanh-toan/doi-soat/"


@pytest.mark.django_db
def test_the_reconciliation_page_needs_the_permission_and_shows_the_own_agency_only(
    client, world, totp_device
):
    _mismatch(world.sotp.agency, "MINE")
    _mismatch(world.xa_a.agency, "THEIRS")
    client.force_login(world.sotp.officer)  # an officer: no permission
    assert client.get(PAGE).status_code == 403
    leader = world.sotp.leader
    client.force_login(leader)
    code = totp_device(leader)
    client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()})
    page = client.get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "MINE" in text and "THEIRS" not in text


@pytest.mark.django_db
def test_an_agency_admin_has_the_permission(world):
    admin = Desk("Ủy ban nhân dân xã Thanh Ba", "H25.50.09").officer
    admin.groups.add(Group.objects.get(name=Role.AGENCY_ADMIN.value))
    admin = type(admin).objects.get(pk=admin.pk)
    assert admin.has_perm("payments.view_reconciliation")
    assert not world.sotp.specialist.has_perm("payments.view_reconciliation")
