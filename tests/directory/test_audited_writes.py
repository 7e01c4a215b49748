"""Every change of the directory goes through egov.directory.services and leaves an audit entry; staff
assignments decide who reads secret documents, so their changes in the admin above all."""

import datetime

import pytest

from egov.accounts.roles import Role
from egov.audit.models import AuditEntry
from egov.directory.models import Department, StaffAssignment

from .factories import AgencyFactory, DepartmentFactory, PositionFactory, StaffAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(staff_client):
    return staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)


def _assignment_form(assignment, **changes) -> dict:
    data = {
        "user": assignment.user_id,
        "agency": assignment.agency_id,
        "department": assignment.department_id or "",
        "position": assignment.position_id,
        "valid_from": assignment.valid_from.isoformat(),
        "valid_to": "",
        "is_primary": "on",
    }
    return {**data, **changes}


def test_editing_a_staff_assignment_in_the_admin_is_audited(admin_client):
    assignment = StaffAssignmentFactory()
    leader = PositionFactory(name="Chủ tịch", rank="agency_leader")
    url = f"/admin/directory/staffassignment/{assignment.pk}/change/"
    response = admin_client.post(url, _assignment_form(assignment, position=leader.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment.refresh_from_db()
    assert assignment.position == leader
    entry = AuditEntry.objects.get(action="directory.assignment_saved", target_id=str(assignment.pk))
    assert "position" in entry.details["changed"]


def test_adding_and_deleting_an_assignment_in_the_admin_are_audited(admin_client, make_user):
    agency, position, user = AgencyFactory(), PositionFactory(), make_user()
    draft = StaffAssignment(user=user, agency=agency, position=position, valid_from=datetime.date(2026, 1, 5))
    response = admin_client.post("/admin/directory/staffassignment/add/", _assignment_form(draft))
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = StaffAssignment.objects.get(user=user)
    assert AuditEntry.objects.filter(
        action="directory.assignment_saved", target_id=str(assignment.pk)
    ).exists()
    admin_client.post(f"/admin/directory/staffassignment/{assignment.pk}/delete/", {"post": "yes"})
    assert not StaffAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(
        action="directory.assignment_deleted", target_id=str(assignment.pk)
    ).exists()


def test_a_department_added_inline_on_its_agency_is_audited(admin_client):
    agency = AgencyFactory(name="Sở Nội vụ", short_name="SNV")
    DepartmentFactory(agency=agency, name="Văn phòng", abbreviation="VP")
    page = admin_client.get(f"/admin/directory/agency/{agency.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"is_active": "on", "level": agency.level, "unit": ""})
    existing = agency.departments.get()
    data.update(
        {
            "codes-TOTAL_FORMS": "0",
            "codes-INITIAL_FORMS": "0",
            "departments-TOTAL_FORMS": "2",
            "departments-INITIAL_FORMS": "1",
            "departments-0-id": existing.pk,
            "departments-0-agency": agency.pk,
            "departments-0-name": existing.name,
            "departments-0-abbreviation": existing.abbreviation,
            "departments-0-is_active": "on",
            "departments-1-agency": agency.pk,
            "departments-1-name": "Phòng Tổ chức",
            "departments-1-abbreviation": "TC",
            "departments-1-is_active": "on",
        }
    )
    response = admin_client.post(f"/admin/directory/agency/{agency.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Department.objects.get(agency=agency, abbreviation="TC")
    assert AuditEntry.objects.filter(action="directory.department_saved", target_id=str(added.pk)).exists()


def test_every_directory_action_has_a_vietnamese_label():
    from egov.audit.admin import ACTION_LABELS
    from egov.directory.services import KINDS

    codes = {f"directory.{kind}_{verb}" for kind in KINDS.values() for verb in ("saved", "deleted")}
    assert sorted(codes - ACTION_LABELS.keys()) == []
    assert "directory.units_loaded" in ACTION_LABELS
