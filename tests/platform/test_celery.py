"""Celery: configuration from settings, tasks queued on commit, and a real worker behind Redis."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings
from django.db import transaction

from egov.accounts.tasks import clear_expired_sessions
from egov.celery import app


def test_worker_settings_are_the_safe_ones():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_serializer == "json" and app.conf.accept_content == ["json"]
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert "accounts-clear-expired-sessions" in app.conf.beat_schedule


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_on_commit_does_not_run_when_the_transaction_rolls_back(monkeypatch):
    ran = []
    monkeypatch.setattr(clear_expired_sessions, "run", lambda: ran.append("ran"))
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(clear_expired_sessions.delay)
        raise RuntimeError("rolled back")
    assert ran == []
    with transaction.atomic():
        transaction.on_commit(clear_expired_sessions.delay)
    assert ran == ["ran"]


def _sessions(expired_at, live_until):
    """One expired and one live session; the task must remove exactly the first."""
    from django.contrib.sessions.models import Session

    Session.objects.create(session_key="x" * 32, session_data="", expire_date=expired_at)
    Session.objects.create(session_key="y" * 32, session_data="", expire_date=live_until)
    return Session.objects


@pytest.mark.django_db(transaction=True)
def test_task_round_trip():
    """With REDIS_URL: through Redis to a real worker thread. Without: the embedded eager mode."""
    import datetime

    from django.utils import timezone

    now = timezone.now()
    sessions = _sessions(now - datetime.timedelta(days=1), now + datetime.timedelta(days=1))
    if not settings.REDIS_URL:
        # An eager result is final: no .get(), which celery refuses once any thread of this process has
        # left its process-wide "inside a task" flag set (two threads running eager tasks at once can).
        result = clear_expired_sessions.delay()
        assert isinstance(result, EagerResult) and result.successful()
        assert list(sessions.values_list("session_key", flat=True)) == ["y" * 32]
        return
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = clear_expired_sessions.delay()
            result.get(timeout=30)
            assert result.state == "SUCCESS"
    finally:
        app.conf.task_always_eager = True
    assert list(sessions.values_list("session_key", flat=True)) == ["y" * 32]
