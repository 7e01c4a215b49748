"""Official documents: incoming (văn bản đến), outgoing (văn bản đi), routing tasks, timeline, work files,
notifications and the inter-agency outbox. Rules: regulations §1 (Nghị định 30/2020/NĐ-CP)."""

import datetime
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    """Điều 7 and Phụ lục III: the value is the official abbreviation used in the ký hiệu."""

    NQ = "NQ", _("Nghị quyết")
    QD = "QĐ", _("Quyết định")
    CT = "CT", _("Chỉ thị")
    QC = "QC", _("Quy chế")
    QYD = "QyĐ", _("Quy định")
    TC = "TC", _("Thông cáo")
    TB = "TB", _("Thông báo")
    HD = "HD", _("Hướng dẫn")
    CTR = "CTr", _("Chương trình")
    KH = "KH", _("Kế hoạch")
    PA = "PA", _("Phương án")
    DEAN = "ĐA", _("Đề án")
    DA = "DA", _("Dự án")
    BC = "BC", _("Báo cáo")
    BB = "BB", _("Biên bản")
    TTR = "TTr", _("Tờ trình")
    HDONG = "HĐ", _("Hợp đồng")
    CV = "CV", _("Công văn")
    CD = "CĐ", _("Công điện")
    BGN = "BGN", _("Bản ghi nhớ")
    BTT = "BTT", _("Bản thỏa thuận")
    GUQ = "GUQ", _("Giấy ủy quyền")
    GM = "GM", _("Giấy mời")
    GGT = "GGT", _("Giấy giới thiệu")
    GNP = "GNP", _("Giấy nghỉ phép")
    PG = "PG", _("Phiếu gửi")
    PC = "PC", _("Phiếu chuyển")
    PB = "PB", _("Phiếu báo")
    THU = "THU", _("Thư công")
    SY = "SY", _("Bản sao y")
    TRS = "TrS", _("Bản trích sao")
    SL = "SL", _("Bản sao lục")


# Công văn and thư công have no abbreviation of their own (Phụ lục I II.3.b): the ký hiệu is organ-unit.
TYPES_WITHOUT_ABBREVIATION = frozenset({DocType.CV, DocType.THU})


class Urgency(models.IntegerChoices):
    """Độ khẩn (§1.6). Higher sorts first."""

    NORMAL = 0, _("Thường")
    URGENT = 1, _("Khẩn")
    VERY_URGENT = 2, _("Thượng khẩn")
    FLASH = 3, _("Hỏa tốc")


class Secrecy(models.IntegerChoices):
    """Độ mật (§1.6)."""

    NORMAL = 0, _("Thường")
    SECRET = 1, _("Mật")
    TOP_SECRET = 2, _("Tối mật")
    ULTRA_SECRET = 3, _("Tuyệt mật")


class Channel(models.TextChoices):
    PAPER = "paper", _("Văn bản giấy")
    ELECTRONIC = "electronic", _("Văn bản điện tử")
    PORTAL = "portal", _("Liên thông trong hệ thống")


class IncomingStatus(models.TextChoices):
    """Mapped to the edXML status codes by `EDXML_STATUS`; changed only through `workflow.INCOMING`."""

    ARRIVED = "arrived", _("Đã đến")
    RETURNED = "returned", _("Bị trả lại")
    REGISTERED = "registered", _("Đã vào sổ")
    ASSIGNED = "assigned", _("Đã phân công")
    PROCESSING = "processing", _("Đang xử lý")
    DONE = "done", _("Hoàn thành")
    RECALLED = "recalled", _("Đã thu hồi")


# the QCVN 102 StatusCode reported to the sender for each incoming status (regulations §5.3)
EDXML_STATUS = {
    IncomingStatus.ARRIVED: "01",
    IncomingStatus.RETURNED: "02",
    IncomingStatus.REGISTERED: "03",
    IncomingStatus.ASSIGNED: "04",
    IncomingStatus.PROCESSING: "05",
    IncomingStatus.DONE: "06",
    IncomingStatus.RECALLED: "02",
}


class OutgoingStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    IN_REVIEW = "in_review", _("Chờ lãnh đạo phòng duyệt")
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo cơ quan duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã duyệt, chờ cấp số")
    ISSUED = "issued", _("Đã ban hành")
    RECALLED = "recalled", _("Đã thu hồi")


