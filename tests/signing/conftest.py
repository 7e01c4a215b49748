import datetime

import pytest
from django.core.files.base import ContentFile

from egov.accounts.roles import Role
from egov.directory.models import Agency
from egov.pdf.dates import official_date_line
from egov.pdf.render import render_pdf
from egov.signing import images
from egov.signing.demo_pki import DEMO_PIN, demo_root, issue_demo_certificate
from egov.signing.models import SealImage, SignatureImage

PIN = DEMO_PIN
LEADER_BOX = (336, 512, 536, 604)  # the gap between "CHỦ TỊCH" and the name in pdf/sample.html


@pytest.fixture(autouse=True)
def _signing_dirs(settings, tmp_path_factory):
    """Media and the demo CA in a directory shared by the session (the demo root is made once)."""
    base = tmp_path_factory.getbasetemp() / "signing"
    settings.MEDIA_ROOT = str(base / "media")
    settings.SIGNING_DEMO_DIR = base / "demo-ca"
    settings.DEBUG = True
    return base


@pytest.fixture(scope="session")
def unsigned_pdf() -> bytes:
    return render_pdf(
        "pdf/sample.html",
        {
            "agency_name": "Ủy ban nhân dân tỉnh Phú Thọ",
            "number_line": "Số: 15/QĐ-UBND",
            "date_line": official_date_line("Phú Thọ", datetime.date(2026, 3, 5)),
            "doc_type": "Quyết định",
            "abstract": "Về việc phê duyệt kế hoạch chuyển đổi số năm 2026",
            "paragraphs": ["Điều 1. Phê duyệt kế hoạch chuyển đổi số của tỉnh Phú Thọ năm 2026."],
            "signer_authority": "TM. ỦY BAN NHÂN DÂN",
            "signer_position": "CHỦ TỊCH",
            "signer_name": "Hoàng Văn Đức",
        },
    )


@pytest.fixture
def agency(db):
    return Agency.objects.create(name="Ủy ban nhân dân tỉnh Phú Thọ", short_name="UBND", place_name="Phú Thọ")


@pytest.fixture
def leader(make_user):
    user = make_user(Role.LEADER, full_name="Hoàng Văn Đức")
    image = SignatureImage(user=user)
    image.image.save("sig.png", ContentFile(images.signature_png(user.full_name)), save=True)
    return user


@pytest.fixture
def clerk(make_user):
    return make_user(Role.CLERK, full_name="Phạm Thị Thu")


@pytest.fixture
def leader_cert(leader):
    return issue_demo_certificate(user=leader, position="Chủ tịch")


@pytest.fixture
def agency_cert(agency):
    seal = SealImage(agency=agency)
    seal.image.save("seal.png", ContentFile(images.seal_png(agency.name, agency.place_name)), save=True)
    return issue_demo_certificate(agency=agency)


@pytest.fixture
def demo_root_cert():
    return demo_root()[1]


@pytest.fixture
def doubly_signed(unsigned_pdf, leader, leader_cert, agency, agency_cert, clerk):
    from egov.signing.services import seal_as_organisation, sign_as_person

    first = sign_as_person(unsigned_pdf, user=leader, pin=PIN, box=LEADER_BOX, reason="Ký ban hành")
    return seal_as_organisation(first, agency=agency, clerk_user=clerk, pin=PIN)
