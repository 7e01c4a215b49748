"""The work statistics' page (/bao-cao/cong-viec/) and API (/api/v1/bao-cao/cong-viec/...): who sees what
(a leader their agency and those under it, a department head their department, nobody else, nothing
public), bad input answered in Vietnamese with a 400, secret documents counted and never described, and
the OpenAPI schema."""

import datetime
import io
import json
import re
from html import unescape

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
DOSSIERS = "/api/v1/bao-cao/ho-so/"
PERIOD_PARAMETERS = {"start", "end", "frequency", "year", "number", "closing"}


def this_month() -> dict:
    """The API's period for this calendar month (the page's default when nothing is chosen)."""
    today = timezone.localdate()
    return {"frequency": "month", "year": today.year, "number": today.month}


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
    data = api.get(DOCS, this_month()).json()
    assert data["by"] == "agency"
    assert {r["key"] for r in data["rows"]} >= {str(province.agency.pk), str(commune.agency.pk)}
    # one agency: by department, and the people table on the page
    response = client.get(PAGE, {"co_quan": commune.agency.pk})
    assert response.status_code == 200 and "Nhiệm vụ theo cán bộ" in response.content.decode()
    assert api.get(TASKS, {**this_month(), "agency": commune.agency.pk, "by": "person"}).status_code == 200
    # another province: refused, as an id that does not exist
    for value in (other.agency.pk, 999999):
        assert client.get(PAGE, {"co_quan": value}).status_code == 403
        answer = api.get(DOCS, {**this_month(), "agency": value})
        assert answer.status_code == 403 and "phạm vi" in answer.json()["detail"]
    assert client.get(PAGE, {"phong_ban": other.vx.pk}).status_code == 403
    assert api.get(DOCS, {**this_month(), "department": other.vx.pk}).status_code == 403


def test_a_commune_leader_sees_the_commune_only(world, documents, login):
    province, commune = world["province"], world["commune"]
    api = login(commune.leader, api=True)
    data = api.get(DOCS, this_month()).json()
    assert data["scope"] == commune.agency.name and data["by"] == "department"
    assert api.get(DOCS, {**this_month(), "agency": province.agency.pk}).status_code == 403
    assert api.get(TASKS, {**this_month(), "agency": commune.agency.pk}).status_code == 200


def test_a_department_head_sees_their_department_and_its_people_only(world, documents, login):
    province = world["province"]
    head = province.head
    scope = scope_for(head)
    assert scope.agencies == frozenset() and scope.departments == {province.vx.pk}
    api = login(head, api=True)
    tasks = api.get(TASKS, {**this_month(), "by": "person"}).json()
    assert tasks["by"] == "person" and tasks["scope"].startswith(province.vx.name)
    assert [r["key"] for r in tasks["rows"]] == [str(province.specialist.pk)]
    assert tasks["total"]["done_on_time"] == 1  # the delegated task the specialist completed
    docs = api.get(DOCS, this_month()).json()
    assert docs["total"]["incoming"] == 2 and docs["total"]["incoming_secret"] == 1
    for query in ({"agency": province.agency.pk}, {"department": province.kt.pk}, {"by": "agency"}):
        assert api.get(TASKS, {**this_month(), **query}).status_code == 403, query
    client = login(head)
    page = client.get(PAGE)
    assert page.status_code == 200 and province.vx.name in page.content.decode()
    for query in ({"co_quan": province.agency.pk}, {"phong_ban": province.kt.pk}, {"theo": "co-quan"}):
        assert client.get(PAGE, query).status_code == 403, query


def test_the_api_answers_what_the_queries_count(world, documents, login):
    province, commune = world["province"], world["commune"]
    today = timezone.localdate()
    data = (
        login(province.leader, api=True)
        .get(DOCS, {"start": f"{today:%Y-%m}-01", "end": today.isoformat()})
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
        client.get(PAGE, {"co_quan": province.agency.pk}).content.decode(),
    ]
    for url in (DOCS, TASKS):
        for query in ({}, {"agency": province.agency.pk}, {"agency": province.agency.pk, "by": "person"}):
            if url == DOCS and query.get("by") == "person":
                continue
            texts.append(api.get(url, {**this_month(), **query}).content.decode("unicode_escape"))
    assert (
        api.get(DOCS, {**this_month(), "agency": province.agency.pk}).json()["total"]["incoming_secret"] == 1
    )
    for text in texts:
        assert "Mật: kế hoạch A" not in text and "Quyết định về việc" not in text