class SignAuthority(models.TextChoices):
    """How the signer signs (ND 30, Phụ lục I: the authority written above the signer's position)."""

    NONE = "", _("Ký trực tiếp")
    KT = "KT", "KT."
    Q = "Q", "Q."
    TL = "TL", "TL."
    TUQ = "TUQ", "TUQ."


class SigningState(models.TextChoices):
    """Where the digital signatures stand (signing_hooks); changed only through `workflow.SIGNING`."""

    NONE = "", _("Chưa duyệt")
    APPROVED_UNSIGNED = "approved_unsigned", _("Đã duyệt, không ký số")
    LEADER_SIGNED = "leader_signed", _("Lãnh đạo đã ký số")
    ISSUED_UNSIGNED = "issued_unsigned", _("Ban hành không ký số")
    SEALED = "sealed", _("Đã ký số của cơ quan")


class SearchableMixin(models.Model):
    """Accent-free text for search: `search_text` (every database) and `search_vector` (PostgreSQL,
    configuration vn_unaccent, GIN index created by migration 0002)."""

    extracted_text = models.TextField(_("nội dung trích từ tệp"), blank=True, editable=False)
    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True


def incoming_upload_to(instance, filename):
    return f"documents/incoming/{timezone.now():%Y/%m}/{filename}"


def outgoing_upload_to(instance, filename):
    return f"documents/outgoing/{timezone.now():%Y/%m}/{filename}"


