"""The public verification page in Chromium: a good file, a tampered one, an unsigned one, and one signed
under a CA nobody configured as a trust anchor."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings

from egov.accounts.roles import Role
from egov.directory.models import Agency
from egov.signing import images, pki
from egov.signing.certificates import store_certificate
from egov.signing.demo_pki import DEMO_PIN, issue_demo_certificate
from egov.signing.models import SealImage, SignatureImage
from egov.signing.services import seal_as_organisation, sign_as_person
from tests.factories import UserFactory

from .conftest import LEADER_BOX


@pytest.fixture(scope="session")
def browser_files(django_db_setup, django_db_blocker, tmp_path_factory, unsigned_pdf):
    """The four files, made in a transaction that is rolled back: the transactional browser test then
    starts from an empty database (the append-only audit table is never flushed with rows in it)."""
    from django.contrib.auth.models import Group

    base = tmp_path_factory.mktemp("browser-files")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(base / "media"), SIGNING_DEMO_DIR=base / "ca", DEBUG=True),
        transaction.atomic(),
    ):
        agency = Agency.objects.create(
            name="Ủy ban nhân dân tỉnh Phú Thọ", short_name="UBND", place_name="Phú Thọ"
        )
        leader = UserFactory(full_name="Hoàng Văn Đức")
        clerk = UserFactory(full_name="Phạm Thị Thu")
        clerk.groups.add(Group.objects.get_or_create(name=Role.CLERK.value)[0])
        SignatureImage(user=leader).image.save("s.png", ContentFile(images.signature_png(leader.full_name)))
        SealImage(agency=agency).image.save("c.png", ContentFile(images.seal_png(agency.name)))
        issue_demo_certificate(user=leader, position="Chủ tịch")
        issue_demo_certificate(agency=agency)
        good = seal_as_organisation(
            sign_as_person(unsigned_pdf, user=leader, pin=DEMO_PIN, box=LEADER_BOX),
            agency=agency,
            clerk_user=clerk,
            pin=DEMO_PIN,
        )
        stranger_key, stranger_ca = pki.make_root_ca("CA lạ không được công nhận")
        key, cert = pki.issue_certificate(stranger_key, stranger_ca, "Người Lạ")
        record = store_certificate(cert, [stranger_ca], key, pin=DEMO_PIN, actor=None, user=leader)
        unknown = sign_as_person(unsigned_pdf, user=leader, pin=DEMO_PIN, box=LEADER_BOX, certificate=record)
        transaction.set_rollback(True)
    tampered = bytearray(good)
    index = tampered.find(b"WeasyPrint")
    tampered[index + 3] ^= 0x01
    paths = {}
    for name, data in {
        "good": good,
        "tampered": bytes(tampered),
        "unsigned": unsigned_pdf,
        "unknown": unknown,
    }.items():
        paths[name] = base / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths, base / "ca"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_verification_page_in_a_browser(browser_files, page, settings):
    files, ca_dir = browser_files
    settings.SIGNING_DEMO_DIR = ca_dir  # the demo root the good file chains to is a trust anchor (DEBUG)
    settings.DEBUG = True

    def check(name):
        page.goto(f"{page.base_url}/chu-ky-so/xac-thuc/")
        page.set_input_files("input[type=file]", str(files[name]))
        page.get_by_role("button", name="Xác thực").click()
        page.wait_for_selector("[data-testid=summary]")
        return page.inner_text("[data-testid=summary]")

    good = check("good")
    assert "HỢP LỆ" in good and "KHÔNG" not in good, good
    assert page.locator("[data-testid=signature]").count() == 2
    assert "Hoàng Văn Đức" in page.inner_text("[data-testid=result]")

    tampered = check("tampered")
    assert "KHÔNG HỢP LỆ" in tampered and "thay đổi" in tampered, tampered

    unsigned = check("unsigned")
    assert "KHÔNG CÓ CHỮ KÝ" in unsigned, unsigned

    unknown = check("unknown")
    assert "CHƯA ĐƯỢC TIN CẬY" in unknown, unknown
    assert "không dẫn tới chứng thư gốc" in page.inner_text("[data-testid=result]")

    # phone-friendly: no horizontal scrolling at 360 px
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_timeout(100)
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
