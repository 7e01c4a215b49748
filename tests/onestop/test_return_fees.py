"""A result leaves the desk only once its fees are settled (level 3: "payment of fees and receipt of the
result happen in person"; level 4 adds online payment): the return at the counter, by post, online (the
citizen's first download) and through the API is refused while money is owed, and nothing is written."""

# ruff: noqa: F811  (the `login` fixture, imported from the documents tests, is taken as an argument)

import re

import pytest
from django.urls import reverse

from egov.audit.models import AuditEntry
from egov.errors import TransitionNotAllowed
from onestop import services
from onestop.models import DossierStep, ReturnMethod, Status
from services import services as catalogue
from tests.documents.conftest import login  # noqa: F401 (fixture)

from .conftest import accepted, all_papers, at, pay_fees, walk_in
from .signers import demo_pki, result_ready, signers  # noqa: F401 (the fixture)

pytestmark = pytest.mark.usefixtures("demo_pki")

FEE = 75000  # the world's procedures: one fee, "Lệ phí cấp giấy phép"
OWED = "còn phải nộp 75.000 đồng phí, lệ phí"


def _ready(world, dossier):
    """The dossier taken through the Sở's department to a signed and sealed result at its desk."""
    d = signers(world.sotp)
    dossier = services.hand_over(d.officer, dossier, d.department, at=at(2, 10))
    dossier = services.assign(d.head, dossier, d.specialist, at=at(2, 11))
    dossier = services.record_appraisal(d.specialist, dossier, "Đủ điều kiện", at=at(3, 10))
    dossier = services.approve(d.leader, dossier, at=at(4, 10))
    dossier = result_ready(d, dossier, at=at(5, 10), result_name="Phiếu lý lịch tư pháp")
    assert dossier.status == Status.RESULT_READY
    return dossier


def _citizens(world, version=None):
    """A dossier filed at the Sở's desk from the citizen's account (its result may be taken online)."""
    mine = walk_in(name=world.citizen.full_name, personal_id=world.citizen.personal_id, user=world.citizen)
    return accepted(world, applicant=mine, version=version)


def _state(dossier):
    """Everything a return writes: the status and its times, the timeline, the steps, the audit trail."""
    dossier.refresh_from_db()
    open_steps = dossier.steps.filter(done_at__isnull=True).count()
    return (
        dossier.status,
        dossier.returned_at,
        dossier.closed_at,
        dossier.return_method,
        dossier.returned_to,
        dossier.events.count(),
        open_steps,
        AuditEntry.objects.count(),
    )


@pytest.fixture
def level3(world, make_procedure):
    """A level-3 procedure of the Sở (fees paid in person) whose one fee the catalogue waives for the poor."""
    procedure = make_procedure(
        code="1.001194",
        name="Cấp phiếu lý lịch tư pháp cho người nghèo",
        level="province",
        online_level=3,
        days=5,
        agency=world.sotp.agency,
        publish=False,
    )
    version = procedure.versions.get()
    version.fees.update(exemptions="Người thuộc hộ nghèo")
    catalogue.publish_version(None, version)
    version.refresh_from_db()
    return version


@pytest.mark.parametrize(
    ("method", "extra"),
    [
        (ReturnMethod.COUNTER, {"received_by_name": "Lê Văn Hùng"}),
        (ReturnMethod.POST, {"post_dispatch": "EB123456789VN"}),
        (ReturnMethod.ONLINE, {}),
    ],
)
def test_the_desk_cannot_return_a_result_while_fees_are_owed_and_nothing_is_written(world, method, extra):
    d = world.sotp
    dossier = _ready(world, accepted(world))
    assert (dossier.fees_due, dossier.fees_paid) == (FEE, 0)
    before = _state(dossier)
    with pytest.raises(TransitionNotAllowed, match=re.escape(OWED)) as refused:
        services.return_result(d.officer, dossier, method, at=at(6, 9), **extra)
    assert "ghi nhận thu phí" in str(refused.value) and refused.value.code == "fees_owed"
    assert _state(dossier) == before
    assert before[0] == Status.RESULT_READY and before[1] is None
    assert not dossier.events.filter(action="return_result").exists()
    assert not AuditEntry.objects.filter(action="onestop.return_result").exists()


def test_a_part_payment_is_not_enough_and_the_whole_payment_lets_the_result_go(world):
    d = world.sotp
    dossier = _ready(world, accepted(world))
    dossier = services.record_fee_payment(d.officer, dossier, FEE - 10000, at=at(6, 9))
    with pytest.raises(TransitionNotAllowed, match=re.escape("còn phải nộp 10.000 đồng")):
        services.return_result(d.officer, dossier, ReturnMethod.COUNTER, received_by_name="Lê Văn Hùng")
    dossier = services.record_fee_payment(d.officer, dossier, 10000, at=at(6, 9))
    dossier = services.return_result(
        d.officer, dossier, ReturnMethod.COUNTER, received_by_name="Lê Văn Hùng", at=at(6, 9, 5)
    )
    assert dossier.status == Status.RETURNED and dossier.returned_at == at(6, 9, 5)
    assert (dossier.fees_due, dossier.fees_paid) == (FEE, FEE)
    assert dossier.steps.get(kind=DossierStep.Kind.RETURN).done_at == at(6, 9, 5)


