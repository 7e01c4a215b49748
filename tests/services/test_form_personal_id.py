"""The online form refuses exactly the personal IDs registration refuses (one validator for both)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from egov.accounts.forms import CitizenRegistrationForm
from egov.accounts.personal_id import validate_personal_id
from services import demo, forms_schema

DEMO_SCHEMA = {"type": "object", "properties": demo.APPLICANT}
OWN_NAME_SCHEMA = {
    "type": "object",
    "properties": {"cccd_chu_ho": {"type": "string", "format": "personal-id"}},
}


def _refused_by_registration(value: str) -> bool:
    try:
        validate_personal_id(value)
    except ValidationError:
        return True
    return False


def test_the_reported_id_is_refused_by_the_form_as_by_registration():
    assert _refused_by_registration("999123456789")
    errors = forms_schema.validate(DEMO_SCHEMA, {}, {"so_dinh_danh": "999123456789"})
    assert "mã tỉnh" in " ".join(errors["so_dinh_danh"])
    assert "so_dinh_danh" not in forms_schema.validate(DEMO_SCHEMA, {}, {"so_dinh_danh": "001090012345"})


@pytest.mark.django_db
def test_registration_uses_the_same_validator():
    form = CitizenRegistrationForm(data={"personal_id": "999123456789"})
    form.is_valid()
    assert "personal_id" in form.errors


@settings(deadline=None)  # the first call loads the province list
@given(
    st.one_of(
        st.from_regex(r"\A[0-9]{12}\Z"),
        st.from_regex(r"\A0[0-9]{2}[0-9]{9}\Z"),
        st.text(alphabet="0123456789a -", min_size=1, max_size=14),
    )
)
def test_form_schema_refuses_what_registration_refuses(value):
    refused = _refused_by_registration(value)
    for schema, name in ((DEMO_SCHEMA, "so_dinh_danh"), (OWN_NAME_SCHEMA, "cccd_chu_ho")):
        assert (name in forms_schema.validate(schema, {}, {name: value})) == refused, (schema, value)
