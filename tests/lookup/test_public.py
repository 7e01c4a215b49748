"""The public view of a dossier without a database: the masked name (properties over any name), the code
format (every code the desk issues passes, anything else is refused before a query), the public stages."""

import datetime
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.lookup.public import STAGE_OF, Stage, is_dossier_code, mask_name, normalise_code
from onestop.models import Status
from onestop.services import MAX_DAILY_SEQUENCE, dossier_code

LETTERS = st.characters(categories=["L", "M"], exclude_characters="\u0345")  # "ͅ" changes under NFC casing
# a word starts with a letter (a leading combining mark: test_a_stray_mark_is_masked_too)
WORD = st.builds(
    str.__add__,
    st.characters(categories=["L"]),
    st.text(LETTERS, max_size=11),
).filter(lambda w: not w[0].isspace())
SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0", " \n "])


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "Nguyễn V. A."),
        ("  Trần   Thị  Bích   Ngọc ", "Trần T. B. N."),
        ("Lê", "L."),
        ("Đặng\u00a0Ánh", "Đặng Á."),
        ("Công ty TNHH Xây dựng Hòa Bình", "Công T. T. X. D. H. B."),
        ("", ""),
        ("   ", ""),
    ],
)
def test_the_family_name_is_kept_and_the_rest_become_initials(name, masked):
    assert mask_name(name) == masked


def test_a_stray_mark_is_masked_too():
    assert mask_name("Lê \u0300abc") == "Lê \u0300."


def test_combining_forms_mask_like_precomposed_ones():
    precomposed = "Nguyễn Ánh Dương"
    decomposed = unicodedata.normalize("NFD", precomposed)
    assert decomposed != precomposed
    assert mask_name(decomposed) == mask_name(precomposed) == "Nguyễn Á. D."


@given(st.lists(WORD, min_size=1, max_size=6), st.lists(SPACES, min_size=7, max_size=7))
def test_masking_keeps_one_token_per_word_and_never_more_than_the_family_name(words, gaps):
    name = gaps[0] + "".join(w + g for w, g in zip(words, gaps[1:], strict=False))
    masked = mask_name(name)
    nfc = unicodedata.normalize("NFC", name).split()
    tokens = masked.split(" ")
    assert len(tokens) == len(nfc)
    assert mask_name(unicodedata.normalize("NFD", name)) == masked  # the same, however it was typed
    rest = tokens[1:] if len(nfc) > 1 else tokens
    for token, word in zip(rest, nfc[1:] if len(nfc) > 1 else nfc, strict=True):
        # an initial: the word's first letter (with its marks) and a dot
        assert token.endswith(".") and token[0] in {word[0], word[0].upper()}
        assert word[1:].startswith(token[1:-1])
        assert not any(unicodedata.combining(c) for c in token[0])
        assert all(unicodedata.combining(c) for c in token[1:-1])
    if len(nfc) > 1:
        assert tokens[0] == nfc[0]
    # the full name never shows, unless every word but the first is a single letter already
    if any(len(w) > 1 for w in (nfc[1:] if len(nfc) > 1 else nfc)):
        assert " ".join(nfc) not in masked


AGENCY = st.one_of(
    st.from_regex(r"\A[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}\Z"),
    st.from_regex(r"\A[A-Z][0-9]{2}(\.[0-9A-Z]{1,4}){0,4}\Z"),
)


@given(AGENCY, st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)), st.integers(1, 9999))
def test_every_code_the_desk_issues_is_well_formed(agency, day, sequence):
    code = dossier_code(agency, day, sequence)
    assert is_dossier_code(code)
    assert is_dossier_code(normalise_code(f"  {code.lower()} "))


@pytest.mark.parametrize(
    "value",
    [
        "",
        "H25.20",
        "H25.20-260302",
        "H25.20-260302-0000",  # sequences start at 1
        "H25.20-260230-0001",  # no 30 February
        "H25.20-260302-001",
        "H25.20-260302-00001",
        "h25.20-260302-0001",  # not normalised
        "H25.20-260302-0001-0001",
        "25.20-260302-0001",  # not an agency e-ID
        "H25..20-260302-0001",
        "H25.20-２６０３０２-0001",  # full-width digits
        "H25.20-٢٦٠٣٠٢-0001",  # Arabic-Indic digits are digits to Python's \d
        "H25.20-260302-0001\x00",
        "H25.20 -260302-0001",
        "H" + "1" * 60 + "-260302-0001",
        "H25.20-260302-0001" * 1000,
        "<script>-260302-0001",
    ],
)
def test_anything_else_is_not_a_code(value):
    assert not is_dossier_code(value)


def test_the_sequence_bound_is_the_desks():
    assert MAX_DAILY_SEQUENCE == 9999  # the 4-digit field of the pattern


def test_every_status_a_numbered_dossier_can_have_has_a_public_stage():
    before_the_code = {Status.WAITING_CHECK, Status.NEEDS_COMPLETION, Status.REFUSED_INTAKE}
    assert set(STAGE_OF) == set(Status) - before_the_code
    assert set(STAGE_OF.values()) == set(Stage)
