"""Response headers that the browser enforces: what a page may load (CSP), which device features it may
use (Permissions-Policy), and that nothing personal is kept in a browser or proxy cache.

The policy itself lives in settings.SECURE_CSP (Django's CSP middleware sends it); this middleware adds
what Django has no setting for and adjusts the policy for the few responses our own pages embed."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers
from django.utils.csp import CSP

# Device features no page of the portal uses: a script injected anywhere still cannot reach them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Paths whose answers are personal even to an anonymous visitor (login, registration, token issue...).
PRIVATE_PREFIXES = ("/api/", "/admin/", "/tai-khoan/")


class SecurityHeadersMiddleware:
    """Sits after the CSP middleware and before the authentication middleware in MIDDLEWARE, so that
    its response half runs first on the way out and sees the user DRF authenticated by token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self._is_private(request):
            add_never_cache_headers(response)
        if response.get("X-Frame-Options") == "SAMEORIGIN":
            # a PDF our detail pages show in an <object>: only our own pages may frame it
            response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
        return response

    @staticmethod
    def _is_private(request) -> bool:
        if request.path_info.startswith(PRIVATE_PREFIXES):
            return True
        # without a session cookie or credentials the visitor is anonymous: do not load the session
        # (that would add "Vary: Cookie" to every public page)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META:
            return False
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated
