"""The statistics API's shapes: the query (validated: a 400 names the bad parameter) and the report."""

from django.core.validators import RegexValidator
from rest_framework import serializers

from egov.directory.models import AdministrativeUnit, Agency

from ..periods import FIRST_YEAR, LAST_YEAR, Frequency, Period, PeriodError, check_reportable
from ..stats import GROUPS, DossierFigures


class ReportQuerySerializer(serializers.Serializer):
    """Period: `start` and `end`, or `frequency` + `year` (+ `number`, `closing` for the ND 09 closing
    period 15th → 14th). Scope: `unit` (official code) or `agency` (id); default: the user's own."""

    start = serializers.DateField(required=False, help_text="Từ ngày (YYYY-MM-DD)")
    end = serializers.DateField(required=False, help_text="Đến ngày (YYYY-MM-DD)")
    frequency = serializers.ChoiceField(
        choices=[f.value for f in Frequency], required=False, help_text="Loại kỳ"
    )
    year = serializers.IntegerField(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False, help_text="Năm"
    )
    number = serializers.IntegerField(min_value=1, max_value=12, required=False, default=1, help_text="Kỳ số")
    closing = serializers.BooleanField(
        required=False, default=False, help_text="Kỳ chốt số liệu theo NĐ 09/2019 (ngày 15 → 14)"
    )
    unit = serializers.CharField(
        required=False,
        max_length=5,
        validators=[RegexValidator(r"^\d{2,5}$", "Mã đơn vị hành chính gồm 2 đến 5 chữ số.")],
        help_text="Mã đơn vị hành chính (tỉnh 2 chữ số, huyện 3, xã 5)",
    )
    agency = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Mã cơ quan"
    )
    by = serializers.ChoiceField(
        choices=list(GROUPS), required=False, default="procedure", help_text="Nhóm theo"
    )

    def validate(self, data):
        has_dates = "start" in data or "end" in data
        if has_dates and "frequency" in data:
            raise serializers.ValidationError(
                "Chọn kỳ theo ngày (start, end) hoặc theo loại kỳ và năm, không cả hai."
            )
        try:
            if has_dates:
                if "start" not in data or "end" not in data:
                    raise serializers.ValidationError("Cần cả ngày bắt đầu (start) và ngày kết thúc (end).")
                period = Period(data["start"], data["end"])
            elif "frequency" in data:
                if "year" not in data:
                    raise serializers.ValidationError({"year": "Cần năm của kỳ báo cáo."})
                make = Period.closing if data["closing"] else Period.calendar
                period = make(Frequency(data["frequency"]), data["year"], data["number"])
            else:
                raise serializers.ValidationError(
                    "Cần kỳ báo cáo: start và end, hoặc frequency và year "
                    "(ví dụ frequency=month&year=2026&number=11)."
                )
            check_reportable(period)
        except PeriodError as error:
            raise serializers.ValidationError(str(error)) from None
        data["period"] = period
        if "unit" in data:
            data["unit_obj"] = _unit(data["unit"], period)
        if "agency" in data:
            data["agency_obj"] = Agency.objects.filter(pk=data["agency"]).select_related("unit").first()
            if data["agency_obj"] is None:
                raise serializers.ValidationError({"agency": "Không có cơ quan này."})
        return data


def _unit(code: str, period: Period) -> AdministrativeUnit:
    """The unit with this code in force in the period (at its end first: the newest tree)."""
    found = list(AdministrativeUnit.objects.filter(code=code).order_by("-valid_from"))
    if not found:
        raise serializers.ValidationError({"unit": "Không có đơn vị hành chính mã này."})
    for unit in found:
        if unit.valid_from <= period.end and (unit.valid_to is None or unit.valid_to >= period.start):
            return unit
    spans = "; ".join(
        f"{u.name}: {u.valid_from:%d/%m/%Y} – {u.valid_to:%d/%m/%Y}"
        if u.valid_to
        else f"{u.name}: từ {u.valid_from:%d/%m/%Y}"
        for u in found
    )
    raise serializers.ValidationError({"unit": f"Đơn vị mã {code} không tồn tại trong kỳ báo cáo ({spans})."})


def _figure_field(name):
    if name in DossierFigures.RATES:
        return serializers.FloatField(allow_null=True, help_text=str(DossierFigures.LABELS[name]))
    return serializers.IntegerField(help_text=str(DossierFigures.LABELS[name]))


FiguresSerializer = type(
    "DossierFiguresSerializer",
    (serializers.Serializer,),
    {name: _figure_field(name) for name in DossierFigures.FIGURES},
)


class DossierReportColumnSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()


class DossierReportPeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class DossierReportRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    filters = serializers.DictField(help_text="Bộ lọc để xem danh sách hồ sơ của dòng này")
    figures = FiguresSerializer()


class ReportSerializer(serializers.Serializer):
    period = DossierReportPeriodSerializer()
    scope = serializers.CharField()
    by = serializers.CharField()
    columns = DossierReportColumnSerializer(many=True)
    rows = DossierReportRowSerializer(many=True)
    total = FiguresSerializer()
    notes = serializers.ListField(child=serializers.CharField())


def report_data(report) -> dict:
    return {
        "period": {"start": report.period.start, "end": report.period.end},
        "scope": report.scope_label,
        "by": report.by,
        "columns": [{"name": n, "label": str(DossierFigures.LABELS[n])} for n in DossierFigures.FIGURES],
        "rows": [
            {"key": r.key, "label": r.label, "filters": r.filters, "figures": r.figures.as_dict()}
            for r in report.rows
        ],
        "total": report.total.as_dict(),
        "notes": report.notes,
    }


class BehindQuerySerializer(ReportQuerySerializer):
    figure = serializers.ChoiceField(choices=list(DossierFigures.counted()), help_text="Chỉ tiêu")
    procedure = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    field = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    month = serializers.RegexField(r"^\d{4}-(0[1-9]|1[0-2])$", required=False, help_text="Tháng (YYYY-MM)")


class BehindDossierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    procedure = serializers.CharField(source="version.procedure.name")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    accepted_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    result_ready_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField()
