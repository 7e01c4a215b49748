"""Hostile text: a NUL (raw or %00) in the path, the query, a form field or a JSON body is a 400 with a
reason on public, staff and API URLs, never a 500 (PostgreSQL refuses NUL in text); other control
characters are removed (Word's Shift+Enter becomes a line break), the same way for pages and the API."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from documents.models import IncomingDocument, OutgoingDocument
from egov.once import new_form_token
from egov.text import clean, one_line
from tests.documents.factories import Office, incoming_data, pdf_upload

pytestmark = pytest.mark.django_db
REASON = "ký tự không hợp lệ"

PUBLIC = [
    "/dich-vu-cong/?q=%00",
    "/dich-vu-cong/?q=\x00thu",
    "/dich-vu-cong/?%00=1",
    "/dich-vu-cong/thu-tuc/1.0%00/",
    "/dich-vu-cong/thu-tuc/\x00/",
    "/danh-muc/don-vi/?ngay=%00",
    "/lich-lam-viec/?nam=%00",
    "/chu-ky-so/xac-thuc/abc%00/",
    "/tai-khoan/dang-nhap/?next=/%00",
    "/tra-cuu-ho-so/?ma=%00",
    "/tra-cuu-ho-so/H25.20-260302-0001%00/",
    "/bang-theo-doi/?co-quan=%00",
    "/%00",
]
STAFF = [
    "/van-ban/den/?q=%00",
    "/van-ban/den/?trang=%00",
    "/van-ban/di/?q=%01%00",
    "/van-ban/nhiem-vu/?q=%00",
    "/van-ban/so/?kind=den&fmt=xlsx&date_from=%00",
    "/van-ban/den/1%00/",
]
API = [
    "/api/v1/van-ban/den/?search=%00",
    "/api/v1/van-ban/den/?q=%00",
    "/api/v1/van-ban/di/?page=%00",
    "/api/v1/danh-muc/don-vi/%00/",
    "/api/v1/danh-muc/co-quan/?search=%00",
    "/api/v1/dich-vu-cong/thu-tuc/?search=%00",
    "/api/v1/tra-cuu-ho-so/H25.20-260302-0001%00/",
]


@pytest.fixture
def office(db):
    return Office()


@pytest.fixture
def staff_client(totp_device):
    def make(user, client_class=Client):
        client = client_class(raise_request_exception=False)
        client.force_login(user)
        code = totp_device(user) if user.requires_two_factor else None
        if code:
            assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
        return client

    return make


def _refused_as_page(response):
    assert response.status_code == 400, response
    assert REASON in response.content.decode()


def _refused_as_api(response):
    assert response.status_code == 400, response
    assert response["Content-Type"].startswith("application/json")
    assert REASON in response.json()["detail"] or "NUL" in response.json()["detail"]


def test_nul_in_public_paths_and_queries_is_a_400_with_a_reason():
    client = Client(raise_request_exception=False)
    for url in PUBLIC:
        _refused_as_page(client.get(url))
    _refused_as_page(client.post("/tai-khoan/dang-nhap/", {"username": "a\x00b", "password": "x"}))
    _refused_as_page(client.post("/tai-khoan/dang-ky/", {"full_name": "Nguyễn\x00", "email": "a@b.vn"}))


def test_nul_in_staff_pages_and_forms_is_a_400_and_writes_nothing(office, staff_client):
    client = staff_client(office.clerk)
    for url in STAFF:
        _refused_as_page(client.get(url))
    data = {**incoming_data(subject="Trích yếu\x00"), "file": pdf_upload()}
    data["issued_date"] = data["issued_date"].isoformat()
    _refused_as_page(client.post("/van-ban/den/vao-so/", data))
    assert not IncomingDocument.objects.exists()


def test_nul_in_api_queries_and_bodies_is_a_json_400(office, staff_client):
    for client in (APIClient(), staff_client(office.specialist, APIClient)):
        for url in API:
            _refused_as_api(client.get(url))
    client = staff_client(office.specialist, APIClient)
    body = {"doc_type": "CV", "subject": "V/v\u0000", "body": "x"}
    _refused_as_api(client.post("/api/v1/van-ban/di/", body, format="json"))
    raw = json.dumps({"doc_type": "CV", "subject": "a", "body": "x"}).replace('"a"', '"a\x00"')
    _refused_as_api(client.post("/api/v1/van-ban/di/", raw, content_type="application/json"))
    _refused_as_api(client.post("/api/v1/van-ban/di/", {"subject": "a\x00"}))  # form-encoded
    _refused_as_api(APIClient().post("/api/v1/auth/token/", {"username": "\u0000"}, format="json"))
    assert not OutgoingDocument.objects.exists()


def test_nul_in_a_cookie_or_a_header_is_a_400(office):
    cookie = Client(raise_request_exception=False)
    cookie.cookies["sessionid"] = "abcdefghij\x00kl"
    _refused_as_page(cookie.get("/dich-vu-cong/"))
    agent = Client(
        raise_request_exception=False, HTTP_USER_AGENT="x\x00y", HTTP_X_FORWARDED_FOR="1.2.3.4\x00"
    )
    _refused_as_page(
        agent.post("/tai-khoan/dang-nhap/", {"username": office.clerk.username, "password": "x"})
    )
    token = APIClient(raise_request_exception=False)
    _refused_as_api(token.get("/api/v1/van-ban/den/", HTTP_AUTHORIZATION="Token abc\x00def"))


def test_other_control_characters_are_removed_the_same_way_in_forms_and_the_api(office, staff_client):
    word = "Trích yếu dòng một\x0bdòng hai\x07\x1b[31m\x7f"
    data = {**incoming_data(subject=word), "file": pdf_upload(), "form_token": new_form_token()}
    data["issued_date"] = data["issued_date"].isoformat()
    assert staff_client(office.clerk).post("/van-ban/den/vao-so/", data).status_code == 302
    api = staff_client(office.specialist, APIClient)
    for fmt in ("json", "multipart"):
        response = api.post(
            "/api/v1/van-ban/di/", {"doc_type": "CV", "subject": word, "body": "Kính\x0cgửi"}, format=fmt
        )
        assert response.status_code == 201, response.content
    expected = "Trích yếu dòng một\ndòng hai[31m"
    assert IncomingDocument.objects.get().subject == expected
    assert set(OutgoingDocument.objects.values_list("subject", "body")) == {(expected, "Kính\ngửi")}
    # search from the query string keeps working with a tab or a line break (one line)
    assert api.get("/api/v1/van-ban/di/?search=Tr%C3%ADch%0Ay%E1%BA%BFu").status_code == 200


def test_the_cleaning_rules():
    assert clean("a\x00b\x0bc\x0cd\te\r\nf\x1f\x7f") == "ab\nc\nd\te\r\nf"
    assert clean("một\r\nhai\tba", multiline=False) == "một hai ba"
    assert one_line("Dòng một\r\n\x0bdòng   hai") == "Dòng một dòng hai"
    assert one_line("x" * 200, limit=10) == "x" * 9 + "…"
