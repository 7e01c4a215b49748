"""The period picker and the scope of the reporting pages, read from the query string (every page of a
report is a link that can be shared and bookmarked). Bad input gets a Vietnamese reason, never a 500.

`BasePeriodForm` is the picker every reporting page shares (`ky`, `nam`, `so`, `tu`, `den`, template
reporting/_period_form.html); `PeriodForm` adds the dossier statistics' grouping and scope, and
reporting.work.params.WorkForm the work statistics' own."""

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.directory.models import AdministrativeUnit, Agency
from egov.errors import DomainError
from egov.forms import DayField
from reporting.exports.models import ExportFormat
from reporting.exports.params import GROUPS, ReportParams
from reporting.periods import (
    FIRST_YEAR,
    LAST_YEAR,
    Frequency,
    Period,
    check_begun,
    check_reportable,
)

# ky= in the address: calendar periods for the dashboards, ND 09 closing periods for the periodic reports
KINDS = {
    "thang": (gettext_lazy("Tháng"), "calendar", Frequency.MONTH),
    "quy": (gettext_lazy("Quý"), "calendar", Frequency.QUARTER),
    "nam": (gettext_lazy("Năm"), "calendar", Frequency.YEAR),
    "chot-thang": (gettext_lazy("Kỳ báo cáo tháng (15 tháng trước – 14)"), "closing", Frequency.MONTH),
    "chot-quy": (gettext_lazy("Kỳ báo cáo quý"), "closing", Frequency.QUARTER),
    "chot-6-thang": (gettext_lazy("Kỳ báo cáo 6 tháng"), "closing", Frequency.HALF_YEAR),
    "chot-9-thang": (gettext_lazy("Kỳ báo cáo 9 tháng"), "closing", Frequency.NINE_MONTHS),
    "chot-nam": (gettext_lazy("Kỳ báo cáo năm"), "closing", Frequency.YEAR),
    "khoang": (gettext_lazy("Từ ngày … đến ngày …"), None, None),
}
# theo= in the address
GROUP_SLUGS = {
    "thu-tuc": "procedure",
    "linh-vuc": "field",
    "co-quan": "agency",
    "don-vi": "unit",
    "thang": "month",
}
SLUG_OF_GROUP = {group: slug for slug, group in GROUP_SLUGS.items()}


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + 1, max(FIRST_YEAR, this_year - 10) - 1, -1)]


def vietnamese_messages(field: forms.Field) -> None:
    """Django's own messages for a bad choice or number, said the portal's way."""
    field.error_messages.update(
        {
            "invalid_choice": _("Giá trị “%(value)s” không có trong danh sách."),
            "invalid": _("Hãy nhập một số."),
            "max_value": _("Giá trị phải nhỏ hơn hoặc bằng %(limit_value)s."),
            "min_value": _("Giá trị phải lớn hơn hoặc bằng %(limit_value)s."),
        }
    )


