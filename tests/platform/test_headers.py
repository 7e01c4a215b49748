"""Browser-enforced headers: a strict CSP with no inline code anywhere, Permissions-Policy, Referrer-Policy,
and no-store on everything personal (staff, admin, account pages and the API)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import totp

from egov.accounts import demo
from egov.accounts.roles import Role

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# HTML rendered by WeasyPrint into PDFs never reaches a browser: no CSP applies there
PRINT_TEMPLATES = {"pdf", "documents/pdf", "onestop/print"}


def csp(response) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in response["Content-Security-Policy"].split(";")]
    return {name: values for name, *values in directives}


@pytest.mark.django_db
def test_public_page_has_strict_csp_and_feature_policy(client):
    response = client.get("/")
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    features = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in features
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" not in response.get("Cache-Control", "")  # a public page stays cacheable


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/can-bo/", "/van-ban/den/", "/admin/", "/api/v1/van-ban/den/"])
def test_staff_admin_and_api_answers_are_never_stored(staff_client, path):
    client = staff_client(Role.AGENCY_ADMIN, is_staff=True) if path == "/admin/" else staff_client(Role.CLERK)
    response = client.get(path)
    assert response.status_code == 200, path
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_token_authenticated_api_answer_is_never_stored(client, make_user):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=make_user(Role.CLERK))
    response = client.get("/api/v1/van-ban/den/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/tai-khoan/dang-nhap/", "/tai-khoan/dang-ky/", "/api/schema/"])
def test_account_pages_and_api_are_not_stored_even_anonymously(client, path):
    assert "no-store" in client.get(path)["Cache-Control"]


def test_no_template_carries_inline_script_or_style():
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\bhx-on|\bstyle\s*=|<style\b|javascript:", re.I
    )
    found = []
    for path in TEMPLATES.rglob("*.html"):
        relative = path.relative_to(TEMPLATES).as_posix()
        if any(relative.startswith(prefix + "/") for prefix in PRINT_TEMPLATES):
            continue
        text = re.sub(r"\{#.*?#\}", "", path.read_text())
        found += [f"{relative}: {match.group(0)}" for match in inline.finditer(text)]
    assert found == []


@pytest.mark.django_db
def test_api_docs_load_their_start_up_script_as_a_file(client):
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [] and "<style" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# --- In a real browser: no page of the portal trips its own policy ----------------------------------------
@pytest.fixture
def demo_users():
    demo.seed(type("Out", (), {"write": staticmethod(lambda *_: None)})())


def _violations(page):
    messages = []
    page.on(
        "console",
        lambda message: messages.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return messages


PUBLIC_PAGES = ["/", "/dich-vu-cong/", "/chu-ky-so/xac-thuc/", "/tai-khoan/dang-nhap/", "/tai-khoan/dang-ky/"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_and_api_docs_run_without_csp_violation(page):
    violations = _violations(page)
    for path in PUBLIC_PAGES:
        assert page.goto(page.base_url + path).status == 200, path
    page.goto(page.base_url + "/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for(timeout=20000)
    page.locator(".opblock-tag").first.click()  # Swagger UI's own scripts and styles at work
    page.wait_for_timeout(300)
    assert violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_pages_with_htmx_run_without_csp_violation(page, demo_users):
    violations = _violations(page)
    page.goto(f"{page.base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập, số định danh hoặc thư điện tử").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã xác thực 6 chữ số").fill(f"{totp(bytes.fromhex(demo.DEMO_TOTP_KEY_HEX)):06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận").click()
    menu = page.get_by_role("navigation", name="Điều hướng cán bộ")
    hrefs = menu.get_by_role("link").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    for href in hrefs:
        with page.expect_response(lambda response: response.request.resource_type == "document"):
            page.goto(page.base_url + href)
        page.wait_for_load_state("networkidle")  # the htmx badges have loaded
    page.goto(page.base_url + "/admin/")
    # the language switch, once an inline handler, still submits its form
    with page.expect_navigation():
        page.get_by_label("Ngôn ngữ").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []


# --- The production server ----------------------------------------------------------------------------
def test_gunicorn_with_the_image_config_does_not_name_itself(free_tcp_port, tmp_path):
    import http.client
    import os
    import subprocess
    import sys
    import time

    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "127.0.0.1"}
    bind = ["--bind", f"127.0.0.1:{free_tcp_port}", "--workers", "1"]
    env |= {"SECURE_SSL_REDIRECT": "false", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "egov.wsgi:application", "--config", "gunicorn.conf.py", *bind],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = None
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", free_tcp_port, timeout=5)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                headers = {name.lower(): value for name, value in response.getheaders()}
                break
            except OSError:
                time.sleep(0.1)
        assert headers is not None, "gunicorn did not start"
        assert response.status == 200
        assert "gunicorn" not in str(headers).lower() and "server" not in headers
        assert "content-security-policy" in headers  # the answer did come from the portal
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_a_pdf_our_pages_embed_may_be_framed_by_our_pages_only():
    from django.test import Client

    from documents import services
    from tests.documents.factories import Office, incoming_data, pdf_upload

    office = Office()
    document = services.register_incoming(office.clerk, office.agency, incoming_data(), upload=pdf_upload())
    client = Client()
    client.force_login(office.clerk)
    pdf = client.get(f"/van-ban/den/{document.pk}/tep/")
    assert pdf.status_code == 200 and pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert csp(pdf)["frame-ancestors"] == ["'self'"] and csp(pdf)["script-src"] == ["'self'"]
    detail = client.get(f"/van-ban/den/{document.pk}/")
    assert csp(detail)["frame-ancestors"] == ["'none'"] and csp(detail)["object-src"] == ["'self'"]
