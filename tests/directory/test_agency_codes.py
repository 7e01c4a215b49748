import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from egov.directory.models import AgencyCode
from egov.directory.validators import is_agency_code, validate_agency_code

from .factories import AgencyFactory

GOOD = [
    "000.00.00.H53",  # UBND tỉnh Tây Ninh (old form)
    "000.00.01.H53",
    "000.20.32.H53",
    "000.00.01.A53",
    "000.00.00.G22",
    "H55.242",  # QĐ 20/2020 form
    "H15.50.05.13",
    "G22",
    "H57.1.2.3.4.5.6.7.8.9.10.11.12.13",  # 33 characters
]
BAD = [
    "",
    "000.00.00.h53",  # lower case
    "00.00.00.H53",
    "000.00.00.H5",
    "000-00-00-H53",
    "H55.",
    ".H55",
    "H55..242",
    "55.242",  # must start with a level-1 code
    "HH5.242",
    "H55.24 2",
    "H55.2ă2",
    "H55." + "1" * 32,  # 36 characters
]


@pytest.mark.parametrize("code", GOOD)
def test_valid_codes(code):
    validate_agency_code(code)


@pytest.mark.parametrize("code", BAD)
def test_invalid_codes(code):
    with pytest.raises(ValidationError):
        validate_agency_code(code)


digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
letter = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@given(
    st.text(alphabet="0123456789", min_size=7, max_size=7),
    letter,
    st.text(alphabet="0123456789", min_size=2, max_size=2),
)
def test_every_old_form_code_is_accepted(seven, level1_letter, level1_digits):
    code = f"{seven[:3]}.{seven[3:5]}.{seven[5:7]}.{level1_letter}{level1_digits}"
    assert len(code) == 13
    assert is_agency_code(code)


groups = st.lists(
    st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6), max_size=8
)


@given(letter, st.text(alphabet="0123456789", min_size=2, max_size=2), groups)
def test_new_form_codes_are_accepted_up_to_35_characters(level1_letter, level1_digits, rest):
    code = ".".join([f"{level1_letter}{level1_digits}", *rest])
    assert is_agency_code(code) == (len(code) <= 35)


@given(st.text(min_size=1, max_size=40))
def test_anything_accepted_has_one_of_the_two_forms(text):
    if is_agency_code(text):
        assert len(text) <= 35
        assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.")
        assert not text.startswith(".") and not text.endswith(".") and ".." not in text


@pytest.mark.django_db
def test_a_code_typed_on_the_agency_opens_its_history_and_a_new_one_closes_it():
    agency = AgencyFactory(code="000.00.00.H25")
    today = timezone.localdate()
    assert list(agency.codes.values_list("code", "valid_from", "valid_to")) == [
        ("000.00.00.H25", today, None)
    ]
    agency.code = "H25.1"
    agency.save()
    history = dict(agency.codes.values_list("code", "valid_to"))
    assert history["H25.1"] is None
    assert history["000.00.00.H25"] in (today, today - datetime.timedelta(days=1))
    agency.refresh_from_db()
    assert agency.code == "H25.1"


@pytest.mark.django_db
def test_current_code_follows_the_dated_history():
    agency = AgencyFactory()
    assert agency.code == ""
    AgencyCode.objects.create(
        agency=agency,
        code="000.00.00.H42",
        valid_from=datetime.date(2016, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    agency.refresh_from_db()
    assert agency.code == ""  # closed: no current code
    AgencyCode.objects.create(agency=agency, code="H25", valid_from=datetime.date(2025, 7, 1))
    agency.refresh_from_db()
    assert agency.code == "H25"
    assert agency.code_on(datetime.date(2025, 6, 30)) == "000.00.00.H42"
    assert agency.code_on(datetime.date(2015, 12, 31)) == ""
    agency.codes.get(code="H25").delete()
    agency.refresh_from_db()
    assert agency.code == ""


@pytest.mark.django_db
def test_bad_codes_are_refused_by_model_validation():
    agency = AgencyFactory()
    agency.code = "UBND-PT"
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "code" in error.value.message_dict
    with pytest.raises(ValidationError):
        AgencyCode(agency=agency, code="000.00.00.h25", valid_from=datetime.date(2025, 7, 1)).full_clean()
