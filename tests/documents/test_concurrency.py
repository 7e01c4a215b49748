import pytest
from django.db import connection

from documents import services
from documents.models import IncomingDocument
from tests.concurrency import at_once

from .factories import Office, incoming_data


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_consecutive_arrival_numbers():
    """The issue's "Done when": 200 concurrent registrations on PostgreSQL (a few on SQLite, whose in-memory
    test database answers "table is locked" instead of waiting, so failed attempts are retried whole)."""
    office = Office()
    workers = 200 if connection.vendor == "postgresql" else 6
    _, errors = at_once(
        [
            lambda index=index: services.register_incoming(
                office.clerk, office.agency, incoming_data(number=str(index + 1), subject=f"Văn bản {index}")
            )
            for index in range(workers)
        ]
    )
    assert errors == []
    numbers = sorted(
        IncomingDocument.objects.filter(agency=office.agency).values_list("arrival_number", flat=True)
    )
    assert numbers == list(range(1, workers + 1))
