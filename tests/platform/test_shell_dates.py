"""The shared day field: typed and shown dd/mm/yyyy whatever the browser's or the interface's language."""

import datetime
from datetime import date

import pytest
from django import forms
from django.utils import translation

from egov.forms import DayField


class DayForm(forms.Form):
    day = DayField(label="Ngày")
    optional = DayField(label="Ngày khác", required=False)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("typed", ["05/03/2026", "5/3/2026", "05-03-2026", "05.03.2026", "2026-03-05"])
def test_day_first_in_both_languages(language, typed):
    with translation.override(language):
        form = DayForm({"day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2026, 3, 5)
        assert form.cleaned_data["optional"] is None


REASONS = {
    "vi": "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026.",
    "en": "Invalid date: type it as day/month/year, for example 05/03/2026.",
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("typed", ["31/02/2026", "03/05", "hôm nay", "2026/13/01"])
def test_a_wrong_day_gets_a_reason_in_the_interface_language(language, typed):
    with translation.override(language):
        form = DayForm({"day": typed})
        assert not form.is_valid()
        assert form.errors["day"] == [REASONS[language]]


def test_widget_is_a_numeric_text_box_shown_day_first():
    with translation.override("en"):
        html = str(DayForm(initial={"day": date(2026, 3, 5)})["day"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'inputmode="numeric"' in html
    assert 'placeholder="dd/mm/yyyy"' in html
    assert 'pattern="' in html
    assert 'value="05/03/2026"' in html


def test_what_was_typed_is_shown_back_as_typed():
    html = str(DayForm({"day": "31/02/2026"})["day"])
    assert 'value="31/02/2026"' in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_shown_day_first_in_both_languages(language):
    from django.template import Context, Template

    moment = datetime.datetime(2026, 3, 5, 14, 30)
    with translation.override(language):
        shown = Template(
            "{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ moment|date:'DATETIME_FORMAT' }}"
        )
        text = shown.render(Context({"day": moment.date(), "moment": moment}))
    assert text == "05/03/2026|05/03/2026|14:30 05/03/2026"
