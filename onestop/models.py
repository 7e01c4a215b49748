"""The one-stop desk (một cửa): dossiers received at a desk or online, processed step by step against the
legal deadline, and returned (regulations §2).

A dossier keeps the ProcedureVersion it was received under: later catalogue edits never change it. Every
status change goes through `onestop.workflow.DOSSIER` in `onestop.services`; every hand-over is a
DossierStep (the rows of the Mẫu 06 control slip), every pause of the clock a DossierPause."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.workdays.clock import TimeUnit


class Status(models.TextChoices):
    WAITING_CHECK = "waiting_check", _("Chờ kiểm tra (nộp trực tuyến)")
    NEEDS_COMPLETION = "needs_completion", _("Yêu cầu hoàn thiện hồ sơ")
    REFUSED_INTAKE = "refused_intake", _("Từ chối tiếp nhận")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    TRANSFERRED = "transferred", _("Đã chuyển phòng chuyên môn")
    PROCESSING = "processing", _("Đang thẩm định")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ lãnh đạo phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
    AT_OTHER_AGENCY = "at_other_agency", _("Đang xử lý liên thông")
    RESULT_SIGNING = "result_signing", _("Kết quả chờ ký số")
    RESULT_SEALING = "result_sealing", _("Kết quả chờ đóng dấu")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ nộp phí, lệ phí")
    RESULT_READY = "result_ready", _("Có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")
    STOPPED = "stopped", _("Dừng giải quyết")
    REFUSED = "refused", _("Từ chối giải quyết")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")


# Accepted and not finished: the legal clock runs (or is paused) for these.
OPEN_STATUSES = frozenset(
    {
        Status.ACCEPTED,
        Status.TRANSFERRED,
        Status.PROCESSING,
        Status.AWAITING_APPROVAL,
        Status.APPROVED,
        Status.SUPPLEMENT,
        Status.AWAITING_PAYMENT,
        Status.AT_OTHER_AGENCY,
        Status.RESULT_SIGNING,
        Status.RESULT_SEALING,
    }
)
FINAL_STATUSES = frozenset(
    {Status.REFUSED_INTAKE, Status.RETURNED, Status.STOPPED, Status.REFUSED, Status.WITHDRAWN}
)


class Channel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    DIRECT = "direct", _("Trực tiếp")
    POST = "post", _("Qua bưu chính công ích")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("Tại Bộ phận Một cửa")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Qua bưu chính công ích")


class StepClass(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


def result_path(instance, filename):
    return f"onestop/ket-qua/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


def paper_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"onestop/giay-to/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Dossier(models.Model):
    """Hồ sơ thủ tục hành chính."""

    code = models.CharField(
        _("mã hồ sơ"),
        max_length=60,
        null=True,
        blank=True,
        default=None,
        help_text=_("<mã định danh cơ quan tiếp nhận>-<yymmdd>-<số thứ tự trong ngày>, cấp khi tiếp nhận."),
    )
    version = models.ForeignKey(
        "services.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)

    # Applicant: a citizen's account, or a walk-in person or organisation.
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant_kind = models.CharField(
        _("loại người nộp"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("tên người nộp / tổ chức"), max_length=200)
    applicant_personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    applicant_org_code = models.CharField(_("mã số doanh nghiệp / mã số thuế"), max_length=20, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)

    receiving_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    competent_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="competent_dossiers",
    )
    draft = models.OneToOneField(
        "services.FormDraft",
        verbose_name=_("hồ sơ nháp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossier",
        help_text=_("Hồ sơ nháp đã nộp: mỗi bản nháp chỉ tạo một hồ sơ."),
    )
    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)
    fees_due = models.PositiveBigIntegerField(_("phí, lệ phí phải nộp (đồng)"), default=0)
    fees_paid = models.PositiveBigIntegerField(_("phí, lệ phí đã nộp (đồng)"), default=0)
    # the catalogue's exemption the applicant qualifies for, recorded when fees_due is lowered for it
    fee_exemption_reason = models.CharField(_("lý do miễn, giảm phí"), max_length=500, blank=True)
    copies = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)

    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), default=timezone.now)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    completion_requested_at = models.DateTimeField(_("yêu cầu hoàn thiện lúc"), null=True, blank=True)
    result_ready_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    # Who holds it now (the open step's receiver): the queues read these, not the steps.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="held_dossiers",
    )
    holder_department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("phòng ban đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    result_name = models.CharField(_("kết quả"), max_length=300, blank=True)
    result_file = models.FileField(_("tệp kết quả"), upload_to=result_path, blank=True)
    # the public verification token its QR code shows, chosen before the result is signed
    result_verify_token = models.CharField(_("mã xác thực kết quả"), max_length=40, blank=True)
    decision_reason = models.TextField(
        _("lý do"), blank=True, help_text=_("Lý do yêu cầu hoàn thiện, từ chối, dừng hoặc rút hồ sơ.")
    )
    return_method = models.CharField(
        _("hình thức trả kết quả"), max_length=10, choices=ReturnMethod.choices, blank=True
    )
    returned_to = models.CharField(_("người nhận kết quả"), max_length=200, blank=True)
    post_dispatch = models.CharField(_("số vận đơn bưu chính"), max_length=60, blank=True)

    # The deadline sweep's marks: each reminder is sent once.
    near_due_flagged_at = models.DateTimeField(_("báo sắp đến hạn lúc"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("báo quá hạn lúc"), null=True, blank=True)
    apology_due_flagged_at = models.DateTimeField(_("báo cần xin lỗi lúc"), null=True, blank=True)
    uncollected_flagged_at = models.DateTimeField(_("báo chưa nhận kết quả lúc"), null=True, blank=True)

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at"]
        # the clerk (văn thư) seals results without seeing the desk's other dossiers
        permissions = [("seal_result", _("Đóng dấu kết quả giải quyết"))]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(code__isnull=False), name="dossier_code_unique"
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="dossier_status_known"),
            # Accepted means numbered and on the clock (§2.3, §2.4).
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | (Q(code__isnull=False) & Q(due_at__isnull=False) & Q(original_due_at__isnull=False)),
                name="dossier_accepted_has_code_and_due",
            ),
            models.CheckConstraint(
                condition=~Q(applicant_user__isnull=True, applicant_name=""), name="dossier_has_applicant"
            ),
            models.CheckConstraint(
                condition=Q(fees_paid__lte=F("fees_due")), name="dossier_fees_not_overpaid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(accepted_at__gte=F("submitted_at")),
                name="dossier_accepted_after_submitted",
            ),
        ]
        indexes = [
            # Queues: my dossiers by due time; a department's; the desk's; the deadline sweep.
            models.Index(
                fields=["holder", "due_at"], name="dossier_holder_due", condition=Q(closed_at__isnull=True)
            ),
            # the department head's and the leader's queues read these in due order, with no sort
            models.Index(
                fields=["holder_department", "due_at", "id"],
                name="dossier_department_due",
                condition=Q(closed_at__isnull=True),
            ),
            models.Index(
                fields=["competent_agency", "due_at", "id"],
                name="dossier_competent_open_due",
                condition=Q(closed_at__isnull=True),
            ),
            models.Index(fields=["competent_agency", "status", "due_at"], name="dossier_competent_status"),
            models.Index(fields=["receiving_agency", "status", "submitted_at"], name="dossier_desk_status"),
            models.Index(fields=["receiving_agency", "accepted_at"], name="dossier_desk_accepted"),
            models.Index(
                fields=["status", "due_at"], name="dossier_sweep", condition=Q(closed_at__isnull=True)
            ),
            models.Index(fields=["applicant_user", "-submitted_at"], name="dossier_applicant"),
        ]

    def __str__(self):
        return self.code or f"Hồ sơ #{self.pk} (chưa cấp mã)"

    @property
    def procedure(self):
        return self.version.procedure

    @property
    def status_label(self) -> str:
        """get_status_display without its cost: Django rebuilds the choices map, hashing every lazy label,
        on each call (a third of "Hồ sơ của tôi"'s rendering)."""
        return Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Past the appointment and not finished (a returned dossier is judged by its returned time)."""
        if self.due_at is None:
            return False
        if self.returned_at is not None:
            return self.returned_at > self.due_at
        return self.status in OPEN_STATUSES | {Status.RESULT_READY} and timezone.now() > self.due_at


class DossierPaper(models.Model):
    """A paper received with the dossier (or later as a supplement), against the version's checklist."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        COPY = "copy", _("Bản sao")
        CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="papers")
    required_paper = models.ForeignKey(
        "services.RequiredPaper",
        verbose_name=_("thành phần hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Trống: giấy tờ nộp thêm, ngoài danh mục."),
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    kind = models.CharField(
        _("bản chính / bản sao"), max_length=20, choices=Kind.choices, default=Kind.ORIGINAL
    )
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1, validators=[MinValueValidator(1)])
    file = models.FileField(_("bản quét"), upload_to=paper_path, blank=True)
    is_supplement = models.BooleanField(_("nộp bổ sung"), default=False)
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("giấy tờ đã nhận")
        verbose_name_plural = _("giấy tờ đã nhận")
        ordering = ["dossier", "received_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="dossier_paper_count_positive")]

    def __str__(self):
        return self.name


class DossierPause(models.Model):
    """A stop of the clock: waiting for the applicant's supplement (§2.4 step 3), then resumed."""

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
        OBLIGATION = "obligation", _("Chờ thực hiện nghĩa vụ tài chính")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.SUPPLEMENT)
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan yêu cầu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do, nội dung cần bổ sung"))
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận bổ sung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tạm dừng tính thời hạn")
        verbose_name_plural = _("tạm dừng tính thời hạn")
        ordering = ["dossier", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(ended_at__isnull=True), name="dossier_one_open_pause"
            ),
            # A processing body asks for a supplement once (§2.4 step 3).
            models.UniqueConstraint(
                fields=["dossier", "agency"],
                condition=Q(kind="supplement"),
                name="dossier_supplement_once_per_body",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="dossier_pause_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.started_at:%d/%m/%Y})"


class DossierStep(models.Model):
    """One hand-over: a row of the Mẫu 06 control slip (giver, receiver, times, budget, class)."""

    class Kind(models.TextChoices):
        RECEIVE = "receive", _("Tiếp nhận hồ sơ")
        HAND_OVER = "hand_over", _("Chuyển phòng chuyên môn")
        ASSIGN = "assign", _("Phân công thẩm định")
        APPROVE = "approve", _("Trình phê duyệt")
        RESULT = "result", _("Hoàn thiện kết quả")
        INTERAGENCY = "interagency", _("Liên thông cơ quan khác")
        RETURN = "return", _("Trả kết quả")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại bước"), max_length=12, choices=Kind.choices)
    version_step = models.ForeignKey(
        "services.ProcessingStep",
        verbose_name=_("bước trong quy trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("đơn vị giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan giao"), on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("đơn vị nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan nhận"), on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("giao lúc"))
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    budget = models.DecimalField(
        _("thời gian được giao"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    budget_unit = models.CharField(_("đơn vị"), max_length=5, choices=TimeUnit.choices, default=TimeUnit.DAYS)
    due_at = models.DateTimeField(_("hạn xử lý bước"), null=True, blank=True)
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    step_class = models.CharField(_("kết quả"), max_length=8, choices=StepClass.choices, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bước giao nhận")
        verbose_name_plural = _("phiếu kiểm soát quá trình")
        ordering = ["dossier", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_order_unique"),
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(done_at__isnull=True), name="dossier_one_open_step"
            ),
            # The class is set exactly when the step is done.
            models.CheckConstraint(
                condition=(Q(done_at__isnull=True) & Q(step_class=""))
                | (Q(done_at__isnull=False) & ~Q(step_class="")),
                name="dossier_step_class_when_done",
            ),
        ]
        indexes = [models.Index(fields=["to_department", "dossier"], name="dossier_step_department")]

    def __str__(self):
        return f"{self.order}. {self.get_kind_display()}"


class DossierEvent(models.Model):
    """The dossier's timeline, as shown on its page."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=40)
    label = models.CharField(_("nội dung"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("trạng thái sau"), max_length=20, choices=Status.choices, blank=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["dossier", "at", "id"]

    def __str__(self):
        return self.label


class DossierApology(models.Model):
    """Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): sent at least one working day before due."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="apologies")
    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan xin lỗi"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do chậm"))
    previous_due_at = models.DateTimeField(_("hẹn trả cũ"))
    new_due_at = models.DateTimeField(_("hẹn trả mới"))
    created_at = models.DateTimeField(_("lập lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản xin lỗi, hẹn lại")
        verbose_name_plural = _("văn bản xin lỗi, hẹn lại")
        ordering = ["dossier", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_at__gt=F("previous_due_at")), name="dossier_apology_later_date"
            )
        ]

    def __str__(self):
        return f"Xin lỗi, hẹn lại {self.new_due_at:%d/%m/%Y}"


class Rating(models.IntegerChoices):
    """The applicant's satisfaction with a returned dossier (regulations §2.6): a short scale."""

    VERY_SATISFIED = 4, _("Rất hài lòng")
    SATISFIED = 3, _("Hài lòng")
    NEUTRAL = 2, _("Bình thường")
    DISSATISFIED = 1, _("Không hài lòng")


class DossierRating(models.Model):
    """One rating per dossier, given online by the applicant or at the desk on the officer's tablet page."""

    class Source(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        DESK = "desk", _("Tại Bộ phận Một cửa")

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("mức độ hài lòng"), choices=Rating.choices)
    comment = models.TextField(_("góp ý"), max_length=1000, blank=True)
    source = models.CharField(_("nơi đánh giá"), max_length=10, choices=Source.choices)
    # the desk's officer who opened the tablet page; empty for an online rating
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ mở trang đánh giá"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("đánh giá lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=4), name="dossier_rating_scale"),
        ]

    def __str__(self):
        return f"{self.dossier}: {self.get_score_display()}"
