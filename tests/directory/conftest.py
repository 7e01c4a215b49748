"""The full unit catalogue (~14,000 units of both eras) is loaded once for this package, and removed
afterwards so other areas' tests start from an empty directory."""

import pytest

from egov.directory.loading import load_units
from egov.directory.models import AdministrativeUnit, Level, UnitSuccession


@pytest.fixture(scope="package")
def units_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        result = load_units()
    yield result
    with django_db_blocker.unblock():
        UnitSuccession.objects.all()._raw_delete(UnitSuccession.objects.db)
        for level in (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE):
            AdministrativeUnit.objects.filter(level=level)._raw_delete(AdministrativeUnit.objects.db)


@pytest.fixture
def units(units_loaded, db):
    """Use in a test that needs the catalogue (its own changes are rolled back as usual)."""
    return units_loaded
