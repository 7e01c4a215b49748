"""National single sign-on (Cổng DVCQG / VNeID): OpenID Connect authorization-code flow with PKCE.

`SSOProvider` is the interface; `provider_for(request)` returns the national one when SSO_ISSUER is set,
otherwise the portal's own local identity provider (views in idp.py), which speaks the same protocol
over HTTP, so the whole flow runs in tests without the internet."""

import base64
import hashlib
import json
import secrets
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse


class SSOError(Exception):
    """The identity provider refused or answered something we cannot use; message in Vietnamese."""


@dataclass(frozen=True)
class SSOProvider:
    authorize_url: str
    token_url: str
    userinfo_url: str
    client_id: str
    client_secret: str
    scope: str = "openid"
    acr_values: str = "LoA1"

    def authorization_redirect(self, redirect_uri: str, session) -> str:
        state = secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        session["sso"] = {"state": state, "verifier": verifier, "redirect_uri": redirect_uri}
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": self.scope,
                "acr_values": self.acr_values,
                "state": state,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        return f"{self.authorize_url}?{query}"

    def identity_from_callback(self, params, session) -> dict:
        """Check state, exchange the code, fetch the claims. Raises SSOError."""
        pending = session.pop("sso", None)
        if params.get("error"):
            raise SSOError(f"Đăng nhập một lần bị từ chối: {params.get('error')}.")
        if not pending or not secrets.compare_digest(params.get("state", ""), pending["state"]):
            raise SSOError("Phiên đăng nhập một lần đã hết hạn hoặc không hợp lệ. Vui lòng thử lại.")
        if not params.get("code"):
            raise SSOError("Thiếu mã ủy quyền từ hệ thống định danh.")
        tokens = self._post_json(
            self.token_url,
            {
                "grant_type": "authorization_code",
                "code": params["code"],
                "redirect_uri": pending["redirect_uri"],
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "code_verifier": pending["verifier"],
            },
        )
        access_token = tokens.get("access_token")
        if not access_token:
            raise SSOError("Hệ thống định danh không cấp mã truy cập.")
        return self._read_json(self.userinfo_url, headers={"Authorization": f"Bearer {access_token}"})

    def _post_json(self, url, form) -> dict:
        return self._read_json(
            url, data=urllib.parse.urlencode(form).encode(), headers={"Accept": "application/json"}
        )

    @staticmethod
    def _read_json(url: str, *, data: bytes | None = None, headers: dict) -> dict:
        if not url.startswith(("https://", "http://")):
            raise SSOError("Địa chỉ hệ thống định danh không hợp lệ.")
        request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 (scheme checked above)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return json.loads(response.read().decode())
        except (OSError, ValueError) as error:
            raise SSOError("Không kết nối được hệ thống định danh điện tử. Vui lòng thử lại sau.") from error


def provider_for(request) -> SSOProvider:
    if settings.SSO_ISSUER:
        base = settings.SSO_ISSUER.rstrip("/")
        return SSOProvider(
            authorize_url=f"{base}/oauth2/authorize",
            token_url=f"{base}/oauth2/token",
            userinfo_url=f"{base}/oauth2/userinfo",
            client_id=settings.SSO_CLIENT_ID,
            client_secret=settings.SSO_CLIENT_SECRET,
        )
    if not settings.SSO_LOCAL_IDP:
        raise SSOError("Chưa cấu hình đăng nhập một lần.")
    return SSOProvider(
        authorize_url=request.build_absolute_uri(reverse("accounts:idp-authorize")),
        token_url=request.build_absolute_uri(reverse("accounts:idp-token")),
        userinfo_url=request.build_absolute_uri(reverse("accounts:idp-userinfo")),
        client_id=settings.SSO_CLIENT_ID,
        client_secret=settings.SSO_CLIENT_SECRET,
    )
