"""The local test identity provider: the same authorize / token / userinfo endpoints as the national
SSO, serving identities typed in on its own page. Enabled only by SSO_LOCAL_IDP (default: DEBUG)."""

import base64
import hashlib
import secrets
import urllib.parse

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.http.request import validate_host
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from egov.forms import DayField

from .personal_id import validate_personal_id

CODE_TTL = 120


class TestIdentityForm(forms.Form):
    personal_id = forms.CharField(
        label="Số định danh cá nhân", max_length=12, validators=[validate_personal_id]
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    birth_date = DayField(label="Ngày sinh")
    sex = forms.ChoiceField(label="Giới tính", choices=[("M", "Nam"), ("F", "Nữ")])

    def clean(self):
        data = super().clean()
        if not self.errors:
            validate_personal_id(data["personal_id"], data["birth_date"], data["sex"])
        return data


def _enabled():
    if not settings.SSO_LOCAL_IDP or settings.SSO_ISSUER:
        raise Http404


def _is_portal_callback(uri: str) -> bool:
    """The one client this provider knows is the portal: codes go back only to its own callback, on one
    of its own hosts (ALLOWED_HOSTS), never to an address a link's author chose."""
    try:
        parts = urllib.parse.urlsplit(uri)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and parts.path == reverse("accounts:sso-callback")
        and not (parts.query or parts.fragment or parts.username or parts.password)
        and validate_host(parts.netloc, settings.ALLOWED_HOSTS)
    )


def authorize(request):
    _enabled()
    params = request.GET if request.method == "GET" else request.POST
    if params.get("response_type") != "code" or params.get("client_id") != settings.SSO_CLIENT_ID:
        return HttpResponseBadRequest("invalid_request")
    if not _is_portal_callback(params.get("redirect_uri", "")):
        return HttpResponseBadRequest("invalid_request: redirect_uri")
    form = TestIdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = secrets.token_urlsafe(24)
        identity = {k: str(v) for k, v in form.cleaned_data.items()}
        cache.set(f"idp:code:{code}", {**params.dict(), "identity": identity}, CODE_TTL)
        query = urllib.parse.urlencode({"code": code, "state": params.get("state", "")})
        return redirect(f"{params['redirect_uri']}?{query}")
    return render(request, "accounts/idp_authorize.html", {"form": form, "params": params})


@csrf_exempt
@require_POST
def token(request):
    _enabled()
    grant = cache.get(f"idp:code:{request.POST.get('code', '')}")
    cache.delete(f"idp:code:{request.POST.get('code', '')}")  # a code is good once
    if (
        grant is None
        or request.POST.get("client_id") != settings.SSO_CLIENT_ID
        or not secrets.compare_digest(request.POST.get("client_secret", ""), settings.SSO_CLIENT_SECRET)
        or request.POST.get("redirect_uri") != grant["redirect_uri"]
    ):
        return JsonResponse({"error": "invalid_grant"}, status=400)
    verifier = request.POST.get("code_verifier", "")
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    if challenge != grant.get("code_challenge"):
        return JsonResponse({"error": "invalid_grant", "error_description": "PKCE"}, status=400)
    access_token = secrets.token_urlsafe(32)
    cache.set(f"idp:token:{access_token}", grant["identity"], 300)
    return JsonResponse({"access_token": access_token, "token_type": "Bearer", "expires_in": 300})


def userinfo(request):
    _enabled()
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    identity = cache.get(f"idp:token:{value}") if scheme == "Bearer" else None
    if identity is None:
        return JsonResponse({"error": "invalid_token"}, status=401)
    return JsonResponse(
        {
            "sub": identity["personal_id"],
            "personal_id": identity["personal_id"],
            "name": identity["full_name"],
            "birthdate": identity["birth_date"],
            "gender": "male" if identity["sex"] == "M" else "female",
            "acr": "LoA1",
        }
    )
