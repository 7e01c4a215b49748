"""No slow work under a lock, locks always taken in one order, mail sent at most once — with real
transactions and threads (PostgreSQL in CI; SQLite, which locks whole tables, retries a busy attempt)."""

import pytest
from django.core import mail
from django.db import OperationalError, connection, connections, transaction
from django.utils import timezone

from documents import services
from documents.models import Notification, OutgoingStatus
from documents.services import issuing
from egov.errors import DomainError
from egov.numbering.models import Counter
from egov.numbering.services import current_number
from tests.concurrency import at_once

from .factories import Office, incoming_data

POSTGRES = connection.vendor == "postgresql"
TODAY = timezone.localdate()


def approved(office, *recipients, subject="V/v triển khai tiêm chủng"):
    document = services.create_draft(
        office.specialist,
        agency=office.agency,
        data={"doc_type": "CV", "subject": subject, "body": "Kính gửi các cơ quan."},
    )
    for recipient in recipients:
        services.add_recipient(office.specialist, document, kind="agency", agency=recipient.agency)
    services.submit(office.specialist, document)
    services.review(office.head, document)
    services.approve(office.leader, document)
    document.refresh_from_db()
    return document


@pytest.mark.django_db(transaction=True)
def test_two_issues_to_the_same_agencies_in_opposite_order_both_finish():
    office = Office()
    first = Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")
    second = Office(name="Sở Nội vụ tỉnh Phú Thọ", short="SNV")
    one = approved(office, first, second, subject="V/v thứ nhất")
    other = approved(office, second, first, subject="V/v thứ hai")
    _, errors = at_once(
        [lambda: services.issue(office.clerk, one), lambda: services.issue(office.clerk, other)]
    )
    assert errors == []
    one.refresh_from_db()
    other.refresh_from_db()
    assert (one.status, other.status) == (OutgoingStatus.ISSUED, OutgoingStatus.ISSUED)
    assert sorted([one.number, other.number]) == [1, 2]
    for recipient in (first, second):
        numbers = recipient.agency.incoming_documents.values_list("arrival_number", flat=True)
        assert sorted(numbers) == [1, 2]


def counter_is_free(scope_prefix: str) -> bool:
    """From another connection: every counter of the scope can be locked at once (none is held)."""
    if not POSTGRES:  # SQLite locks for a whole transaction: none may be open while rendering
        return not connection.in_atomic_block
    outside = connections.create_connection("default")
    try:
        with outside.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(
                f"SELECT id FROM {Counter._meta.db_table} WHERE scope LIKE %s FOR UPDATE NOWAIT",  # noqa: S608
                [scope_prefix + "%"],
            )
            found = cursor.fetchall()
            cursor.execute("ROLLBACK")
        return bool(found)
    except OperationalError:
        return False
    finally:
        outside.close()


@pytest.mark.django_db(transaction=True)
def test_no_counter_is_locked_while_the_issued_page_is_rendered(monkeypatch):
    office = Office()
    recipient = Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")
    document = approved(office, recipient)
    seen = []
    render = issuing.render_issued_pdf

    def render_and_look(doc, **kwargs):
        seen.append(counter_is_free(f"documents.outgoing:{office.agency.pk}:"))
        return render(doc, **kwargs)

    monkeypatch.setattr(issuing, "render_issued_pdf", render_and_look)
    document = services.issue(office.clerk, document)
    assert document.status == OutgoingStatus.ISSUED and document.number == 1
    assert seen == [True]


@pytest.mark.django_db(transaction=True)
def test_a_notification_is_mailed_once_when_sent_twice_and_concurrently(settings):
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILERS = {"default": {"BACKEND": locmem, "OPTIONS": {}}}
    office = Office()
    office.leader.email = "lanh.dao@example.vn"
    office.leader.save()
    with transaction.atomic():
        notification = services.notify(office.leader, "test:mail-once", "Văn bản chờ phê duyệt")
    mail.outbox.clear()  # the on-commit task (eager) has sent it: start again from an unsent one
    Notification.objects.filter(pk=notification.pk).update(mail=Notification.Mail.PENDING, emailed_at=None)
    results, errors = at_once([lambda: services.send_notification_mail(notification.pk)] * 4)
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1
    assert services.send_notification_mail(notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.mail == Notification.Mail.SENT and notification.emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_a_draft_get_distinct_version_numbers():
    office = Office()
    document = services.create_draft(
        office.specialist,
        agency=office.agency,
        data={"doc_type": "CV", "subject": "V/v thử", "body": "Nội dung."},
    )
    edits = [
        lambda n=n: services.update_draft(office.specialist, document, data={"body": f"Sửa lần {n}"})
        for n in range(6)
    ]
    assert at_once(edits)[1] == []
    assert sorted(document.versions.values_list("number", flat=True)) == list(range(1, 8))


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_registrations_of_one_document_register_it_once():
    office = Office()
    data = incoming_data(number="15", notation="QĐ-STP", issuing_organ="Sở Tư pháp tỉnh Phú Thọ")
    _, errors = at_once([lambda: services.register_incoming(office.clerk, office.agency, dict(data))] * 6)
    assert [type(error) for error in errors] == [DomainError] * 5
    assert "Có thể trùng văn bản đã vào sổ" in str(errors[0])
    numbers = list(office.agency.incoming_documents.values_list("arrival_number", flat=True))
    assert numbers == [1]
    assert current_number(f"documents.incoming:{office.agency.pk}", TODAY.year) == 1  # the loser took none
