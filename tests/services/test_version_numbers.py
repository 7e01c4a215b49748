"""Version numbers come from egov.numbering: consecutive per procedure, never reused, safe when concurrent."""

import datetime

import pytest
from django.db import connection

from egov.accounts.roles import Role
from egov.audit.models import AuditEntry
from services import services
from services.models import Procedure, ProcedureVersion
from tests.concurrency import at_once

from .conftest import version_admin_data

ADD_URL = "/admin/services/procedureversion/add/"


@pytest.mark.django_db
def test_a_deleted_draft_number_is_never_reused(make_procedure, make_user):
    procedure = make_procedure()
    admin = make_user(Role.SYSTEM_ADMIN, is_superuser=True)
    second = services.create_version(admin, procedure, datetime.date(2026, 1, 1))
    assert second.number == 2
    second.delete()  # a draft may be deleted; its number stays spent
    third = services.create_version(admin, procedure, datetime.date(2026, 1, 1))
    assert third.number == 3


@pytest.mark.django_db
def test_the_admin_numbers_a_new_version_from_the_counter_and_audits_it(staff_client, make_procedure):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    procedure = make_procedure()
    draft = services.create_version(None, procedure, datetime.date(2026, 1, 1))
    draft.delete()
    response = client.post(ADD_URL, version_admin_data(procedure))
    assert response.status_code == 302, response.content.decode()[:2000]
    added = procedure.versions.get(status=ProcedureVersion.Status.DRAFT)
    assert added.number == 3
    assert AuditEntry.objects.filter(action="services.version_created", target_id=str(added.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_new_versions_get_distinct_consecutive_numbers(make_procedure):
    """Versions added at once (admin form and "new version" action alike) never collide."""
    procedure = make_procedure()
    workers = 20 if connection.vendor == "postgresql" else 4

    def add(index):
        if index % 2:
            services.create_version(None, procedure, datetime.date(2026, 1, 1))
            return
        services.save_version(
            None,
            ProcedureVersion(
                procedure=Procedure.objects.get(pk=procedure.pk),
                effective_from=datetime.date(2026, 2, 1),
                time_limit_amount=5,
                result_name="Kết quả",
            ),
        )

    assert at_once([lambda index=index: add(index) for index in range(workers)])[1] == []
    numbers = sorted(procedure.versions.values_list("number", flat=True))
    assert numbers == list(range(1, workers + 2))
