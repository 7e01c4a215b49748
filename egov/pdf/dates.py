"""Dates in the official format of Decree 30/2020 (Phụ lục I II.4)."""

from datetime import date


def official_date(day: date) -> str:
    """'ngày 05 tháng 01 năm 2026': the day padded below 10; only months 1 and 2 are padded."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def official_date_line(place: str, day: date) -> str:
    """'Phú Thọ, ngày 05 tháng 01 năm 2026'."""
    return f"{place}, {official_date(day)}"
