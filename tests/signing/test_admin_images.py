"""Seal and signature images in the admin come through the admin's own scoped view (there is no public
/media/ route) and carry no inline style, which the CSP would block."""

import re

import pytest

from egov.accounts.roles import Role
from egov.signing.models import SealImage, SignatureImage

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_admin_shows_a_seal_through_its_own_view(staff_client, agency_cert):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    seal = SealImage.objects.get()
    listing = client.get("/admin/signing/sealimage/").content.decode()
    url = f"/admin/signing/sealimage/{seal.pk}/anh/"
    assert url in listing
    assert "/media/" not in listing and 'style="' not in listing
    image = client.get(url)
    assert image.status_code == 200 and b"".join(image.streaming_content).startswith(PNG)
    assert client.get(f"/admin/signing/sealimage/{seal.pk + 1}/anh/").status_code == 404


def test_an_admin_of_another_agency_does_not_get_the_seal(staff_client, agency_cert):
    client = staff_client(Role.AGENCY_ADMIN, is_staff=True)
    seal = SealImage.objects.get()
    assert client.get(f"/admin/signing/sealimage/{seal.pk}/anh/").status_code in (403, 404)


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"#]*(?:/anh/|/media/|\.png)[^"]*)"', html)


@pytest.mark.parametrize("model", ["sealimage", "signatureimage"])
def test_every_image_link_on_the_change_form_answers(staff_client, agency_cert, leader, model):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    obj = (SealImage if model == "sealimage" else SignatureImage).objects.get()
    form = client.get(f"/admin/signing/{model}/{obj.pk}/change/")
    assert form.status_code == 200
    links = _links(form.content.decode())
    assert links  # the current image is linked (and previewed)
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert b"".join(response.streaming_content).startswith(PNG)


def test_the_certificate_change_form_revokes_through_the_workflow(staff_client, leader_cert):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    url = f"/admin/signing/signingcertificate/{leader_cert.pk}/change/"
    data = {"user": leader_cert.user_id, "position": "Chủ tịch", "backend": "software", "revoked_reason": ""}
    assert client.post(url, {**data, "revoke": "on"}).status_code == 302  # no reason: refused, kept active
    leader_cert.refresh_from_db()
    assert leader_cert.status == "active"
    client.post(url, {**data, "revoke": "on", "revoked_reason": "Lộ khóa"})
    leader_cert.refresh_from_db()
    assert leader_cert.status == "revoked" and leader_cert.revoked_reason == "Lộ khóa"
