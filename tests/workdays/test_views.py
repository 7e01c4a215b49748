import datetime as dt

import pytest

from egov.accounts.roles import Role
from egov.workdays.models import CalendarOverride

from .factories import CalendarOverrideFactory

pytestmark = pytest.mark.django_db


def test_calendar_page_needs_a_staff_member(client, make_user):
    response = client.get("/lich-lam-viec/2026/")
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    client.force_login(make_user(Role.CITIZEN))
    assert client.get("/lich-lam-viec/2026/").status_code == 403


def test_calendar_page_lists_holidays_and_swaps(staff_client):
    client = staff_client(Role.ONESTOP_OFFICER)
    response = client.get("/lich-lam-viec/2026/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in [
        "Giao thừa Tết Nguyên Đán",
        "16/02/2026",
        "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
        "Ngày nghỉ (thay cho ngày 22/08/2026)",
        "22/08/2026",
        "Ngày Văn hóa Việt Nam",
        "Tháng 12",
    ]:
        assert text in body, text
    # 2026: 261 weekdays - 13 weekday days off (1/1, 16–20/2, 27/4, 30/4, 1/5, 31/8, 1–2/9, 24/11)
    # + 1 working Saturday (22/8) = 249 working days.
    assert response.context["working_day_count"] == 249
    assert [row["day"].date for row in response.context["working_weekends"]] == [dt.date(2026, 8, 22)]


def test_calendar_page_shows_overrides_with_their_legal_note(staff_client):
    CalendarOverrideFactory(date=dt.date(2026, 2, 23), legal_note="Thông báo số 1234/TB-BLĐTBXH")
    CalendarOverrideFactory(
        date=dt.date(2026, 11, 24), kind=CalendarOverride.Kind.CANCEL, name="Bỏ nghỉ 24/11"
    )
    body = staff_client(Role.SPECIALIST).get("/lich-lam-viec/2026/").content.decode()
    assert "Mùng sáu Tết Nguyên Đán" in body and "Thông báo số 1234/TB-BLĐTBXH" in body
    assert "Bỏ nghỉ 24/11" in body


def test_current_year_redirects_and_bad_years_are_404(staff_client):
    client = staff_client(Role.CLERK)
    response = client.get("/lich-lam-viec/")
    assert response.status_code == 302 and response["Location"].startswith("/lich-lam-viec/20")
    assert client.get("/lich-lam-viec/3000/").status_code == 404


def test_staff_menu_has_the_calendar(staff_client):
    body = staff_client(Role.CLERK).get("/can-bo/").content.decode()
    assert "/lich-lam-viec/" in body


def test_demo_seed_is_idempotent_and_changes_nothing():
    import io

    from egov.workdays import demo
    from egov.workdays.clock import add_working_days, invalidate_calendar

    before = add_working_days(dt.date(2026, 8, 27), 3)
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    invalidate_calendar()
    assert CalendarOverride.objects.count() == 1
    assert add_working_days(dt.date(2026, 8, 27), 3) == before == dt.date(2026, 9, 4)
