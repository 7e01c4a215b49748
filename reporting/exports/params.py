"""What a statistics table covers, in one value the pages, the export jobs and their stored parameters
share: the period, the unit or agency, and how the rows are grouped. `from_json` re-checks everything a
stored or posted parameter set says, so a forged job never reaches the statistics with nonsense."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.directory.models import AdministrativeUnit, Agency
from egov.errors import DomainError
from reporting.periods import Period, check_reportable

# the row groups of reporting.stats, with the heading of the table's label column
GROUPS = {
    "procedure": gettext_lazy("Thủ tục hành chính"),
    "field": gettext_lazy("Lĩnh vực"),
    "agency": gettext_lazy("Cơ quan"),
    "unit": gettext_lazy("Đơn vị hành chính"),
    "month": gettext_lazy("Tháng"),
}


class ParamsError(DomainError):
    pass


@dataclass(frozen=True)
class ReportParams:
    period: Period
    unit: AdministrativeUnit | None = None
    agency: Agency | None = None
    by: str = "procedure"

    def __post_init__(self):
        check_reportable(self.period)
        if self.by not in GROUPS:
            raise ParamsError(_("Cách nhóm số liệu không hợp lệ."))
        if self.unit is not None and self.agency is not None:
            raise ParamsError(_("Chỉ chọn một đơn vị hành chính hoặc một cơ quan, không chọn cả hai."))

    @property
    def scope(self) -> dict:
        return {"unit": self.unit, "agency": self.agency}

    def report(self):
        from reporting import stats

        return stats.dossier_report(self.period, unit=self.unit, agency=self.agency, by=self.by)

    def to_json(self) -> dict:
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "unit": self.unit.pk if self.unit else None,
            "agency": self.agency.pk if self.agency else None,
            "by": self.by,
        }

    @classmethod
    def from_json(cls, data) -> "ReportParams":
        if not isinstance(data, dict):
            raise ParamsError(_("Tham số báo cáo không hợp lệ."))
        try:
            start = datetime.date.fromisoformat(str(data.get("start", "")))
            end = datetime.date.fromisoformat(str(data.get("end", "")))
        except ValueError:
            raise ParamsError(_("Ngày của kỳ báo cáo không hợp lệ.")) from None
        return cls(
            Period(start, end),
            unit=_load(AdministrativeUnit, data.get("unit"), _("Không có đơn vị hành chính này.")),
            agency=_load(Agency, data.get("agency"), _("Không có cơ quan này.")),
            by=str(data.get("by", "procedure")),
        )


def _load(model, value, missing: str):
    if value in (None, ""):
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | str)
        or not str(value).isdigit()
        or len(str(value)) > 18
    ):
        raise ParamsError(missing)
    try:
        return model.objects.get(pk=int(value))
    except model.DoesNotExist:
        raise ParamsError(missing) from None
