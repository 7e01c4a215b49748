"""The 12-digit personal ID number (số định danh cá nhân), regulations.md §9.

Digits 1-3: code of the province where the birth was registered (the 63 pre-2025 province codes, 0-padded);
digit 4: century and sex; digits 5-6: the last two digits of the birth year; digits 7-12: random.
There is no check digit.
"""

import re
from datetime import date
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PERSONAL_ID_RE = re.compile(r"^\d{12}$")
MALE, FEMALE = "M", "F"


@cache
def birth_province_codes() -> frozenset[str]:
    """The 63 province codes in force before 1 July 2025, as 3-digit strings (001 Hà Nội ... 096 Cà Mau)."""
    from vietnam_provinces.legacy import Province

    return frozenset(f"{int(p.code):03d}" for p in Province.iter_all())


def century_sex_digit(birth_year: int, sex: str) -> int:
    """0/1 for 1900-1999, 2/3 for 2000-2099 ... 8/9 for 2300-2399; even for men, odd for women."""
    century = birth_year // 100 - 19
    if not 0 <= century <= 4:
        raise ValueError(f"birth year {birth_year} outside 1900-2399")
    return century * 2 + (1 if sex == FEMALE else 0)


def validate_personal_id(value: str, birth_date: date | None = None, sex: str | None = None) -> None:
    """Raise ValidationError (Vietnamese message) unless value is a well-formed personal ID consistent
    with the birth date and sex when they are given."""
    if not PERSONAL_ID_RE.match(value or ""):
        raise ValidationError(_("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="format")
    if value[:3] not in birth_province_codes():
        raise ValidationError(
            _("Ba chữ số đầu (%(prefix)s) không phải mã tỉnh, thành phố nơi đăng ký khai sinh.")
            % {"prefix": value[:3]},
            code="province",
        )
    if birth_date is None:
        return
    digit = int(value[3])
    century_ok = digit // 2 == birth_date.year // 100 - 19
    if not century_ok or value[4:6] != f"{birth_date.year % 100:02d}":
        raise ValidationError(
            _("Số định danh không khớp với năm sinh %(year)s.") % {"year": birth_date.year}, code="birth_year"
        )
    if sex in (MALE, FEMALE) and digit != century_sex_digit(birth_date.year, sex):
        raise ValidationError(_("Số định danh không khớp với giới tính đã khai."), code="sex")
