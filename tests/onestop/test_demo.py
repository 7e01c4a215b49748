"""The demo desk: every state, both channels, late ones, supplements, apologies, cross-boundary intake;
idempotent."""

import io

import pytest
from django.db.models import F

from egov.accounts import demo as accounts_demo
from egov.directory import demo as directory_demo
from onestop import demo
from onestop.models import Dossier, DossierApology, DossierPause, Status
from services import demo as services_demo


@pytest.mark.django_db
def test_demo_dossiers_cover_the_desk_and_are_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for module in (accounts_demo, directory_demo, services_demo):
        module.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    dossiers = Dossier.objects.all()
    assert dossiers.count() >= 250, out.getvalue()
    assert set(dossiers.values_list("status", flat=True)) == set(Status.values)
    assert set(dossiers.values_list("channel", flat=True)) >= {"online", "direct"}
    assert dossiers.filter(returned_at__gt=F("due_at")).exists()  # some late
    assert DossierPause.objects.exists() and DossierApology.objects.exists()
    assert dossiers.exclude(receiving_agency=F("competent_agency")).exists()  # cross-boundary intake
    count = dossiers.count()
    demo.seed(io.StringIO())
    assert Dossier.objects.count() == count
