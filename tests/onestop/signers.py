"""The demo PKI for the one-stop tests: an agency's leader with a certificate and signature image, its
clerk and the agency's certificate and seal image, and a result taken through attach, sign and seal."""

import pytest
from django.core.files.base import ContentFile

from egov.accounts.roles import Role
from egov.signing import images
from egov.signing.demo_pki import DEMO_PIN, issue_demo_certificate
from egov.signing.models import SealImage, SignatureImage
from onestop import services
from tests.documents.factories import person


@pytest.fixture
def demo_pki(settings, tmp_path_factory):
    """Media and the demo CA in a directory shared by the session (the demo root is made once)."""
    base = tmp_path_factory.getbasetemp() / "onestop-signing"
    settings.MEDIA_ROOT = str(base / "media")
    settings.SIGNING_DEMO_DIR = base / "demo-ca"
    settings.DEBUG = True


def signers(desk):
    """Give the desk's leader a certificate and signature image, the agency a certificate and seal image,
    and the desk a clerk (`desk.clerk`). Needs the demo_pki fixture."""
    image = SignatureImage(user=desk.leader)
    image.image.save("sig.png", ContentFile(images.signature_png(desk.leader.full_name)), save=True)
    issue_demo_certificate(user=desk.leader, position="Chủ tịch")
    seal = SealImage(agency=desk.agency)
    seal.image.save("seal.png", ContentFile(images.seal_png(desk.agency.name, "Phú Thọ")), save=True)
    issue_demo_certificate(agency=desk.agency)
    desk.clerk = person(desk.agency, Role.CLERK, department=desk.desk_unit, position="Văn thư")
    return desk


def result_ready(desk, dossier, *, at=None, **attach):
    """The approved dossier's result attached, signed by the desk's leader and sealed by its clerk (at
    `at`); `attach` goes to attach_result (result_file, result_name)."""
    dossier = services.attach_result(desk.leader, dossier, at=at, **attach)
    dossier = services.sign_result(desk.leader, dossier, DEMO_PIN, at=at)
    return services.seal_result(desk.clerk, dossier, DEMO_PIN, at=at)
