"""The statistics API's shapes: the query (validated: a 400 names the bad parameter) and the report."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egov.directory.models import AdministrativeUnit, Agency

from ..periods import FIRST_YEAR, LAST_YEAR, Frequency, Period, PeriodError, check_begun, check_reportable
from ..stats import GROUPS, DossierFigures

# DRF's own messages for these are English: the reasons every reporting API gives instead
CHOICE_MESSAGES = {"invalid_choice": _("Giá trị “{input}” không có trong danh sách.")}
NUMBER_MESSAGES = {
    "invalid": _("Hãy nhập một số."),
    "max_string_length": _("Hãy nhập một số."),
    "max_value": _("Giá trị phải nhỏ hơn hoặc bằng {max_value}."),
    "min_value": _("Giá trị phải lớn hơn hoặc bằng {min_value}."),
}
DAY_MESSAGES = {"invalid": _("Ngày không hợp lệ: nhập theo dạng năm-tháng-ngày, ví dụ 2026-03-05.")}
BOOLEAN_MESSAGES = {"invalid": _("Giá trị không hợp lệ: dùng true hoặc false.")}


def id_field(reason, help_text: str) -> serializers.IntegerField:
    """An optional id of the database (1 to 2³¹−1); anything else is refused with `reason`."""
    messages = dict.fromkeys(NUMBER_MESSAGES, reason)
    return serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, error_messages=messages, help_text=help_text
    )


class PeriodQuerySerializer(serializers.Serializer):
    """The period of every reporting API, one of: `start` and `end`, or `frequency` and `year` (with
    `number`, and `closing` for the ND 09 closing period 15th → 14th). `period` in the validated data is
    the checked Period: within the years a report may span, and already begun."""

    start = serializers.DateField(
        required=False, error_messages=DAY_MESSAGES, help_text="Từ ngày (YYYY-MM-DD); đi cùng end"
    )
    end = serializers.DateField(
        required=False, error_messages=DAY_MESSAGES, help_text="Đến ngày (YYYY-MM-DD), tính cả ngày này"
    )
    frequency = serializers.ChoiceField(
        choices=[f.value for f in Frequency],
        required=False,
        error_messages=CHOICE_MESSAGES,
        help_text="Loại kỳ, khi không nhập ngày; đi cùng year",
    )
    year = serializers.IntegerField(
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        error_messages=NUMBER_MESSAGES,
        help_text=f"Năm của kỳ ({FIRST_YEAR}–{LAST_YEAR})",
    )
    number = serializers.IntegerField(
        min_value=1,
        max_value=12,
        required=False,
        default=1,
        error_messages=NUMBER_MESSAGES,
        help_text="Kỳ số: tháng 1–12, quý 1–4, 6 tháng 1–2; 1 với 9 tháng và năm",
    )
    closing = serializers.BooleanField(
        required=False,
        default=False,
        error_messages=BOOLEAN_MESSAGES,
        help_text="true: kỳ báo cáo theo Nghị định 09/2019 (từ ngày 15 tháng trước đến ngày 14); "
        "mặc định kỳ theo lịch",
    )

    def validate(self, data):
        has_dates = "start" in data or "end" in data
        if has_dates and "frequency" in data:
            raise serializers.ValidationError(
                _("Chọn kỳ theo ngày (start, end) hoặc theo loại kỳ và năm, không cả hai.")
            )
        try:
            if has_dates:
                if "start" not in data or "end" not in data:
                    raise serializers.ValidationError(
                        _("Cần cả ngày bắt đầu (start) và ngày kết thúc (end).")
                    )
                period = Period(data["start"], data["end"])
            elif "frequency" in data:
                if "year" not in data:
                    raise serializers.ValidationError({"year": _("Cần năm của kỳ báo cáo.")})
                make = Period.closing if data["closing"] else Period.calendar
                period = make(Frequency(data["frequency"]), data["year"], data["number"])
            else:
                raise serializers.ValidationError(
                    _(
                        "Cần kỳ báo cáo: start và end, hoặc frequency và year "
                        "(ví dụ frequency=month&year=2026&number=11)."
                    )
                )
            data["period"] = check_begun(check_reportable(period))
        except PeriodError as error:
            raise serializers.ValidationError(str(error)) from None
        return data


class ReportQuerySerializer(PeriodQuerySerializer):
    """The dossier statistics: the period, and the scope `unit` (official code) or `agency` (id); default:
    the user's own."""

    unit = serializers.CharField(
        required=False,
        max_length=5,
        validators=[RegexValidator(r"^\d{2,5}$", "Mã đơn vị hành chính gồm 2 đến 5 chữ số.")],
        help_text="Mã đơn vị hành chính (tỉnh 2 chữ số, huyện 3, xã 5)",
    )
    agency = id_field(_("Mã cơ quan không hợp lệ."), "Mã cơ quan")
    by = serializers.ChoiceField(
        choices=list(GROUPS),
        required=False,
        default="procedure",
        error_messages=CHOICE_MESSAGES,
        help_text="Nhóm theo",
    )

    def validate(self, data):
        data = super().validate(data)
        period = data["period"]
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
