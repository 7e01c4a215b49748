"""Administrative units (an effective-dated tree), agencies with their e-ID codes, departments, positions
and staff assignments.

Units: the same official code can exist in both eras (province 25 Phú Thọ before and after 1 July 2025),
so a unit's identity is (code, valid_from). `path` holds the codes from the root ("25/227/08020" before
2025, "25/08020" after), so a subtree is one indexed prefix query plus a date filter, never recursion.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import AGENCY_CODE_MAX_LENGTH, validate_agency_code, validate_unit_code

# The two eras of the unit tree (regulations §8). Pre-2025 units are recorded from LEGACY_VALID_FROM: the
# package's legacy data is the list as it stood just before the reorganisation, not a history of earlier
# changes, so this date is a conventional start ("as far back as this system knows"), not a legal one.
LEGACY_VALID_FROM = datetime.date(2000, 1, 1)
LEGACY_VALID_TO = datetime.date(2025, 6, 30)
REORGANISATION_DATE = datetime.date(2025, 7, 1)
LEGACY_LEGAL_BASIS = "QĐ 124/2004/QĐ-TTg và các văn bản sửa đổi (danh mục trước 01/07/2025)"
CURRENT_LEGAL_BASIS = "QĐ 19/2025/QĐ-TTg; NQ 202/2025/QH15; các nghị quyết của UBTVQH về sắp xếp cấp xã"
SUCCESSION_LEGAL_BASIS = "NQ 202/2025/QH15 (cấp tỉnh); các nghị quyết của UBTVQH năm 2025 (cấp xã)"

PATH_SEPARATOR = "/"


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class AdministrativeUnitQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        """Units in force on `day` (valid_from <= day <= valid_to, open-ended when valid_to is null)."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def current(self):
        return self.on(timezone.localdate())


class AdministrativeUnit(models.Model):
    Level = Level

    class Kind(models.TextChoices):
        TINH = "tinh", _("Tỉnh")
        THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong", _("Thành phố trực thuộc trung ương")
        QUAN = "quan", _("Quận")
        HUYEN = "huyen", _("Huyện")
        THI_XA = "thi_xa", _("Thị xã")
        THANH_PHO_THUOC_TINH = "thanh_pho_thuoc_tinh", _("Thành phố thuộc tỉnh")
        THANH_PHO_THUOC_TP = "thanh_pho_thuoc_tp", _("Thành phố thuộc thành phố trực thuộc trung ương")
        PHUONG = "phuong", _("Phường")
        XA = "xa", _("Xã")
        THI_TRAN = "thi_tran", _("Thị trấn")
        DAC_KHU = "dac_khu", _("Đặc khu")

    code = models.CharField(_("mã"), max_length=5, db_index=True)
    name = models.CharField(_("tên"), max_length=150, help_text=_("Tên đầy đủ, ví dụ “Tỉnh Phú Thọ”."))
    short_name = models.CharField(
        _("tên ngắn"), max_length=150, blank=True, help_text=_("Tên không kèm loại đơn vị, ví dụ “Phú Thọ”.")
    )
    codename = models.CharField(_("mã chữ"), max_length=150, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(
        _("đường dẫn mã"),
        max_length=64,
        db_index=True,
        editable=False,
        help_text=_("Các mã từ cấp tỉnh xuống, cách nhau bởi “/”."),
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="directory_unit_code_valid_from_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="directory_unit_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "valid_from", "valid_to"], name="directory_unit_level_dates"),
            models.Index(fields=["parent", "valid_from"], name="directory_unit_parent_dates"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.path = self.build_path(self.code, self.parent)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        try:
            validate_unit_code(self.code, self.level)
        except ValidationError as error:
            errors["code"] = error.messages
        allowed_parents = {
            Level.PROVINCE: set(),
            Level.DISTRICT: {Level.PROVINCE},
            Level.COMMUNE: {Level.PROVINCE, Level.DISTRICT},
        }.get(self.level, set())
        if not self.parent_id:
            if allowed_parents:
                errors["parent"] = [_("Đơn vị cấp huyện, cấp xã phải có đơn vị cấp trên.")]
        elif self.parent.level not in allowed_parents:
            errors["parent"] = [_("Cấp của đơn vị cấp trên không phù hợp.")]
        elif self.parent.valid_from > self.valid_from or (
            self.parent.valid_to is not None
            and (self.valid_to is None or self.valid_to > self.parent.valid_to)
        ):
            errors["parent"] = [
                _("Thời gian hiệu lực phải nằm trong thời gian hiệu lực của đơn vị cấp trên.")
            ]
        if errors:
            raise ValidationError(errors)

    @classmethod
    def build_path(cls, code: str, parent: "AdministrativeUnit | None") -> str:
        return f"{parent.path}{PATH_SEPARATOR}{code}" if parent is not None else code

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEPARATOR)


