"""The single sign-on flow end to end over real HTTP against the local identity provider."""

import urllib.parse

import pytest
from django.test import Client

from egov.accounts.models import User
from egov.accounts.roles import Role


def _follow_to_idp(client: Client, live_server) -> tuple[str, dict]:
    response = client.get("/tai-khoan/dang-nhap-mot-lan/", HTTP_HOST=live_server.url.split("//")[1])
    assert response.status_code == 302
    url = urllib.parse.urlsplit(response["Location"])
    params = dict(urllib.parse.parse_qsl(url.query))
    assert params["response_type"] == "code" and params["code_challenge_method"] == "S256"
    return url.path, params


@pytest.mark.django_db(transaction=True)
def test_sso_creates_a_citizen_and_logs_in(live_server, settings):
    settings.SSO_LOCAL_IDP = True
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    path, params = _follow_to_idp(client, live_server)
    identity = {
        "personal_id": "001190012345",
        "full_name": "Trần Thị Bình",
        "birth_date": "1990-01-02",
        "sex": "F",
    }
    response = client.post(f"{path}?{urllib.parse.urlencode(params)}", {**params, **identity})
    assert response.status_code == 302
    callback = urllib.parse.urlsplit(response["Location"])
    done = client.get(f"{callback.path}?{callback.query}", HTTP_HOST=callback.netloc)
    assert done.status_code == 302 and done["Location"] == "/"
    user = User.objects.get(personal_id="001190012345")
    assert user.full_name == "Trần Thị Bình" and user.has_role(Role.CITIZEN)
    assert not user.has_usable_password()
    assert client.get("/").context["user"] == user


@pytest.mark.django_db(transaction=True)
def test_sso_rejects_a_forged_state(live_server, settings):
    settings.SSO_LOCAL_IDP = True
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    _follow_to_idp(client, live_server)
    response = client.get("/tai-khoan/dang-nhap-mot-lan/ket-qua/?code=abc&state=forged", follow=True)
    assert "không hợp lệ" in response.content.decode()
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db(transaction=True)
def test_idp_token_endpoint_refuses_a_reused_code(live_server, settings):
    import json
    import urllib.request

    settings.SSO_LOCAL_IDP = True
    settings.ALLOWED_HOSTS = ["*"]
    body = urllib.parse.urlencode({"code": "never-issued", "client_id": settings.SSO_CLIENT_ID}).encode()
    request = urllib.request.Request(f"{live_server.url}/tai-khoan/idp-thu-nghiem/token", data=body)
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request)
    assert error.value.code == 400
    assert json.loads(error.value.read())["error"] == "invalid_grant"
