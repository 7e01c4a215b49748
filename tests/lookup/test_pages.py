"""The public lookup page and its API: what a stranger with the code sees (and never sees), the answers to
malformed and unknown codes, the limit per address, and the one query the page costs."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from onestop import services
from onestop.lookup import queries
from onestop.services import PaperIn
from tests.onestop.conftest import (
    MONDAY,
    PERSONAL_ID,
    accepted,
    all_papers,
    at,
    pay_fees,
    processing,
    walk_in,
)
from tests.onestop.signers import result_ready, signers

pytestmark = pytest.mark.django_db

# the walk-in applicant of tests/onestop/conftest.py
PRIVATE = ["Lê Văn Hùng", "025085001234", "Khu 3, xã Hy Cương", "0912345678", "hung@example.vn"]
REASON = "Thiếu bản sao giấy khai sinh của con ông Hùng"


def page(client, code):
    return client.get(reverse("lookup:detail", args=[code]))


def api(client, code):
    return client.get(f"/api/v1/tra-cuu-ho-so/{code}/")


def _officers(world):
    desk = world.sotp
    return [u.full_name for u in (desk.officer, desk.head, desk.specialist, desk.leader)]


def _supplemented(world):
    """Processing, paused for a supplement with a reason naming a person, resumed, rescheduled."""
    d = world.sotp
    dossier = processing(world)
    dossier = services.request_supplement(d.specialist, dossier, REASON, at=at(3, 9))
    dossier = services.receive_supplement(
        d.officer, dossier, [PaperIn(world.version.papers.first())], at=at(4, 9)
    )
    services.apologise_and_reschedule(
        d.leader, dossier, "Chờ xác minh của ông Hùng tại Công an xã", at(20, 16), at=at(5, 9)
    )
    dossier.refresh_from_db()
    return dossier


def test_the_page_shows_the_status_dates_and_masked_name_and_nothing_personal(world, client):
    dossier = _supplemented(world)
    response = page(client, dossier.code)
    assert response.status_code == 200
    html = response.content.decode()
    for shown in [
        dossier.code,
        "Cấp phiếu lý lịch tư pháp",
        "Sở Tư pháp tỉnh Phú Thọ",
        "Lê V. H.",
        "Đang giải quyết",
        "09:00 02/03/2026",  # received
        "16:00 20/03/2026",  # the new appointment
        "hẹn ban đầu",
    ]:
        assert shown in html, shown
    for hidden in [*PRIVATE, *_officers(world), REASON, "Công an xã", world.version.papers.first().name]:
        assert hidden not in html, hidden
    assert set(response["Cache-Control"].split(", ")) == {"private", "max-age=0"}
    assert "sessionid" not in response.cookies  # nothing written to a session


def test_the_api_gives_the_same_fields_and_hides_the_same(world):
    dossier = _supplemented(world)
    response = api(Client(), dossier.code)
    assert response.status_code == 200
    data = response.json()
    assert data["applicant"] == "Lê V. H." and data["status"] == "processing"
    assert data["status_label"] == "Đang giải quyết"
    assert data["received_at"] == "2026-03-02T09:00:00+07:00"
    assert data["due_at"] == "2026-03-20T16:00:00+07:00" and data["original_due_at"] is not None
    assert [row["stage"] for row in data["timeline"]] == ["received", "processing"]
    assert [row["current"] for row in data["timeline"]] == [False, True]
    body = json.dumps(data, ensure_ascii=False)
    for hidden in [*PRIVATE, *_officers(world), REASON, "Công an xã"]:
        assert hidden not in body, hidden
    assert set(data) == {
        "code",
        "procedure",
        "receiving_agency",
        "applicant",
        "status",
        "status_label",
        "overdue",
        "received_at",
        "due_at",
        "original_due_at",
        "returned_at",
        "timeline",
    }


def test_a_citizens_own_online_dossier_shows_masked_too(world, client):
    applicant = services.Applicant(user=world.citizen, name="", personal_id=PERSONAL_ID)
    dossier = services.receive_at_counter(
        world.sotp.officer, world.version, applicant, all_papers(world.version), "accept", at=MONDAY
    )
    html = page(client, dossier.code).content.decode()
    assert "Nguyễn T. L." in html and "Nguyễn Thị Lan" not in html and PERSONAL_ID not in html
    assert "Đã tiếp nhận" in html


def test_while_papers_are_awaited_the_page_says_so_without_what_is_asked(world, client):
    dossier = services.request_supplement(world.sotp.specialist, processing(world), REASON, at=at(3, 9))
    data = api(client, dossier.code).json()
    assert data["status"] == "supplement" and data["status_label"] == "Chờ người nộp bổ sung giấy tờ"
    assert data["timeline"][-1] == {
        "stage": "supplement",
        "label": "Chờ người nộp bổ sung giấy tờ",
        "at": None,
        "current": True,
    }
    html = page(client, dossier.code).content.decode()
    assert "Chờ người nộp bổ sung giấy tờ" in html and REASON not in html


def test_the_page_costs_one_query(world, client, django_assert_num_queries):
    dossier = _supplemented(world)
    with django_assert_num_queries(3):  # the dossier, and the procedure's and desk's names, kept after
        assert page(client, dossier.code).status_code == 200
    with django_assert_num_queries(1):
        assert page(client, dossier.code).status_code == 200
    with django_assert_num_queries(1):
        assert api(client, dossier.code).status_code == 200
    with django_assert_num_queries(0):  # refused before any query
        assert page(client, "H25.20-260230-0001").status_code == 400


def test_a_renamed_procedure_or_desk_shows_its_new_name_at_once(world, client):
    dossier = _supplemented(world)
    assert dossier.version.procedure.name in page(client, dossier.code).content.decode()
    procedure, desk = dossier.version.procedure, dossier.receiving_agency
    procedure.name, desk.name = "Thủ tục đã đổi tên", "Cơ quan đã đổi tên"
    procedure.save(update_fields=["name"])
    desk.save(update_fields=["name"])
    html = page(client, dossier.code).content.decode()
    assert "Thủ tục đã đổi tên" in html and "Cơ quan đã đổi tên" in html


@pytest.mark.parametrize(
    "code",
    [
        "abc",
        "H25.20-260230-0001",
        "H25.20-260302-0000",
        "H25.20-260302-0001" * 300,
        "%E2%80%AEH25.20-260302-0001",
        "H25.20-٢٦٠٣٠٢-0001",
    ],
)
def test_a_malformed_code_is_a_400_with_a_reason(world, code):
    client = Client(raise_request_exception=False)
    response = client.get(f"/tra-cuu-ho-so/{code}/")
    assert response.status_code == 400
    assert "Mã hồ sơ không đúng dạng" in response.content.decode()
    refused = client.get(f"/api/v1/tra-cuu-ho-so/{code}/")
    assert refused.status_code == 400 and "Mã hồ sơ không đúng dạng" in refused.json()["detail"]


def test_nul_and_control_characters_are_refused_as_everywhere(world):
    client = Client(raise_request_exception=False)
    for url in ["/tra-cuu-ho-so/H25.20-260302-0001%00/", "/tra-cuu-ho-so/%01/", "/tra-cuu-ho-so/?ma=%00"]:
        response = client.get(url)
        assert response.status_code == 400 and "ký tự không hợp lệ" in response.content.decode()
    refused = client.get("/api/v1/tra-cuu-ho-so/H25.20%00/")
    assert refused.status_code == 400 and refused.json()["detail"]


def test_an_unknown_code_and_a_dossier_without_one_are_not_found(world, client):
    dossier = accepted(world)
    unknown = dossier.code[:-4] + "9999"
    response = page(client, unknown)
    assert response.status_code == 404
    assert f"Không tìm thấy hồ sơ có mã {unknown}" in response.content.decode()
    assert api(client, unknown).status_code == 404
    assert "Không tìm thấy" in api(client, unknown).json()["detail"]
    # not accepted (to be completed first): no code, so nothing to find
    waiting = services.receive_at_counter(
        world.sotp.officer,
        world.version,
        walk_in(),
        all_papers(world.version),
        "complete",
        reason="Thiếu tờ khai",
        at=MONDAY,
    )
    assert waiting.code is None
    assert queries.find("") is None


def test_the_lowercase_code_a_person_types_is_found(world, client):
    dossier = accepted(world)
    assert page(client, dossier.code.lower()).status_code == 200


def test_the_form_sends_a_typed_code_to_its_page_and_explains_a_wrong_one(world, client):
    form = client.get("/tra-cuu-ho-so/")
    assert form.status_code == 200 and 'name="ma"' in form.content.decode()
    typed = client.get("/tra-cuu-ho-so/", {"ma": "  h25.20-260302-0001 "})
    assert typed.status_code == 302 and typed["Location"] == "/tra-cuu-ho-so/H25.20-260302-0001/"
    wrong = client.get("/tra-cuu-ho-so/", {"ma": "<b>0001</b>"})
    assert wrong.status_code == 400
    html = wrong.content.decode()
    assert "Mã hồ sơ không đúng dạng" in html and "<b>0001" not in html and "&lt;b&gt;0001" in html
    empty = client.get("/tra-cuu-ho-so/", {"ma": " "})
    assert empty.status_code == 400 and "Hãy nhập mã hồ sơ" in empty.content.decode()
    assert client.post("/tra-cuu-ho-so/", {"ma": "x"}).status_code in {403, 405}


def test_a_flood_from_one_address_gets_a_429_in_vietnamese(world, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lookup": (3, 60)}
    dossier = accepted(world)
    assert [page(client, dossier.code).status_code for _ in range(3)] == [200] * 3
    refused = page(client, dossier.code)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "vui lòng thử lại sau 60 giây" in refused.content.decode()  # how long, not only "wait"
    refused_api = api(client, dossier.code)
    assert refused_api.status_code == 429 and "quá nhiều yêu cầu" in refused_api.json()["detail"]
    # another address is not held back
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert page(other, dossier.code).status_code == 200


def test_the_home_tile_is_a_working_form_and_the_menu_points_at_the_lookup(world, client):
    html = client.get("/").content.decode()
    tile = html[html.index('id="tra-cuu"') :]
    assert 'action="/tra-cuu-ho-so/"' in tile[: tile.index("</form>")] and 'name="ma"' in tile
    assert '<a href="/tra-cuu-ho-so/"' in html


@pytest.mark.usefixtures("demo_pki")
def test_a_returned_dossier_shows_when_it_was_returned(world, client):
    d = signers(world.sotp)
    dossier = processing(world)
    dossier = services.record_appraisal(d.specialist, dossier, "Đủ điều kiện", at=at(3, 10))
    dossier = services.approve(d.leader, dossier, at=at(4, 10))
    dossier = result_ready(d, dossier, at=at(5, 10), result_name="Phiếu lý lịch tư pháp số 1")
    dossier = pay_fees(d, dossier, at=at(6, 9, 30))
    dossier = services.return_result(
        d.officer, dossier, "counter", received_by_name="Lê Văn Hùng", at=at(6, 9, 30)
    )
    data = api(client, dossier.code).json()
    assert data["status"] == "returned" and data["returned_at"] == "2026-03-06T09:30:00+07:00"
    assert [row["stage"] for row in data["timeline"]] == ["received", "result_ready", "returned"]
    assert data["timeline"][-1]["current"] and not data["overdue"]
    html = page(client, dossier.code).content.decode()
    assert "Đã trả kết quả" in html and "09:30 06/03/2026" in html
    assert "Phiếu lý lịch tư pháp số 1" not in html and d.clerk.full_name not in html


def test_a_stopped_dossier_says_so_without_the_reason(world, client):
    d = world.sotp
    dossier = processing(world)
    services.stop(d.leader, dossier, "Ông Hùng đang bị điều tra", at=at(3, 9))
    data = api(client, dossier.code).json()
    assert data["status"] == "stopped" and data["timeline"][-1]["stage"] == "stopped"
    assert "điều tra" not in json.dumps(data, ensure_ascii=False)
    assert datetime.datetime.fromisoformat(data["timeline"][-1]["at"]) == at(3, 9)


def test_the_api_route_is_in_the_schema_open_to_anyone(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/tra-cuu-ho-so/{code}/"]["get"]
    assert {"200", "400", "404", "429"} <= set(operation["responses"])
    assert {} in operation["security"]  # no credentials needed
    properties = schema["components"]["schemas"]["PublicDossier"]["properties"]
    assert not {"applicant_name", "applicant_address", "applicant_phone", "applicant_email"} & set(properties)
