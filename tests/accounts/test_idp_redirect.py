"""The local test identity provider sends codes only to the portal's own callback, and cannot be switched
on in production."""

import os
import subprocess
import sys
import urllib.parse

import pytest
from django.conf import settings as django_settings

AUTHORIZE = "/tai-khoan/idp-thu-nghiem/authorize"
IDENTITY = {"personal_id": "001190012345", "full_name": "Trần Bình", "birth_date": "1990-01-02", "sex": "F"}


def params(redirect_uri: str) -> dict:
    return {
        "response_type": "code",
        "client_id": django_settings.SSO_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "state": "s",
        "code_challenge": "c",
        "code_challenge_method": "S256",
    }


@pytest.fixture(autouse=True)
def local_idp(settings):
    settings.SSO_LOCAL_IDP = True
    settings.SSO_ISSUER = ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://ke-gian.example/tai-khoan/dang-nhap-mot-lan/ket-qua/",
        "http://testserver/tai-khoan/dang-nhap/",  # our host, another page
        "http://testserver/tai-khoan/dang-nhap-mot-lan/ket-qua/?next=https://ke-gian.example",
        "http://testserver@ke-gian.example/tai-khoan/dang-nhap-mot-lan/ket-qua/",
        "javascript:alert(1)",
        "",
    ],
)
def test_any_other_redirect_uri_is_refused(client, redirect_uri):
    query = params(redirect_uri)
    assert client.get(AUTHORIZE, query).status_code == 400
    response = client.post(f"{AUTHORIZE}?{urllib.parse.urlencode(query)}", {**query, **IDENTITY})
    assert response.status_code == 400 and "ke-gian" not in response.get("Location", "")


@pytest.mark.django_db
def test_the_portal_callback_gets_the_code(client):
    callback = "http://testserver/tai-khoan/dang-nhap-mot-lan/ket-qua/"
    query = params(callback)
    assert client.get(AUTHORIZE, query).status_code == 200
    response = client.post(f"{AUTHORIZE}?{urllib.parse.urlencode(query)}", {**query, **IDENTITY})
    assert response.status_code == 302 and response["Location"].startswith(callback + "?code=")


def _settings_in_production(**env) -> subprocess.CompletedProcess:
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portal.example.vn"}
    environment = {**os.environ, **production}
    environment.pop("SSO_LOCAL_IDP", None)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SSO_LOCAL_IDP)"
    return subprocess.run(
        [sys.executable, "-c", code], env={**environment, **env}, capture_output=True, text=True, check=False
    )


def test_production_has_no_local_idp_and_refuses_to_start_with_it():
    assert _settings_in_production().stdout.strip() == "False"
    forced = _settings_in_production(SSO_LOCAL_IDP="true")
    assert forced.returncode != 0 and "SSO_LOCAL_IDP is for development only" in forced.stderr
