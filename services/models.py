"""The public-service catalogue: administrative procedures (thủ tục hành chính), their versions, required
papers, fees, processing steps and online forms; and the citizens' form drafts.

A procedure changes over time: every change is a new ProcedureVersion effective from a date. A version
holds what a dossier depends on (papers, fees, steps, time limit, form), and is immutable once published,
because dossiers keep a foreign key to the version they were submitted under."""

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.accounts.roles import Role
from egov.errors import DomainError, TransitionNotAllowed
from egov.text import fold, vnd
from egov.workdays.clock import TimeUnit

from .workflow import VERSION_WORKFLOW

PROCEDURE_CODE = RegexValidator(
    r"^\d{1,2}\.\d{6}(\.[0-9A-Z]+)*$",
    _("Mã thủ tục phải có dạng 1.001193 (mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính)."),
)


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to (Hộ tịch, Chứng thực, Xây dựng, Đất đai...)."""

    code = models.CharField(_("mã lĩnh vực"), max_length=20, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        for procedure in self.procedures.all():  # the field's name is part of each procedure's search text
            procedure.save(update_fields=["updated_at"])


class HandlingLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 01/07/2025)")
    COMMUNE = "commune", _("Cấp xã")


class OnlineLevel(models.IntegerChoices):
    """Decree 43/2011/NĐ-CP."""

    LEVEL_1 = 1, _("Mức độ 1 — thông tin")
    LEVEL_2 = 2, _("Mức độ 2 — tải biểu mẫu")
    LEVEL_3 = 3, _("Mức độ 3 — nộp hồ sơ trực tuyến")
    LEVEL_4 = 4, _("Mức độ 4 — nộp và thanh toán trực tuyến")


class Classification(models.TextChoices):
    """Decree 42/2022/NĐ-CP."""

    FULL = "toan_trinh", _("Dịch vụ công trực tuyến toàn trình")
    PARTIAL = "mot_phan", _("Dịch vụ công trực tuyến một phần")
    INFO_ONLY = "thong_tin", _("Chỉ cung cấp thông tin")


class ProcedureQuerySet(models.QuerySet):
    def published(self, day: date | None = None):
        """Procedures with a published version in force on `day` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(
            versions__status=ProcedureVersion.Status.PUBLISHED, versions__effective_from__lte=day
        ).distinct()


