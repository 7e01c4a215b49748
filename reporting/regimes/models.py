"""Periodic report regimes of ND 09/2019 (regulations §4): a regime (who reports what to whom, how often,
by when), its numeric template (ordered cells), an instance per period and reporter, and the reminders
already sent."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reporting.periods import Frequency

MAX_DEADLINE_DAYS = 60


def _signed_path(instance, filename):
    return f"report_regimes/{instance.regime_id}/{secrets.token_hex(16)}.pdf"


class ReporterScope(models.TextChoices):
    COMMUNES = "communes", _("Mọi UBND cấp xã thuộc đơn vị của cơ quan nhận")
    LISTED = "listed", _("Các cơ quan được chọn")


class StatisticsScope(models.TextChoices):
    UNIT = "unit", _("Địa bàn (đơn vị hành chính) của cơ quan báo cáo")
    AGENCY = "agency", _("Riêng cơ quan báo cáo")


class ClosingRule(models.TextChoices):
    ND09 = "nd09", _("Kỳ chốt số liệu theo Nghị định 09/2019 (ngày 15 tháng trước đến ngày 14)")
    CALENDAR = "calendar", _("Theo tháng, quý, năm dương lịch")


class Delivery(models.TextChoices):
    ELECTRONIC = "electronic", _("Văn bản điện tử có chữ ký số")


FREQUENCY_CHOICES = [
    (Frequency.MONTH.value, _("Hằng tháng")),
    (Frequency.QUARTER.value, _("Hằng quý")),
    (Frequency.HALF_YEAR.value, _("6 tháng")),
    (Frequency.NINE_MONTHS.value, _("9 tháng")),
    (Frequency.YEAR.value, _("Hằng năm")),
]


class ReportRegime(models.Model):
    name = models.CharField(_("tên chế độ báo cáo"), max_length=255)
    content = models.TextField(_("nội dung yêu cầu báo cáo"), blank=True)
    recipient = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan nhận báo cáo"),
        on_delete=models.PROTECT,
        related_name="received_report_regimes",
    )
    reporter_scope = models.CharField(
        _("đối tượng thực hiện báo cáo"),
        max_length=10,
        choices=ReporterScope.choices,
        default=ReporterScope.COMMUNES,
    )
    reporters = models.ManyToManyField(
        "directory.Agency",
        verbose_name=_("cơ quan thực hiện báo cáo"),
        blank=True,
        related_name="report_regimes",
        help_text=_("Chỉ dùng khi đối tượng là “Các cơ quan được chọn”."),
    )
    statistics_scope = models.CharField(
        _("phạm vi số liệu thống kê"),
        max_length=10,
        choices=StatisticsScope.choices,
        default=StatisticsScope.UNIT,
    )
    delivery = models.CharField(
        _("phương thức gửi"), max_length=12, choices=Delivery.choices, default=Delivery.ELECTRONIC
    )
    frequency = models.CharField(
        _("tần suất"), max_length=12, choices=FREQUENCY_CHOICES, default=Frequency.MONTH
    )
    closing_rule = models.CharField(
        _("thời gian chốt số liệu"), max_length=10, choices=ClosingRule.choices, default=ClosingRule.ND09
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("hạn gửi (ngày làm việc sau ngày chốt số liệu)"),
        default=2,
        validators=[MaxValueValidator(MAX_DEADLINE_DAYS)],
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    closed_on = models.DateField(
        _("ngừng áp dụng từ ngày"),
        null=True,
        blank=True,
        help_text=_("Từ ngày này chế độ báo cáo kết thúc: không tạo kỳ mới, không nhận báo cáo gửi đến."),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("chế độ báo cáo định kỳ")
        verbose_name_plural = _("chế độ báo cáo định kỳ")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=models.F("valid_from")),
                name="report_regimes_regime_dates",
            ),
            models.CheckConstraint(
                condition=Q(deadline_days__lte=MAX_DEADLINE_DAYS), name="report_regimes_deadline_days"
            ),
        ]

    def __str__(self):
        return self.name

    def is_closed_on(self, day) -> bool:
        return self.closed_on is not None and day >= self.closed_on


class TemplateCell(models.Model):
    class Source(models.TextChoices):
        TYPED = "typed", _("Nhập tay")
        STATISTIC = "statistic", _("Số liệu thống kê")
        FORMULA = "formula", _("Công thức")

    regime = models.ForeignKey(
        ReportRegime, verbose_name=_("chế độ báo cáo"), on_delete=models.CASCADE, related_name="cells"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã chỉ tiêu"), max_length=12, help_text=_("Ví dụ A1, B2."))
    label = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True, default="hồ sơ")
    source = models.CharField(_("nguồn số liệu"), max_length=10, choices=Source.choices, default=Source.TYPED)
    statistic = models.CharField(
        _("số liệu thống kê"), max_length=60, blank=True, help_text=_("Ví dụ dossiers.resolved_late.")
    )
    formula = models.CharField(
        _("công thức"), max_length=500, blank=True, help_text=_("Ví dụ A1 + A2 hoặc (B1 - B2) * 100 / B1.")
    )

    class Meta:
        verbose_name = _("chỉ tiêu của mẫu báo cáo")
        verbose_name_plural = _("chỉ tiêu của mẫu báo cáo")
        ordering = ["regime", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "code"], name="report_regimes_cell_code_unique"),
        ]

    def __str__(self):
        return f"{self.code}. {self.label}"


class Status(models.TextChoices):
    DRAFT = "draft", _("Đang lập")
    AWAITING_SIGNATURE = "awaiting_signature", _("Chờ lãnh đạo ký")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại để sửa")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class ReportInstance(models.Model):
    Status = Status

    regime = models.ForeignKey(
        ReportRegime, verbose_name=_("chế độ báo cáo"), on_delete=models.PROTECT, related_name="instances"
    )
    reporter = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan báo cáo"),
        on_delete=models.PROTECT,
        related_name="report_instances",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("kỳ số"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    deadline = models.DateField(_("hạn gửi"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    values = models.JSONField(_("số liệu"), default=dict, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submissions = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    is_late = models.BooleanField(_("gửi muộn"), default=False)
    signed_file = models.FileField(_("tệp đã ký số"), upload_to=_signed_path, blank=True)
    verify_token = models.CharField(_("mã xác thực"), max_length=64, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period_end", "regime", "reporter__name", "pk"]
        permissions = [
            ("fill_reportinstance", _("Lập báo cáo định kỳ của cơ quan mình")),
            ("sign_reportinstance", _("Ký số, gửi báo cáo định kỳ của cơ quan mình")),
            ("review_reportinstance", _("Tiếp nhận báo cáo định kỳ gửi đến cơ quan mình")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "reporter", "period_start"], name="report_regimes_instance_unique"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_regimes_instance_period"
            ),
        ]
        indexes = [
            models.Index(fields=["regime", "period_start", "status"], name="report_regimes_by_period"),
            models.Index(fields=["reporter", "status"], name="report_regimes_by_reporter"),
            models.Index(fields=["status", "deadline"], name="report_regimes_by_deadline"),
        ]

    def __str__(self):
        return f"{self.regime} – {self.period_label} – {self.reporter}"

    @property
    def period_label(self) -> str:
        from .periods import period_label

        return period_label(self.regime.frequency, self.year, self.number)


class Reminder(models.Model):
    """A reminder step sent for an instance: the row is the claim, so each step goes out once."""

    instance = models.ForeignKey(ReportInstance, on_delete=models.CASCADE, related_name="reminders")
    step = models.SmallIntegerField(_("số ngày làm việc trước hạn"))
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("số người nhận"), default=0)

    class Meta:
        verbose_name = _("nhắc hạn báo cáo")
        verbose_name_plural = _("nhắc hạn báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["instance", "step"], name="report_regimes_reminder_once"),
        ]

    def __str__(self):
        return f"{self.instance} ({self.step})"
