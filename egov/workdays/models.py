"""Admin-editable corrections to the holiday calendar of the `holidays` package (see clock.py, which reads
them; this module imports nothing of the clock). The check against the library's calendar is in
services.calendar_problems."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CalendarOverride"]

WEEKDAY_NAMES = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


class CalendarOverride(models.Model):
    """One date whose status differs from the library's calendar: an extra day off, a cancelled holiday, or
    a declared working day (a Saturday worked in exchange for a day off: enter both halves of a swap).

    Every override applies to every computation from the moment it is saved, whatever `effective_from`
    says: that field records when the announcement was made / takes effect, for the legal trail.

    A *yearly rule* (`repeats_yearly`) is a holiday added, or a library holiday cancelled, on the same day
    and month every year from `date` (its first occurrence, so a new statutory holiday starts on the date
    its law takes effect) up to `repeat_until` if set. A yearly holiday that falls on a weekly day off
    gives the next working day off (nghỉ bù, BLLĐ 2019 Art. 112.3). A one-off override of the same day
    wins over the rule for that year. Working days are never yearly: swaps are announced year by year."""

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
    repeats_yearly = models.BooleanField(
        _("lặp lại hằng năm"),
        default=False,
        help_text=_(
            "Áp dụng cho ngày, tháng này mọi năm kể từ ngày đã nhập (ví dụ ngày lễ mới theo luật có hiệu "
            "lực từ một ngày). Chỉ dùng với “Thêm ngày nghỉ” hoặc “Bỏ ngày nghỉ”."
        ),
    )
    repeat_until = models.DateField(
        _("lặp lại đến ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu quy định còn hiệu lực."),
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
            models.CheckConstraint(
                condition=~models.Q(repeats_yearly=True, kind="working_day"),
                name="workdays_override_no_yearly_working_day",
            ),
            models.CheckConstraint(
                condition=models.Q(repeat_until__isnull=True)
                | models.Q(repeats_yearly=True, repeat_until__gte=models.F("date")),
                name="workdays_override_repeat_until_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}: {self.name}"

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]

    def occurrence(self, year: int) -> datetime.date | None:
        """The date this override applies to in `year`, or None (a yearly rule outside its span, 29/02 in
        a common year, a one-off override of another year)."""
        if not self.repeats_yearly:
            return self.date if self.date.year == year else None
        if year < self.date.year:
            return None
        try:
            day = self.date.replace(year=year)
        except ValueError:  # 29 February
            return None
        if self.repeat_until is not None and day > self.repeat_until:
            return None
        return day

    def clean(self):
        super().clean()
        if self.date is None or not self.kind:
            return
        if self.repeats_yearly and self.kind == self.Kind.WORKING_DAY:
            raise ValidationError(
                {"repeats_yearly": _("Ngày làm việc bù được công bố từng năm: không đặt lặp lại hằng năm.")}
            )
        if self.repeat_until is not None and not self.repeats_yearly:
            raise ValidationError({"repeat_until": _("Chỉ nhập khi điều chỉnh lặp lại hằng năm.")})
        if self.repeat_until is not None and self.repeat_until < self.date:
            raise ValidationError({"repeat_until": _("Ngày kết thúc phải sau ngày bắt đầu áp dụng.")})
