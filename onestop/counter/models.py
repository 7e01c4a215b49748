"""The counter queue of a one-stop desk: a kiosk hands out numbered tickets per service area, the officers
call them to their counters, a TV board shows who is served where.

A ticket's number comes from `egov.numbering` per area and local day (so numbers restart every day and
never collide); its status moves only through `counter.workflow.TICKET` in `counter.services`. The waiting
and service times are stored in seconds when they end, so the reports sum and average plain integers."""

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PREFIX = re.compile(r"^[A-Z]{1,2}\Z")


class ServiceArea(models.Model):
    """Khu vực / lĩnh vực tiếp nhận: the kiosk shows one button per active area of the desk."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="counter_areas"
    )
    name = models.CharField(_("tên khu vực"), max_length=100)
    prefix = models.CharField(
        _("chữ đầu số"),
        max_length=2,
        validators=[RegexValidator(PREFIX, _("Chữ đầu số là một hoặc hai chữ cái in hoa (A, B, HT...)."))],
        help_text=_("In trước số thứ tự: A001, B014..."),
    )
    fields = models.ManyToManyField(
        "services.Field", verbose_name=_("lĩnh vực thủ tục"), blank=True, related_name="counter_areas"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("khu vực xếp hàng")
        verbose_name_plural = _("khu vực xếp hàng")
        ordering = ["agency", "order", "prefix"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "prefix"], name="counter_area_prefix_unique"),
        ]

    def __str__(self):
        return f"{self.prefix} · {self.name}"


class Counter(models.Model):
    """Quầy: a numbered window of the desk, serving some areas, with the officer sitting at it."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="counters"
    )
    number = models.PositiveSmallIntegerField(_("số quầy"))
    name = models.CharField(_("tên quầy"), max_length=100, blank=True)
    areas = models.ManyToManyField(ServiceArea, verbose_name=_("khu vực phục vụ"), related_name="counters")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đang ngồi quầy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counter_seats",
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("quầy tiếp nhận")
        verbose_name_plural = _("quầy tiếp nhận")
        ordering = ["agency", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="counter_number_unique"),
            # an officer sits at one counter at a time
            models.UniqueConstraint(
                fields=["officer"], condition=Q(officer__isnull=False), name="counter_one_seat_per_officer"
            ),
        ]

    def __str__(self):
        label = _("Quầy %(n)s") % {"n": self.number}
        return f"{label} · {self.name}" if self.name else str(label)


class KioskDevice(models.Model):
    """A kiosk registered by the agency admin. Only the SHA-256 of its token is kept: the token is shown
    once, at registration; activating the device puts a signed cookie on it instead."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="kiosks"
    )
    name = models.CharField(_("tên thiết bị"), max_length=100)
    token_hash = models.CharField(_("mã băm của khóa"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    last_seen_at = models.DateTimeField(_("dùng gần nhất"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("máy lấy số")
        verbose_name_plural = _("máy lấy số")
        ordering = ["agency", "name"]

    def __str__(self):
        return self.name

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class Status(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    CALLED = "called", _("Đã gọi")
    SERVING = "serving", _("Đang phục vụ")
    DONE = "done", _("Đã xong")
    SKIPPED = "skipped", _("Vắng mặt")
    CANCELLED = "cancelled", _("Hủy cuối ngày")


# The ticket a counter is busy with: called to it, or being served there.
AT_COUNTER = frozenset({Status.CALLED, Status.SERVING})


class PriorityKind(models.TextChoices):
    ELDERLY = "elderly", _("Người cao tuổi")
    PREGNANT = "pregnant", _("Phụ nữ mang thai")
    DISABILITY = "disability", _("Người khuyết tật")


class Ticket(models.Model):
    """Số thứ tự: one per kiosk tap. `code` is the printed number (prefix + number, e.g. A007)."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="tickets"
    )
    area = models.ForeignKey(
        ServiceArea, verbose_name=_("khu vực"), on_delete=models.PROTECT, related_name="tickets"
    )
    day = models.DateField(_("ngày"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    code = models.CharField(_("số"), max_length=12)
    is_priority = models.BooleanField(_("ưu tiên"), default=False)
    priority_kind = models.CharField(
        _("đối tượng ưu tiên"), max_length=12, choices=PriorityKind.choices, blank=True
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.WAITING)
    device = models.ForeignKey(
        KioskDevice,
        verbose_name=_("máy lấy số"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    issued_at = models.DateTimeField(_("lấy số lúc"))
    called_at = models.DateTimeField(_("gọi lần đầu lúc"), null=True, blank=True)
    last_called_at = models.DateTimeField(_("gọi gần nhất lúc"), null=True, blank=True)
    calls = models.PositiveSmallIntegerField(_("số lần gọi"), default=0)
    served_at = models.DateTimeField(_("bắt đầu phục vụ lúc"), null=True, blank=True)
    done_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("quầy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counter_tickets",
    )
    dossier = models.ForeignKey(
        "onestop.Dossier",
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counter_tickets",
    )
    # called_at - issued_at and done_at - served_at, in seconds, written when they end (for the reports)
    wait_seconds = models.PositiveIntegerField(_("thời gian chờ (giây)"), null=True, blank=True)
    service_seconds = models.PositiveIntegerField(_("thời gian phục vụ (giây)"), null=True, blank=True)

    class Meta:
        verbose_name = _("số thứ tự")
        verbose_name_plural = _("số thứ tự")
        ordering = ["-day", "area", "number"]
        permissions = [("call_ticket", _("Gọi số tại quầy"))]
        constraints = [
            models.UniqueConstraint(fields=["area", "day", "number"], name="counter_ticket_number_unique"),
            models.CheckConstraint(
                condition=Q(is_priority=False, priority_kind="") | Q(is_priority=True) & ~Q(priority_kind=""),
                name="counter_ticket_priority_has_kind",
            ),
        ]
        indexes = [
            # the next ticket to call: today's waiting ones of an area, priority first, then oldest
            models.Index(fields=["area", "day", "status", "-is_priority", "issued_at"], name="counter_next"),
            # the reports: an agency's tickets by day, with their waiting and service times
            models.Index(fields=["agency", "day", "wait_seconds", "service_seconds"], name="counter_times"),
            models.Index(fields=["counter", "status"], name="counter_at_counter"),
        ]

    def __str__(self):
        return f"{self.code} ({self.day:%d/%m/%Y})"