class IncomingDocument(SearchableMixin):
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan nhận"),
        on_delete=models.PROTECT,
        related_name="incoming_documents",
    )
    arrival_year = models.PositiveSmallIntegerField(_("năm đến"))
    arrival_number = models.PositiveIntegerField(
        _("số đến"), null=True, blank=True, help_text=_("Cấp khi vào sổ; văn bản điện tử mới đến chưa có số.")
    )
    arrived_at = models.DateTimeField(_("ngày đến"), default=timezone.now)
    channel = models.CharField(
        _("hình thức nhận"), max_length=12, choices=Channel.choices, default=Channel.PAPER
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=5, choices=DocType.choices)
    number = models.CharField(_("số"), max_length=11, blank=True)
    notation = models.CharField(_("ký hiệu"), max_length=30, blank=True)
    issued_date = models.DateField(_("ngày văn bản"))
    issuing_organ = models.CharField(_("cơ quan ban hành"), max_length=200)
    issuing_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan ban hành trong hệ thống"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("trích yếu"), max_length=500)
    signer_name = models.CharField(_("người ký"), max_length=50, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    urgency = models.PositiveSmallIntegerField(_("độ khẩn"), choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.PositiveSmallIntegerField(_("độ mật"), choices=Secrecy.choices, default=Secrecy.NORMAL)
    due_date = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("số trang"), default=1)
    attachments_note = models.CharField(_("tài liệu kèm theo"), max_length=500, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=30, default="Tiếng Việt")
    description = models.CharField(_("ghi chú"), max_length=500, blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to=incoming_upload_to, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=IncomingStatus.choices, default=IncomingStatus.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người vào sổ"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    presented_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trình lãnh đạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_outgoing = models.ForeignKey(
        "OutgoingDocument",
        verbose_name=_("văn bản đi gốc"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    result = models.TextField(_("kết quả giải quyết"), blank=True)
    reply = models.ForeignKey(
        "OutgoingDocument",
        verbose_name=_("văn bản trả lời"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies_to",
    )
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    recall_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        ordering = ["-urgency", "-arrived_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "arrival_year", "arrival_number"],
                name="documents_incoming_arrival_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(arrival_number__gte=1), name="documents_incoming_arrival_positive"
            ),
            models.CheckConstraint(
                condition=Q(arrival_number__isnull=False) | Q(status__in=["arrived", "returned"]),
                name="documents_incoming_registered_has_number",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "-urgency", "-arrived_at"], name="documents_in_inbox"),
            models.Index(fields=["agency", "arrived_at"], name="documents_in_period"),
            models.Index(fields=["agency", "number", "notation"], name="documents_in_dupe"),
        ]

    def __str__(self):
        return (
            f"Số đến {self.arrival_number or '—'}/{self.arrival_year}: "
            f"{self.code or ''} {self.subject[:80]}".strip()
        )

    @property
    def code(self) -> str:
        """Số, ký hiệu as written on the document ("15/QĐ-UBND")."""
        if self.number and self.notation:
            return f"{self.number}/{self.notation}"
        return self.number or self.notation

    @property
    def is_secret(self) -> bool:
        return self.secrecy > Secrecy.NORMAL

    @property
    def edxml_status(self) -> str:
        """The QCVN 102 StatusCode to report to the sender (regulations §5.3)."""
        return EDXML_STATUS[self.status]

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_date is not None
            and self.status not in (IncomingStatus.DONE, IncomingStatus.RECALLED, IncomingStatus.RETURNED)
            and self.due_date < timezone.localdate()
        )


class OutgoingDocument(SearchableMixin):
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="outgoing_documents",
    )
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("đơn vị soạn thảo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outgoing_documents",
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=5, choices=DocType.choices)
    legal_normative = models.BooleanField(
        _("văn bản quy phạm pháp luật"), default=False, help_text=_("Mỗi loại VBQPPL có hệ thống số riêng.")
    )
    subject = models.CharField(_("trích yếu"), max_length=500)
    body = models.TextField(_("nội dung"), blank=True)
    urgency = models.PositiveSmallIntegerField(_("độ khẩn"), choices=Urgency.choices, default=Urgency.NORMAL)
    secrecy = models.PositiveSmallIntegerField(_("độ mật"), choices=Secrecy.choices, default=Secrecy.NORMAL)
    due_date = models.DateField(_("hạn trả lời"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("số trang"), default=1)
    copies = models.PositiveSmallIntegerField(_("số lượng bản"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=OutgoingStatus.choices, default=OutgoingStatus.DRAFT
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn thảo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo phòng duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo ký duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=50, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    # The signer block of ND 30 (regulations §1.4): "TM. <collective>", the authority, the head's title.
    sign_on_behalf = models.CharField(
        _("thay mặt tập thể (TM.)"),
        max_length=100,
        blank=True,
        help_text=_("Tên tập thể lãnh đạo sau “TM.”, ví dụ: ỦY BAN NHÂN DÂN."),
    )
    sign_authority = models.CharField(
        _("thẩm quyền ký"), max_length=3, choices=SignAuthority.choices, blank=True, default=""
    )
    sign_for_title = models.CharField(
        _("chức danh người đứng đầu"),
        max_length=100,
        blank=True,
        help_text=_("Chức danh sau KT./Q./TL./TUQ., ví dụ: CHỦ TỊCH."),
    )
    sequence = models.CharField(_("hệ thống số"), max_length=40, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    notation = models.CharField(_("ký hiệu"), max_length=30, blank=True)
    issued_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place_date_line = models.CharField(_("địa danh, ngày tháng"), max_length=120, blank=True)
    numbered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("văn thư cấp số"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("phát hành lúc"), null=True, blank=True)
    file = models.FileField(_("tệp dự thảo"), upload_to=outgoing_upload_to, blank=True)
    signed_file = models.FileField(
        _("tệp ban hành"),
        upload_to=outgoing_upload_to,
        blank=True,
        help_text=_("Bản PDF cuối cùng; thành phần ký số thay tệp này bằng bản đã ký."),
    )
    signing_state = models.CharField(
        _("tình trạng ký"), max_length=30, choices=SigningState.choices, blank=True, default=""
    )
    verify_token = models.CharField(
        _("mã xác thực"),
        max_length=40,
        blank=True,
        help_text=_("Mã trong mã QR in trên văn bản; trỏ tới trang xác thực của bản ban hành."),
    )
    correction_of = models.ForeignKey(
        "self",
        verbose_name=_("đính chính cho văn bản"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    replaces_incoming = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("trả lời văn bản đến"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recall_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)
    recalled_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["-urgency", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence", "number"],
                condition=Q(number__isnull=False),
                name="documents_outgoing_number_unique",
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "number", "notation"],
                condition=Q(number__isnull=False, secrecy=0),
                name="documents_outgoing_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | (Q(year__isnull=False) & ~Q(notation="")),
                name="documents_outgoing_numbered_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "-created_at"], name="documents_out_list"),
            # the department head's drafts in review (the menu badge)
            models.Index(fields=["department", "status"], name="documents_out_department"),
        ]

    def __str__(self):
        return f"{self.code or _('Dự thảo')}: {self.subject[:80]}"

    @property
    def code(self) -> str:
        return f"{self.number:02d}/{self.notation}" if self.number else ""

    @property
    def abstract_after_vv(self) -> str:
        """A công văn's trích yếu as printed after "V/v" (Phụ lục I, box 5b), whether or not the drafter
        typed "V/v" or "Về việc" themselves."""
        return re.sub(r"^\s*(v/v|về việc)\s*", "", self.subject, flags=re.IGNORECASE)

    @property
    def is_secret(self) -> bool:
        return self.secrecy > Secrecy.NORMAL

    @property
    def is_frozen(self) -> bool:
        return self.status in (OutgoingStatus.ISSUED, OutgoingStatus.RECALLED)


class OutgoingVersion(models.Model):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    body = models.TextField(_("nội dung"), blank=True)
    file = models.FileField(_("tệp"), upload_to=outgoing_upload_to, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_unique")
        ]

    def __str__(self):
        return f"v{self.number}"


class Appendix(models.Model):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="appendices")
    title = models.CharField(_("tên phụ lục"), max_length=300)
    file = models.FileField(_("tệp"), upload_to=outgoing_upload_to)

    class Meta:
        verbose_name = _("phụ lục")
        verbose_name_plural = _("phụ lục")

    def __str__(self):
        return self.title


class IncomingAppendix(models.Model):
    """An appendix in a separate file that came with an incoming document: for a document delivered in the
    portal, a copy of the issued appendix (a PDF carrying the sender's organisation signature, or the
    .docx as issued). Removed with the file when the sender recalls the document."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="appendices")
    title = models.CharField(_("tên phụ lục"), max_length=300)
    file = models.FileField(_("tệp"), upload_to=incoming_upload_to)
    source = models.ForeignKey(
        Appendix,
        verbose_name=_("phụ lục văn bản đi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )

    class Meta:
        verbose_name = _("phụ lục văn bản đến")
        verbose_name_plural = _("phụ lục văn bản đến")
        ordering = ["document", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_pdf(self) -> bool:
        return self.file.name.lower().endswith(".pdf")


class Recipient(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Cơ quan trong hệ thống")
        EXTERNAL = "external", _("Tổ chức ngoài hệ thống")
        PERSON = "person", _("Cá nhân")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("loại nơi nhận"), max_length=10, choices=Kind.choices)
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("tên nơi nhận"), max_length=200)
    organ_id = models.CharField(_("mã định danh"), max_length=35, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    delivered = models.OneToOneField(
        IncomingDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="delivery"
    )

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "agency"],
                condition=Q(agency__isnull=False),
                name="documents_recipient_agency_once",
            ),
            models.CheckConstraint(
                condition=Q(kind="agency", agency__isnull=False)
                | (~Q(kind="agency") & Q(agency__isnull=True)),
                name="documents_recipient_agency_kind",
            ),
        ]

    def __str__(self):
        return self.name


class OutboxMessage(models.Model):
    """Delivery to a recipient outside the portal, for the future exchange (edXML) worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Lỗi")
        CANCELLED = "cancelled", _("Đã hủy")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.PROTECT, related_name="outbox")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="outbox")
    kind = models.CharField(_("loại thông điệp"), max_length=20, default="edoc")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    payload = models.JSONField(_("nội dung"), default=dict)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thư đi chờ gửi")
        verbose_name_plural = _("hộp thư đi liên thông")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind"], name="documents_outbox_once_per_recipient"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"


class Task(models.Model):
    """A piece of work with a deadline: a routing step of an incoming document (chủ trì / phối hợp / giao
    tiếp trong phòng), or a stand-alone task a higher agency gives a lower one."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATE = "coordinate", _("Phối hợp")
        TASK = "task", _("Nhiệm vụ")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    incoming = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, default=Role.LEAD)
    title = models.CharField(_("nội dung nhiệm vụ"), max_length=500)
    instructions = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    assigning_agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan giao"),
        on_delete=models.PROTECT,
        related_name="tasks_given",
    )
    agency = models.ForeignKey(
        "directory.Agency",
        verbose_name=_("cơ quan thực hiện"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document_tasks",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("giao lúc"), default=timezone.now)
    deadline = models.DateField(_("hạn xử lý"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    progress = models.TextField(_("tiến độ"), blank=True)
    result = models.TextField(_("kết quả"), blank=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False) | Q(assignee__isnull=False),
                name="documents_task_has_target",
            ),
            models.CheckConstraint(
                condition=Q(status="done", completed_at__isnull=False) | ~Q(status="done"),
                name="documents_task_done_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="documents_task_due"),
            models.Index(fields=["assignee", "status"], name="documents_task_assignee"),
            # a department's open work (its inbox, the head's badge)
            models.Index(fields=["department", "status"], name="documents_task_department"),
        ]

    def __str__(self):
        return self.title[:100]

    @property
    def tracking_state(self) -> str:
        """One of: on_time, overdue (in progress), done_on_time, done_late."""
        return tracking_state(self.status, self.deadline, self.completed_at)


TRACKING_LABELS = {
    "on_time": _("Đang thực hiện trong hạn"),
    "overdue": _("Đang thực hiện quá hạn"),
    "done_on_time": _("Hoàn thành đúng hạn"),
    "done_late": _("Hoàn thành quá hạn"),
    "cancelled": _("Đã hủy"),
}


def tracking_state(
    status: str, deadline: datetime.date, completed_at, today: datetime.date | None = None
) -> str:
    if status == Task.Status.CANCELLED:
        return "cancelled"
    if status == Task.Status.DONE:
        done_day = timezone.localtime(completed_at).date()
        return "done_on_time" if done_day <= deadline else "done_late"
    today = today or timezone.localdate()
    return "overdue" if deadline < today else "on_time"


class Event(models.Model):
    """One step of a document's life, shown as its timeline: who, what, when, comment."""

    incoming = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    outgoing = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("hành động"), max_length=40)
    label = models.CharField(_("mô tả"), max_length=300)
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False) | Q(outgoing__isnull=False) | Q(task__isnull=False),
                name="documents_event_has_subject",
            ),
        ]

    def __str__(self):
        return self.label


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_notifications"
    )
    key = models.CharField(_("khóa chống trùng"), max_length=120)
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    urgent = models.BooleanField(_("khẩn"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Mail(models.TextChoices):
        """The e-mail copy; changed only through `workflow.NOTIFICATION_MAIL`."""

        NONE = "none", _("Không gửi thư")
        PENDING = "pending", _("Chờ gửi thư")
        SENDING = "sending", _("Đang gửi thư")
        SENT = "sent", _("Đã gửi thư")

    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(_("thư điện tử"), max_length=10, choices=Mail.choices, default=Mail.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="documents_notification_once")]

    def __str__(self):
        return self.text[:80]


class WorkFile(models.Model):
    """Hồ sơ công việc (Phụ lục VI): FileCode = OrganId + FileCatalog (year) + FileNotation."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm hình thành hồ sơ"))
    notation = models.CharField(_("số và ký hiệu hồ sơ"), max_length=20)
    title = models.CharField(_("tiêu đề hồ sơ"), max_length=500)
    maintenance = models.CharField(_("thời hạn bảo quản"), max_length=30, default="10 năm")
    rights = models.CharField(_("chế độ sử dụng"), max_length=30, default="Hạn chế")
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("ngôn ngữ"), max_length=50, default="Tiếng Việt")
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    archive_due = models.DateField(_("hạn nộp lưu"), null=True, blank=True)
    description = models.CharField(_("ghi chú"), max_length=500, blank=True)
    incoming = models.ManyToManyField(
        IncomingDocument,
        through="WorkFileItem",
        through_fields=("work_file", "incoming"),
        related_name="work_files",
    )

    class Meta:
        verbose_name = _("hồ sơ công việc")
        verbose_name_plural = _("hồ sơ công việc")
        ordering = ["-year", "notation"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "notation"], name="documents_workfile_code_unique"
            )
        ]

    def __str__(self):
        return f"{self.file_code}: {self.title}"

    @property
    def file_code(self) -> str:
        return f"{self.agency.code}.{self.year}.{self.notation}"


class WorkFileItem(models.Model):
    work_file = models.ForeignKey(WorkFile, on_delete=models.CASCADE, related_name="items")
    incoming = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    outgoing = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ordinal = models.PositiveSmallIntegerField(_("số thứ tự trong hồ sơ"))
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("văn bản trong hồ sơ")
        verbose_name_plural = _("văn bản trong hồ sơ")
        ordering = ["work_file", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_file", "ordinal"], name="documents_workfile_ordinal_unique"
            ),
            models.UniqueConstraint(
                fields=["work_file", "incoming"],
                condition=Q(incoming__isnull=False),
                name="documents_workfile_in_once",
            ),
            models.UniqueConstraint(
                fields=["work_file", "outgoing"],
                condition=Q(outgoing__isnull=False),
                name="documents_workfile_out_once",
            ),
            models.CheckConstraint(
                condition=(Q(incoming__isnull=False) & Q(outgoing__isnull=True))
                | (Q(incoming__isnull=True) & Q(outgoing__isnull=False)),
                name="documents_workfile_item_one_document",
            ),
        ]

    def __str__(self):
        return f"{self.work_file_id}#{self.ordinal}"
