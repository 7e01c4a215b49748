"""Yearly rules: a holiday added (or a library holiday cancelled) on the same day every year from a date,
e.g. a new statutory holiday from the day its law takes effect (regulations §7: “a configurable holiday
rule with an effective date”)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from egov.accounts.roles import Role
from egov.audit.models import AuditEntry
from egov.workdays.clock import add_working_days, is_working_day, year_calendar
from egov.workdays.models import CalendarOverride

from .factories import CalendarOverrideFactory

pytestmark = pytest.mark.django_db
D = dt.date
HOLIDAY, CANCEL, WORKING = (
    CalendarOverride.Kind.HOLIDAY,
    CalendarOverride.Kind.CANCEL,
    CalendarOverride.Kind.WORKING_DAY,
)


def names(year):
    return {day.date: day.name for day in year_calendar(year) if day.name}


def yearly_holiday(**fields):
    # 10/10, first observed in 2027 (a Sunday); 10/10/2026 is a Saturday, 10/10/2028 a Tuesday.
    defaults = {
        "date": D(2027, 10, 10),
        "kind": HOLIDAY,
        "name": "Ngày lễ mới (minh họa)",
        "legal_note": "Luật sửa đổi, có hiệu lực 10/10/2027",
        "repeats_yearly": True,
    }
    return CalendarOverrideFactory(**{**defaults, **fields})


def test_a_yearly_holiday_applies_from_its_first_occurrence_on():
    assert is_working_day(D(2028, 10, 10))
    yearly_holiday()
    assert not is_working_day(D(2028, 10, 10))  # at once, in a later year
    assert not is_working_day(D(2029, 10, 10))
    assert names(2028)[D(2028, 10, 10)] == "Ngày lễ mới (minh họa)"
    # Not before the date it was entered from: 2026 is untouched (Friday 9 Oct → Monday 12 Oct).
    assert D(2026, 10, 10) not in names(2026)
    assert add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 12)


def test_a_yearly_holiday_on_a_sunday_gives_the_next_working_day_off():
    yearly_holiday()
    assert not is_working_day(D(2027, 10, 11))  # Monday: nghỉ bù (BLLĐ 2019 Art. 112.3)
    assert names(2027)[D(2027, 10, 11)] == "Ngày lễ mới (minh họa) (nghỉ bù)"
    assert add_working_days(D(2027, 10, 8), 1) == D(2027, 10, 12)
    # A weekday occurrence has no compensatory day.
    assert is_working_day(D(2028, 10, 11))


def test_repeat_until_ends_the_rule():
    yearly_holiday(repeat_until=D(2028, 12, 31))
    assert not is_working_day(D(2028, 10, 10))
    assert is_working_day(D(2029, 10, 10))  # a Wednesday, the rule has ended


def test_a_yearly_cancel_removes_a_library_holiday_every_year():
    # If the 24/11 holiday (UNVERIFIED legal basis, regulations §7) were not confirmed, one rule removes it.
    assert not is_working_day(D(2027, 11, 24))
    CalendarOverrideFactory(date=D(2026, 11, 24), kind=CANCEL, name="Không nghỉ 24/11", repeats_yearly=True)
    assert is_working_day(D(2026, 11, 24))
    assert is_working_day(D(2027, 11, 24))
    assert is_working_day(D(2028, 11, 24))


def test_a_one_off_override_of_that_year_wins_over_the_rule():
    yearly_holiday()
    CalendarOverrideFactory(date=D(2028, 10, 10), kind=CANCEL, name="Năm 2028 đi làm", repeats_yearly=False)
    assert is_working_day(D(2028, 10, 10))
    assert not is_working_day(D(2029, 10, 10))
    # The one-off also beats the compensatory day a rule would add.
    CalendarOverrideFactory(date=D(2027, 10, 11), kind=CANCEL, name="Không nghỉ bù")
    assert is_working_day(D(2027, 10, 11))


def test_editing_or_deleting_the_rule_takes_effect_at_once():
    rule = yearly_holiday()
    assert not is_working_day(D(2030, 10, 10))
    rule.repeat_until = D(2029, 12, 31)
    rule.save()
    assert is_working_day(D(2030, 10, 10))
    rule.delete()
    assert is_working_day(D(2028, 10, 10))


def test_29_february_is_skipped_in_common_years():
    rule = CalendarOverrideFactory(date=D(2028, 2, 29), kind=HOLIDAY, name="x", repeats_yearly=True)
    assert rule.occurrence(2029) is None and rule.occurrence(2032) == D(2032, 2, 29)
    assert not is_working_day(D(2028, 2, 29))
    assert is_working_day(D(2029, 3, 1))


def test_validation_refuses_yearly_working_days_and_a_stray_end():
    with pytest.raises(ValidationError) as error:
        CalendarOverride(date=D(2027, 3, 6), kind=WORKING, name="x", repeats_yearly=True).full_clean()
    assert "repeats_yearly" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        CalendarOverride(
            date=D(2027, 10, 10), kind=HOLIDAY, name="x", repeat_until=D(2030, 1, 1)
        ).full_clean()
    assert "repeat_until" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        CalendarOverride(
            date=D(2027, 10, 10), kind=HOLIDAY, name="x", repeats_yearly=True, repeat_until=D(2027, 1, 1)
        ).full_clean()
    assert "repeat_until" in error.value.message_dict


def test_the_database_refuses_a_yearly_working_day():
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarOverride.objects.create(date=D(2027, 3, 6), kind=WORKING, name="x", repeats_yearly=True)


def test_admin_enters_a_yearly_rule_and_the_calendar_page_shows_it(staff_client):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True)
    response = client.post(
        "/admin/workdays/calendaroverride/add/",
        {
            "date": "10/10/2027",
            "kind": "holiday",
            "name": "Ngày lễ mới (minh họa)",
            "legal_note": "Luật sửa đổi",
            "effective_from": "01/07/2027",
            "repeats_yearly": "on",
            "repeat_until": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not is_working_day(D(2029, 10, 10))
    entry = AuditEntry.objects.get(action="workdays.override_added")
    assert entry.details["repeats_yearly"] is True
    page = client.get("/lich-lam-viec/2029/").content.decode()
    assert "Ngày lễ mới (minh họa)" in page and "Hằng năm" in page
    refused = client.post(
        "/admin/workdays/calendaroverride/add/",
        {
            "date": "06/03/2027",
            "kind": "working_day",
            "name": "x",
            "effective_from": "01/01/2027",
            "repeats_yearly": "on",
        },
    )
    assert refused.status_code == 200
    assert CalendarOverride.objects.count() == 1