def test_a_dossier_exempt_from_all_its_fees_is_returned_without_payment(world, level3):
    d = world.sotp
    dossier = services.receive_at_counter(
        d.officer, level3, walk_in(), all_papers(level3), "accept", at=at(2, 9)
    )
    dossier = services.grant_fee_exemption(d.officer, dossier, [level3.fees.get().pk], at=at(2, 9, 5))
    assert (dossier.fees_due, dossier.fee_exemption_reason) == (
        0,
        "Lệ phí cấp giấy phép: Người thuộc hộ nghèo",
    )
    dossier = _ready(world, dossier)
    dossier = services.return_result(
        d.officer, dossier, ReturnMethod.COUNTER, received_by_name="Lê Văn Hùng", at=at(6, 9)
    )
    assert dossier.status == Status.RETURNED and dossier.fees_paid == 0


# --- the desk's page ----------------------------------------------------------------------------------
def _staff_page(client, dossier):
    return client.get(reverse("onestop:dossier", args=[dossier.pk])).content.decode()


def test_the_desk_page_shows_what_is_owed_by_the_return_and_the_fee_form_above_it(world, login):
    d = world.sotp
    dossier = _ready(world, accepted(world))
    client = login(d.officer)
    page = _staff_page(client, dossier)
    card = page[page.index('id="action-return_result"') :]
    card = card[: card.index("</section>")]
    assert 'id="return-fees-owed"' in card and "75.000 đồng" in card
    assert "<form" not in card  # nothing to press until the fees are taken
    assert page.index('id="fee-payment"') < page.index('id="action-return_result"')
    # a return posted anyway is refused with the reason, and nothing changes
    before = _state(dossier)
    url = reverse("onestop:dossier-action", args=[dossier.pk, "return_result"])
    data = {"return_result-method": "counter", "return_result-received_by_name": "Lê Văn Hùng"}
    refused = client.post(url, data, follow=True)
    assert any(OWED in str(m) for m in refused.context["messages"])
    assert _state(dossier) == before
    # the officer takes the cash, then returns the result
    paid = client.post(reverse("onestop:fee-payment", args=[dossier.pk]), {"fee_payment-amount": FEE})
    assert paid.status_code == 302
    page = _staff_page(client, dossier)
    assert 'id="return-fees-owed"' not in page and 'id="fee-payment"' not in page
    assert f'action="{url}"' in page
    assert client.post(url, data).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.return_method == ReturnMethod.COUNTER


# --- the citizen's page and download --------------------------------------------------------------------
def _citizen_page(client, dossier):
    return client.get(reverse("onestop:citizen-dossier", args=[dossier.pk])).content.decode()


def test_the_citizen_is_asked_to_pay_online_before_the_first_download_which_records_nothing(world, login):
    dossier = _ready(world, _citizens(world))  # level 4: the fees may be paid online
    client = login(world.citizen)
    download = reverse("onestop:citizen-result-file", args=[dossier.pk])
    page = _citizen_page(client, dossier)
    assert 'id="result-fees-owed"' in page and "75.000 đồng" in page
    assert 'id="pay-online-result"' in page and download not in page
    before = _state(dossier)
    response = client.get(download)
    assert response.status_code == 302
    assert response["Location"] == reverse("onestop:citizen-dossier", args=[dossier.pk])
    said = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any(OWED in m and "trước khi nhận kết quả" in m for m in said)
    assert _state(dossier) == before
    # once paid, the page offers the result and the first download returns it online
    pay_fees(world.sotp, dossier)
    page = _citizen_page(client, dossier)
    assert download in page and 'id="result-fees-owed"' not in page
    first = client.get(download)
    assert first.status_code == 200 and b"".join(first.streaming_content).startswith(b"%PDF")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.return_method == ReturnMethod.ONLINE


def test_a_level_3_procedure_tells_the_citizen_to_pay_at_the_desk(world, login, level3):
    dossier = _ready(world, _citizens(world, level3))
    page = _citizen_page(login(world.citizen), dossier)
    result = page[page.index('id="result"') :]
    result = result[: result.index("</section>")]
    assert 'id="result-fees-owed"' in result and "Nộp phí, lệ phí tại Bộ phận Một cửa" in result
    assert "pay-online" not in page
    before = _state(dossier)
    with pytest.raises(TransitionNotAllowed, match=re.escape(OWED)):
        services.return_result(world.citizen, dossier, ReturnMethod.ONLINE)
    assert _state(dossier) == before


# --- the API ------------------------------------------------------------------------------------------
def test_the_api_return_is_a_409_with_the_reason_while_fees_are_owed(world, login):
    dossier = _ready(world, accepted(world))
    client = login(world.sotp.officer, api=True)
    url = f"/api/v1/ho-so/{dossier.pk}/thao-tac/return_result/"
    body = {"method": "counter", "received_by_name": "Lê Văn Hùng"}
    before = _state(dossier)
    refused = client.post(url, body, format="json")
    assert refused.status_code == 409, refused.content
    assert OWED in refused.json()["detail"] and refused.json()["code"] == "fees_owed"
    assert _state(dossier) == before
    pay_fees(world.sotp, dossier)
    returned = client.post(url, body, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == Status.RETURNED
