"""Cross-boundary intake (NĐ 118/2025) and liên thông through the staff pages: the counter's commune
picker and its note, where the dossier goes, who sees it at both desks, and the liên thông form."""

# ruff: noqa: F811  (the `login` fixture, imported from the documents tests, is taken as an argument)

import datetime

import pytest
from django.urls import reverse

from egov.directory.models import AdministrativeUnit, Agency, Level
from onestop import queries, services
from onestop.models import Dossier, Status
from tests.documents.conftest import login  # noqa: F401 (fixture)

from .conftest import Desk, pay_fees, processing
from .signers import demo_pki, result_ready, signers  # noqa: F401 (the fixture)
from .test_views import _intake_data, _messages

INTAKE = reverse("onestop:intake")
MERGER = datetime.date(2025, 7, 1)
NOT_A_COMMUNE = "không phải xã, phường đang hoạt động của tỉnh"


def _picker(client, version, **query):
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return client.get(f"{INTAKE}?phien-ban={version.pk}{extra}")


def _receive(client, version, **fields):
    return client.post(INTAKE, _intake_data(client, version, decision="accept", **fields))


def _detail(client, dossier):
    return client.get(reverse("onestop:dossier", args=[dossier.pk]))


def _actions(response) -> list[str]:
    return [a["action"] for a in response.context["actions"]]


@pytest.fixture
def xa_c(world):
    """A third commune, with its own desk, that has nothing to do with the dossiers below."""
    return Desk("Ủy ban nhân dân xã Thanh Ba", "H25.50.03")


# --- the picker and its note --------------------------------------------------------------------------
def test_a_commune_procedure_offers_the_provinces_communes_and_defaults_to_the_desks_own(world, login):
    client = login(world.xa_a.officer)
    page = _picker(client, world.commune_version)
    field = page.context["routing"]["commune"]
    offered = {agency.pk for agency in field.field.queryset}
    assert offered == {world.xa_a.agency.pk, world.xa_b.agency.pk}  # not the Sở
    assert field.value() == world.xa_a.agency.pk
    assert page.context["route_note"]["text"] == "Hồ sơ do Ủy ban nhân dân xã Hy Cương giải quyết."
    # another commune chosen: the page says where the dossier goes (the picker asks again on change)
    other = _picker(client, world.commune_version, commune=world.xa_b.agency.pk)
    html = other.content.decode()
    assert "Hồ sơ sẽ được chuyển đến Ủy ban nhân dân xã Chu Hóa giải quyết." in html
    assert other.context["route_note"]["elsewhere"]
    assert 'hx-get="' in html and 'hx-select="#route-note"' in html


def test_the_communes_are_grouped_as_wards_and_communes_by_their_units(world, login):
    province = AdministrativeUnit.objects.create(
        code="25", name="Tỉnh Phú Thọ", kind="tinh", level=Level.PROVINCE, valid_from=MERGER
    )
    for agency, (code, kind, name) in [
        (world.xa_a.agency, ("07900", "xa", "Hy Cương")),
        (world.xa_b.agency, ("07909", "phuong", "Việt Trì")),
    ]:
        agency.unit = AdministrativeUnit.objects.create(
            code=code,
            name=name,
            short_name=name,
            kind=kind,
            level=Level.COMMUNE,
            parent=province,
            valid_from=MERGER,
        )
        agency.save()
    html = _picker(login(world.xa_a.officer), world.commune_version).content.decode()
    wards, communes = html.index('<optgroup label="Phường">'), html.index('<optgroup label="Xã">')
    assert wards < html.index(">Việt Trì</option>") < communes < html.index(">Hy Cương</option>")


def test_at_a_provincial_desk_no_commune_is_chosen_for_the_officer(world, login):
    page = _picker(login(world.sotp.officer), world.commune_version)
    assert page.context["routing"]["commune"].value() is None
    assert "hãy chọn xã, phường" in page.context["route_note"]["text"]


def test_a_province_procedure_at_a_commune_desk_goes_to_the_department(world, login):
    client = login(world.xa_a.officer)
    page = _picker(client, world.version)
    assert page.context["routing"] is None
    assert "Hồ sơ sẽ được chuyển đến Sở Tư pháp tỉnh Phú Thọ giải quyết." in page.content.decode()
    response = _receive(client, world.version)
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("onestop:dossier", args=[dossier.pk])
    assert (dossier.receiving_agency, dossier.competent_agency) == (world.xa_a.agency, world.sotp.agency)
    assert dossier in queries.desk_from_elsewhere(world.sotp.officer)
    assert dossier in queries.desk_for_elsewhere(world.xa_a.officer)


