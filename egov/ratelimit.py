"""Per-client rate limits for public, heavy work, counted in Django's cache (local memory, or Redis when
REDIS_URL is set, so every worker shares the count).

    @limit("verify")                      # a page: over the limit, the Vietnamese 429 page (JSON under /api/)
    def verify(request): ...              # (POSTs are counted; limit("lookup", methods={"GET"}) for reads)

    ratelimit.enforce_api(request, "verify")   # in a DRF view: raises Throttled (429 with a reason)

Limits are RATE_LIMITS = {"verify": (10, 60), ...}: at most N requests per window of S seconds per client
address (the one the audit trail records)."""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from egov.audit.context import request_ip


def _rule(scope: str) -> tuple[int, int]:
    return settings.RATE_LIMITS[scope]


def wait_seconds(request, scope: str) -> int:
    """Count this request; 0 when allowed, else how long until the client's window ends."""
    allowed, window = _rule(scope)
    address = request_ip(request) or "unknown"
    key = "rl:" + scope + ":" + hashlib.sha256(address.encode()).hexdigest()[:32]
    if cache.add(key, 1, timeout=window):
        return 0
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 0
    return window if count > allowed else 0


def message(wait: int) -> str:
    return _("Bạn đã gửi quá nhiều yêu cầu; vui lòng thử lại sau %(s)d giây.") % {"s": wait}


def refusal(request, wait: int):
    """The 429 answer: the page in Vietnamese with how long to wait, JSON under /api/."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message(wait)}, status=429)
    else:
        response = render(request, "429.html", {"detail": message(wait)}, status=429)
    response["Retry-After"] = str(wait)
    return response


def limit(scope: str, methods=frozenset({"POST"})):
    """Decorate a view: requests of `methods` over the scope's limit get the 429 refusal."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and (wait := wait_seconds(request, scope)):
                return refusal(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def enforce_api(request, scope: str) -> None:
    """For a DRF view: raise Throttled (429, Retry-After, a Vietnamese reason) over the scope's limit."""
    from rest_framework.exceptions import Throttled

    if wait := wait_seconds(request, scope):
        refused = Throttled(detail=message(wait))  # without DRF's English "Expected available in..."
        refused.wait = wait  # still sent as Retry-After
        raise refused
