"""A small province for the one-stop desk: a provincial department (Sở) and two communes, each with its
desk officer, a department head, a specialist and a leader; a province-level and a commune-level procedure
with published versions (papers, fee, steps); a citizen with a valid personal ID."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.accounts.roles import Role
from egov.directory.models import Agency, Department, Level, Position
from onestop import fees, services
from onestop.services import Applicant, PaperIn
from tests.documents.factories import person
from tests.factories import UserFactory
from tests.services.conftest import PDF, _media, make_procedure  # noqa: F401 (fixtures)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 02/03/2026, 09:00: an ordinary working day.
MONDAY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VN)
PERSONAL_ID = "001090123456"


def at(day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A local instant in March 2026."""
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=VN)


class Desk:
    """An agency with a one-stop desk, a processing department (head + specialist) and a leader."""

    def __init__(self, name, code, level=Level.COMMUNE, short="UBND"):
        self.agency = Agency.objects.create(name=name, short_name=short, code=code, level=level)
        self.desk_unit = Department.objects.create(
            agency=self.agency, name="Bộ phận Một cửa", abbreviation="MC"
        )
        self.department = Department.objects.create(
            agency=self.agency, name="Phòng Văn hóa - Xã hội", abbreviation="VX"
        )
        self.officer = person(
            self.agency, Role.ONESTOP_OFFICER, department=self.desk_unit, position="Công chức một cửa"
        )
        self.head = person(
            self.agency,
            Role.SPECIALIST,
            department=self.department,
            rank=Position.Rank.DEPARTMENT_HEAD,
            position="Trưởng phòng",
        )
        self.specialist = person(self.agency, Role.SPECIALIST, department=self.department)
        self.leader = person(self.agency, Role.LEADER, rank=Position.Rank.AGENCY_LEADER, position="Chủ tịch")


class World:
    def __init__(self, build):
        self.sotp = Desk("Sở Tư pháp tỉnh Phú Thọ", "H25.20", level=Level.PROVINCE, short="STP")
        self.xa_a = Desk("Ủy ban nhân dân xã Hy Cương", "H25.50.01")
        self.xa_b = Desk("Ủy ban nhân dân xã Chu Hóa", "H25.50.02")
        self.province_procedure = build(
            code="1.001193",
            name="Cấp phiếu lý lịch tư pháp",
            level="province",
            days=5,
            agency=self.sotp.agency,
        )
        self.commune_procedure = build(
            code="1.009994",
            name="Cấp giấy phép xây dựng nhà ở riêng lẻ",
            level="commune",
            days=5,
        )
        self.version = self.province_procedure.versions.get()
        self.commune_version = self.commune_procedure.versions.get()
        self.citizen = UserFactory(personal_id=PERSONAL_ID, full_name="Nguyễn Thị Lan")
        self.citizen.groups.add(Group.objects.get_or_create(name=Role.CITIZEN.value)[0])
        self.other_citizen = UserFactory(personal_id="001190654321", full_name="Trần Văn Minh")


@pytest.fixture
def world(db, make_procedure):  # noqa: F811 (the imported fixture)
    return World(make_procedure)


def walk_in(**overrides) -> Applicant:
    data = {
        "name": "Lê Văn Hùng",
        "personal_id": "025085001234",
        "address": "Khu 3, xã Hy Cương, tỉnh Phú Thọ",
        "phone": "0912345678",
        "email": "hung@example.vn",
    }
    data.update(overrides)
    return Applicant(**data)


def scan(name="don.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def all_papers(version, *, with_scans=False) -> list[PaperIn]:
    return [
        PaperIn(p, count=p.quantity, upload=scan(f"{p.key}.pdf") if with_scans else None)
        for p in version.papers.filter(is_mandatory=True)
    ]


def accepted(world, *, when=MONDAY, desk=None, version=None, commune=None, applicant=None):
    """A walk-in dossier accepted at a desk."""
    desk = desk or world.sotp
    version = version or world.version
    return services.receive_at_counter(
        desk.officer, version, applicant or walk_in(), all_papers(version), "accept", commune=commune, at=when
    )


def processing(world, *, when=MONDAY):
    """Accepted at the Sở's desk, handed to its department and assigned to its specialist."""
    dossier = accepted(world, when=when)
    d = world.sotp
    dossier = services.hand_over(d.officer, dossier, d.department, at=when + datetime.timedelta(hours=1))
    return services.assign(d.head, dossier, d.specialist, at=when + datetime.timedelta(hours=2))


def pay_fees(desk, dossier, *, at=None):
    """What the dossier still owes, paid in cash at `desk`'s counter: a result leaves the desk only once its
    fees are settled, so a test that returns a result pays first."""
    owed = fees.dues(dossier).outstanding
    return services.record_fee_payment(desk.officer, dossier, owed, at=at) if owed else dossier
