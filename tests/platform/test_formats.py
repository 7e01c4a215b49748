from datetime import date

import pytest
from django import forms
from django.utils import translation


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
