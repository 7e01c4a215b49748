"""The certificate-expiry warning goes out from the Celery task only, one e-mail a certificate and
threshold (30, 7, 1 days before expiry), however often or concurrently the task runs, and never while a
transaction (so a row lock) is open."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import OperationalError, connection, connections
from django.utils import timezone

from egov.signing.demo_pki import issue_demo_certificate
from egov.signing.models import ExpiryWarning
from egov.signing.tasks import warn_expiring_certificates

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: the task must send outside them
SENT_IN_TRANSACTION: list[bool] = []


class WatchingBackend(locmem.EmailBackend):
    """locmem, noting whether a transaction was open at the moment of sending."""

    def send_messages(self, messages):
        SENT_IN_TRANSACTION.append(connection.in_atomic_block)
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _watching_mailer(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.WatchingBackend", "OPTIONS": {}}}
    SENT_IN_TRANSACTION.clear()
    mail.outbox = []


@pytest.fixture
def holder(make_user):
    return make_user(email="can-bo@example.vn", full_name="Lê Văn Ký")


def _expiring(holder, days: float):
    now = timezone.now()
    return issue_demo_certificate(
        user=holder,
        not_before=now - datetime.timedelta(days=300),
        not_after=now + datetime.timedelta(days=days),
    )


def _days(cert, days: float):
    cert.not_after = timezone.now() + datetime.timedelta(days=days)
    cert.save(update_fields=["not_after"])


def test_one_mail_per_threshold_however_often_the_task_runs(holder):
    cert = _expiring(holder, 20)
    assert warn_expiring_certificates() == 1
    assert warn_expiring_certificates() == 0
    (message,) = mail.outbox
    assert message.to == ["can-bo@example.vn"] and message.subject == "Chứng thư số sắp hết hạn"
    assert "sẽ hết hạn ngày" in message.body
    _days(cert, 5)  # now within 7 days: the 7-day warning, once
    assert warn_expiring_certificates() == 1 and warn_expiring_certificates() == 0
    _days(cert, 0.5)
    warn_expiring_certificates()
    assert len(mail.outbox) == 3
    assert set(ExpiryWarning.objects.values_list("threshold_days", "status")) == {
        (30, "sent"),
        (7, "sent"),
        (1, "sent"),
    }
    assert SENT_IN_TRANSACTION == [False, False, False]


def test_a_certificate_first_seen_near_expiry_gets_only_the_nearest_warning(holder):
    _expiring(holder, 3)
    warn_expiring_certificates()
    assert len(mail.outbox) == 1
    assert list(ExpiryWarning.objects.values_list("threshold_days", flat=True)) == [7]


def test_far_from_expiry_or_revoked_nothing_is_sent(holder, make_user):
    _expiring(holder, 60)
    revoked = _expiring(make_user(email="khac@example.vn"), 10)
    from egov.signing.certificates import revoke_certificate

    revoke_certificate(revoked, reason="Lộ khóa", actor=None)
    assert warn_expiring_certificates() == 0 and mail.outbox == []


def test_concurrent_runs_send_one_mail(holder):
    """Run on PostgreSQL too (DATABASE_URL): there the second run waits on the unique claim."""
    _expiring(holder, 20)
    results, start = [], threading.Barrier(2)

    def run():
        try:
            start.wait()
            for _attempt in range(200):
                try:  # SQLite's in-memory test database answers "table is locked" instead of waiting
                    results.append(warn_expiring_certificates())
                    return
                except OperationalError:
                    time.sleep(0.02)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mail.outbox) == 1 and ExpiryWarning.objects.count() == 1  # one mail, whatever the database
    if connection.vendor == "postgresql":
        # PostgreSQL queues the second writer: one run sends and marks it sent, the other finds it claimed.
        # SQLite's in-memory database may refuse the sender's last write ("locked") after its mail went out,
        # and the rerun above then finds its own claim: a retry artefact of the test, not of the task.
        assert sorted(results) == [0, 1]
        assert ExpiryWarning.objects.get().status == "sent"


def test_a_failed_mail_is_sent_on_the_next_run(holder, settings):
    _expiring(holder, 20)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9},
        }
    }
    assert warn_expiring_certificates() == 0
    assert ExpiryWarning.objects.get().status == "failed"
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.WatchingBackend", "OPTIONS": {}}}
    assert warn_expiring_certificates() == 1 and len(mail.outbox) == 1
    assert ExpiryWarning.objects.get().status == "sent"
