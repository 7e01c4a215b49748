"""The one-stop desk's staff pages: the dossier page and its actions, the counter intake, the queues."""

# ruff: noqa: F811  (the `login` fixture, imported from the documents tests, is taken as an argument)

import pytest
from django.urls import reverse
from django.utils import timezone

from onestop import services
from onestop.models import Dossier, Status
from tests.documents.conftest import login  # noqa: F401 (fixture)

from .conftest import PERSONAL_ID, accepted, scan


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _page(world, login, user, dossier):
    return login(user).get(reverse("onestop:dossier", args=[dossier.pk]))


def test_the_dossier_page_shows_the_dossier_and_the_actions_of_its_viewer(world, login):
    dossier = accepted(world)
    response = _page(world, login, world.sotp.officer, dossier)
    assert response.status_code == 200
    html = response.content.decode()
    assert dossier.code in html
    assert "Đã tiếp nhận" in html
    assert "làm việc" in html  # the remaining working time beside the appointment
    shown = [a["action"] for a in response.context["actions"]]
    assert "hand_over" in shown
    assert set(shown) <= set(services.allowed_actions(world.sotp.officer, dossier))
    assert reverse("onestop:print", args=[dossier.pk, "01"]) in html


def test_another_agencys_dossier_is_not_found(world, login):
    dossier = accepted(world)
    assert _page(world, login, world.xa_b.officer, dossier).status_code == 404
    assert login(world.xa_b.officer).get(reverse("onestop:print", args=[dossier.pk, "01"])).status_code == 404


def test_an_action_posts_to_its_service_and_a_refused_one_shows_why(world, login):
    dossier = accepted(world)
    client = login(world.sotp.officer)
    url = reverse("onestop:dossier-action", args=[dossier.pk, "hand_over"])
    response = client.post(url, {"hand_over-department": world.sotp.department.pk}, follow=True)
    assert response.status_code == 200
    dossier.refresh_from_db()
    assert dossier.status == Status.TRANSFERRED
    assert any("Chuyển phòng chuyên môn" in m for m in _messages(response))
    # the same button pressed again on the old page: the transition is no longer the officer's
    again = client.post(reverse("onestop:dossier-action", args=[dossier.pk, "accept"]), {}, follow=True)
    assert again.status_code == 200
    assert any("không" in m.lower() for m in _messages(again))
    dossier.refresh_from_db()
    assert dossier.status == Status.TRANSFERRED


