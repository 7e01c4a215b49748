import io

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.accounts import demo as accounts_demo
from egov.accounts.models import User
from egov.directory import demo, queries
from egov.directory.models import (
    REORGANISATION_DATE,
    Agency,
    AgencyCode,
    Department,
    Level,
    Position,
    StaffAssignment,
)
from egov.directory.validators import is_agency_code

pytestmark = pytest.mark.usefixtures("units")


def snapshot():
    return tuple(
        m.objects.count()
        for m in (Agency, AgencyCode, Department, Position, StaffAssignment, User, TOTPDevice)
    )


def test_seed_builds_phu_tho_and_is_idempotent():
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    first = snapshot()
    demo.seed(io.StringIO())
    assert snapshot() == first

    ubnd = Agency.objects.get(name="Ủy ban nhân dân tỉnh Phú Thọ")
    assert (ubnd.short_name, ubnd.place_name, ubnd.level) == ("UBND", "Phú Thọ", Level.PROVINCE)
    assert ubnd.unit.code == "25" and ubnd.unit.valid_from == REORGANISATION_DATE
    assert {d.abbreviation for d in ubnd.departments.all()} >= {"VP", "KT", "VX", "TCCB"}
    for short in ("VP", "STP", "SNV", "SXD"):
        assert Agency.objects.filter(short_name=short, parent=ubnd).exists()
    assert Agency.objects.filter(name__startswith="Trung tâm Phục vụ hành chính công").exists()
    assert all(is_agency_code(a.code) for a in Agency.objects.all())
    assert ubnd.codes.filter(valid_to__isnull=False).exists()  # a closed pre-merger code

    communes = Agency.objects.filter(level=Level.COMMUNE)
    assert communes.count() >= 3
    for agency in communes:
        assert agency.unit.parent == ubnd.unit and agency.place_name == agency.unit.short_name

    lanhdao = User.objects.get(username="lanhdao")
    assert lanhdao in queries.agency_leaders(ubnd)
    vx = ubnd.departments.get(abbreviation="VX")
    assert list(queries.department_heads(vx)) == [User.objects.get(username="truongphong")]
    assert list(queries.user_departments(User.objects.get(username="chuyenvien"))) == [vx]
    assert queries.user_departments(User.objects.get(username="vanthu")).get().abbreviation == "VP"
    assert queries.user_agencies(User.objects.get(username="motcua")).get().short_name == "TTPVHCC"
    assert queries.user_agencies(User.objects.get(username="quantri")).get() == ubnd

    for username in ("vanthu.viet-tri", "lanhdao.viet-tri", "chuyenvien.viet-tri", "motcua.vinh-yen"):
        user = User.objects.get(username=username)
        assert user.check_password(accounts_demo.DEMO_PASSWORD) and user.full_name
        assert queries.user_agencies(user).get().level == Level.COMMUNE
    commune_leader = User.objects.get(username="lanhdao.viet-tri")
    assert commune_leader.has_role(accounts_demo.Role.LEADER)
    device = TOTPDevice.objects.get(user=commune_leader)
    assert device.confirmed and device.key == accounts_demo.DEMO_TOTP_KEY_HEX
    assert User.objects.get(username="truongphong").has_role(accounts_demo.Role.SPECIALIST)