# --- bad communes ---------------------------------------------------------------------------------------
def test_the_commune_is_required(world, login):
    response = _receive(login(world.sotp.officer), world.commune_version, commune="")
    assert response.status_code == 200
    assert "hãy chọn xã, phường giải quyết hồ sơ" in response.content.decode()
    assert not Dossier.objects.exists()


def _merged_away_commune() -> Agency:
    """A commune of before 1 July 2025: its unit ended with the merger, its agency still on record."""
    province = AdministrativeUnit.objects.create(
        code="25",
        name="Tỉnh Phú Thọ",
        kind="tinh",
        level=Level.PROVINCE,
        valid_from=datetime.date(2000, 1, 1),
    )
    old = AdministrativeUnit.objects.create(
        code="08020",
        name="Xã Thanh Hà",
        short_name="Thanh Hà",
        kind="xa",
        level=Level.COMMUNE,
        parent=province,
        valid_from=datetime.date(2000, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    return Agency.objects.create(
        name="Ủy ban nhân dân xã Thanh Hà", short_name="UBND", level=Level.COMMUNE, unit=old
    )


@pytest.mark.parametrize("which", ["unknown", "text", "department", "inactive", "merged"])
def test_an_unknown_or_foreign_commune_is_refused_in_vietnamese(world, login, which):
    choice = {
        "unknown": lambda: 987654,
        "text": lambda: "xa-b",
        "department": lambda: world.sotp.agency.pk,
        "inactive": lambda: (
            Agency.objects.create(
                name="Ủy ban nhân dân xã Cũ", short_name="UBND", level=Level.COMMUNE, is_active=False
            ).pk
        ),
        "merged": lambda: _merged_away_commune().pk,
    }[which]()
    response = _receive(login(world.xa_a.officer), world.commune_version, commune=choice)
    assert response.status_code == 200
    assert NOT_A_COMMUNE in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_service_refuses_a_commune_the_picker_does_not_offer(world):
    with pytest.raises(services.DomainError, match="không phải Ủy ban nhân dân cấp xã đang hoạt động"):
        services.route(world.commune_version, commune=_merged_away_commune())


# --- both desks ---------------------------------------------------------------------------------------
@pytest.mark.usefixtures("demo_pki")
def test_a_dossier_for_another_commune_is_followed_by_the_desk_and_processed_there(world, login, xa_c):
    a, b = world.xa_a, world.xa_b
    at_a = login(a.officer)
    response = _receive(at_a, world.commune_version, commune=b.agency.pk)
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("onestop:dossier", args=[dossier.pk])
    assert (dossier.receiving_agency, dossier.competent_agency) == (a.agency, b.agency)
    assert dossier.code.startswith("H25.50.01-")  # the receiving desk's code
    page = _detail(at_a, dossier).content.decode()
    assert "Ủy ban nhân dân xã Hy Cương" in page and "Ủy ban nhân dân xã Chu Hóa" in page
    assert "tiếp nhận tại nơi khác" in page

    # A's desk follows it; B's desk has it to hand over; a third commune has nothing
    desk_a = at_a.get(reverse("onestop:desk"))
    assert list(desk_a.context["for_elsewhere"]) == [dossier] and not desk_a.context["from_elsewhere"]
    assert "Ủy ban nhân dân xã Hy Cương → Ủy ban nhân dân xã Chu Hóa" in desk_a.content.decode()
    at_b = login(b.officer)
    desk_b = at_b.get(reverse("onestop:desk"))
    assert list(desk_b.context["from_elsewhere"]) == [dossier] and not desk_b.context["for_elsewhere"]
    for outsider in (xa_c.officer, xa_c.leader, xa_c.head, a.specialist):
        client = login(outsider)
        assert _detail(client, dossier).status_code == 404
        assert dossier not in queries.visible_to(outsider)
    desk_c = login(xa_c.officer).get(reverse("onestop:desk"))
    assert not desk_c.context["from_elsewhere"] and not desk_c.context["for_elsewhere"]
    assert dossier not in desk_c.context["today"]

    # B hands it to its own department: A's departments are not offered, and refused when sent
    b_page = _detail(at_b, dossier)
    assert "hand_over" in _actions(b_page)
    offered = set(b_page.context["actions"][0]["form"].fields["department"].queryset)
    assert offered == {b.desk_unit, b.department}
    action = reverse("onestop:dossier-action", args=[dossier.pk, "hand_over"])
    assert at_b.post(action, {"hand_over-department": a.department.pk}).status_code == 400
    at_b.post(action, {"hand_over-department": b.department.pk})
    dossier.refresh_from_db()
    assert dossier.status == Status.TRANSFERRED and dossier.holder_department == b.department

    # B decides it; the result waits at A's desk, which returns it (B's desk may not)
    services.assign(b.head, dossier, b.specialist)
    services.record_appraisal(b.specialist, dossier, "Đủ điều kiện cấp phép.")
    services.approve(b.leader, dossier)
    pay_fees(a, result_ready(signers(b), dossier, result_name="Giấy phép xây dựng số 12/GPXD"))
    assert list(at_a.get(reverse("onestop:desk")).context["results"]) == [dossier]
    assert not at_b.get(reverse("onestop:desk")).context["results"]
    assert "return_result" not in _actions(_detail(at_b, dossier))
    assert "return_result" in _actions(_detail(at_a, dossier))
    returned = at_a.post(
        reverse("onestop:dossier-action", args=[dossier.pk, "return_result"]),
        {"return_result-method": "counter", "return_result-received_by_name": "Lê Văn Hùng"},
    )
    assert returned.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED


# --- liên thông ---------------------------------------------------------------------------------------
def _send(client, dossier, **fields):
    data = {f"send_to_agency-{key}": value for key, value in fields.items()}
    return client.post(reverse("onestop:dossier-action", args=[dossier.pk, "send_to_agency"]), data)


def test_the_liaison_form_offers_the_other_agencies_of_the_province(world, login):
    dossier = processing(world)
    page = _detail(login(world.sotp.specialist), dossier)
    assert "send_to_agency" in _actions(page)
    form = next(a["form"] for a in page.context["actions"] if a["action"] == "send_to_agency")
    assert set(form.fields["agency"].queryset) == {world.xa_a.agency, world.xa_b.agency}
    assert "Chuyển cơ quan liên thông" in page.content.decode()


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("0", "từ 1 ngày làm việc trở lên"),
        ("61", "không quá 60 ngày làm việc"),
        ("ba ngày", "số nguyên ngày làm việc"),
        ("2.5", "số nguyên ngày làm việc"),
    ],
)
def test_a_bad_liaison_budget_is_refused_with_a_message(world, login, budget, message):
    dossier = processing(world)
    response = _send(login(world.sotp.specialist), dossier, agency=world.xa_a.agency.pk, budget=budget)
    assert response.status_code == 400
    assert message in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and not dossier.steps.filter(kind="interagency").exists()