def test_an_action_the_user_may_not_take_is_refused_in_vietnamese(world, login):
    dossier = accepted(world)
    response = login(world.sotp.leader).post(
        reverse("onestop:dossier-action", args=[dossier.pk, "hand_over"]),
        {"hand_over-department": world.sotp.department.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert any("Bạn không có quyền" in m for m in _messages(response))
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED


def test_an_action_form_with_a_missing_reason_is_shown_again(world, login):
    dossier = accepted(world)
    response = login(world.sotp.officer).post(
        reverse("onestop:dossier-action", args=[dossier.pk, "withdraw"]), {"withdraw-reason": ""}
    )
    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED


def test_the_receipt_is_a_real_pdf(world, login):
    dossier = accepted(world)
    response = login(world.sotp.officer).get(reverse("onestop:print", args=[dossier.pk, "01"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(
        b"%PDF"
    )
    # Mẫu 03 applies only to a refused intake
    assert login(world.sotp.officer).get(reverse("onestop:print", args=[dossier.pk, "03"])).status_code == 404


def test_a_scan_is_downloaded_by_who_sees_the_dossier(world, login):
    papers = [
        services.PaperIn(p, count=p.quantity, upload=scan(f"{p.key}.pdf"))
        for p in world.version.papers.filter(is_mandatory=True)
    ]
    from .conftest import walk_in

    dossier = services.receive_at_counter(world.sotp.officer, world.version, walk_in(), papers, "accept")
    paper = dossier.papers.exclude(file="").first()
    url = reverse("onestop:paper-file", args=[dossier.pk, paper.pk])
    response = login(world.sotp.officer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert login(world.xa_b.officer).get(url).status_code == 404


# --- counter intake -----------------------------------------------------------------------------------
def _intake_data(client, version, **fields):
    page = client.get(reverse("onestop:intake") + f"?phien-ban={version.pk}")
    data = {"version": version.pk, "form_token": page.context["form"]["form_token"].value()}
    for paper, _row in page.context["rows"]:
        data[f"p{paper.pk}-kind"] = "original"
        data[f"p{paper.pk}-count"] = paper.quantity
        if paper.is_mandatory:
            data[f"p{paper.pk}-handed_in"] = "on"
    data.update(
        {"name": "Lê Văn Hùng", "personal_id": "025085001234", "address": "Khu 3, xã Hy Cương", "phone": ""}
    )
    data.update(fields)
    return data


def test_the_counter_finds_the_procedure_as_the_catalogue_does(world, login):
    response = login(world.sotp.officer).get(reverse("onestop:intake") + "?q=ly lich tu phap")
    assert response.status_code == 200
    assert [v.pk for v in response.context["versions"]] == [world.version.pk]


def test_accepting_at_the_counter_leads_to_the_dossier_with_its_receipt(world, login):
    client = login(world.sotp.officer)
    data = _intake_data(client, world.version, decision="accept")
    response = client.post(reverse("onestop:intake"), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("onestop:dossier", args=[dossier.pk])
    assert dossier.status == Status.ACCEPTED and dossier.applicant_user is None
    page = client.get(response["Location"])
    assert reverse("onestop:print", args=[dossier.pk, "01"]) in page.content.decode()
    # the same page sent again leads to the same dossier, no second one
    again = client.post(reverse("onestop:intake"), data)
    assert again.status_code == 302 and again["Location"] == response["Location"]
    assert Dossier.objects.count() == 1


def test_a_citizen_found_by_personal_id_owns_the_dossier(world, login):
    client = login(world.sotp.officer)
    client.post(
        reverse("onestop:intake"),
        _intake_data(client, world.version, personal_id=PERSONAL_ID, name="", decision="accept"),
    )
    assert Dossier.objects.get().applicant_user == world.citizen


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"personal_id": "12345"}, "định danh"),
        ({"decision": "refuse", "reason": ""}, "lý do"),
    ],
)
def test_bad_counter_input_writes_nothing_and_says_why(world, login, fields, message):
    client = login(world.sotp.officer)
    data = _intake_data(client, world.version, decision="accept")
    data.update(fields)
    response = client.post(reverse("onestop:intake"), data)
    assert response.status_code == 200
    assert any(message in m for m in _messages(response)), _messages(response)
    assert not Dossier.objects.exists()


def test_a_missing_mandatory_paper_is_named(world, login):
    client = login(world.sotp.officer)
    data = _intake_data(client, world.version, decision="accept")
    paper = world.version.papers.filter(is_mandatory=True).first()
    del data[f"p{paper.pk}-handed_in"]
    response = client.post(reverse("onestop:intake"), data)
    assert any(paper.name in m for m in _messages(response))
    assert not Dossier.objects.exists()


def test_a_bad_scan_is_refused(world, login):
    client = login(world.sotp.officer)
    data = _intake_data(client, world.version, decision="accept")
    paper = world.version.papers.filter(is_mandatory=True).first()
    data[f"p{paper.pk}-upload"] = scan("don.pdf", b"not a pdf at all")
    response = client.post(reverse("onestop:intake"), data)
    assert response.status_code == 200
    assert _messages(response)
    assert not Dossier.objects.exists()


def test_refusing_at_the_counter_offers_the_refusal_slip(world, login):
    client = login(world.sotp.officer)
    response = client.post(
        reverse("onestop:intake"),
        _intake_data(client, world.version, decision="refuse", reason="Không thuộc thẩm quyền"),
    )
    dossier = Dossier.objects.get()
    assert dossier.status == Status.REFUSED_INTAKE
    page = client.get(response["Location"])
    assert reverse("onestop:print", args=[dossier.pk, "03"]) in page.content.decode()


# --- queues -------------------------------------------------------------------------------------------
def test_the_desk_and_the_queues_list_their_dossiers(world, login):
    dossier = accepted(world, when=timezone.now())
    officer = login(world.sotp.officer)
    desk = officer.get(reverse("onestop:desk"))
    assert desk.status_code == 200
    assert dossier in list(desk.context["today"])
    services.hand_over(world.sotp.officer, dossier, world.sotp.department)
    head = login(world.sotp.head).get(reverse("onestop:queue", args=["phong"]))
    assert head.status_code == 200
    assert dossier in list(head.context["page"])
    assert login(world.sotp.head).get(reverse("onestop:queue", args=["khong-co"])).status_code == 404
