"""The admin shows dossiers read-only and only those its user may see."""

from django.test import Client

from .conftest import accepted


def test_admin_is_read_only_and_scoped(world):
    mine = accepted(world)
    theirs = accepted(world, desk=world.xa_a, version=world.commune_version, commune=world.xa_a.agency)
    officer = world.sotp.officer
    officer.is_staff = True
    officer.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(officer)
    page = client.get("/admin/onestop/dossier/")
    assert page.status_code == 200
    assert mine.code in page.content.decode() and theirs.code not in page.content.decode()
    detail = client.get(f"/admin/onestop/dossier/{mine.pk}/change/")
    assert detail.status_code == 200
    assert 'name="applicant_name"' not in detail.content.decode()  # shown, not editable
    assert client.get(f"/admin/onestop/dossier/{theirs.pk}/change/").status_code in (302, 404)
    assert client.get("/admin/onestop/dossier/add/").status_code == 403
    assert client.post(f"/admin/onestop/dossier/{mine.pk}/delete/", {"post": "yes"}).status_code == 403
