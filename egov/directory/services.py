"""Every change of the directory: administrative units and their successions, agencies with their codes and
departments, positions, and staff assignments (which decide who reads an agency's secret documents). Each
write is audited with egov.audit in its own transaction; the admin, the demo data and the unit loader call
these functions, never the models' save() or delete() directly."""

from django.db import models, transaction

from egov.audit.services import record

from . import loading
from .models import (
    AdministrativeUnit,
    Agency,
    AgencyCode,
    Department,
    Position,
    StaffAssignment,
    UnitSuccession,
)

# The audit action of each kind of entry: "directory.<kind>_saved" and "directory.<kind>_deleted".
KINDS = {
    AdministrativeUnit: "unit",
    UnitSuccession: "succession",
    Agency: "agency",
    AgencyCode: "agency_code",
    Department: "department",
    Position: "position",
    StaffAssignment: "assignment",
}


def _kind(entry: models.Model) -> str:
    return KINDS[type(entry)]


@transaction.atomic
def save_entry(actor, entry: models.Model, changed=()) -> models.Model:
    """Store `entry` (new or changed); `changed` names the fields a form changed, for the trail."""
    adding = entry.pk is None
    entry.save()
    record(actor, f"directory.{_kind(entry)}_saved", entry, added=adding, changed=sorted(changed))
    return entry


@transaction.atomic
def delete_entry(actor, entry: models.Model) -> None:
    record(actor, f"directory.{_kind(entry)}_deleted", entry)
    entry.delete()


@transaction.atomic
def load_units(actor=None) -> loading.LoadResult:
    """Load the units of both eras from the package (idempotent); one audit entry sums up the run."""
    result = loading.load_units()
    if result.changed:
        record(
            actor,
            "directory.units_loaded",
            None,
            created=result.created,
            updated=result.updated,
            successions_created=result.successions_created,
            successions_removed=result.successions_removed,
        )
    return result


def ensure_units_loaded(actor=None) -> loading.LoadResult | None:
    """Load the units unless both eras are already there (used by demo data)."""
    return None if loading.units_present() else load_units(actor)