class Procedure(models.Model):
    """Thủ tục hành chính, as listed in the national procedure database."""

    code = models.CharField(_("mã thủ tục"), max_length=40, unique=True, validators=[PROCEDURE_CODE])
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures"
    )
    handling_level = models.CharField(_("cấp thực hiện"), max_length=10, choices=HandlingLevel.choices)
    competent_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan có thẩm quyền"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competent_procedures",
    )
    receiving_agencies = models.ManyToManyField(
        "directory.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        blank=True,
        related_name="receivable_procedures",
    )
    online_level = models.PositiveSmallIntegerField(
        _("mức độ trực tuyến (NĐ 43/2011)"), choices=OnlineLevel.choices, default=OnlineLevel.LEVEL_2
    )
    classification = models.CharField(
        _("phân loại (NĐ 42/2022)"),
        max_length=12,
        choices=Classification.choices,
        default=Classification.INFO_ONLY,
    )
    accepts_online = models.BooleanField(_("nộp trực tuyến"), default=False)
    accepts_in_person = models.BooleanField(_("nộp trực tiếp"), default=True)
    accepts_postal = models.BooleanField(_("nộp qua bưu chính công ích"), default=False)
    returns_online = models.BooleanField(_("trả kết quả trực tuyến"), default=False)
    returns_in_person = models.BooleanField(_("trả kết quả trực tiếp"), default=True)
    returns_postal = models.BooleanField(_("trả kết quả qua bưu chính"), default=False)
    applicants = models.CharField(
        _("đối tượng thực hiện"), max_length=300, blank=True, default="Công dân Việt Nam"
    )
    description = models.TextField(_("mô tả ngắn"), blank=True)
    search_text = models.TextField(_("văn bản tìm kiếm (không dấu)"), blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(online_level__gte=1, online_level__lte=4), name="procedure_online_level_1_4"
            ),
            # Decree 42/2022: a "toàn trình" service is submitted online and returned online or by post.
            models.CheckConstraint(
                condition=~Q(classification="toan_trinh")
                | (Q(accepts_online=True) & (Q(returns_online=True) | Q(returns_postal=True))),
                name="procedure_full_online_channels",
            ),
            # Levels 3 and 4 (Decree 43/2011) mean the dossier is submitted online.
            models.CheckConstraint(
                condition=Q(online_level__lte=2) | Q(accepts_online=True), name="procedure_level34_online"
            ),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
        from .search import refresh_search_vector

        refresh_search_vector(self)

    def clean(self):
        super().clean()
        errors = {}
        if self.classification == Classification.FULL:
            if not self.accepts_online:
                errors["accepts_online"] = _("Dịch vụ toàn trình phải cho phép nộp hồ sơ trực tuyến.")
            if not (self.returns_online or self.returns_postal):
                errors["returns_online"] = _(
                    "Dịch vụ toàn trình phải trả kết quả trực tuyến hoặc qua bưu chính công ích."
                )
            if self.online_level and self.online_level < OnlineLevel.LEVEL_3:
                errors["online_level"] = _("Dịch vụ toàn trình phải đạt mức độ 3 hoặc 4.")
        if self.online_level and self.online_level >= OnlineLevel.LEVEL_3 and not self.accepts_online:
            errors.setdefault(
                "accepts_online",
                _("Mức độ 3 và 4 nghĩa là hồ sơ được nộp trực tuyến: hãy chọn “nộp trực tuyến”."),
            )
        if self.classification != Classification.INFO_ONLY and self.online_level < OnlineLevel.LEVEL_3:
            errors["classification"] = _(
                "Dịch vụ mức độ 1–2 chỉ cung cấp thông tin; chọn “Chỉ cung cấp thông tin” hoặc nâng mức độ."
            )
        if errors:
            raise ValidationError(errors)

    def compute_search_text(self) -> str:
        field_name = self.field.name if self.field_id else ""
        return fold(" ".join([self.code, self.name, field_name]))

    @property
    def is_online(self) -> bool:
        """Dossiers can be submitted online (levels 3–4)."""
        return self.online_level >= OnlineLevel.LEVEL_3 and self.accepts_online

    def version_on(self, day: date) -> "ProcedureVersion | None":
        """The published version in force on `day`: the latest effective date not after it."""
        return (
            self.versions.filter(status=ProcedureVersion.Status.PUBLISHED, effective_from__lte=day)
            .order_by("-effective_from", "-number")
            .first()
        )

    @property
    def current_version(self) -> "ProcedureVersion | None":
        if not hasattr(self, "_current_version"):
            self._current_version = self.version_on(timezone.localdate())
        return self._current_version


