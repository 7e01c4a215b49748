"""The statistics' summary tables (see `reporting.ledger` for how they are kept, `reporting.stats` for how
they are read).

`Summary`: one row per (agency, grain, bucket, procedure) with additive counts: `grain` is "d" (a local day),
"m" (a month, `day` its first day) or "y" (a year, `day` its 1 January). Every change of a dossier adds the
same deltas to its day's, month's and year's rows, so any range of days is the sum of at most a handful of
buckets per agency and procedure. Flow columns count what happened on those days; the three `*_net`
columns and (new − finished) are the changes of the stocks (open, overdue, waiting for a supplement), so
the stock at the end of day D is the sum of those columns over every bucket up to D.

`AgencySummary` holds the same counts per agency without the procedure. `UnitSummary` holds them per
administrative unit: the sum over the agencies a report on the unit covers (`UnitMember`, kept by
`reporting.ledger.refresh_units` from the directory), so a province reads one row per procedure and bucket
instead of one per agency, procedure and bucket. Units of a single agency have none (their agency's rows are
as few).

`DossierFact`: what each accepted dossier has added to the summaries (its deltas, keyed by day and column),
so a later change subtracts the old contribution and adds the new one — the summaries always equal a
recount of the dossiers as they are now.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The additive columns of a summary row, in the order the ledger writes them.
COLUMNS = (
    "new_online",
    "new_direct",
    "new_post",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "refused",
    "stopped",
    "overdue_net",
    "supplement_net",
    "paid_online",
    "paid_total",
    "digitised",
    "ratings",
    "satisfied",
)


class Grain(models.TextChoices):
    DAY = "d", _("Ngày")
    MONTH = "m", _("Tháng")
    YEAR = "y", _("Năm")


class Counts(models.Model):
    """The additive columns (`COLUMNS`) every summary table has."""

    new_online = models.IntegerField(_("mới tiếp nhận trực tuyến"), default=0)
    new_direct = models.IntegerField(_("mới tiếp nhận trực tiếp"), default=0)
    new_post = models.IntegerField(_("mới tiếp nhận qua bưu chính"), default=0)
    resolved_early = models.IntegerField(_("giải quyết trước hạn"), default=0)
    resolved_on_time = models.IntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.IntegerField(_("giải quyết quá hạn"), default=0)
    withdrawn = models.IntegerField(_("rút hồ sơ"), default=0)
    refused = models.IntegerField(_("từ chối giải quyết"), default=0)
    stopped = models.IntegerField(_("dừng giải quyết"), default=0)
    overdue_net = models.IntegerField(_("thay đổi số quá hạn"), default=0)
    supplement_net = models.IntegerField(_("thay đổi số chờ bổ sung"), default=0)
    paid_online = models.IntegerField(_("nộp phí trực tuyến"), default=0)
    paid_total = models.IntegerField(_("nộp phí"), default=0)
    digitised = models.IntegerField(_("số hóa đầy đủ"), default=0)
    ratings = models.IntegerField(_("lượt đánh giá"), default=0)
    satisfied = models.IntegerField(_("hài lòng"), default=0)

    class Meta:
        abstract = True


class Summary(Counts):
    """Số liệu tổng hợp hồ sơ theo ngày / tháng / năm, cơ quan giải quyết và thủ tục."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan giải quyết"), on_delete=models.CASCADE, related_name="+"
    )
    grain = models.CharField(_("kỳ"), max_length=1, choices=Grain.choices)
    day = models.DateField(_("ngày đầu kỳ"))
    procedure = models.ForeignKey(
        "services.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("số liệu tổng hợp")
        verbose_name_plural = _("số liệu tổng hợp")
        default_permissions = ("view",)
        permissions = [("view_statistics", _("Xem thống kê, báo cáo"))]
        constraints = [
            # the upsert's conflict target, and the index every report reads
            models.UniqueConstraint(
                fields=["agency", "grain", "day", "procedure"], name="reporting_summary_bucket"
            ),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.grain} {self.day} {self.procedure_id}"


class AgencySummary(Counts):
    """The same counts without the procedure: one row per (agency, grain, bucket). The totals of an agency,
    and the reports by agency and by unit, read these."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan giải quyết"), on_delete=models.CASCADE, related_name="+"
    )
    grain = models.CharField(_("kỳ"), max_length=1, choices=Grain.choices)
    day = models.DateField(_("ngày đầu kỳ"))

    class Meta:
        verbose_name = _("số liệu tổng hợp theo cơ quan")
        verbose_name_plural = _("số liệu tổng hợp theo cơ quan")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["agency", "grain", "day"], name="reporting_agencysummary_bucket"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.grain} {self.day}"


class UnitMember(models.Model):
    """An agency whose counts a unit's rollup (`UnitSummary`) holds: the agencies a report on the unit
    covers over the unit's whole validity (`reporting.stats`), as of the last `ledger.refresh_units`."""

    unit = models.ForeignKey("directory.AdministrativeUnit", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("cơ quan thuộc số liệu tổng hợp của đơn vị")
        verbose_name_plural = _("cơ quan thuộc số liệu tổng hợp của đơn vị")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["unit", "agency"], name="reporting_unitmember_pair")]
        # the ledger looks the units up by agency
        indexes = [models.Index(fields=["agency"], name="reporting_unitmember_agency")]

    def __str__(self):
        return f"{self.unit_id} {self.agency_id}"


class UnitSummary(Counts):
    """The sum of `Summary` over a unit's `UnitMember` agencies: one row per (unit, grain, bucket,
    procedure), so a report on a province reads procedures × buckets rows, not agencies × procedures."""

    unit = models.ForeignKey(
        "directory.AdministrativeUnit",
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    grain = models.CharField(_("kỳ"), max_length=1, choices=Grain.choices)
    day = models.DateField(_("ngày đầu kỳ"))
    procedure = models.ForeignKey(
        "services.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("số liệu tổng hợp theo đơn vị hành chính")
        verbose_name_plural = _("số liệu tổng hợp theo đơn vị hành chính")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "grain", "day", "procedure"], name="reporting_unitsummary_bucket"
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.grain} {self.day} {self.procedure_id}"


class DossierFact(models.Model):
    """The contribution of one accepted dossier to the summaries, as last written."""

    dossier = models.OneToOneField(
        "onestop.Dossier", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey("directory.Agency", on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey("services.Procedure", on_delete=models.CASCADE, related_name="+")
    # {"2026-11-03": {"new_online": 1, ...}, ...}
    deltas = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("đóng góp của hồ sơ vào số liệu")
        verbose_name_plural = _("đóng góp của hồ sơ vào số liệu")
        default_permissions = ()

    def __str__(self):
        return str(self.dossier_id)


class RecountRun(models.Model):
    """One nightly recount: how many buckets differed from the dossiers (there should be none)."""

    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    dossiers = models.PositiveIntegerField(_("số hồ sơ đếm lại"), default=0)
    differences = models.PositiveIntegerField(_("số dòng chênh lệch"), default=0)
    repaired = models.BooleanField(_("đã sửa"), default=False)
    detail = models.JSONField(_("chi tiết"), default=list, blank=True)

    class Meta:
        verbose_name = _("lần đối soát số liệu")
        verbose_name_plural = _("các lần đối soát số liệu")
        ordering = ["-started_at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.started_at:%d/%m/%Y %H:%M}: {self.differences}"
