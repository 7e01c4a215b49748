"""Settings come from the environment: checked in fresh interpreters, as a deployment would start."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-that-is-long-enough-and-random-0123456789abcdef",
    "ALLOWED_HOSTS": "portal.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.vn",
}


def run(args, env_overrides):
    # a fresh process as a deployment starts it: none of this test session's own variables
    dropped = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def settings_in(env_overrides) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
        "'cache': s.CACHES['default']['BACKEND'], "
        "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG, "
        "'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, 'site': s.SITE_NAME, 'mailer': s.MAILERS['default']}))"
    )
    result = run(["-c", code], {"DJANGO_SETTINGS_MODULE": "egov.settings", **env_overrides})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_defaults():
    s = settings_in({})
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["cache"].endswith("LocMemCache")
    assert s["eager"] is True and s["debug"] is True
    assert (s["tz"], s["lang"], s["site"]) == ("Asia/Ho_Chi_Minh", "vi", "Tỉnh Phú Thọ")


def test_urls_switch_to_postgresql_redis_and_smtp():
    s = settings_in(
        {
            "DATABASE_URL": "postgres://u:p@db.example:5432/portal",
            "REDIS_URL": "redis://cache.example:6379/2",
            "EMAIL_URL": "smtp+tls://mailer:pw@mail.example:587",
            "SITE_NAME": "Tỉnh Tuyên Quang",
        }
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["cache"].endswith("RedisCache")
    assert s["eager"] is False and s["broker"] == "redis://cache.example:6379/2"
    assert s["site"] == "Tỉnh Tuyên Quang"
    assert s["mailer"]["OPTIONS"] == {
        "host": "mail.example",
        "port": 587,
        "username": "mailer",
        "password": "pw",
        "use_tls": True,
    }


def test_production_refuses_to_start_without_a_secret():
    result = run(["manage.py", "check"], {"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_the_documented_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_except_the_health_probe():
    code = (
        "import django; django.setup(); from django.test import Client; c = Client(); "
        "print(c.get('/', HTTP_HOST='portal.example.vn').status_code, "
        "c.get('/healthz', HTTP_HOST='portal.example.vn').status_code)"
    )
    result = run(["-c", code], {"DJANGO_SETTINGS_MODULE": "egov.settings", **PRODUCTION})
    assert result.returncode == 0, result.stderr
    home, health = result.stdout.split()
    assert home == "301"  # everything else goes to HTTPS
    assert health in {"200", "503"}  # the probe answers over plain HTTP, whatever the state


def _values(names, env_overrides) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))"
    )
    result = run(["-c", code], {"DJANGO_SETTINGS_MODULE": "egov.settings", **env_overrides})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_working_time_and_trust_anchors_come_from_the_environment():
    names = [
        "WORKDAYS_OFFICE_HOURS",
        "WORKDAYS_WEEKDAYS",
        "SIGNING_TRUST_ROOTS",
        "ONESTOP_NEAR_DUE_WORKING_DAYS",
    ]
    assert _values(names, {}) == {
        "WORKDAYS_OFFICE_HOURS": [["07:30", "11:30"], ["13:00", "17:00"]],
        "WORKDAYS_WEEKDAYS": [0, 1, 2, 3, 4],
        "SIGNING_TRUST_ROOTS": [],
        "ONESTOP_NEAR_DUE_WORKING_DAYS": 1,
    }
    changed = {
        "WORKDAYS_OFFICE_HOURS": "08:00-12:00, 13:30-17:30",
        "WORKDAYS_WEEKDAYS": "0,1,2,3,4,5",
        "SIGNING_TRUST_ROOTS": "/etc/ca/root.pem,/etc/ca/public",
        "ONESTOP_NEAR_DUE_WORKING_DAYS": "2",
    }
    assert _values(names, changed) == {
        "WORKDAYS_OFFICE_HOURS": [["08:00", "12:00"], ["13:30", "17:30"]],
        "WORKDAYS_WEEKDAYS": [0, 1, 2, 3, 4, 5],
        "SIGNING_TRUST_ROOTS": ["/etc/ca/root.pem", "/etc/ca/public"],
        "ONESTOP_NEAR_DUE_WORKING_DAYS": 2,
    }
