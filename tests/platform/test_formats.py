from datetime import date

import pytest
from django import forms
from django.utils import translation

from egov.text import vnd_in_words


class DayForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("typed", ["10/01/2026", "10-01-2026", "10.01.2026", "2026-01-10"])
def test_dates_are_read_day_first_in_both_languages(language, typed):
    with translation.override(language):
        form = DayForm({"day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2026, 1, 10)


def test_an_impossible_day_is_refused():
    with translation.override("vi"):
        assert not DayForm({"day": "31/02/2026"}).is_valid()


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (75_000, "Bảy mươi lăm nghìn đồng"),
        (105_000, "Một trăm lẻ năm nghìn đồng"),
        (1_500_000, "Một triệu năm trăm nghìn đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
    ],
)
def test_an_amount_is_written_out_as_a_receipt_reads_it(amount, words):
    assert vnd_in_words(amount) == words