NEXT_YEAR = timezone.localdate().year + 1
# the API: (endpoint, query, the parameter named in the answer, the reason)
API_BAD = [
    (TASKS, {"frequency": "year", "year": "abc"}, "year", "Hãy nhập một số"),
    (TASKS, {"frequency": "year", "year": "1999"}, "year", "lớn hơn hoặc bằng 2000"),
    (TASKS, {"frequency": "week", "year": "2026"}, "frequency", "“week” không có trong danh sách"),
    (TASKS, {"frequency": "month", "year": "2026", "number": "13"}, "number", "nhỏ hơn hoặc bằng 12"),
    (TASKS, {"frequency": "quarter", "year": "2026", "number": "0"}, "number", "lớn hơn hoặc bằng 1"),
    (
        TASKS,
        {"frequency": "quarter", "year": "2026", "number": "5"},
        "non_field_errors",
        "không có trong năm",
    ),
    (TASKS, {"frequency": "month", "year": "2026", "closing": "maybe"}, "closing", "true hoặc false"),
    (TASKS, {"frequency": "month"}, "year", "Cần năm"),
    (TASKS, {}, "non_field_errors", "Cần kỳ báo cáo"),
    (TASKS, {"start": "2026-03-05", "end": "2026-03-01"}, "non_field_errors", "Ngày kết thúc"),
    (TASKS, {"start": "2026-02-31", "end": "2026-03-01"}, "start", "Ngày không hợp lệ"),
    (TASKS, {"start": "2026-01-01", "end": "01/03/2026"}, "end", "Ngày không hợp lệ"),
    (TASKS, {"start": "2026-01-01"}, "non_field_errors", "Cần cả ngày"),
    (TASKS, {"start": "2000-01-01", "end": "2099-12-31"}, "non_field_errors", "10 năm"),
    (
        TASKS,
        {"start": "2026-01-01", "end": "2026-01-31", "frequency": "month"},
        "non_field_errors",
        "không cả hai",
    ),
    (DOCS, {"frequency": "year", "year": NEXT_YEAR}, "non_field_errors", "chưa có số liệu"),
    (
        TASKS,
        {"start": f"{NEXT_YEAR}-01-01", "end": f"{NEXT_YEAR}-01-31"},
        "non_field_errors",
        "chưa có số liệu",
    ),
    (
        TASKS,
        {"frequency": "year", "year": "2026", "agency": "99999999999999999999999"},
        "agency",
        "Mã cơ quan",
    ),
    (TASKS, {"frequency": "year", "year": "2026", "agency": "-3"}, "agency", "Mã cơ quan"),
    (TASKS, {"frequency": "year", "year": "2026", "department": "abc"}, "department", "Mã phòng, ban"),
    (TASKS, {"frequency": "year", "year": "2026", "by": "procedure"}, "by", "không có trong danh sách"),
    (DOCS, {"frequency": "year", "year": "2026", "by": "person"}, "by", "“person” không có trong danh sách"),
]


@pytest.mark.parametrize(("url", "query", "parameter", "reason"), API_BAD)
def test_bad_api_input_gets_a_400_naming_the_parameter_in_vietnamese(
    world, login, url, query, parameter, reason
):
    answer = login(world["province"].leader, api=True).get(url, query)
    assert answer.status_code == 400, answer.content
    assert any(reason in message for message in answer.json()[parameter]), answer.json()


