"""The statistics' summary tables (see `reporting.ledger` for how they are kept, `reporting.stats` for how
they are read).

`Summary`: one row per (agency, grain, bucket, procedure) with additive counts: `grain` is "d" (a local day),
"m" (a month, `day` its first day) or "y" (a year, `day` its 1 January). Every change of a dossier adds the
same deltas to its day's, month's and year's rows, so any range of days is the sum of at most a handful of
buckets per agency and procedure. Flow columns count what happened on those days; the three `*_net`
columns and (new − finished) are the changes of the stocks (open, overdue, waiting for a supplement), so
the stock at the end of day D is the sum of those columns over every bucket up to D.

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


class Summary(models.Model):
    """Số liệu tổng hợp hồ sơ theo ngày / tháng / năm, cơ quan giải quyết và thủ tục."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan giải quyết"), on_delete=models.CASCADE, related_name="+"
    )
    grain = models.CharField(_("kỳ"), max_length=1, choices=Grain.choices)
    day = models.DateField(_("ngày đầu kỳ"))
    procedure = models.ForeignKey(
        "services.Procedure", verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="+"
    )
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


class AgencySummary(models.Model):
    """The same counts without the procedure: one row per (agency, grain, bucket). The totals, and the
    reports by agency, unit and month, read these (a province-year is a few hundred rows)."""

    agency = models.ForeignKey(
        "directory.Agency", verbose_name=_("cơ quan giải quyết"), on_delete=models.CASCADE, related_name="+"
    )
    grain = models.CharField(_("kỳ"), max_length=1, choices=Grain.choices)
    day = models.DateField(_("ngày đầu kỳ"))
    new_online = models.IntegerField(default=0)
    new_direct = models.IntegerField(default=0)
    new_post = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    overdue_net = models.IntegerField(default=0)
    supplement_net = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    paid_total = models.IntegerField(default=0)
    digitised = models.IntegerField(default=0)
    ratings = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp theo cơ quan")
        verbose_name_plural = _("số liệu tổng hợp theo cơ quan")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["agency", "grain", "day"], name="reporting_agencysummary_bucket"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.grain} {self.day}"


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
