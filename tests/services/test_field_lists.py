"""One field list per catalogue model: the admin's forms and inlines and the API's serializers show the same
fields (the lists in services.models), so a field added to a model is added everywhere at once."""

import pytest
from django.contrib import admin

from services import admin as catalogue_admin
from services.api import serializers
from services.forms import ProcedureAdminForm, VersionAdminForm
from services.models import (
    FEE_FIELDS,
    PAPER_FIELDS,
    PROCEDURE_FIELDS,
    STEP_FIELDS,
    VERSION_CONTENT_FIELDS,
    Procedure,
    ProcedureVersion,
)


def _fieldset_names(model_admin) -> set[str]:
    names = set()
    for _title, options in model_admin.fieldsets:
        for entry in options["fields"]:
            names.update(entry if isinstance(entry, tuple) else [entry])
    return names


def test_procedure_fields():
    assert tuple(ProcedureAdminForm._meta.fields) == PROCEDURE_FIELDS
    assert _fieldset_names(admin.site._registry[Procedure]) == set(PROCEDURE_FIELDS)
    assert set(PROCEDURE_FIELDS) <= set(serializers.ProcedureDetailSerializer.Meta.fields)


def test_version_fields():
    assert set(VERSION_CONTENT_FIELDS) <= set(VersionAdminForm._meta.fields)
    assert set(VERSION_CONTENT_FIELDS) <= _fieldset_names(admin.site._registry[ProcedureVersion])
    assert set(VERSION_CONTENT_FIELDS) <= set(serializers.VersionSerializer.Meta.fields)


@pytest.mark.parametrize(
    ("fields", "inline", "serializer"),
    [
        (PAPER_FIELDS, catalogue_admin.PaperInline, serializers.PaperSerializer),
        (FEE_FIELDS, catalogue_admin.FeeInline, serializers.FeeSerializer),
        (STEP_FIELDS, catalogue_admin.StepInline, serializers.StepSerializer),
    ],
)
def test_part_fields(fields, inline, serializer):
    assert set(fields) <= set(inline.fields)
    assert set(fields) <= set(serializer.Meta.fields)
