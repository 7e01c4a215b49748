"""The demo desk: every state, both channels, late ones, supplements, apologies, cross-boundary intake;
idempotent."""

import io

import pytest
from django.db.models import F

from egov.accounts import demo as accounts_demo
from egov.directory import demo as directory_demo
from egov.signing import demo as signing_demo
from egov.signing.validation import validate_pdf
from onestop import demo
from onestop.models import Dossier, DossierApology, DossierPause, Status
from services import demo as services_demo


@pytest.mark.django_db
def test_demo_dossiers_cover_the_desk_and_are_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SIGNING_DEMO_DIR = tmp_path / "demo-ca"
    settings.DEBUG = True
    for module in (accounts_demo, directory_demo, signing_demo, services_demo):
        module.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    dossiers = Dossier.objects.all()
    assert dossiers.count() >= 250, out.getvalue()
    assert set(dossiers.values_list("status", flat=True)) == set(Status.values)
    assert set(dossiers.values_list("channel", flat=True)) >= {"online", "direct"}
    assert dossiers.filter(returned_at__gt=F("due_at")).exists()  # some late
    assert DossierPause.objects.exists() and DossierApology.objects.exists()
    sealed = dossiers.filter(status=Status.RESULT_READY).first()
    assert len(validate_pdf(sealed.result_file.read()).signatures) == 2  # signed and sealed for real
    assert dossiers.exclude(receiving_agency=F("competent_agency")).exists()  # cross-boundary intake
    # no result left the desk with money owed: paid at the desk first, or waived by the catalogue
    returned = dossiers.filter(status=Status.RETURNED)
    assert not returned.filter(fees_paid__lt=F("fees_due")).exists()
    assert returned.filter(fees_due__gt=0, fees_paid=F("fees_due")).exists()
    assert returned.exclude(fee_exemption_reason="").exists()
    count = dossiers.count()
    demo.seed(io.StringIO())
    assert Dossier.objects.count() == count