class ProcedureVersion(models.Model):
    """One edition of a procedure's rules. Immutable once published: make a new version instead."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã công bố")
        WITHDRAWN = "withdrawn", _("Đã ngừng công bố")

    # Only these columns may change on a version that is no longer a draft (by services.publish/unpublish).
    STATUS_FIELDS = frozenset({"status", "published_at", "published_by", "withdrawn_at"})

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    effective_from = models.DateField(_("có hiệu lực từ ngày"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    change_note = models.CharField(_("nội dung thay đổi"), max_length=500, blank=True)
    time_limit_amount = models.DecimalField(
        _("thời hạn giải quyết"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Số ngày làm việc (hoặc số giờ làm việc). 0 ngày nghĩa là giải quyết trong ngày."),
    )
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=5, choices=TimeUnit.choices, default=TimeUnit.DAYS
    )
    cutoff_time = models.TimeField(
        _("giờ tiếp nhận tối đa trong ngày"),
        null=True,
        blank=True,
        help_text=_("Ví dụ 15:00: hồ sơ tiếp nhận sau giờ này được tính từ ngày làm việc tiếp theo."),
    )
    time_limit_note = models.CharField(_("ghi chú thời hạn"), max_length=300, blank=True)
    result_name = models.CharField(_("kết quả thực hiện"), max_length=300)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    allows_supplement = models.BooleanField(_("cho phép yêu cầu bổ sung hồ sơ"), default=True)
    allows_extension = models.BooleanField(_("cho phép gia hạn"), default=False)
    form_schema = models.JSONField(_("biểu mẫu điện tử (JSON Schema)"), default=dict, blank=True)
    form_layout = models.JSONField(_("bố cục biểu mẫu"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("ngừng công bố lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-number"]
        permissions = [("publish_procedureversion", _("Công bố, ngừng công bố phiên bản thủ tục"))]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["procedure", "effective_from"],
                condition=Q(status="published"),
                name="version_one_published_per_date",
            ),
            models.CheckConstraint(condition=Q(time_limit_amount__gte=0), name="version_time_limit_nonneg"),
        ]

    def __str__(self):
        return f"{self.procedure.code} v{self.number} ({self.effective_from:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        stored = self._stored_status()
        self._check_transition(stored)
        if stored not in (None, self.Status.DRAFT):
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.STATUS_FIELDS:
                raise DomainError(
                    _("Phiên bản đã công bố không được sửa; hãy tạo phiên bản mới."), code="version_immutable"
                )
        super().save(*args, **kwargs)

    def _check_transition(self, stored: str | None) -> None:
        """A version is born a draft; after that its status moves only along a transition of the table."""
        if stored is None:
            if self.status != self.Status.DRAFT:
                raise TransitionNotAllowed(_("Phiên bản mới phải bắt đầu ở trạng thái dự thảo."))
        elif stored != self.status and not any(
            stored in t.sources and t.target == self.status for t in VERSION_WORKFLOW.transitions.values()
        ):
            labels = VERSION_WORKFLOW.labels
            raise TransitionNotAllowed(
                _("Không thể chuyển phiên bản từ “%(old)s” sang “%(new)s”.")
                % {"old": labels.get(stored, stored), "new": labels.get(self.status, self.status)}
            )

    def delete(self, *args, **kwargs):
        if self._stored_status() not in (None, self.Status.DRAFT):
            raise DomainError(_("Phiên bản đã công bố không được xoá."), code="version_immutable")
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def clean(self):
        super().clean()
        if (
            self.time_limit_unit == TimeUnit.DAYS
            and self.time_limit_amount is not None
            and self.time_limit_amount != int(self.time_limit_amount)
        ):
            raise ValidationError(
                {
                    "time_limit_amount": _(
                        "Thời hạn tính bằng ngày phải là số nguyên; dùng giờ cho phần lẻ của ngày."
                    )
                }
            )
        if self.cutoff_time is not None and self.time_limit_unit != TimeUnit.DAYS:
            raise ValidationError(
                {"cutoff_time": _("Giờ tiếp nhận tối đa chỉ áp dụng cho thời hạn tính bằng ngày.")}
            )
        if self.form_schema:
            from .forms_schema import schema_problems

            problems = schema_problems(self.form_schema, self.form_layout)
            if problems:
                raise ValidationError({"form_schema": problems})

    @property
    def time_limit_display(self) -> str:
        if self.time_limit_note:
            return self.time_limit_note
        amount = self.time_limit_amount.normalize() if self.time_limit_amount is not None else ""
        amount = f"{amount:f}".replace(".", ",")
        if self.time_limit_unit == TimeUnit.HOURS:
            return f"{amount} giờ làm việc"
        if self.time_limit_amount == 0:
            return "Trong ngày"
        return f"{amount} ngày làm việc"

    def steps_budget(self) -> Decimal:
        return self.steps.aggregate(total=Sum("budget"))["total"] or Decimal("0")

    def due_at(self, accepted_at, *, pauses=()):
        """The appointment time for a dossier accepted at `accepted_at` under this version."""
        from egov.workdays.clock import due_at

        return due_at(
            accepted_at, self.time_limit_amount, self.time_limit_unit, cutoff=self.cutoff_time, pauses=pauses
        )

    @property
    def has_form(self) -> bool:
        return bool(self.form_schema.get("properties")) if isinstance(self.form_schema, dict) else False


# One field list per model: the admin's forms and inlines, the API's serializers and the services use these.
PROCEDURE_FIELDS = (
    "code",
    "name",
    "field",
    "handling_level",
    "applicants",
    "description",
    "competent_agency",
    "receiving_agencies",
    "online_level",
    "classification",
    "accepts_online",
    "accepts_in_person",
    "accepts_postal",
    "returns_online",
    "returns_in_person",
    "returns_postal",
)
PAPER_FIELDS = ("order", "key", "name", "kind", "quantity", "is_mandatory", "note")
FEE_FIELDS = ("order", "kind", "name", "amount", "exemptions")
STEP_FIELDS = ("order", "kind", "name", "budget", "department", "role")

# A version's content: what a new version copies, the admin form edits, the API shows and the import writes.
VERSION_CONTENT_FIELDS = (
    "time_limit_amount",
    "time_limit_unit",
    "cutoff_time",
    "time_limit_note",
    "result_name",
    "legal_basis",
    "conditions",
    "allows_supplement",
    "allows_extension",
    "form_schema",
    "form_layout",
)


class VersionPart(models.Model):
    """A row that belongs to a version (paper, fee, step): frozen with it once published."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_version_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_version_editable()
        return super().delete(*args, **kwargs)

    def _check_version_editable(self):
        version_id = self.version_id
        if version_id is None:
            return
        status = ProcedureVersion.objects.filter(pk=version_id).values_list("status", flat=True).first()
        if status not in (None, ProcedureVersion.Status.DRAFT):
            raise DomainError(
                _("Phiên bản đã công bố không được sửa; hãy tạo phiên bản mới."), code="version_immutable"
            )


