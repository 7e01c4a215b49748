import threading
import time

import pytest
from django.db import OperationalError, connection, connections

from documents import services
from documents.models import IncomingDocument

from .factories import Office, incoming_data


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_consecutive_arrival_numbers():
    """The issue's "Done when": 200 concurrent registrations on PostgreSQL (a few on SQLite, whose in-memory
    test database answers "table is locked" instead of waiting, so failed attempts are retried whole)."""
    office = Office()
    workers = 200 if connection.vendor == "postgresql" else 6
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work(index):
        try:
            barrier.wait()
            for _attempt in range(300):
                try:
                    services.register_incoming(
                        office.clerk,
                        office.agency,
                        incoming_data(number=str(index + 1), subject=f"Văn bản {index}"),
                    )
                    return
                except OperationalError:
                    time.sleep(0.02)
            raise AssertionError("never registered")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        IncomingDocument.objects.filter(agency=office.agency).values_list("arrival_number", flat=True)
    )
    assert numbers == list(range(1, workers + 1))
