"""Rules of the documents services that keep the records whole: recall, numbering, assignment."""

import pytest
from django.utils import timezone

from documents import services
from documents.models import IncomingStatus, OutgoingStatus

from .factories import Office

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