class UnitSuccession(models.Model):
    """One old unit → one new unit. A split unit has a row per successor; a merger, a row per predecessor."""

    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị cũ"),
        on_delete=models.CASCADE,
        related_name="successions_out",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị mới"),
        on_delete=models.CASCADE,
        related_name="successions_in",
    )
    effective_date = models.DateField(_("ngày có hiệu lực"), default=REORGANISATION_DATE)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        ordering = ["predecessor__path", "successor__path"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="directory_succession_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="directory_succession_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class Agency(models.Model):
    """A state body: a People's Committee, a department of the province (sở), an office, a service centre."""

    Level = Level

    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(
        _("tên viết tắt"),
        max_length=20,
        help_text=_("Chữ viết tắt dùng trong ký hiệu văn bản, ví dụ UBND, STP, SNV, VP."),
    )
    code = models.CharField(
        _("mã định danh hiện hành"),
        max_length=AGENCY_CODE_MAX_LENGTH,
        blank=True,
        db_index=True,
        validators=[validate_agency_code],
        help_text=_(
            "Mã định danh điện tử đang dùng (ví dụ 000.00.00.H53 hoặc H55.242). "
            "Lịch sử mã nằm ở “Mã định danh”."
        ),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    place_name = models.CharField(
        _("địa danh"), max_length=100, blank=True, help_text=_("Địa danh ghi trên văn bản, ví dụ “Phú Thọ”.")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["level", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A code typed on the agency itself opens a history row, so `code` and AgencyCode never disagree.
        if self.code and not self.codes.filter(code=self.code).exists():
            today = timezone.localdate()
            for previous in self.codes.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)):
                previous.valid_to = max(previous.valid_from, today - datetime.timedelta(days=1))
                previous.save(sync=False)
            AgencyCode(agency=self, code=self.code, valid_from=today).save(sync=False)

    def code_on(self, day: datetime.date) -> str:
        """The e-ID code in force on `day` ('' when none was recorded)."""
        found = (
            self.codes.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
            .order_by("-valid_from")
            .first()
        )
        return found.code if found else ""

    def sync_code(self) -> None:
        """Set `code` from the history: the code in force today."""
        current = self.code_on(timezone.localdate())
        if current != self.code:
            type(self).objects.filter(pk=self.pk).update(code=current)
            self.code = current


class AgencyCode(models.Model):
    """The dated history of an agency's e-ID codes: codes are closed when agencies merge (§5.4)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(
        _("mã định danh"), max_length=AGENCY_CODE_MAX_LENGTH, db_index=True, validators=[validate_agency_code]
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), default=timezone.localdate)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mã định danh")
        verbose_name_plural = _("mã định danh")
        ordering = ["agency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code", "valid_from"], name="directory_agencycode_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="directory_agencycode_valid_range",
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, sync=True, **kwargs):
        super().save(*args, **kwargs)
        if sync:
            self.agency.sync_code()

    def delete(self, *args, **kwargs):
        agency = self.agency
        result = super().delete(*args, **kwargs)
        agency.sync_code()
        return result


class Department(models.Model):
    """A unit inside an agency (phòng, văn phòng); its abbreviation appears in document notations."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    abbreviation = models.CharField(
        _("chữ viết tắt"), max_length=20, blank=True, help_text=_("Ví dụ VP, KT, VX, TCCB.")
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("phòng, ban")
        verbose_name_plural = _("phòng, ban")
        ordering = ["agency", "name"]

    def __str__(self):
        return f"{self.name} – {self.agency.short_name}" if self.agency_id else self.name


class Position(models.Model):
    """A job title. `rank` says what it may do: lead the agency, head a department, or do staff work."""

    class Rank(models.TextChoices):
        AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
        DEPARTMENT_HEAD = "department_head", _("Lãnh đạo phòng, ban")
        STAFF = "staff", _("Cán bộ, công chức")

    AGENCY_LEADER = Rank.AGENCY_LEADER
    DEPARTMENT_HEAD = Rank.DEPARTMENT_HEAD
    STAFF = Rank.STAFF

    name = models.CharField(_("chức vụ"), max_length=100)
    rank = models.CharField(_("bậc"), max_length=20, choices=Rank.choices, default=Rank.STAFF)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["rank", "name"]

    def __str__(self):
        return self.name


class StaffAssignmentQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)

    def current(self):
        return self.on(timezone.localdate())


class StaffAssignment(models.Model):
    """A user holding a position in an agency (and optionally a department) for a period. A user may hold
    several at once; `is_primary` marks the main one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="staff_assignments",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="assignments"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("phòng, ban"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    position = models.ForeignKey(
        Position, verbose_name=_("chức vụ"), on_delete=models.PROTECT, related_name="assignments"
    )
    valid_from = models.DateField(_("từ ngày"), default=timezone.localdate)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    is_primary = models.BooleanField(_("vị trí chính"), default=True)

    objects = StaffAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công cán bộ")
        verbose_name_plural = _("phân công cán bộ")
        ordering = ["agency", "department", "position__rank", "user"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="directory_assignment_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"], name="directory_assignment_user")]

    def __str__(self):
        where = self.department.name if self.department_id else self.agency.short_name
        return f"{self.user} – {self.position} ({where})"

    def clean(self):
        super().clean()
        if self.department_id and self.agency_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": _("Phòng, ban này không thuộc cơ quan đã chọn.")})