def paper_template_path(instance, filename):
    return f"services/mau/{uuid.uuid4().hex}/{filename}"


class RequiredPaper(VersionPart):
    """Thành phần hồ sơ: one paper the applicant must provide."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        COPY = "copy", _("Bản sao")
        CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
        ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao có chứng thực")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    key = models.SlugField(
        _("mã ô tải tệp"),
        max_length=40,
        help_text=_("Tên ô tải tệp trên biểu mẫu trực tuyến, ví dụ: to_khai."),
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    kind = models.CharField(
        _("bản chính / bản sao"), max_length=20, choices=Kind.choices, default=Kind.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1, validators=[MinValueValidator(1)])
    is_mandatory = models.BooleanField(_("bắt buộc"), default=True)
    template_file = models.FileField(_("mẫu đơn, tờ khai"), upload_to=paper_template_path, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("giấy tờ trong hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="paper_key_unique_in_version"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="paper_quantity_positive"),
        ]

    def __str__(self):
        return self.name


class Fee(VersionPart):
    """Phí, lệ phí."""

    class Kind(models.TextChoices):
        CHARGE = "le_phi", _("Lệ phí")
        FEE = "phi", _("Phí")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CHARGE)
    name = models.CharField(_("nội dung"), max_length=300)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    exemptions = models.CharField(_("đối tượng miễn, giảm"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return f"{self.name}: {vnd(self.amount)} đồng"


class ProcessingStep(VersionPart):
    """One step of the one-stop process, in order, with its share of the time limit."""

    class Kind(models.TextChoices):
        RECEIVE = "receive", _("Tiếp nhận hồ sơ")
        HAND_OVER = "hand_over", _("Chuyển hồ sơ")
        APPRAISE = "appraise", _("Thẩm định, xử lý")
        APPROVE = "approve", _("Phê duyệt")
        SIGN = "sign", _("Ký kết quả")
        COLLECT_FEE = "collect_fee", _("Thu phí, lệ phí")
        RETURN = "return", _("Trả kết quả")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại bước"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("mô tả"), max_length=300, blank=True)
    budget = models.DecimalField(
        _("thời gian"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Cùng đơn vị với thời hạn của phiên bản (ngày hoặc giờ làm việc)."),
    )
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("phòng ban thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("quy trình xử lý")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="step_order_unique_in_version"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="step_budget_nonneg"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name or self.get_kind_display()}"

    @property
    def label(self) -> str:
        return self.name or self.get_kind_display()


class FormDraft(models.Model):
    """A citizen's unfinished online form. Only its owner sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.CASCADE,
        related_name="form_drafts",
    )
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="drafts"
    )
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    # The page of a new application carries this token, so its saves sent again or at once are one draft.
    client_token = models.UUIDField(_("mã trang nhập"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)
    checked_ok_at = models.DateTimeField(_("kiểm tra đạt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "-updated_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_token"], name="draft_one_per_client_token")
        ]

    def __str__(self):
        return f"{self.version.procedure.name} ({self.updated_at:%d/%m/%Y %H:%M})"

    @property
    def procedure(self) -> Procedure:
        return self.version.procedure

    @property
    def passed_check(self) -> bool:
        """'Kiểm tra hồ sơ' found nothing wrong and the draft has not changed since: it may be submitted."""
        return self.checked_ok_at is not None and self.updated_at <= self.checked_ok_at


def draft_file_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"services/nhap/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext[:5]}"


class DraftFile(models.Model):
    """A file uploaded into one paper's slot of a draft (one file per slot; a new upload replaces it)."""

    draft = models.ForeignKey(FormDraft, on_delete=models.CASCADE, related_name="files")
    slot = models.SlugField(_("ô tải tệp"), max_length=40)
    file = models.FileField(_("tệp"), upload_to=draft_file_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=50)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), validators=[MaxValueValidator(10**12)])
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tệp đính kèm nháp")
        verbose_name_plural = _("tệp đính kèm nháp")
        constraints = [models.UniqueConstraint(fields=["draft", "slot"], name="draft_file_one_per_slot")]

    def __str__(self):
        return self.original_name
