"""A secret document's subject and content never leave in clear: notifications (which are mailed), mail
subjects and bodies, reminders, digests, register exports show "Văn bản mật". Mail subjects are one line,
and a mail failure never undoes nor fails the change that caused it. Downloads of a secret document's file
are audited."""

import datetime
import io

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from documents import registers, services
from documents.models import Notification, Task
from documents.tasks import send_notification_email
from egov.audit.models import AuditEntry

from .factories import incoming_data, pdf_upload

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
SECRET = "Phương án bảo vệ mục tiêu trọng yếu A7"


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks, mailoutbox):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _secret_incoming(office, **fields):
    data = incoming_data(secrecy=1, urgency=1, subject=SECRET, **fields)
    return services.register_incoming(
        office.clerk, office.agency, data, presented_to=office.leader, upload=pdf_upload(SECRET)
    )


def _nothing_in_clear():
    texts = list(Notification.objects.values_list("text", flat=True))
    texts += [m.subject for m in mail.outbox] + [m.body for m in mail.outbox]
    assert texts
    assert not [t for t in texts if "trọng yếu" in t]
    return texts


def test_arrival_assignment_reminder_and_digest_hide_a_secret_subject(office, run_on_commit):
    with run_on_commit():
        doc = _secret_incoming(office)
        services.assign(office.leader, doc, {"assignee": office.specialist, "deadline": TODAY})
    later = TODAY + datetime.timedelta(days=30)
    with run_on_commit():
        assert services.send_deadline_reminders(today=later) == 1
        assert services.send_leader_digests(today=later) >= 1
    texts = _nothing_in_clear()
    assert {n.user for n in Notification.objects.all()} >= {office.leader, office.specialist}
    assert all("Văn bản mật" in t for t in Notification.objects.values_list("text", flat=True))
    assert any(m.subject.startswith("[KHẨN]") and "Văn bản mật" in m.subject for m in mail.outbox)
    assert len(texts) >= 8
    # the register never showed it either
    sheet = load_workbook(io.BytesIO(registers.to_xlsx("den", office.agency, TODAY, TODAY).read())).active
    assert not [v for row in sheet.iter_rows(values_only=True) for v in row if "trọng yếu" in str(v)]


def test_outgoing_secret_draft_notifications_hide_its_subject(office, run_on_commit):
    with run_on_commit():
        document = services.create_draft(
            office.specialist,
            agency=office.agency,
            data={"doc_type": "CV", "subject": SECRET, "body": "Nội dung mật.", "secrecy": 1},
        )
        services.submit(office.specialist, document)
        services.comment_outgoing(office.head, document, "Xem lại mục 2.")
        services.return_draft(office.head, document, "Sai số liệu")
    _nothing_in_clear()
    assert Notification.objects.filter(user=office.head, text="Dự thảo chờ duyệt: Văn bản mật").exists()


def test_a_line_break_in_a_subject_or_reason_gives_a_one_line_mail_subject(office, run_on_commit):
    with run_on_commit():
        document = services.create_draft(
            office.specialist,
            agency=office.agency,
            data={"doc_type": "CV", "subject": "Dòng một\r\nBcc: ke-gian@example.com", "body": "x"},
        )
        services.submit(office.specialist, document)
        services.return_draft(office.head, document, "Lý do một\ndòng hai\x0b" + "dài " * 60)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert len(message.subject) <= 120 and message.bcc == []
    assert mail.outbox[0].subject == "Dự thảo chờ duyệt: Dòng một Bcc: ke-gian@example.com"
    assert mail.outbox[1].subject.endswith("…")
    assert "dòng hai" in mail.outbox[1].body  # the body keeps the text as written


def test_a_mail_failure_leaves_the_change_saved_and_the_notification_in_the_portal(
    office, settings, django_capture_on_commit_callbacks
):
    # a real SMTP backend, towards a port where nothing listens
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly, as in the request
        doc = _secret_incoming(office)
    notification = Notification.objects.get(user=office.leader)
    assert notification.emailed_at is None
    doc.refresh_from_db()
    assert doc.arrival_number == 1
    # in a worker the task is retried later instead
    with pytest.raises(Retry):
        send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_downloading_a_secret_documents_file_is_audited(office, login):
    secret = _secret_incoming(office)
    plain = services.register_incoming(
        office.clerk, office.agency, incoming_data(number="99"), upload=pdf_upload()
    )
    client = login(office.leader)
    for doc in (secret, plain):
        assert client.get(reverse("documents:incoming-file", args=[doc.pk])).status_code == 200
    entries = AuditEntry.objects.filter(action="documents.secret_file_downloaded")
    assert [(e.actor, e.target_id) for e in entries] == [(office.leader, str(secret.pk))]
    assert entries[0].details["file"].endswith(".pdf")
    assert not Task.objects.exists()
