"""Admin-editable corrections to the holiday calendar of the `holidays` package (see clock.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .clock import TimeUnit  # re-exported: egov.workdays.models.TimeUnit is egov.workdays.clock.TimeUnit

__all__ = ["CalendarOverride", "TimeUnit"]

WEEKDAY_NAMES = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


class CalendarOverride(models.Model):
    """One date whose status differs from the library's calendar: an extra day off, a cancelled holiday, or
    a declared working day (a Saturday worked in exchange for a day off: enter both halves of a swap).

    Every override applies to every computation from the moment it is saved, whatever `effective_from`
    says: that field records when the announcement was made / takes effect, for the legal trail."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Thêm ngày nghỉ")
        CANCEL = "cancel", _("Bỏ ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù (hoán đổi)")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    name = models.CharField(
        _("tên"),
        max_length=200,
        help_text=_("Ví dụ: “Mùng năm Tết Nguyên Đán”, “Làm bù cho ngày 31/08/2026”."),
    )
    legal_note = models.CharField(
        _("căn cứ"),
        max_length=300,
        blank=True,
        help_text=_("Văn bản công bố, ví dụ: “Thông báo số 1234/TB-BLĐTBXH ngày 01/10/2026”."),
    )
    effective_from = models.DateField(
        _("ngày công bố / hiệu lực"),
        default=datetime.date.today,
        help_text=_("Ngày văn bản được công bố hoặc có hiệu lực (để tra cứu; lịch áp dụng ngay khi lưu)."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["holiday", "cancel", "working_day"]),
                name="workdays_override_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}: {self.name}"

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]

    def clean(self):
        super().clean()
        if self.date is None or not self.kind:
            return
        from .clock import _base_year, office_hours

        weekdays = office_hours().weekdays
        days_off, working = _base_year(self.date.year, weekdays)
        base_working = self.date in working or (self.date.weekday() in weekdays and self.date not in days_off)
        if self.kind == self.Kind.CANCEL and self.date not in days_off and self.date not in working:
            raise ValidationError(
                {
                    "kind": _(
                        "Ngày này không phải ngày nghỉ lễ hay ngày làm bù theo lịch mặc định: "
                        "không có gì để bỏ."
                    )
                }
            )
        if self.kind == self.Kind.WORKING_DAY and base_working:
            raise ValidationError({"kind": _("Ngày này đã là ngày làm việc theo lịch mặc định.")})