def test_the_holding_agency_is_not_a_liaison_target(world, login):
    dossier = processing(world)
    response = _send(login(world.sotp.specialist), dossier, agency=world.sotp.agency.pk, budget="3")
    assert response.status_code == 400
    assert "Hãy chọn một cơ quan khác của tỉnh" in response.content.decode()


def test_the_other_agency_acts_only_while_it_holds_the_dossier(world, login):
    sotp, a = world.sotp, world.xa_a
    dossier = processing(world)
    sent = _send(login(sotp.specialist), dossier, agency=a.agency.pk, budget="3", note="Xác nhận nơi cư trú")
    assert sent.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.AT_OTHER_AGENCY and dossier.holder_agency == a.agency
    step = dossier.steps.get(kind="interagency")
    assert step.budget == 3 and step.to_agency == a.agency

    # every post of the commune sees it and may send it back, nothing else; the third party sees nothing
    for member in (a.officer, a.leader, a.head, a.specialist):
        client = login(member)
        page = _detail(client, dossier)
        assert page.status_code == 200
        assert _actions(page) == ["receive_back"], member
        assert "Ủy ban nhân dân xã Hy Cương" in page.content.decode()
        queue = client.get(reverse("onestop:queue", args=["lien-thong"]))
        assert list(queue.context["page"]) == [dossier]
    assert _detail(login(world.xa_b.officer), dossier).status_code == 404
    assert "receive_back" in _actions(_detail(login(sotp.specialist), dossier))  # the sender may too

    back = login(a.specialist).post(
        reverse("onestop:dossier-action", args=[dossier.pk, "receive_back"]),
        {"receive_back-note": "Đã xác nhận: thường trú tại xã"},
    )
    assert back.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert (dossier.holder, dossier.holder_agency) == (sotp.specialist, sotp.agency)

    # back at the Sở: the commune keeps the history on record and can no longer act on it
    client = login(a.specialist)
    page = _detail(client, dossier)
    assert page.status_code == 200 and _actions(page) == []
    assert not client.get(reverse("onestop:queue", args=["lien-thong"])).context["page"].object_list
    again = client.post(
        reverse("onestop:dossier-action", args=[dossier.pk, "receive_back"]),
        {"receive_back-note": ""},
        follow=True,
    )
    assert any("không" in m.lower() for m in _messages(again)), _messages(again)
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.holder == sotp.specialist
