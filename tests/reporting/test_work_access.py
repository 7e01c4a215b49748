"""The work statistics' page (/bao-cao/cong-viec/) and API (/api/v1/bao-cao/cong-viec/...): who sees what
(a leader their agency and those under it, a department head their department, nobody else, nothing
public), bad input answered in Vietnamese with a 400, secret documents counted and never described, and
the OpenAPI schema."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from documents import services
from egov.accounts.roles import Role
from reporting.periods import Period
from reporting.work import queries
from reporting.work.scope import Selection, scope_for
from tests.documents import conftest as documents_conftest
from tests.documents.factories import incoming_data

from . import test_work_figures as figures

PAGE = "/bao-cao/cong-viec/"
DOCS = "/api/v1/bao-cao/cong-viec/van-ban/"
# fixtures shared with the figures' tests, and login(user) past the second factor
world, documents, login = figures.world, figures.documents, documents_conftest.login
TASKS = "/api/v1/bao-cao/cong-viec/nhiem-vu/"


def test_the_addresses_are_mounted_where_the_brief_says():
    assert reverse("reporting:work:index") == PAGE
    assert reverse("reporting-api:work:documents") == DOCS
    assert reverse("reporting-api:work:tasks") == TASKS


def test_nothing_is_public(db, client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    for url in (DOCS, TASKS):
        assert APIClient().get(url).status_code in (401, 403)


@pytest.mark.parametrize("role", [Role.CITIZEN, None])
def test_citizens_and_people_without_a_role_are_refused(db, client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    api = APIClient()
    api.force_login(user)
    assert api.get(DOCS).status_code == 403


def test_a_specialist_without_a_department_to_head_is_refused(world, login):
    specialist = world["province"].specialist
    page = login(specialist).get(PAGE)
    assert page.status_code == 403 and "lãnh đạo" in page.content.decode()
    response = login(specialist, api=True).get(TASKS)
    assert response.status_code == 403 and "lãnh đạo" in response.json()["detail"]


def test_a_leader_must_pass_the_second_factor_first(world, client):
    leader = world["province"].leader
    client.force_login(leader)
    response = client.get(PAGE)
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    api = APIClient()
    api.force_login(leader)
    assert api.get(DOCS).status_code == 403


def test_the_province_leader_sees_the_province_and_the_agencies_under_it(world, documents, login):
    province, commune, other = world["province"], world["commune"], world["other"]
    scope = scope_for(province.leader)
    assert {province.agency.pk, commune.agency.pk} <= scope.agencies and other.agency.pk not in scope.agencies
    client = login(province.leader)
    html = client.get(PAGE).content.decode()
    assert province.agency.name in html and commune.agency.name in html and other.agency.name not in html
    api = login(province.leader, api=True)
    data = api.get(DOCS).json()
    assert data["by"] == "agency"
    assert {r["key"] for r in data["rows"]} >= {str(province.agency.pk), str(commune.agency.pk)}
    # one agency: by department, and the people table on the page
    response = client.get(PAGE, {"agency": commune.agency.pk})
    assert response.status_code == 200 and "Nhiệm vụ theo cán bộ" in response.content.decode()
    assert api.get(TASKS, {"agency": commune.agency.pk, "by": "person"}).status_code == 200
    # another province: refused, as an id that does not exist
    for value in (other.agency.pk, 999999):
        assert client.get(PAGE, {"agency": value}).status_code == 403
        answer = api.get(DOCS, {"agency": value})
        assert answer.status_code == 403 and "phạm vi" in answer.json()["detail"]
    assert api.get(DOCS, {"department": other.vx.pk}).status_code == 403


def test_a_commune_leader_sees_the_commune_only(world, documents, login):
    province, commune = world["province"], world["commune"]
    api = login(commune.leader, api=True)
    data = api.get(DOCS).json()
    assert data["scope"] == commune.agency.name and data["by"] == "department"
    assert api.get(DOCS, {"agency": province.agency.pk}).status_code == 403
    assert api.get(TASKS, {"agency": commune.agency.pk}).status_code == 200


def test_a_department_head_sees_their_department_and_its_people_only(world, documents, login):
    province = world["province"]
    head = province.head
    scope = scope_for(head)
    assert scope.agencies == frozenset() and scope.departments == {province.vx.pk}
    api = login(head, api=True)
    tasks = api.get(TASKS, {"by": "person"}).json()
    assert tasks["by"] == "person" and tasks["scope"].startswith(province.vx.name)
    assert [r["key"] for r in tasks["rows"]] == [str(province.specialist.pk)]
    assert tasks["total"]["done_on_time"] == 1  # the delegated task the specialist completed
    docs = api.get(DOCS).json()
    assert docs["total"]["incoming"] == 2 and docs["total"]["incoming_secret"] == 1
    for query in ({"agency": province.agency.pk}, {"department": province.kt.pk}, {"by": "agency"}):
        assert api.get(TASKS, query).status_code == 403, query
    page = login(head).get(PAGE)
    assert page.status_code == 200 and province.vx.name in page.content.decode()


def test_the_api_answers_what_the_queries_count(world, documents, login):
    province, commune = world["province"], world["commune"]
    today = timezone.localdate()
    data = (
        login(province.leader, api=True)
        .get(DOCS, {"date_from": f"01/{today:%m/%Y}", "date_to": f"{today:%d/%m/%Y}"})
        .json()
    )
    table = queries.document_table(
        Period(today.replace(day=1), today), Selection(agencies=(province.agency, commune.agency)), "agency"
    )
    assert data["total"] == {**table.total.as_dict()}
    assert data["period"] == {"start": f"{today:%Y-%m}-01", "end": today.isoformat()}
    assert data["notes"] and all(isinstance(n, str) for n in data["notes"])


def test_secret_documents_are_counted_but_no_subject_leaves(world, documents, login):
    province = world["province"]
    client, api = login(province.leader), login(province.leader, api=True)
    texts = [
        client.get(PAGE).content.decode(),
        client.get(PAGE, {"agency": province.agency.pk}).content.decode(),
    ]
    for url in (DOCS, TASKS):
        for query in ({}, {"agency": province.agency.pk}, {"agency": province.agency.pk, "by": "person"}):
            if url == DOCS and query.get("by") == "person":
                continue
            texts.append(api.get(url, query).content.decode("unicode_escape"))
    assert api.get(DOCS, {"agency": province.agency.pk}).json()["total"]["incoming_secret"] == 1
    for text in texts:
        assert "Mật: kế hoạch A" not in text and "Quyết định về việc" not in text


BAD = [
    ({"year": "abc", "frequency": "year"}, "Năm"),
    ({"year": "1999", "frequency": "year"}, "Năm"),
    ({"frequency": "week"}, "Loại kỳ"),
    ({"frequency": "month", "number": "13"}, "Kỳ số"),
    ({"frequency": "quarter", "number": "0"}, "Kỳ số"),
    ({"date_from": "05/03/2026", "date_to": "01/03/2026"}, "kết thúc"),
    ({"date_from": "31/02/2026", "date_to": "01/03/2026"}, "Từ ngày"),
    ({"date_from": "01/01/2026"}, "cả"),
    ({"date_from": "01/01/2000", "date_to": "31/12/2099"}, "10 năm"),
    ({"agency": "99999999999999999999999"}, "Mã cơ quan"),
    ({"agency": "-3"}, "Mã cơ quan"),
    ({"department": "abc"}, "Mã phòng, ban"),
    ({"by": "procedure"}, "nhóm"),
]


@pytest.mark.parametrize(("query", "reason"), BAD)
def test_bad_input_gets_a_400_with_a_vietnamese_reason(world, login, query, reason):
    leader = world["province"].leader
    answer = login(leader, api=True).get(TASKS, query)
    assert answer.status_code == 400 and reason in answer.json()["detail"], answer.content
    page = login(leader).get(PAGE, query)
    assert page.status_code == 400 and reason in page.content.decode()


def test_a_period_that_has_not_begun_and_documents_by_person_are_refused(world, login):
    api = login(world["province"].leader, api=True)
    next_year = timezone.localdate().year + 1
    answer = api.get(DOCS, {"frequency": "year", "year": next_year})
    assert answer.status_code == 400 and "chưa có số liệu" in answer.json()["detail"]
    answer = api.get(DOCS, {"by": "person"})
    assert answer.status_code == 400 and "cán bộ" in answer.json()["detail"]


def test_periods_by_frequency_and_nd09_closing(world, login):
    api = login(world["province"].leader, api=True)
    year = timezone.localdate().year - 1
    assert api.get(TASKS, {"frequency": "quarter", "year": year, "number": 2}).json()["period"] == {
        "start": f"{year}-04-01",
        "end": f"{year}-06-30",
    }
    assert api.get(TASKS, {"frequency": "month", "year": year, "number": 1, "closing": 1}).json()[
        "period"
    ] == {
        "start": f"{year - 1}-12-15",
        "end": f"{year}-01-14",
    }
    assert api.get(TASKS).json()["period"]["start"] == timezone.localdate().replace(day=1).isoformat()


def test_a_task_given_to_the_commune_counts_for_the_commune(world, login):
    province, commune = world["province"], world["commune"]
    services.create_task(
        province.leader, agency=commune.agency, title="Báo cáo", assignee=commune.specialist, working_days=3
    )
    document = services.register_incoming(province.clerk, province.agency, incoming_data(number="90"))
    services.assign(province.leader, document, {"assignee": province.specialist, "working_days": 1})
    rows = {r["key"]: r["figures"] for r in login(province.leader, api=True).get(TASKS).json()["rows"]}
    assert rows[str(commune.agency.pk)]["in_progress_within"] == 1
    assert rows[str(province.agency.pk)]["in_progress_within"] == 1
    by_department = login(province.leader, api=True).get(TASKS, {"agency": province.agency.pk}).json()
    assert by_department["rows"][-1]["key"] == "none"  # given to a person directly


def test_the_page_reads_on_a_phone_and_in_vietnamese(world, documents, login):
    html = login(world["province"].leader).get(PAGE, {"agency": world["province"].agency.pk}).content.decode()
    assert 'class="data row-cards"' in html and 'data-label="Tỷ lệ nhận điện tử (%)"' in html
    assert "Thống kê văn bản và công việc" in html and "Tổng cộng" in html


def test_openapi_lists_the_work_statistics(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("spectacular", "--validate", stdout=out, stderr=err)
    schema = out.getvalue()
    warnings = [line for line in err.getvalue().splitlines() if "reporting/work" in line or "Work" in line]
    assert warnings == []
    for path in (DOCS, TASKS):
        assert path in schema
    for name in ("incoming_electronic_rate", "leader_signed_rate", "in_progress_within", "closing"):
        assert name in schema


def test_the_period_of_the_page_is_shown_in_the_official_way(world, login):
    today = timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    html = (
        login(world["province"].leader)
        .get(PAGE, {"frequency": "month", "year": first.year, "number": first.month})
        .content.decode()
    )
    assert f"từ ngày 01/{first:%m/%Y} đến ngày {first:%d/%m/%Y}" in html
