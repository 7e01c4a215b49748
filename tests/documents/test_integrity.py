"""Rules of the documents services that keep the records whole: recall, numbering, assignment."""

import datetime

import pytest
from django.utils import timezone

from documents import services
from documents.models import IncomingStatus, OutgoingStatus, Task
from egov.audit.models import AuditEntry
from egov.errors import DomainError

from .factories import Office, incoming_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def issued_to(office, *recipients, **data):
    values = {"doc_type": "CV", "subject": "V/v triển khai tiêm chủng", "body": "Kính gửi các cơ quan."}
    values.update(data)
    document = services.create_draft(office.specialist, agency=office.agency, data=values)
    for recipient in recipients:
        services.add_recipient(office.specialist, document, kind="agency", agency=recipient.agency)
    services.submit(office.specialist, document)
    services.review(office.head, document)
    services.approve(office.leader, document)
    return services.issue(office.clerk, document)


def test_the_sender_recalls_even_after_a_recipient_returned_its_copy(office, other_office):
    third = Office(name="Sở Nội vụ tỉnh Phú Thọ", short="SNV")
    document = issued_to(office, other_office, third)
    returned = document.recipients.get(agency=other_office.agency).delivered
    services.return_incoming(other_office.clerk, returned, "Gửi nhầm cơ quan")
    services.recall(office.leader, document, "Ban hành sai thẩm quyền")
    document.refresh_from_db()
    assert document.status == OutgoingStatus.RECALLED
    statuses = {
        r.delivered.agency_id: r.delivered.status for r in document.recipients.select_related("delivered")
    }
    assert statuses == {
        other_office.agency.pk: IncomingStatus.RECALLED,
        third.agency.pk: IncomingStatus.RECALLED,
    }


def test_assign_keeps_the_documents_due_date_and_takes_several_coordinating_units(office):
    due = TODAY + datetime.timedelta(days=20)
    document = services.register_incoming(office.clerk, office.agency, incoming_data(due_date=due))
    soon = TODAY + datetime.timedelta(days=5)
    tasks = services.assign(
        office.leader,
        document,
        {"department": office.vx, "deadline": soon},
        [{"department": office.kt, "deadline": soon}, {"department": office.vp, "working_days": 3}],
    )
    assert [t.role for t in tasks] == [Task.Role.LEAD, Task.Role.COORDINATE, Task.Role.COORDINATE]
    document.refresh_from_db()
    assert document.due_date == due
    assert not document.events.filter(action="due_date").exists()


def test_a_new_due_date_set_on_purpose_is_kept_in_the_timeline_and_the_audit(office):
    due = TODAY + datetime.timedelta(days=20)
    document = services.register_incoming(office.clerk, office.agency, incoming_data(due_date=due))
    new_due = TODAY + datetime.timedelta(days=10)
    services.assign(office.leader, document, {"department": office.vx, "deadline": new_due}, due_date=new_due)
    document.refresh_from_db()
    assert document.due_date == new_due
    event = document.events.get(action="due_date")
    assert f"{due:%d/%m/%Y} → {new_due:%d/%m/%Y}" in event.label
    entry = AuditEntry.objects.filter(action="documents.assign").latest("pk")
    assert entry.details["due_date"] == new_due.isoformat()
    assert entry.details["previous_due_date"] == due.isoformat()


def test_a_due_date_in_the_past_is_refused(office):
    document = services.register_incoming(office.clerk, office.agency, incoming_data())
    with pytest.raises(DomainError, match="Hạn giải quyết"):
        services.assign(
            office.leader,
            document,
            {"department": office.vx, "working_days": 3},
            due_date=TODAY - datetime.timedelta(days=1),
        )
    assert not document.tasks.exists()
