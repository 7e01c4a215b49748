"""Validation of organisation e-ID codes (mã định danh), regulations §5.4.

Two forms are accepted:

* the old 13-character form of QCVN 102:2016 / TT 10/2016, ``ddd.dd.dd.Xdd`` (``000.00.00.H53``);
* the QĐ 20/2020/QĐ-TTg form: at most 35 characters, dot-separated groups of ``0-9`` and ``A-Z``,
  built left to right from the level-1 code (a capital letter and two digits: ``H55.242``,
  ``H15.50.05.13``, ``G22``).

Codes are otherwise opaque strings: nothing else here interprets them.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

AGENCY_CODE_MAX_LENGTH = 35
OLD_FORM = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
NEW_FORM = re.compile(r"^[A-Z]\d{2}(\.[0-9A-Z]+)*$")


def is_agency_code(value: str) -> bool:
    if not isinstance(value, str) or len(value) > AGENCY_CODE_MAX_LENGTH:
        return False
    return bool(OLD_FORM.fullmatch(value) or NEW_FORM.fullmatch(value))


def validate_agency_code(value: str) -> None:
    if not is_agency_code(value):
        raise ValidationError(
            _(
                "Mã định danh không hợp lệ: “%(value)s”. Dạng 13 ký tự như 000.00.00.H53, hoặc dạng theo "
                "QĐ 20/2020/QĐ-TTg như H55.242 (tối đa 35 ký tự, các nhóm chữ in hoa và số "
                "cách nhau bởi dấu chấm, bắt đầu bằng mã cấp 1)."
            ),
            code="invalid_agency_code",
            params={"value": value},
        )


UNIT_CODE_LENGTH = {"province": 2, "district": 3, "commune": 5}


def validate_unit_code(code: str, level: str) -> None:
    length = UNIT_CODE_LENGTH.get(level)
    if length is None or not re.fullmatch(rf"\d{{{length}}}", code or ""):
        raise ValidationError(
            _("Mã đơn vị hành chính cấp này phải gồm %(n)s chữ số."),
            code="invalid_unit_code",
            params={"n": length},
        )
