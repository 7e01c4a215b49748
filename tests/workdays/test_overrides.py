"""Admin overrides change results at once; the per-year cache follows the overrides table."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings

from egov.accounts.roles import Role
from egov.audit.models import AuditEntry
from egov.workdays import clock, services
from egov.workdays.clock import TimeUnit, add_working_days, due_at, is_working_day, year_calendar
from egov.workdays.models import CalendarOverride

from .factories import CalendarOverrideFactory

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
ACCEPTED = dt.datetime(2026, 2, 13, 16, 0, tzinfo=VN)  # 3 days -> 23, 24, 25 Feb


def due():
    return due_at(ACCEPTED, 3, TimeUnit.DAYS)


def test_time_unit_labels():
    assert TimeUnit.DAYS == "days" and TimeUnit.DAYS.label == "ngày làm việc"
    assert TimeUnit.HOURS == "hours" and TimeUnit.HOURS.label == "giờ làm việc"


def test_added_holiday_takes_effect_at_once_and_reverts_on_delete():
    assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)  # cached now
    override = CalendarOverrideFactory(date=D(2026, 2, 23), kind=CalendarOverride.Kind.HOLIDAY)
    assert not is_working_day(D(2026, 2, 23))
    assert due() == dt.datetime(2026, 2, 26, 17, 0, tzinfo=VN)  # 24, 25, 26
    assert {d.date: d.name for d in year_calendar(2026)}[D(2026, 2, 23)] == "Mùng sáu Tết Nguyên Đán"
    override.delete()
    assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)


def test_cancelled_holiday_becomes_a_working_day():
    assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)
    CalendarOverrideFactory(
        date=D(2026, 2, 20), kind=CalendarOverride.Kind.CANCEL, name="Đi làm ngày Mùng bốn"
    )
    assert is_working_day(D(2026, 2, 20))
    assert due() == dt.datetime(2026, 2, 24, 17, 0, tzinfo=VN)  # 20, 23, 24


def test_declared_working_saturday():
    CalendarOverrideFactory(
        date=D(2026, 2, 21), kind=CalendarOverride.Kind.WORKING_DAY, name="Làm bù cho ngày 20/02/2026"
    )
    assert is_working_day(D(2026, 2, 21))
    assert due() == dt.datetime(2026, 2, 24, 17, 0, tzinfo=VN)  # 21, 23, 24


def test_a_swap_is_two_overrides():
    # Work Saturday 7 Mar, take Monday 9 Mar off: the count of working days in the span is unchanged.
    CalendarOverrideFactory(date=D(2026, 3, 7), kind=CalendarOverride.Kind.WORKING_DAY, name="Làm bù cho 9/3")
    CalendarOverrideFactory(date=D(2026, 3, 9), kind=CalendarOverride.Kind.HOLIDAY, name="Nghỉ bù cho 7/3")
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 7)
    assert add_working_days(D(2026, 3, 6), 2) == D(2026, 3, 10)


def test_cancelling_the_librarys_working_saturday():
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    CalendarOverrideFactory(date=D(2026, 8, 22), kind=CalendarOverride.Kind.CANCEL, name="Không làm bù")
    assert not is_working_day(D(2026, 8, 22))
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 24)


def test_editing_an_override_takes_effect_at_once():
    override = CalendarOverrideFactory(date=D(2026, 2, 23))
    assert due() == dt.datetime(2026, 2, 26, 17, 0, tzinfo=VN)
    override.date = D(2026, 2, 25)
    override.save()
    assert due() == dt.datetime(2026, 2, 26, 17, 0, tzinfo=VN)  # 23, 24, 26
    assert is_working_day(D(2026, 2, 23))


def test_hours_follow_overrides_too():
    start = dt.datetime(2026, 3, 6, 16, 0, tzinfo=VN)  # Friday
    assert clock.add_working_hours(start, 2) == dt.datetime(2026, 3, 9, 8, 30, tzinfo=VN)
    CalendarOverrideFactory(date=D(2026, 3, 9), kind=CalendarOverride.Kind.HOLIDAY, name="Nghỉ")
    assert clock.add_working_hours(start, 2) == dt.datetime(2026, 3, 10, 8, 30, tzinfo=VN)


def test_no_database_query_once_the_year_is_cached(django_assert_num_queries):
    due()
    with django_assert_num_queries(0):
        for minute in range(0, 600, 7):
            due_at(ACCEPTED + dt.timedelta(minutes=minute), 5, TimeUnit.DAYS)
            due_at(ACCEPTED + dt.timedelta(minutes=minute), 16, TimeUnit.HOURS)


def test_another_process_sees_the_change_through_the_shared_version(django_assert_num_queries):
    """Simulate another process: rows written without signals (bulk_create) are not seen until the shared
    version token moves; then they are, at the next check."""
    with override_settings(WORKDAYS_VERSION_CHECK_SECONDS=0):
        assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)
        CalendarOverride.objects.bulk_create(
            [CalendarOverride(date=D(2026, 2, 23), kind=CalendarOverride.Kind.HOLIDAY, name="x")]
        )
        assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)  # cached: no signal fired
        cache.set(clock.VERSION_KEY, "moved-by-another-process", timeout=None)
        assert due() == dt.datetime(2026, 2, 26, 17, 0, tzinfo=VN)


def test_version_is_checked_at_most_once_per_interval():
    with override_settings(WORKDAYS_VERSION_CHECK_SECONDS=3600):
        assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)
        CalendarOverride.objects.bulk_create(
            [CalendarOverride(date=D(2026, 2, 23), kind=CalendarOverride.Kind.HOLIDAY, name="x")]
        )
        cache.set(clock.VERSION_KEY, "moved-by-another-process", timeout=None)
        assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)  # not re-checked within the hour
        clock.invalidate_calendar()  # what a signal does in this process
        assert due() == dt.datetime(2026, 2, 26, 17, 0, tzinfo=VN)


def test_year_data_is_shared_through_the_django_cache(django_assert_num_queries):
    due()
    # A fresh process (empty in-process arrays) with the same version reads the Django cache, not the DB.
    clock._state.years = {}
    with django_assert_num_queries(0):
        assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)


def test_override_reaches_other_processes_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CalendarOverrideFactory()
    assert clock.invalidate_calendar in callbacks
    assert not is_working_day(D(2026, 2, 23))


# --- Validation --------------------------------------------------------------------------------------------
def test_cancel_needs_a_holiday_or_swap_to_cancel():
    with pytest.raises(ValidationError):
        services.check_override(
            CalendarOverride(date=D(2026, 3, 4), kind=CalendarOverride.Kind.CANCEL, name="x")
        )
    services.check_override(CalendarOverride(date=D(2026, 9, 2), kind=CalendarOverride.Kind.CANCEL, name="x"))
    services.check_override(
        CalendarOverride(date=D(2026, 8, 22), kind=CalendarOverride.Kind.CANCEL, name="x")
    )


def test_working_day_must_not_already_be_one():
    with pytest.raises(ValidationError):
        services.check_override(
            CalendarOverride(date=D(2026, 3, 4), kind=CalendarOverride.Kind.WORKING_DAY, name="x")
        )
    with pytest.raises(ValidationError):
        services.check_override(
            CalendarOverride(date=D(2026, 8, 22), kind=CalendarOverride.Kind.WORKING_DAY, name="x")
        )
    services.check_override(
        CalendarOverride(date=D(2026, 3, 7), kind=CalendarOverride.Kind.WORKING_DAY, name="x")
    )


def test_one_override_per_date():
    CalendarOverrideFactory(date=D(2026, 3, 9))
    with pytest.raises(ValidationError):
        services.check_override(
            CalendarOverride(date=D(2026, 3, 9), kind=CalendarOverride.Kind.CANCEL, name="x")
        )


# --- Admin ----------------------------------------------------------------------------------------------
@pytest.fixture
def admin_client(staff_client):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True)
    return client


def test_admin_adds_an_override_and_it_applies_at_once(admin_client):
    assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)
    response = admin_client.post(
        "/admin/workdays/calendaroverride/add/",
        {
            "date": "23/02/2026",
            "kind": "holiday",
            "name": "Mùng sáu Tết Nguyên Đán",
            "legal_note": "Thông báo số 1234/TB-BLĐTBXH",
            "effective_from": "10/01/2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert due() == dt.datetime(2026, 2, 26, 17, 0, tzinfo=VN)
    # dd/mm/yyyy, as Vietnamese admins type it (not read month-first).
    assert CalendarOverride.objects.get().effective_from == D(2026, 1, 10)
    entry = AuditEntry.objects.get(action="workdays.override_added")
    assert entry.details["legal_note"] == "Thông báo số 1234/TB-BLĐTBXH"


def test_admin_refuses_a_pointless_cancel(admin_client):
    response = admin_client.post(
        "/admin/workdays/calendaroverride/add/",
        {
            "date": "2026-03-04",
            "kind": "cancel",
            "name": "x",
            "legal_note": "",
            "effective_from": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not CalendarOverride.objects.exists()


def test_admin_list_filters_by_year_and_kind(admin_client):
    CalendarOverrideFactory(date=D(2026, 2, 23), name="Tết 2026")
    CalendarOverrideFactory(date=D(2027, 2, 11), name="Tết 2027")
    CalendarOverrideFactory(date=D(2027, 2, 13), kind=CalendarOverride.Kind.WORKING_DAY, name="Làm bù 2027")
    body = admin_client.get("/admin/workdays/calendaroverride/?nam=2027").content.decode()
    assert "Tết 2027" in body and "Làm bù 2027" in body and "Tết 2026" not in body
    body = admin_client.get(
        "/admin/workdays/calendaroverride/?nam=2027&kind__exact=working_day"
    ).content.decode()
    assert "Làm bù 2027" in body and "Tết 2027" not in body


def test_admin_delete_is_audited_and_reverts(admin_client):
    override = CalendarOverrideFactory()
    assert due() == dt.datetime(2026, 2, 26, 17, 0, tzinfo=VN)
    response = admin_client.post(f"/admin/workdays/calendaroverride/{override.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert due() == dt.datetime(2026, 2, 25, 17, 0, tzinfo=VN)
    assert AuditEntry.objects.filter(action="workdays.override_deleted").count() == 1


def test_admin_change_of_an_override_is_audited_and_rechecked(admin_client):
    override = CalendarOverrideFactory(date=D(2026, 2, 23), name="Mùng sáu Tết")
    url = f"/admin/workdays/calendaroverride/{override.pk}/change/"
    data = {
        "date": "23/02/2026",
        "kind": "holiday",
        "name": "Nghỉ Tết",
        "legal_note": "",
        "effective_from": "",
    }
    data["effective_from"] = "10/01/2026"
    assert admin_client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="workdays.override_changed", target_id=str(override.pk))
    assert entry.details["name"] == "Nghỉ Tết"
    # a change into a pointless one is refused like an addition, and nothing is written
    response = admin_client.post(url, {**data, "date": "04/03/2026", "kind": "working_day"})
    assert response.status_code == 200
    override.refresh_from_db()
    assert override.date == D(2026, 2, 23)
    assert AuditEntry.objects.filter(action="workdays.override_changed").count() == 1
