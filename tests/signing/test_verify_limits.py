"""The public verification page bounds its work: file size, pages, signatures, and requests per client."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from rest_framework.exceptions import Throttled

from egov import ratelimit
from egov.signing.validation import validate_pdf

URL = "/chu-ky-so/xac-thuc/"


def _upload(data: bytes, name="van-ban.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.django_db
def test_a_file_over_the_verification_limit_is_refused_before_any_work(client, settings):
    settings.VERIFY_MAX_BYTES = 1024 * 1024
    response = client.post(URL, {"file": _upload(b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))})
    assert response.status_code == 400
    assert "Tệp “van-ban.pdf” dung lượng 2 MB, vượt quá mức tối đa 1 MB." in response.content.decode()
    assert "tối đa 1 MB" in client.get(URL).content.decode()  # the form says it


def test_the_default_limit_is_10_mb_and_validation_itself_refuses_a_bigger_file():
    started = time.monotonic()
    report = validate_pdf(b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 + 1))
    assert time.monotonic() - started < 1
    assert report.refused and report.summary == "Tệp quá lớn; chỉ xác thực tệp tối đa 10 MB."
    assert not report.all_ok and not report.signatures


@pytest.mark.django_db
def test_too_many_signatures_or_pages_are_refused_not_checked(client, settings, doubly_signed):
    settings.VERIFY_MAX_SIGNATURES = 1
    html = client.post(URL, {"file": _upload(doubly_signed)}).content.decode()
    assert "Tệp có 1 trang và 2 chữ ký; chỉ xác thực văn bản tối đa 500 trang và 1 chữ ký." in html
    assert "CHƯA KIỂM TRA" in html and "Hoàng Văn Đức" not in html
    settings.VERIFY_MAX_SIGNATURES, settings.VERIFY_MAX_PAGES = 20, 0
    report = validate_pdf(doubly_signed)
    assert report.refused and "tối đa 0 trang" in report.summary
    # the portal checking what it has just signed (its own roots) is not bounded
    assert validate_pdf(doubly_signed, trust_roots=[]).signatures


@pytest.mark.django_db
def test_the_page_is_rate_limited_per_client_address(client):
    for _ in range(10):
        assert client.post(URL, {"file": _upload(b"GIF89a")}).status_code == 400
    response = client.post(URL, {"file": _upload(b"GIF89a")})
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Quá nhiều yêu cầu" in response.content.decode()
    assert client.get(URL).status_code == 200  # reading the page is not counted
    other = client.post(URL, {"file": _upload(b"GIF89a")}, REMOTE_ADDR="203.0.113.7")
    assert other.status_code == 400


def test_the_api_helper_answers_429_with_a_vietnamese_reason(settings):
    settings.RATE_LIMITS = {"verify": (2, 60)}
    request = RequestFactory().post("/api/v1/chu-ky-so/xac-thuc/")
    ratelimit.enforce_api(request, "verify")
    ratelimit.enforce_api(request, "verify")
    with pytest.raises(Throttled) as refused:
        ratelimit.enforce_api(request, "verify")
    assert refused.value.status_code == 429 and refused.value.wait == 60
    assert str(refused.value.detail) == "Bạn đã gửi quá nhiều yêu cầu; vui lòng thử lại sau 60 giây."


@pytest.mark.django_db
def test_the_verification_api_is_rate_limited_per_client_address(client, settings):
    settings.RATE_LIMITS = {"verify": (2, 60)}
    api = "/api/v1/chu-ky-so/xac-thuc/"
    for _ in range(2):
        assert client.post(api, {"file": _upload(b"GIF89a")}).status_code == 400
    response = client.post(api, {"file": _upload(b"GIF89a")})
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert response.json()["detail"] == "Bạn đã gửi quá nhiều yêu cầu; vui lòng thử lại sau 60 giây."
    assert client.post(api, {"file": _upload(b"GIF89a")}, REMOTE_ADDR="203.0.113.7").status_code == 400


def test_the_verification_api_declares_its_429():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    responses = schema["paths"]["/api/v1/chu-ky-so/xac-thuc/"]["post"]["responses"]
    assert "429" in responses and "Retry-After" in responses["429"].get("headers", {})
