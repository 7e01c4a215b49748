import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .accounts.decorators import staff_required


def home(request):
    return render(request, "home.html")


@staff_required
def staff_home(request):
    return render(request, "staff/home.html")


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache():
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value just written")


def _check_broker():
    from egov.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@never_cache
def healthz(request):
    checks = {"database": _check_database, "cache": _check_cache}
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = _check_broker
    report, healthy = {}, True
    for name, check in checks.items():
        started = time.perf_counter()
        try:
            check()
            report[name] = {"ok": True}
        except Exception as error:  # any failure of a dependency is reported, not raised
            healthy = False
            report[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        report[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        report["broker"] = {"ok": True, "mode": "eager (no broker configured)"}
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": report}, status=200 if healthy else 503
    )
