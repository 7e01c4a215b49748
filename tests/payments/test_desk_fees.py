"""The desk's fee box on the staff dossier page: what is owed, cash taken at the counter, an exemption the
catalogue allows; each refused with a Vietnamese reason and nothing changed when it must be."""

import pytest
from django.urls import reverse

from onestop import services as onestop
from onestop.models import Status
from onestop.payments import services
from onestop.payments.models import Payment

from .conftest import CHARGE, FEE, awaiting

pytestmark = pytest.mark.django_db


def _page(client, user, dossier) -> str:
    client.force_login(user)
    return client.get(reverse("onestop:dossier", args=[dossier.pk])).content.decode()


def _post(client, name, dossier, data):
    url = reverse(f"onestop:{name.replace('_', '-')}", args=[dossier.pk])
    return client.post(url, {f"{name}-{key}": value for key, value in data.items()}, follow=True)


def test_the_desk_sees_what_is_owed_and_takes_it_in_cash(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    services.start_payment(world.citizen, dossier)  # an online attempt left open
    page = _page(client, world.sotp.officer, dossier)
    assert 'id="fees"' in page and "100.000" in page
    assert 'id="fee-payment"' in page and 'id="fee-exemption"' in page
    response = _post(client, "fee_payment", dossier, {"amount": FEE + CHARGE})
    assert "Đã ghi nhận nộp phí, lệ phí tại quầy." in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.fees_paid) == (Status.ACCEPTED, FEE + CHARGE)
    assert Payment.objects.get(dossier=dossier).status == "cancelled"
    page = _page(client, world.sotp.officer, dossier)
    assert 'id="fee-payment"' not in page and 'id="fee-exemption"' not in page


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (FEE + CHARGE + 1, "không quá số còn phải nộp"),
        (0, "phải lớn hơn 0"),
        ("mười nghìn", "chỉ gồm chữ số"),
        ("1\x00", "ký tự không hợp lệ"),
        (10**30, "không quá số còn phải nộp"),
    ],
)
def test_a_bad_amount_is_refused_on_the_page_and_nothing_is_paid(client, world, prepaid, amount, message):
    dossier = awaiting(world, prepaid)
    client.force_login(world.sotp.officer)
    response = client.post(reverse("onestop:fee-payment", args=[dossier.pk]), {"fee_payment-amount": amount})
    assert response.status_code == 400
    assert message in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.fees_paid) == (Status.AWAITING_PAYMENT, 0)


def test_part_payment_keeps_the_dossier_waiting(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    client.force_login(world.sotp.officer)
    _post(client, "fee_payment", dossier, {"amount": FEE})
    dossier.refresh_from_db()
    assert (dossier.status, dossier.fees_paid) == (Status.AWAITING_PAYMENT, FEE)
    assert 'value="25000"' in _page(client, world.sotp.officer, dossier)  # the rest is offered next


def test_the_exemption_lowers_what_is_due_and_a_dossier_owing_nothing_resumes(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    charge = prepaid.fees.get(amount=CHARGE)
    page = _page(client, world.sotp.officer, dossier)
    assert "Hộ nghèo" in page
    plain = prepaid.fees.get(amount=FEE)
    assert f'value="{plain.pk}"' not in page  # a fee nobody is exempt from is not offered
    response = _post(client, "fee_exemption", dossier, {"fees": charge.pk})
    assert "Đã ghi nhận miễn, giảm phí, lệ phí." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.fees_due == FEE and "Hộ nghèo" in dossier.fee_exemption_reason
    _post(client, "fee_payment", dossier, {"amount": FEE})
    dossier.refresh_from_db()
    assert (dossier.status, dossier.fees_paid) == (Status.ACCEPTED, FEE)


def test_an_exemption_of_a_fee_outside_the_list_or_none_is_refused(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    plain = prepaid.fees.get(amount=FEE)
    client.force_login(world.sotp.officer)
    for data in ({"fee_exemption-fees": plain.pk}, {}):
        response = client.post(reverse("onestop:fee-exemption", args=[dossier.pk]), data)
        assert response.status_code == 400
    dossier.refresh_from_db()
    assert (dossier.fees_due, dossier.fee_exemption_reason) == (FEE + CHARGE, "")


def test_only_the_desk_of_the_dossier_sees_and_uses_the_forms(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    client.force_login(world.xa_a.officer)
    assert client.get(reverse("onestop:dossier", args=[dossier.pk])).status_code == 404
    for user in (world.xa_a.officer, world.citizen):
        client.force_login(user)
        response = client.post(reverse("onestop:fee-payment", args=[dossier.pk]), {"fee_payment-amount": FEE})
        assert response.status_code in (302, 403, 404)
        assert "onestop:dossier" not in str(response.get("Location", ""))
    dossier.refresh_from_db()
    assert dossier.fees_paid == 0


def test_a_finished_dossier_takes_no_fees(client, world, prepaid):
    dossier = awaiting(world, prepaid)
    dossier = onestop.withdraw(world.citizen, dossier, "Không nộp nữa")
    assert 'id="fee-payment"' not in _page(client, world.sotp.officer, dossier)
    response = _post(client, "fee_payment", dossier, {"amount": FEE})
    assert "Hồ sơ đã kết thúc" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.fees_paid == 0
