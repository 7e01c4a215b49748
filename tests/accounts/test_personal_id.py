from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from egov.accounts.personal_id import birth_province_codes, century_sex_digit, validate_personal_id


def make_id(province: str, birth: date, sex: str, tail: str = "012345") -> str:
    return f"{province}{century_sex_digit(birth.year, sex)}{birth.year % 100:02d}{tail}"


def test_province_codes_are_the_63_pre_2025_codes():
    codes = birth_province_codes()
    assert len(codes) == 63
    assert {"001", "031", "048", "079", "025", "096"} <= codes
    assert "003" not in codes  # 03 was never a province code


@pytest.mark.parametrize(
    ("year", "sex", "digit"),
    [(1990, "M", 0), (1990, "F", 1), (2005, "M", 2), (2005, "F", 3), (2150, "M", 4), (2399, "F", 9)],
)
def test_century_sex_digit_table(year, sex, digit):
    assert century_sex_digit(year, sex) == digit


@given(
    province=st.sampled_from(sorted(birth_province_codes())),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    sex=st.sampled_from(["M", "F"]),
    tail=st.from_regex(r"\A\d{6}\Z"),
)
def test_any_consistent_id_is_accepted(province, birth, sex, tail):
    validate_personal_id(make_id(province, birth, sex, tail), birth, sex)


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    sex=st.sampled_from(["M", "F"]),
)
def test_the_other_sex_is_refused(birth, sex):
    other = "F" if sex == "M" else "M"
    with pytest.raises(ValidationError) as error:
        validate_personal_id(make_id("001", birth, sex), birth, other)
    assert error.value.code == "sex"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("12345678901", "format"),  # 11 digits
        ("0010900123456", "format"),  # 13 digits
        ("00109a012345", "format"),
        ("", "format"),
        ("003090012345", "province"),  # no province 03
        ("099090012345", "province"),
    ],
)
def test_malformed_ids_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validate_personal_id(value)
    assert error.value.code == code


def test_birth_year_must_match_digits_5_and_6_and_century():
    birth = date(1990, 5, 12)
    validate_personal_id("001090012345", birth, "M")
    with pytest.raises(ValidationError) as error:
        validate_personal_id("001091012345", birth, "M")  # says 1991
    assert error.value.code == "birth_year"
    with pytest.raises(ValidationError):
        validate_personal_id("001290012345", birth, "M")  # century digit says 2090
