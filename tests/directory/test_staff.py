import datetime

import pytest
from django.core.exceptions import ValidationError

from egov.directory import queries
from egov.directory.models import Position, StaffAssignment

from .factories import AgencyFactory, DepartmentFactory, PositionFactory, StaffAssignmentFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def setup(make_user):
    agency = AgencyFactory(name="Ủy ban nhân dân tỉnh Phú Thọ", short_name="UBND")
    vx = DepartmentFactory(agency=agency, name="Phòng Văn hóa - Xã hội", abbreviation="VX")
    vp = DepartmentFactory(agency=agency, name="Văn phòng", abbreviation="VP")
    leader = PositionFactory(name="Phó Chủ tịch", rank=Position.Rank.AGENCY_LEADER)
    head = PositionFactory(name="Trưởng phòng", rank=Position.Rank.DEPARTMENT_HEAD)
    staff = PositionFactory(name="Chuyên viên", rank=Position.Rank.STAFF)
    return agency, vx, vp, leader, head, staff


def test_a_user_may_hold_several_posts(setup, make_user):
    agency, vx, _vp, _leader, head, staff = setup
    other = AgencyFactory(name="Sở Tư pháp", short_name="STP")
    user = make_user()
    StaffAssignmentFactory(user=user, agency=agency, department=vx, position=head)
    StaffAssignmentFactory(user=user, agency=other, position=staff, is_primary=False)
    assert set(queries.user_agencies(user, DAY)) == {agency, other}
    assert list(queries.user_departments(user, DAY)) == [vx]
    assert queries.user_assignments(user, DAY).first().agency == agency  # primary first
    assert queries.primary_agency(user, DAY) == agency


def test_assignments_are_dated(setup, make_user):
    agency, vx, _vp, _leader, _head, staff = setup
    user = make_user()
    StaffAssignmentFactory(
        user=user,
        agency=agency,
        department=vx,
        position=staff,
        valid_from=datetime.date(2025, 7, 1),
        valid_to=datetime.date(2025, 12, 31),
    )
    assert queries.user_agencies(user, datetime.date(2025, 12, 31)).exists()
    assert not queries.user_agencies(user, datetime.date(2026, 1, 1)).exists()
    assert not queries.user_agencies(user, datetime.date(2025, 6, 30)).exists()


def test_inactive_agencies_and_anonymous_users_have_no_posts(setup, make_user):
    from django.contrib.auth.models import AnonymousUser

    agency, _vx, _vp, _leader, _head, staff = setup
    user = make_user()
    StaffAssignmentFactory(user=user, agency=agency, position=staff)
    agency.is_active = False
    agency.save()
    assert not queries.user_assignments(user, DAY).exists()
    assert not queries.user_agencies(AnonymousUser(), DAY).exists()


def test_leaders_and_heads_by_rank(setup, make_user):
    agency, vx, vp, leader, head, staff = setup
    boss, chief, clerk, former = make_user(), make_user(), make_user(), make_user()
    StaffAssignmentFactory(user=boss, agency=agency, position=leader)
    StaffAssignmentFactory(user=chief, agency=agency, department=vx, position=head)
    StaffAssignmentFactory(user=clerk, agency=agency, department=vx, position=staff)
    StaffAssignmentFactory(
        user=former, agency=agency, department=vx, position=head, valid_to=datetime.date(2025, 12, 31)
    )
    assert list(queries.agency_leaders(agency, DAY)) == [boss]
    assert list(queries.department_heads(vx, DAY)) == [chief]
    assert not queries.department_heads(vp, DAY).exists()
    assert set(queries.agency_staff(agency, DAY)) == {boss, chief, clerk}


def test_department_must_belong_to_the_agency(setup, make_user):
    agency, *_rest = setup
    foreign = DepartmentFactory()
    assignment = StaffAssignment(
        user=make_user(), agency=agency, department=foreign, position=PositionFactory(), valid_from=DAY
    )
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "department" in error.value.message_dict


def test_an_assignment_cannot_end_before_it_starts(setup, make_user):
    from django.db import IntegrityError

    agency, *_rest = setup
    with pytest.raises(IntegrityError):
        StaffAssignmentFactory(agency=agency, valid_from=DAY, valid_to=DAY - datetime.timedelta(days=1))


def test_agency_admins_manage_agencies_but_only_read_units(make_user):
    from egov.accounts.roles import Role, sync_roles

    sync_roles()
    admin = make_user(Role.AGENCY_ADMIN)
    assert admin.has_perm("directory.change_agency") and admin.has_perm("directory.add_staffassignment")
    assert admin.has_perm("directory.view_administrativeunit")
    assert not admin.has_perm("directory.change_administrativeunit")
    assert make_user(Role.SYSTEM_ADMIN).has_perm("directory.delete_administrativeunit")