# the page: the dossier statistics pages' period picker, with their messages (test_dashboard.py)
PAGE_BAD = [
    ({"ky": "nam", "nam": "abc"}, "Hãy nhập một số"),
    ({"ky": "nam", "nam": "1999"}, "lớn hơn hoặc bằng 2000"),
    ({"ky": "tuan", "nam": "2026"}, "“tuan” không có trong danh sách"),
    ({"ky": "thang", "nam": "2026", "so": "13"}, "nhỏ hơn hoặc bằng 12"),
    ({"ky": "quy", "nam": "2026", "so": "5"}, "không có trong năm"),
    ({"ky": "khoang", "nam": "2026", "tu": "05/03/2026", "den": "01/03/2026"}, "Ngày kết thúc"),
    ({"ky": "khoang", "nam": "2026", "tu": "31/02/2026", "den": "01/03/2026"}, "Ngày không hợp lệ"),
    ({"ky": "khoang", "nam": "2026", "tu": "01/01/2026"}, "cả ngày bắt đầu và ngày kết thúc"),
    ({"ky": "khoang", "nam": "2026", "tu": "01/01/2000", "den": "31/12/2099"}, "10 năm"),
    ({"ky": "thang", "nam": "2026", "so": "3", "tu": "01/03/2026"}, "hãy chọn loại kỳ “Từ ngày"),
    ({"ky": "nam", "nam": str(NEXT_YEAR)}, "chưa có số liệu"),
    ({"co_quan": "99999999999999999999999"}, "Mã cơ quan không hợp lệ"),
    ({"co_quan": "-3"}, "Mã cơ quan không hợp lệ"),
    ({"phong_ban": "abc"}, "Mã phòng, ban không hợp lệ"),
    ({"theo": "thu-tuc"}, "“thu-tuc” không có trong danh sách"),
    ({"theo": "can-bo"}, "không có trong danh sách"),
]


@pytest.mark.parametrize(("query", "reason"), PAGE_BAD)
def test_bad_page_input_gets_a_400_with_a_vietnamese_reason(world, login, query, reason):
    page = login(world["province"].leader).get(PAGE, query)
    html = page.content.decode()
    assert page.status_code == 400 and reason in html
    assert 'id="period-form"' in html and 'id="period-error"' in html  # the picker is there to try again


@pytest.mark.parametrize(
    "query",
    [
        {"frequency": "week", "year": "2026"},
        {"frequency": "quarter", "year": "2026", "number": "5"},
        {"start": "2026-03-05", "end": "2026-03-01"},
        {"start": "2026-02-31", "end": "2026-03-01"},
        {"start": "2000-01-01", "end": "2099-12-31"},
        {"frequency": "year", "year": NEXT_YEAR},
        {},
    ],
)
def test_the_dossier_and_work_apis_read_the_period_alike(world, login, query):
    api = login(world["province"].leader, api=True)
    answers = [api.get(url, query) for url in (DOSSIERS, DOCS, TASKS)]
    assert {a.status_code for a in answers} == {400}
    assert answers[0].json() == answers[1].json() == answers[2].json()


def test_periods_by_frequency_and_nd09_closing(world, login):
    api = login(world["province"].leader, api=True)
    year = timezone.localdate().year - 1
    assert api.get(TASKS, {"frequency": "quarter", "year": year, "number": 2}).json()["period"] == {
        "start": f"{year}-04-01",
        "end": f"{year}-06-30",
    }
    for closing in ("1", "true"):
        query = {"frequency": "month", "year": year, "number": 1, "closing": closing}
        assert api.get(TASKS, query).json()["period"] == {
            "start": f"{year - 1}-12-15",
            "end": f"{year}-01-14",
        }
    assert (
        api.get(TASKS, this_month()).json()["period"]["start"]
        == timezone.localdate().replace(day=1).isoformat()
    )


def test_the_page_shows_this_month_when_nothing_is_chosen_and_an_nd09_period_on_request(world, login):
    client = login(world["province"].leader)
    today = timezone.localdate()
    assert f"từ ngày 01/{today:%m/%Y} đến ngày" in client.get(PAGE).content.decode()
    year = today.year - 1
    html = client.get(PAGE, {"ky": "chot-quy", "nam": year, "so": 1}).content.decode()
    assert f"từ ngày 15/12/{year - 1} đến ngày 14/03/{year}" in html


def test_a_task_given_to_the_commune_counts_for_the_commune(world, login):
    province, commune = world["province"], world["commune"]
    services.create_task(
        province.leader, agency=commune.agency, title="Báo cáo", assignee=commune.specialist, working_days=3
    )
    document = services.register_incoming(province.clerk, province.agency, incoming_data(number="90"))
    services.assign(province.leader, document, {"assignee": province.specialist, "working_days": 1})
    api = login(province.leader, api=True)
    rows = {r["key"]: r["figures"] for r in api.get(TASKS, this_month()).json()["rows"]}
    assert rows[str(commune.agency.pk)]["in_progress_within"] == 1
    assert rows[str(province.agency.pk)]["in_progress_within"] == 1
    by_department = api.get(TASKS, {**this_month(), "agency": province.agency.pk}).json()
    assert by_department["rows"][-1]["key"] == "none"  # given to a person directly