class BasePeriodForm(forms.Form):
    """The period picker of every reporting page: a kind of period (`ky`) with its year and number, or two
    days; nothing chosen means this calendar month. `period` is the checked Period once the form is valid.
    Subclasses add their own fields; those named in `extra_fields` are shown after the period's."""

    PERIOD_FIELDS = ("ky", "nam", "so", "tu", "den")
    DAY_FIELDS = ("tu", "den")
    extra_field_names: tuple[str, ...] = ()

    ky = forms.ChoiceField(label=gettext_lazy("Loại kỳ"), choices=[(k, v[0]) for k, v in KINDS.items()])
    nam = forms.IntegerField(
        label=gettext_lazy("Năm"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    so = forms.IntegerField(
        label=gettext_lazy("Tháng / quý / kỳ số"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=gettext_lazy("Tháng 1–12, quý 1–4; bỏ trống với kỳ năm."),
    )
    tu = DayField(label=gettext_lazy("Từ ngày"), required=False)
    den = DayField(label=gettext_lazy("Đến ngày"), required=False)

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        data = data.copy() if data is not None else {}
        # nothing chosen: this calendar month
        if not data.get("ky"):
            data.setdefault("ky", "thang")
            data.setdefault("nam", str(today.year))
            data.setdefault("so", str(today.month))
        super().__init__(data, **kwargs)
        for name in ("ky", "nam", "so"):
            vietnamese_messages(self.fields[name])
        self.fields["nam"].widget = forms.Select(choices=_year_choices())
        self.fields["so"].widget = forms.Select(choices=[("", "—")] + [(n, str(n)) for n in range(1, 13)])
        self.period: Period | None = None

    @property
    def extra_fields(self):
        return [self[name] for name in self.extra_field_names]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind = data["ky"]
        label, family, frequency = KINDS[kind]
        try:
            if family is None:
                if not data.get("tu") or not data.get("den"):
                    raise forms.ValidationError(_("Hãy nhập cả ngày bắt đầu và ngày kết thúc."))
                period = Period(data["tu"], data["den"])
            elif data.get("tu") or data.get("den"):
                # never drop what was typed in silence: the dates count only with the range kind
                raise forms.ValidationError(
                    _(
                        "Đã nhập ngày nhưng loại kỳ đang chọn là “%(kind)s”: để xem theo ngày, hãy chọn "
                        "loại kỳ “Từ ngày … đến ngày …”; nếu không, hãy xóa ngày đã nhập."
                    )
                    % {"kind": label}
                )
            elif data.get("nam") is None:  # a year is needed with a kind, not with two days
                raise forms.ValidationError(_("Hãy chọn năm của kỳ báo cáo."))
            else:
                number = data.get("so") or 1
                maker = Period.calendar if family == "calendar" else Period.closing
                period = maker(frequency, data["nam"], number)
            self.period = check_begun(check_reportable(period))
        except DomainError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    def reason(self) -> str:
        """Every error of the form in one sentence, for the page's message."""
        return " ".join(str(e) for errors in self.errors.values() for e in errors)

    def query(self, **changes) -> str:
        """This form's query string with some values changed (None removes one), for the links of a page."""
        query = QueryDict(mutable=True)
        names = [name for name in self.fields if name not in self.DAY_FIELDS]
        if self.data.get("ky") == "khoang":
            names += self.DAY_FIELDS
        for name in names:
            value = self.data.get(name)
            if value not in (None, ""):
                query[name] = value
        if self.cleaned_data.get("ky") == "khoang" and self.period:
            query["tu"], query["den"] = (
                self.period.start.strftime("%d/%m/%Y"),
                self.period.end.strftime("%d/%m/%Y"),
            )
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query[name] = str(value)
        return query.urlencode()


class PeriodForm(BasePeriodForm):
    """The dossier statistics' pages: the period, the grouping (`theo`) and the unit or agency in scope."""

    theo = forms.ChoiceField(
        label=gettext_lazy("Nhóm theo"),
        choices=[(slug, GROUPS[group]) for slug, group in GROUP_SLUGS.items()],
        required=False,
    )
    don_vi = forms.IntegerField(required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput)
    co_quan = forms.IntegerField(required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        vietnamese_messages(self.fields["theo"])
        for name in ("don_vi", "co_quan"):
            self.fields[name].error_messages.update(
                {
                    "invalid": _("Mã đơn vị hoặc cơ quan không hợp lệ."),
                    "max_value": _("Mã đơn vị hoặc cơ quan không hợp lệ."),
                    "min_value": _("Mã đơn vị hoặc cơ quan không hợp lệ."),
                }
            )
        self.unit: AdministrativeUnit | None = None
        self.agency: Agency | None = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("don_vi"):
            self.unit = AdministrativeUnit.objects.filter(pk=data["don_vi"]).first()
            if self.unit is None:
                raise forms.ValidationError(_("Không có đơn vị hành chính này."))
        if data.get("co_quan"):
            self.agency = Agency.objects.filter(pk=data["co_quan"]).first()
            if self.agency is None:
                raise forms.ValidationError(_("Không có cơ quan này."))
        return data

    def params(self, user, default_by: str = "procedure") -> ReportParams:
        """The checked period with the chosen scope, or the user's own (reporting.stats.scope_for)."""
        from reporting import stats

        unit, agency = self.unit, self.agency
        if unit is None and agency is None:
            unit, agency = stats.scope_for(user)
        by = GROUP_SLUGS.get(self.cleaned_data.get("theo") or "", default_by)
        try:
            return ReportParams(self.period, unit=unit, agency=agency, by=by)
        except DomainError as error:
            self.add_error(None, str(error))
            raise


class ExportForm(forms.Form):
    dinh_dang = forms.ChoiceField(label=gettext_lazy("Định dạng"), choices=ExportFormat.choices)
