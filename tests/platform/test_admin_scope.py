"""The admin as a scoped door: an agency admin manages their own agency only, grants nothing above their
role, sees only the documents the staff pages would show them, and every admin change is audited."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from documents import services as documents_services
from egov.accounts.models import User
from egov.accounts.roles import Role
from egov.audit.models import AuditEntry
from egov.directory.models import Position, StaffAssignment
from tests.documents.factories import Office, incoming_data, pdf_upload, person

pytestmark = pytest.mark.django_db

PASSWORD_FORM = {
    "password1": "Matkhau@Moi2026",
    "password2": "Matkhau@Moi2026",
    "set_usable_password": "true",
}


@pytest.fixture
def office(db):
    return Office()


@pytest.fixture
def other(db):
    return Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")


@pytest.fixture
def quantri(office, totp_device):
    """The agency admin of `office`, logged in past the second factor."""
    user = person(office.agency, Role.AGENCY_ADMIN, position="Quản trị", is_staff=True)
    client = Client()
    client.force_login(user)
    code = totp_device(user)
    assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
    client.user = user
    return client


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def change_form(client, user, **overrides):
    """The change form as the browser would post it (the fields the page shows), plus overrides."""
    user.refresh_from_db()
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "personal_id": user.personal_id or "",
        "birth_date": "",
        "sex": user.sex,
        "is_active": "on",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
    }
    data.update(overrides)
    return client.post(change_url(user), data)


# --- finding 2: users -----------------------------------------------------------------------------------
def test_user_list_and_forms_show_only_the_own_agency(quantri, office, other):
    listing = quantri.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert office.clerk.username in listing
    assert other.clerk.username not in listing
    assert quantri.get(change_url(other.clerk)).status_code == 302  # "does not exist": back to the list
    assert quantri.get(change_url(office.clerk)).status_code == 200
    url = reverse("admin:auth_user_password_change", args=[other.clerk.pk])
    assert quantri.post(url, PASSWORD_FORM).status_code in (302, 404)
    other.clerk.refresh_from_db()
    assert other.clerk.check_password("Matkhau@2026")


def test_related_lookups_are_scoped(quantri, office, other):
    autocomplete = quantri.get(
        "/admin/autocomplete/",
        {"app_label": "directory", "model_name": "staffassignment", "field_name": "user", "term": ""},
    ).json()
    ids = {int(row["id"]) for row in autocomplete["results"]}
    assert office.clerk.pk in ids and other.clerk.pk not in ids
    page = quantri.get(reverse("admin:directory_staffassignment_add")).content.decode()
    assert other.agency.name not in page
    # a crafted POST putting another agency's user into this agency (then owning their password) fails
    position = Position.objects.first()
    response = quantri.post(
        reverse("admin:directory_staffassignment_add"),
        {
            "user": other.clerk.pk,
            "agency": office.agency.pk,
            "position": position.pk,
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not StaffAssignment.objects.filter(user=other.clerk, agency=office.agency).exists()
    assert quantri.get(reverse("admin:directory_staffassignment_changelist")).status_code == 200
    listing = quantri.get(reverse("admin:directory_department_changelist")).content.decode()
    assert office.vp.name in listing and "Sở Tư pháp" not in listing


def test_crafted_post_cannot_make_a_superuser_or_grant_permissions(quantri, office):
    page = quantri.get(change_url(office.clerk)).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    response = change_form(quantri, office.clerk, is_superuser="on")
    assert response.status_code == 200  # refused with a message, not saved
    office.clerk.refresh_from_db()
    assert not office.clerk.is_superuser
    permission = Permission.objects.get(codename="change_user")
    assert change_form(quantri, office.clerk, user_permissions=[str(permission.pk)]).status_code == 200
    assert not office.clerk.user_permissions.exists()
    # nor on oneself
    change_form(quantri, quantri.user, is_superuser="on", is_staff="on")
    quantri.user.refresh_from_db()
    assert not quantri.user.is_superuser


def test_no_role_above_ones_own(quantri, office):
    system = Group.objects.get_or_create(name=Role.SYSTEM_ADMIN.value)[0]
    page = quantri.get(change_url(office.clerk)).content.decode()
    assert f'value="{system.pk}"' not in page
    response = change_form(quantri, office.clerk, groups=[str(system.pk)])
    assert response.status_code == 200
    assert not office.clerk.groups.filter(name=Role.SYSTEM_ADMIN.value).exists()
    # is_staff (the admin's door) only for someone holding an admin role
    response = change_form(quantri, office.clerk, is_staff="on")
    assert response.status_code == 200
    office.clerk.refresh_from_db()
    assert not office.clerk.is_staff
    # a role at their own level or below is fine, and audited with before and after
    leader = Group.objects.get(name=Role.LEADER.value)
    response = change_form(
        quantri, office.clerk, groups=[str(g.pk) for g in office.clerk.groups.all()] + [str(leader.pk)]
    )
    assert response.status_code == 302
    assert office.clerk.groups.filter(name=Role.LEADER.value).exists()
    entry = AuditEntry.objects.get(action="admin.change", target_id=str(office.clerk.pk))
    assert entry.details["before"]["groups"] == ["clerk"]
    assert entry.details["after"]["groups"] == ["clerk", "leader"]
    assert entry.actor == quantri.user


def test_own_rights_and_higher_users_are_out_of_reach(quantri, office):
    clerk = Group.objects.get(name=Role.CLERK.value)
    change_form(quantri, quantri.user, groups=[str(clerk.pk)])
    assert not quantri.user.groups.filter(name=Role.CLERK.value).exists()
    boss = person(office.agency, Role.SYSTEM_ADMIN, is_staff=True)
    assert change_form(quantri, boss, full_name="Đổi tên").status_code == 403
    url = reverse("admin:auth_user_password_change", args=[boss.pk])
    assert quantri.post(url, PASSWORD_FORM).status_code == 403
    boss.refresh_from_db()
    assert boss.check_password("Matkhau@2026")


def test_groups_are_changed_only_by_a_superuser(client, totp_device, office):
    system_admin = person(office.agency, Role.SYSTEM_ADMIN, is_staff=True)
    client.force_login(system_admin)
    client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": totp_device(system_admin)()})
    group = Group.objects.get(name=Role.CLERK.value)
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = client.post(url, {"name": "clerk", "permissions": []})
    assert response.status_code == 403


def test_password_set_for_own_agency_is_audited_without_the_hash(quantri, office):
    url = reverse("admin:auth_user_password_change", args=[office.clerk.pk])
    assert quantri.post(url, PASSWORD_FORM).status_code == 302
    office.clerk.refresh_from_db()
    assert office.clerk.check_password("Matkhau@Moi2026")
    entry = AuditEntry.objects.get(action="admin.password", target_id=str(office.clerk.pk))
    assert entry.details == {"before": {"password": "đã đổi"}, "after": {"password": "đã đổi"}}
    assert office.clerk.password not in str(AuditEntry.objects.values_list("details", flat=True))


def test_agency_admin_adds_a_user_into_their_agency(quantri, office, other):
    position = Position.objects.first()
    data = {
        "username": "moi",
        "full_name": "Người Mới",
        "email": "moi@example.vn",
        "password1": "Matkhau@Moi2026",
        "password2": "Matkhau@Moi2026",
        "usable_password": "true",
        "position": position.pk,
    }
    crafted = quantri.post(reverse("admin:accounts_user_add"), {**data, "agency": other.agency.pk})
    assert crafted.status_code == 200 and not User.objects.filter(username="moi").exists()
    response = quantri.post(reverse("admin:accounts_user_add"), {**data, "agency": office.agency.pk})
    assert response.status_code == 302
    user = User.objects.get(username="moi")
    assert StaffAssignment.objects.filter(user=user, agency=office.agency).exists()
    entry = AuditEntry.objects.get(action="admin.add", target_id=str(user.pk))
    assert entry.details["after"]["password1"] == "đã đổi"
    assert "Matkhau" not in str(entry.details)


# --- finding 3: documents -------------------------------------------------------------------------------
def test_documents_admin_follows_the_staff_pages(quantri, office, other):
    # an agency admin who is also the agency's clerk: sees what the clerk pages show, nothing more
    quantri.user.groups.add(Group.objects.get(name=Role.CLERK.value))
    mine = documents_services.register_incoming(
        office.clerk, office.agency, incoming_data(subject="Công văn của cơ quan mình")
    )
    theirs = documents_services.register_incoming(
        other.clerk, other.agency, incoming_data(subject="Công văn cơ quan khác", notation="CV-STP")
    )
    secret = documents_services.register_incoming(
        office.clerk,
        office.agency,
        incoming_data(subject="Văn bản mật về nhân sự", notation="M-1", secrecy=1),
        upload=pdf_upload(),
    )
    listing = quantri.get(reverse("admin:documents_incomingdocument_changelist")).content.decode()
    assert theirs.subject not in listing and secret.subject not in listing
    assert (
        quantri.get(reverse("admin:documents_incomingdocument_change", args=[theirs.pk])).status_code == 302
    )
    assert (
        quantri.get(reverse("admin:documents_incomingdocument_change", args=[secret.pk])).status_code == 302
    )
    assert mine.subject in listing
    assert quantri.get(reverse("admin:documents_incomingdocument_change", args=[mine.pk])).status_code == 200


def test_directory_and_catalogue_are_scoped(quantri, office, other):
    from services.models import Field, Procedure

    assert quantri.get(reverse("admin:directory_agency_change", args=[other.agency.pk])).status_code == 302
    assert quantri.get(reverse("admin:directory_agency_add")).status_code == 403
    page = quantri.get(reverse("admin:directory_agency_change", args=[office.agency.pk])).content.decode()
    assert 'name="parent"' not in page  # where the agency sits is decided province-wide
    field = Field.objects.create(code="TP", name="Tư pháp")
    theirs = Procedure.objects.create(
        code="2.000001", name="Chứng thực bản sao", field=field, competent_agency=other.agency
    )
    listing = quantri.get(reverse("admin:services_procedure_changelist")).content.decode()
    assert theirs.name not in listing
    assert quantri.get(reverse("admin:services_procedure_change", args=[theirs.pk])).status_code == 302


# --- the audit trail of admin changes ---------------------------------------------------------------------
def test_deletions_and_actions_are_audited_with_vietnamese_labels(staff_client, office):
    from services.models import Field, Procedure

    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    position = Position.objects.create(name="Tạm thời")
    response = client.post(
        reverse("admin:directory_position_changelist"),
        {"action": "delete_selected", "_selected_action": [position.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Position.objects.filter(pk=position.pk).exists()
    assert AuditEntry.objects.filter(action="admin.delete", target_id=str(position.pk)).exists()
    procedure = Procedure.objects.create(
        code="2.000002", name="Đăng ký khai sinh", field=Field.objects.create(code="HT", name="Hộ tịch")
    )
    response = client.post(
        reverse("admin:services_procedure_changelist"),
        {"action": "export_selected", "_selected_action": [procedure.pk]},
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="admin.action")
    assert entry.details["name"] == "export_selected" and entry.details["objects"] == [str(procedure)]
    listing = client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert "Quản trị: xóa" in listing and "Quản trị: thao tác hàng loạt" in listing


def test_agency_admin_reads_only_their_agencys_trail(quantri, office, other):
    from egov.audit.services import record

    record(office.clerk, "documents.register_incoming", office.agency)
    record(other.clerk, "test.other_agency", other.agency)
    listing = quantri.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert "Vào sổ văn bản đến" in listing  # the code's Vietnamese label
    assert "test.other_agency" not in listing


# --- finding 2's door: who reaches the admin at all --------------------------------------------------------
@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/accounts/user/"])
def test_non_admin_gets_a_clear_403_not_a_redirect_loop(client, office, path):
    client.force_login(office.clerk)
    response = client.get(path)
    assert response.status_code == 403
    assert "Không có quyền vào trang quản trị" in response.content.decode()


def test_agency_admin_must_pass_the_second_factor(client, office, totp_device):
    user = person(office.agency, Role.AGENCY_ADMIN, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/").headers["Location"].startswith("/tai-khoan/xac-thuc-hai-lop/cai-dat/")
    code = totp_device(user)
    for path in ["/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{user.pk}/password/"]:
        assert client.get(path).headers["Location"].startswith("/tai-khoan/xac-thuc-hai-lop/?"), path
    client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()})
    assert client.get("/admin/").status_code == 200


def test_no_agency_leader_post_for_oneself(quantri, office):
    """An agency-leader post opens the agency's documents: an admin cannot give one to themselves."""
    leader_post = Position.objects.create(name="Chủ tịch", rank=Position.Rank.AGENCY_LEADER)
    response = quantri.post(
        reverse("admin:directory_staffassignment_add"),
        {
            "user": quantri.user.pk,
            "agency": office.agency.pk,
            "position": leader_post.pk,
            "valid_from": "01/01/2026",
        },
    )
    assert response.status_code == 200
    assert not StaffAssignment.objects.filter(user=quantri.user, position=leader_post).exists()
    own = StaffAssignment.objects.get(user=quantri.user)
    url = reverse("admin:directory_staffassignment_change", args=[own.pk])
    quantri.post(
        url,
        {
            "user": quantri.user.pk,
            "agency": office.agency.pk,
            "position": leader_post.pk,
            "valid_from": "01/01/2020",
        },
    )
    own.refresh_from_db()
    assert own.position != leader_post


def test_inline_rows_are_audited_too(staff_client):
    from egov.directory.models import Agency

    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    agency = Agency.objects.create(
        name="Ủy ban nhân dân xã Hy Cương", short_name="UBND", place_name="Hy Cương"
    )
    form = client.get(reverse("admin:directory_agency_change", args=[agency.pk])).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "codes-TOTAL_FORMS": "0",
            "codes-INITIAL_FORMS": "0",
            "departments-TOTAL_FORMS": "1",
            "departments-INITIAL_FORMS": "0",
            "departments-0-name": "Văn phòng HĐND và UBND",
            "departments-0-abbreviation": "VP",
            "departments-0-is_active": "on",
            "phone": "0210 3846 123",
        }
    )
    response = client.post(reverse("admin:directory_agency_change", args=[agency.pk]), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    change = AuditEntry.objects.get(action="admin.change", target_id=str(agency.pk))
    assert change.details == {"before": {"phone": ""}, "after": {"phone": "0210 3846 123"}}
    added = AuditEntry.objects.get(action="admin.add", target_type="directory.department")
    assert added.details["after"]["name"] == "Văn phòng HĐND và UBND"
