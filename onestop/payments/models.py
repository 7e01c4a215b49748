"""Online payment of a dossier's fees (regulations §3): one Payment per attempt sent to the gateway, a log
row for every notification the gateway sent (accepted or not), the mismatches the daily reconciliation
found, and the local test gateway's own record of the transactions it took."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    """Một giao dịch thanh toán trực tuyến phí, lệ phí của hồ sơ."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Không thành công")
        CANCELLED = "cancelled", _("Đã hủy")
        EXPIRED = "expired", _("Hết hạn")

    txn_ref = models.CharField(_("mã giao dịch"), max_length=40, unique=True)
    dossier = models.ForeignKey(
        "onestop.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payments"
    )
    # the agency that collects the fees and numbers the receipts: the dossier's competent agency
    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan thu"), on_delete=models.PROTECT, related_name="+"
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    # the fee lines as they were when the attempt started, for the receipt
    fee_lines = models.JSONField(_("các khoản phí, lệ phí"), default=list)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    gateway = models.CharField(_("cổng thanh toán"), max_length=20, default="vnpay")
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    settled_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    gateway_txn_no = models.CharField(_("mã giao dịch tại cổng"), max_length=40, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    pay_date = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    response_code = models.CharField(_("mã phản hồi"), max_length=4, blank=True)
    raw_ipn = models.JSONField(_("thông báo IPN đã nhận"), null=True, blank=True)
    receipt_year = models.PositiveSmallIntegerField(_("năm biên lai"), null=True, blank=True)
    receipt_number = models.PositiveIntegerField(_("số biên lai"), null=True, blank=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "paid", "failed", "cancelled", "expired"]),
                name="payment_status_known",
            ),
            # one attempt open at a time: a double click gets the same one
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status="pending"), name="payment_one_open_per_dossier"
            ),
            # paid means numbered, and a receipt number is never given twice in an agency's year
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(receipt_number__isnull=False, receipt_year__isnull=False),
                name="payment_paid_has_receipt",
            ),
            models.UniqueConstraint(
                fields=["agency", "receipt_year", "receipt_number"],
                condition=Q(receipt_number__isnull=False),
                name="payment_receipt_unique",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="payment_created")]

    def __str__(self):
        return self.txn_ref

    @property
    def receipt_code(self) -> str:
        return f"{self.receipt_number:07d}/{self.receipt_year}" if self.receipt_number else ""


class Notification(models.Model):
    """One notification (IPN) the gateway sent, kept whatever the answer."""

    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    method = models.CharField(_("phương thức"), max_length=8, blank=True)
    remote_addr = models.CharField(_("địa chỉ gửi"), max_length=64, blank=True)
    txn_ref = models.CharField(_("mã giao dịch"), max_length=40, blank=True)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("giao dịch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    params = models.JSONField(_("tham số (đã làm sạch)"), default=dict)
    rsp_code = models.CharField(_("mã trả lời"), max_length=2)
    message = models.CharField(_("lý do"), max_length=300)

    class Meta:
        verbose_name = _("thông báo từ cổng thanh toán")
        verbose_name_plural = _("nhật ký thông báo từ cổng thanh toán")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.txn_ref or '?'}: {self.rsp_code}"

    @property
    def accepted(self) -> bool:
        return self.rsp_code == "00"


class Mismatch(models.Model):
    """A difference between the portal's record and the gateway's, found by the daily reconciliation."""

    class Kind(models.TextChoices):
        PAID_HERE_ONLY = "paid_here_only", _("Đã thanh toán tại Cổng, cổng thanh toán không ghi nhận")
        PAID_THERE_ONLY = "paid_there_only", _("Cổng thanh toán đã thu, Cổng chưa ghi nhận")
        AMOUNT = "amount", _("Số tiền khác nhau")
        STATUS = "status", _("Trạng thái khác nhau")

    day = models.DateField(_("ngày đối soát"))
    txn_ref = models.CharField(_("mã giao dịch"), max_length=40)
    kind = models.CharField(_("loại chênh lệch"), max_length=20, choices=Kind.choices)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("giao dịch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan thu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    here_status = models.CharField(_("trạng thái tại Cổng"), max_length=20, blank=True)
    there_status = models.CharField(_("trạng thái tại cổng thanh toán"), max_length=20, blank=True)
    here_amount = models.PositiveBigIntegerField(_("số tiền tại Cổng"), null=True, blank=True)
    there_amount = models.PositiveBigIntegerField(_("số tiền tại cổng thanh toán"), null=True, blank=True)
    found_at = models.DateTimeField(_("phát hiện lúc"), auto_now=True)

    class Meta:
        verbose_name = _("chênh lệch đối soát")
        verbose_name_plural = _("chênh lệch đối soát")
        ordering = ["-day", "txn_ref", "kind"]
        permissions = [("view_reconciliation", _("Xem kết quả đối soát thanh toán"))]
        constraints = [
            models.UniqueConstraint(fields=["day", "txn_ref", "kind"], name="payment_mismatch_once"),
        ]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.txn_ref}: {self.get_kind_display()}"


class GatewayTransaction(models.Model):
    """The local test gateway's side: what it was asked to collect and what happened, as a real gateway
    keeps it. Reconciliation queries it through the same protocol as a real gateway."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ người mua thanh toán")
        PAID = "paid", _("Thành công")
        CANCELLED = "cancelled", _("Khách hàng hủy")

    txn_ref = models.CharField(_("mã giao dịch của đơn vị"), max_length=40, unique=True)
    tmn_code = models.CharField(_("mã đơn vị"), max_length=20)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    order_info = models.CharField(_("nội dung"), max_length=255)
    return_url = models.CharField(_("địa chỉ trả về"), max_length=500)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=20, unique=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    pay_date = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("giao dịch tại cổng thanh toán thử")
        verbose_name_plural = _("giao dịch tại cổng thanh toán thử")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.txn_ref} ({self.get_status_display()})"
