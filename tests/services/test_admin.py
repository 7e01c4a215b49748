import pytest

from egov.accounts.roles import Role
from services.models import ProcedureVersion

from .conftest import version_admin_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(staff_client):
    return staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)


def test_admin_pages_render_and_published_version_is_read_only(admin_client, make_procedure):
    procedure = make_procedure()
    version = procedure.versions.get()
    assert admin_client.get("/admin/services/procedure/").status_code == 200
    assert admin_client.get(f"/admin/services/procedure/{procedure.pk}/change/").status_code == 200
    page = admin_client.get(f"/admin/services/procedureversion/{version.pk}/change/")
    assert page.status_code == 200
    assert 'name="result_name"' not in page.content.decode()  # shown, not editable


def test_admin_publish_action_goes_through_services(admin_client, make_procedure):
    version = make_procedure(publish=False).versions.get()
    response = admin_client.post(
        "/admin/services/procedureversion/",
        {"action": "publish", "_selected_action": [version.pk]},
        follow=True,
    )
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.status == ProcedureVersion.Status.PUBLISHED and version.published_by is not None
    admin_client.post(
        "/admin/services/procedureversion/", {"action": "unpublish", "_selected_action": [version.pk]}
    )
    version.refresh_from_db()
    assert version.status == ProcedureVersion.Status.WITHDRAWN


def test_admin_rejects_an_invalid_form_schema(admin_client, make_procedure):
    procedure = make_procedure()
    data = version_admin_data(procedure)
    data["form_schema"] = '{"type": "object", "properties": {"a": {"type": "array"}}}'
    response = admin_client.post("/admin/services/procedureversion/add/", data)
    assert response.status_code == 200
    assert "phải có type là một trong" in response.content.decode()
    data["form_schema"] = "{}"
    data.update(
        {
            "steps-TOTAL_FORMS": "2",
            "steps-0-order": "1",
            "steps-0-kind": "receive",
            "steps-0-budget": "10",
            "steps-1-order": "2",
            "steps-1-kind": "appraise",
            "steps-1-budget": "6",
        }
    )
    response = admin_client.post("/admin/services/procedureversion/add/", data)
    assert "vượt quá thời hạn giải quyết" in response.content.decode()
    data["steps-1-budget"] = "5"
    response = admin_client.post("/admin/services/procedureversion/add/", data)
    assert response.status_code == 302
    assert procedure.versions.get(number=2).steps.count() == 2


def test_inline_rows_of_a_draft_are_saved_through_services_and_audited(admin_client, make_procedure):
    from egov.audit.models import AuditEntry

    procedure = make_procedure()
    data = version_admin_data(procedure)
    data.update(
        {"fees-TOTAL_FORMS": "1", "fees-0-order": "1", "fees-0-kind": "le_phi", "fees-0-name": "Lệ phí"}
    )
    data.update({"fees-0-amount": "50000", "fees-0-exemptions": ""})
    response = admin_client.post("/admin/services/procedureversion/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version = procedure.versions.get(number=2)
    assert version.fees.get().amount == 50000
    entry = AuditEntry.objects.filter(action="services.version_changed", target_id=str(version.pk)).get()
    assert entry.details["parts_saved"] == ["Lệ phí: 50.000 đồng"]
