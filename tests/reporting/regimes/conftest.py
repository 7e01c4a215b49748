"""A small province for periodic reports: the province's People's Committee (the recipient, with a
reviewer) and two communes under it, each with an officer who fills and a leader who signs (a demo
certificate, PIN 123456); a monthly ND 09 regime with typed cells and formulas."""

import datetime

import pytest
from django.core.files.base import ContentFile

from egov.accounts.roles import Role
from egov.directory.models import AdministrativeUnit, Agency, Level, Position
from egov.signing import images
from egov.signing.demo_pki import DEMO_PIN, issue_demo_certificate
from egov.signing.models import SignatureImage
from reporting.regimes.models import ReportRegime, TemplateCell
from tests.documents.factories import person

PIN = DEMO_PIN
REFORM = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _media_and_ca(settings, tmp_path_factory):
    base = tmp_path_factory.getbasetemp() / "signing"
    settings.MEDIA_ROOT = str(base / "media")
    settings.SIGNING_DEMO_DIR = base / "demo-ca"
    settings.DEBUG = True
    return base


def signer(agency, **fields):
    user = person(agency, Role.LEADER, rank=Position.Rank.AGENCY_LEADER, position="Chủ tịch", **fields)
    image = SignatureImage(user=user)
    image.image.save("sig.png", ContentFile(images.signature_png(user.full_name)), save=True)
    issue_demo_certificate(user=user, position="Chủ tịch", organisation=agency.name)
    return user


class Commune:
    def __init__(self, province_unit, province_agency, code, name):
        self.unit = AdministrativeUnit.objects.create(
            code=code,
            name=name,
            short_name=name.split(" ", 1)[1],
            kind="xa",
            level=Level.COMMUNE,
            parent=province_unit,
            valid_from=REFORM,
        )
        self.agency = Agency.objects.create(
            name=f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
            short_name="UBND",
            level=Level.COMMUNE,
            unit=self.unit,
            parent=province_agency,
            place_name=self.unit.short_name,
        )
        self.officer = person(self.agency, Role.SPECIALIST)
        self.leader = signer(self.agency)


class World:
    def __init__(self):
        self.province_unit = AdministrativeUnit.objects.create(
            code="25",
            name="Tỉnh Phú Thọ",
            short_name="Phú Thọ",
            kind="tinh",
            level=Level.PROVINCE,
            valid_from=REFORM,
        )
        self.province = Agency.objects.create(
            name="Ủy ban nhân dân tỉnh Phú Thọ",
            short_name="UBND",
            level=Level.PROVINCE,
            unit=self.province_unit,
            place_name="Phú Thọ",
        )
        self.reviewer = person(self.province, Role.SPECIALIST)
        self.province_leader = person(
            self.province, Role.LEADER, rank=Position.Rank.AGENCY_LEADER, position="Chủ tịch"
        )
        self.xa_a = Commune(self.province_unit, self.province, "07900", "Xã Hy Cương")
        self.xa_b = Commune(self.province_unit, self.province, "07901", "Xã Chu Hóa")
        self.regime = ReportRegime.objects.create(
            name="Báo cáo phản ánh, kiến nghị hằng tháng",
            recipient=self.province,
            frequency="month",
            deadline_days=2,
            valid_from=datetime.date(2026, 9, 15),
        )
        for order, (code, source, formula) in enumerate(
            [
                ("A1", "typed", ""),
                ("A2", "typed", ""),
                ("A3", "formula", "A1 + A2"),
                ("A4", "formula", "A2 * 100 / A3"),
            ]
        ):
            TemplateCell.objects.create(
                regime=self.regime,
                order=order,
                code=code,
                label=f"Chỉ tiêu {code}",
                source=source,
                formula=formula,
            )


@pytest.fixture
def world(db):
    return World()
