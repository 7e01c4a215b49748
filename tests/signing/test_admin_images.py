"""Seal and signature images in the admin come through the admin's own scoped view (there is no public
/media/ route) and carry no inline style, which the CSP would block."""

from egov.accounts.roles import Role
from egov.signing.models import SealImage

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
