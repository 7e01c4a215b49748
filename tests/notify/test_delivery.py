"""Queue → deliver → sent once: e-mail in the mail outbox, SMS in the local outbox; retries with a growing
wait, giving up after the maximum, a claim that two workers cannot both win, the beat sweep and the
admin's resend; hostile text in the context cleaned."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from egov.audit.models import AuditEntry
from egov.notify import services, tasks
from egov.notify.models import Channel, LocalSms, Message, Status
from egov.notify.providers import strip_accents
from tests.concurrency import at_once
from tests.factories import UserFactory

from .providers import FlakySms

pytestmark = pytest.mark.django_db

CONTEXT = {
    "code": "H25.20-260302-0001",
    "name": "Lê Văn Hùng",
    "procedure": "Cấp phiếu lý lịch tư pháp",
    "due_at": datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC),
    "url": "http://127.0.0.1:8000/tra-cuu-ho-so/H25.20-260302-0001/",
}


def queue(key="k1", event="accepted", **who):
    who = who or {"email": "hung@example.vn", "phone": "0912 345 678"}
    return services.queue(event, context=CONTEXT, key=key, related="onestop.dossier:1", **who)


def test_queued_on_commit_and_delivered_once_on_each_channel(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        messages = queue()
    assert {m.channel for m in messages} == {Channel.EMAIL, Channel.SMS}
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["hung@example.vn"]
    assert sent.subject == "Hồ sơ H25.20-260302-0001 đã được tiếp nhận"
    assert "17:00 ngày 09/03/2026" in sent.body  # local time
    sms = LocalSms.objects.get()
    assert sms.phone == "0912345678"
    assert sms.text.startswith("Hồ sơ H25.20-260302-0001 đã được tiếp nhận, hẹn trả 09/03/2026.")
    assert len(sms.text) <= 160
    email_row = Message.objects.get(channel=Channel.EMAIL)
    assert email_row.attempts == 1 and email_row.provider_id == sent.extra_headers["Message-ID"]
    assert Message.objects.get(channel=Channel.SMS).provider_id == f"local-{sms.pk}"
    # delivering again (a task run twice) sends nothing more
    assert {tasks.deliver(m.pk) for m in messages} == {""}
    assert len(mail.outbox) == 1 and LocalSms.objects.count() == 1


def test_nothing_is_queued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        from django.db import transaction

        with transaction.atomic():
            queue()
            raise RuntimeError
    assert not Message.objects.exists() and mail.outbox == [] and not LocalSms.objects.exists()


def test_the_same_key_is_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert len(queue()) == 2
        assert queue() == []
    assert len(callbacks) == 1
    assert Message.objects.count() == 2 and len(mail.outbox) == 1 and LocalSms.objects.count() == 1


def test_an_account_holders_addresses_and_no_channel_without_an_address():
    user = UserFactory(email="lan@example.vn", phone="+84 912.000.111")
    messages = services.queue("accepted", user=user, context=CONTEXT, key="u")
    assert {(m.channel, m.address, m.user_id) for m in messages} == {
        (Channel.EMAIL, "lan@example.vn", user.pk),
        (Channel.SMS, "+84912000111", user.pk),
    }
    assert queue("nobody", email="not an address", phone="12345") == []
    assert not Message.objects.filter(key="nobody").exists()


@pytest.mark.parametrize("event", ["", "../../base", "Accepted", "a" * 41, "x\x00"])
def test_an_event_name_that_is_no_template_name_is_refused(event):
    with pytest.raises(ValueError):
        services.queue(event, email="a@example.vn", context={}, key="k")


def test_an_event_without_templates_uses_the_generic_ones():
    (email, sms) = sorted(
        services.queue(
            "stopped",
            email="a@example.vn",
            phone="0912345678",
            context={**CONTEXT, "text": "Hồ sơ đã dừng giải quyết.", "status": "Dừng giải quyết"},
            key="g",
        ),
        key=lambda m: m.channel,
    )
    assert email.subject == "Hồ sơ H25.20-260302-0001: Dừng giải quyết"
    assert "Hồ sơ đã dừng giải quyết." in email.body and CONTEXT["url"] in email.body
    assert sms.body == f"Hồ sơ H25.20-260302-0001: Dừng giải quyết. Xem: {CONTEXT['url']}"


def test_nul_and_control_characters_in_the_context_are_cleaned():
    hostile = {**CONTEXT, "code": "H25\x00.20\x1b[31m", "name": "Lê\x07 Văn\x00 Hùng", "procedure": "A\x0bB"}
    email, sms = services.queue(
        "accepted", email="b@example.vn", phone="0912345679", context=hostile, key="h"
    )
    for message in (email, sms):
        text = message.subject + message.body
        assert not any(ord(ch) < 32 and ch not in "\n\t\r" for ch in text), repr(text)
    assert "H25.20[31m" in email.subject and "Lê Văn Hùng" in email.body and "A\nB" in email.body
    assert "\n" not in sms.body


def test_no_personal_data_in_the_sms_beyond_code_status_and_link():
    sms = services.queue(
        "supplement_requested",
        phone="0912345678",
        context={**CONTEXT, "reason": "Thiếu bản sao căn cước của ông Hùng"},
        key="p",
    )[0]
    assert "Hùng" not in sms.body and "căn cước" not in sms.body and CONTEXT["url"] in sms.body


def test_an_ascii_only_gateway_gets_the_text_without_accents(settings):
    settings.NOTIFY_SMS_PROVIDER = "tests.notify.providers.AsciiSms"
    (sms,) = queue("a", phone="0912345678")
    services.deliver(sms.pk)
    assert LocalSms.objects.get().text.startswith("Ho so H25.20-260302-0001 da duoc tiep nhan, hen tra")


@given(st.text())
def test_stripping_accents_leaves_no_vietnamese_letter(text):
    stripped = strip_accents(text + "Đường Nguyễn Trãi, đô thị")
    assert stripped.endswith("Duong Nguyen Trai, do thi")


# --- retries --------------------------------------------------------------------------------------------
@given(st.integers(min_value=1, max_value=60))
def test_the_wait_doubles_up_to_the_cap(attempts):
    wait = services.backoff(attempts)
    assert 0 < wait <= 6 * 3600
    assert services.backoff(attempts + 1) == min(2 * wait, 6 * 3600)


def test_a_flaky_gateway_is_retried_with_a_growing_wait_and_sends_once(flaky, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 60
    flaky(3)
    (sms,) = queue(phone="0912345678")
    outcomes = [services.deliver(sms.pk) for _ in range(4)]
    assert [o.status for o in outcomes] == [Status.FAILED, Status.FAILED, Status.FAILED, Status.SENT]
    assert [o.retry_in for o in outcomes] == [60, 120, 240, None]
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (Status.SENT, 4, "")
    assert LocalSms.objects.count() == 1


def test_a_message_is_given_up_after_the_maximum_and_the_error_kept(flaky, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    flaky(10)
    (sms,) = queue(phone="0912345678")
    assert [services.deliver(sms.pk).status for _ in range(4)] == [
        Status.FAILED,
        Status.FAILED,
        Status.GAVE_UP,
        "",
    ]
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (Status.GAVE_UP, 3, "gateway time-out")
    assert len(FlakySms.calls) == 3 and not LocalSms.objects.exists()


def test_a_refused_number_is_given_up_at_once(settings):
    settings.NOTIFY_SMS_PROVIDER = "tests.notify.providers.RefusingSms"
    (sms,) = queue(phone="0912345678")
    assert services.deliver(sms.pk).status == Status.GAVE_UP
    sms.refresh_from_db()
    assert sms.attempts == 1 and sms.last_error == "ValueError: số thuê bao không tồn tại"


def test_a_failed_mail_server_is_retried(settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    (email,) = queue(email="a@example.vn")
    outcome = services.deliver(email.pk)
    assert outcome.status == Status.FAILED and outcome.retry_in == settings.NOTIFY_RETRY_BASE_SECONDS
    email.refresh_from_db()
    assert email.last_error.startswith("ConnectionRefusedError")
    assert email.next_attempt_at > timezone.now()


# --- at most once -----------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_message_send_it_once():
    # written directly: queue() here would commit and deliver it at once
    sms = Message.objects.create(channel=Channel.SMS, address="0912345678", event="x", body="x", key="k")
    results, errors = at_once([lambda: services.deliver(sms.pk)] * 4)
    assert errors == []
    assert sorted(o.status for o in results) == ["", "", "", Status.SENT]
    assert LocalSms.objects.count() == 1
    sms.refresh_from_db()
    assert sms.attempts == 1


# --- the beat sweep and the admin's resend -----------------------------------------------------------------
def test_the_sweep_hands_back_what_a_dead_worker_or_a_lost_task_left(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_STALE_SECONDS = 600
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    stuck, lost, failed, fresh, sent = (queue(f"k{n}", phone="0912345678")[0] for n in range(5))
    Message.objects.filter(pk=stuck.pk).update(status=Status.SENDING, claimed_at=long_ago)
    Message.objects.filter(pk=lost.pk).update(next_attempt_at=long_ago)
    Message.objects.filter(pk=failed.pk).update(status=Status.FAILED, next_attempt_at=long_ago, attempts=1)
    Message.objects.filter(pk=sent.pk).update(status=Status.SENT, next_attempt_at=long_ago)
    assert tasks.requeue_stalled() == 3  # delivered eagerly
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert [statuses[m.pk] for m in (stuck, lost, failed, fresh, sent)] == [
        Status.SENT,
        Status.SENT,
        Status.SENT,
        Status.QUEUED,
        Status.SENT,
    ]
    assert LocalSms.objects.count() == 3
    assert tasks.requeue_stalled() == 0


def test_the_admin_resends_failed_and_given_up_messages_through_the_services(staff_client, settings):
    from egov.accounts.roles import Role

    admin = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    given_up, failed, sent = (queue(f"r{n}", phone="0912345678")[0] for n in range(3))
    Message.objects.filter(pk=given_up.pk).update(status=Status.GAVE_UP, attempts=6, last_error="x")
    Message.objects.filter(pk=failed.pk).update(status=Status.FAILED, attempts=2)
    Message.objects.filter(pk=sent.pk).update(status=Status.SENT)
    listing = admin.get("/admin/notify/message/?status__exact=gave_up").content.decode()
    assert "Không gửi được" in listing
    response = admin.post(
        "/admin/notify/message/",
        {"action": "resend", "_selected_action": [given_up.pk, failed.pk, sent.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã đưa lại 2 tin vào hàng đợi gửi." in page and "1 tin không gửi lại" in page
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert [statuses[given_up.pk], statuses[failed.pk], statuses[sent.pk]] == [Status.QUEUED] * 2 + [
        Status.SENT
    ]
    assert Message.objects.get(pk=given_up.pk).attempts == 0
    assert AuditEntry.objects.filter(action="notify.resend").count() == 2


def test_an_agency_admin_does_not_see_the_messages(staff_client):
    from egov.accounts.roles import Role

    queue(phone="0912345678")
    agency_admin = staff_client(Role.AGENCY_ADMIN, is_staff=True)
    assert agency_admin.get("/admin/notify/message/").status_code == 403
    assert agency_admin.get("/admin/notify/localsms/").status_code == 403