def test_the_page_reads_on_a_phone_and_in_vietnamese(world, documents, login):
    html = (
        login(world["province"].leader).get(PAGE, {"co_quan": world["province"].agency.pk}).content.decode()
    )
    assert 'class="data row-cards"' in html and 'data-label="Tỷ lệ nhận điện tử (%)"' in html
    assert "Thống kê văn bản và công việc" in html and "Tổng cộng" in html


def test_the_page_has_the_dossier_pages_period_picker(world, login):
    html = login(world["province"].leader).get(PAGE).content.decode()
    assert 'id="period-form"' in html and "Kỳ số liệu" in html
    for name in ("ky", "nam", "so", "tu", "den", "co_quan"):
        assert f'name="{name}"' in html, name
    for old in ("frequency", "date_from", "closing"):
        assert f'name="{old}"' not in html
    assert '<option value="thang" selected>' in html and '<option value="chot-quy">' in html


def _links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="(\?[^"]*)"', html)]


def test_the_links_of_the_page_keep_the_period(world, documents, login):
    province, commune = world["province"], world["commune"]
    client = login(province.leader)
    year = timezone.localdate().year
    html = client.get(PAGE, {"ky": "quy", "nam": year, "so": 1}).content.decode()
    links = _links(html)
    tabs = [link for link in links if "theo=" in link]
    assert len(tabs) == 2 and all(
        "ky=quy" in link and f"nam={year}" in link and "so=1" in link for link in tabs
    )
    assert f"?ky=quy&nam={year}&so=1&co_quan={commune.agency.pk}" in links  # the agency's row opens it
    by_department = client.get(PAGE, {"ky": "quy", "nam": year, "so": 1, "theo": "phong-ban"})
    assert by_department.status_code == 200 and "<th>Phòng, ban</th>" in by_department.content.decode()
    # a range of days travels in the links as typed in the picker
    html = client.get(
        PAGE, {"ky": "khoang", "nam": year, "tu": f"1/1/{year}", "den": f"31/1/{year}"}
    ).content.decode()
    opened = [link for link in _links(html) if "co_quan=" in link]
    assert opened and all(
        f"tu=01%2F01%2F{year}" in link and f"den=31%2F01%2F{year}" in link for link in opened
    )
    html = client.get(PAGE, {"co_quan": province.agency.pk}).content.decode()
    department = f"phong_ban={province.vx.pk}"
    assert any(department in link and f"co_quan={province.agency.pk}" in link for link in _links(html))


def test_openapi_describes_the_same_period_parameters_as_the_dossier_api(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("spectacular", "--validate", "--format", "openapi-json", stdout=out, stderr=err)
    schema = json.loads(out.getvalue())
    warnings = [line for line in err.getvalue().splitlines() if "reporting/" in line or "Work" in line]
    assert warnings == []

    def parameters(path):
        return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}

    dossiers, documents, tasks = parameters(DOSSIERS), parameters(DOCS), parameters(TASKS)
    for name in PERIOD_PARAMETERS:
        assert documents[name] == tasks[name] == dossiers[name], name
        assert documents[name]["in"] == "query" and not documents[name].get("required")
    assert set(documents) == set(tasks) == PERIOD_PARAMETERS | {"agency", "department", "by"}
    assert documents["frequency"]["schema"]["enum"] == [
        "month",
        "quarter",
        "half_year",
        "nine_months",
        "year",
    ]
    assert (
        documents["start"]["schema"]["format"] == "date"
        and documents["closing"]["schema"]["type"] == "boolean"
    )
    assert documents["by"]["schema"]["enum"] == ["agency", "department"]
    assert tasks["by"]["schema"]["enum"] == ["agency", "department", "person"]
    text = json.dumps(schema, ensure_ascii=False)
    for name in ("incoming_electronic_rate", "leader_signed_rate", "in_progress_within", "non_field_errors"):
        assert name in text


def test_the_period_of_the_page_is_shown_in_the_official_way(world, login):
    today = timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    html = (
        login(world["province"].leader)
        .get(PAGE, {"ky": "thang", "nam": first.year, "so": first.month})
        .content.decode()
    )
    assert f"từ ngày 01/{first:%m/%Y} đến ngày {first:%d/%m/%Y}" in html
