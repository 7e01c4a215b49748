"""The one-stop API: what visible_to lets the user see, and the actions through the same services."""

# ruff: noqa: F811  (the `login` fixture, imported from the documents tests, is taken as an argument)

from onestop.models import Status
from tests.documents.conftest import login  # noqa: F401 (fixture)

from .conftest import accepted

BASE = "/api/v1/ho-so/"


def test_the_list_and_the_detail_follow_visible_to(world, login):
    dossier = accepted(world)
    mine = login(world.sotp.officer, api=True)
    listed = mine.get(BASE)
    assert listed.status_code == 200
    assert [row["code"] for row in listed.json()["results"]] == [dossier.code]
    detail = mine.get(f"{BASE}{dossier.pk}/").json()
    assert detail["status_label"] == "Đã tiếp nhận"
    assert "hand_over" in detail["allowed_actions"]
    other = login(world.xa_b.officer, api=True)
    assert other.get(BASE).json()["results"] == []
    assert other.get(f"{BASE}{dossier.pk}/").status_code == 404


def test_an_action_goes_through_the_service(world, login):
    dossier = accepted(world)
    client = login(world.sotp.officer, api=True)
    response = client.post(
        f"{BASE}{dossier.pk}/thao-tac/hand_over/", {"department": world.sotp.department.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.TRANSFERRED
    dossier.refresh_from_db()
    assert dossier.status == Status.TRANSFERRED
    assert dossier.events.filter(action="hand_over").exists()


def test_refused_and_bad_actions_are_4xx_with_a_reason(world, login):
    dossier = accepted(world)
    officer = login(world.sotp.officer, api=True)
    again = officer.post(f"{BASE}{dossier.pk}/thao-tac/accept/", {}, format="json")
    assert again.status_code == 409 and again.json()["detail"]
    leader = login(world.sotp.leader, api=True)
    refused = leader.post(
        f"{BASE}{dossier.pk}/thao-tac/hand_over/", {"department": world.sotp.department.pk}, format="json"
    )
    assert refused.status_code == 403 and "không có quyền" in refused.json()["detail"]
    missing = officer.post(f"{BASE}{dossier.pk}/thao-tac/withdraw/", {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    unknown = officer.post(f"{BASE}{dossier.pk}/thao-tac/fly_away/", {}, format="json")
    assert unknown.status_code == 404
    not_an_object = officer.post(f"{BASE}{dossier.pk}/thao-tac/withdraw/", [1, 2], format="json")
    assert not_an_object.status_code == 400
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED
