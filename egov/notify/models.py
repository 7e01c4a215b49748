"""Messages to people (e-mail, SMS) with their delivery status, and the local SMS outbox.

A Message is one channel of one event for one recipient; its key makes the same event queued once. The
status moves only through `workflow.MESSAGE` (conditional UPDATEs in `services`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class Status(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
    GAVE_UP = "gave_up", _("Không gửi được")


class Message(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("địa chỉ nhận"), max_length=254)
    event = models.CharField(_("sự kiện"), max_length=40)
    subject = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"))
    # what the message is about, e.g. "onestop.dossier:42"
    related = models.CharField(_("đối tượng liên quan"), max_length=100, blank=True)
    key = models.CharField(_("khóa chống trùng"), max_length=150)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=300, blank=True)
    provider_id = models.CharField(_("mã của nhà cung cấp"), max_length=100, blank=True)
    queued_at = models.DateTimeField(_("đưa vào hàng đợi lúc"), default=timezone.now)
    # when a worker should (next) take it: the retry time of a failed one; the beat sweep looks at it
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), default=timezone.now)
    claimed_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin gửi người dân")
        verbose_name_plural = _("tin gửi người dân")
        ordering = ["-queued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["key", "channel"], name="notify_message_once")]
        indexes = [
            models.Index(fields=["user", "-queued_at"], name="notify_message_user"),
            models.Index(fields=["status", "next_attempt_at"], name="notify_message_due"),
            models.Index(fields=["related"], name="notify_message_related"),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}: {self.subject or self.body[:60]}"

    @property
    def citizen_status(self) -> str:
        """What the recipient reads: a queued message is on its way as much as one being sent."""
        return Status.SENDING.label if self.status == Status.QUEUED else self.get_status_display()


class LocalSms(models.Model):
    """What a phone would have received from the local SMS provider (development, demo, tests)."""

    phone = models.CharField(_("số điện thoại"), max_length=20)
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tin nhắn SMS (máy chủ thử)")
        verbose_name_plural = _("tin nhắn SMS (máy chủ thử)")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.phone}: {self.text[:60]}"
