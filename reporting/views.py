"""The reporting pages under /bao-cao/: the leaders' dashboard, the §2.7 table, the dossiers behind a
number, the exports and the public transparency page.

Every figure comes from reporting.stats (this module never counts dossiers itself). A staff page needs
the permission `reporting.view_statistics`, the second factor where the role asks for it, and
`stats.can_view` for the unit or agency in the address; the dossiers behind a number are further cut to
what `onestop.queries.visible_to` lets the user open. The drill-down's row filters travel signed, so an
address cannot ask `dossiers_behind` for anything a page did not offer."""

import calendar
import datetime
from functools import wraps

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from egov.accounts.decorators import staff_required
from egov.directory.models import AdministrativeUnit
from egov.errors import DomainError
from egov.files import download
from onestop import queries as onestop_queries

from . import stats
from .exports import layout
from .exports import services as exports
from .exports.models import ExportJob, ExportStatus
from .exports.params import GROUPS, ReportParams
from .forms import SLUG_OF_GROUP, ExportForm, PeriodForm
from .periods import Period

PERMISSION = "reporting.view_statistics"
DRILL_SALT = "reporting.drill-down"
PAGE_SIZE = 20
TREND_MONTHS = 12
TOP_LATE = 10
PUBLIC_CACHE_SECONDS = 300
# the headline tiles: (rate, its numerator's figure, its denominator's figure)
HEADLINES = (
    ("on_time_rate", "resolved_in_time", "resolved_total"),
    ("online_rate", "new_online", "new_total"),
    ("online_payment_rate", "paid_online", "paid_total"),
    ("digitised_rate", "digitised", "new_total"),
    ("satisfaction_rate", "satisfied", "ratings"),
)


def reporter_required(view):
    """Staff past the second factor, holding the reporting permission."""

    @staff_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied(_("Trang này dành cho lãnh đạo và cán bộ thống kê."))
        return view(request, *args, **kwargs)

    return wrapper


class Refused(Exception):
    """The page's input was refused: show the form with the reason."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def _params(request, form: PeriodForm, default_by="procedure") -> ReportParams:
    if not form.is_valid():
        raise Refused(" ".join(str(e) for errors in form.errors.values() for e in errors))
    try:
        params = form.params(request.user, default_by)
    except DomainError as error:
        raise Refused(str(error)) from None
    if not stats.can_view(request.user, unit=params.unit, agency=params.agency):
        raise PermissionDenied(_("Bạn không có quyền xem số liệu của đơn vị hoặc cơ quan này."))
    return params


def _refused(request, template, form, error: Refused, extra=None):
    context = {"form": form, "error": str(error), "nav": "reporting-dashboard", **(extra or {})}
    return render(request, template, context, status=error.status)


def _scope_name(params: ReportParams) -> str:
    if params.agency is not None:
        return params.agency.name
    if params.unit is not None:
        return params.unit.name
    return _("Toàn tỉnh")


def _twelve_months(period: Period) -> Period:
    end_month = period.end
    last = end_month.replace(day=calendar.monthrange(end_month.year, end_month.month)[1])
    year, month = end_month.year, end_month.month - (TREND_MONTHS - 1)
    while month < 1:
        year, month = year - 1, month + 12
    return Period(datetime.date(year, month, 1), last)


def _sign(filters: dict) -> str:
    return signing.dumps(filters, salt=DRILL_SALT, compress=True)


def _units_by_code(rows, period: Period) -> dict[str, int]:
    codes = {row.key for row in rows}
    units = AdministrativeUnit.objects.filter(code__in=codes, valid_from__lte=period.end).exclude(
        valid_to__lt=period.start
    )
    return {unit.code: unit.pk for unit in units}


def _rank(rows):
    return sorted(
        rows,
        key=lambda row: (
            row.figures.on_time_rate is None,
            -(row.figures.on_time_rate or 0),
            -row.figures.received_total,
            row.label,
        ),
    )


def _drill(form, row, figure, params) -> str:
    return (
        f"{reverse('reporting:dossiers')}?"
        f"{form.query(hinh=figure, loc=_sign(row.filters), **_scope_query(params))}"
    )


def _scope_query(params: ReportParams) -> dict:
    return {
        "don_vi": params.unit.pk if params.unit else None,
        "co_quan": params.agency.pk if params.agency else None,
    }


# --- the dashboard --------------------------------------------------------------------------------------
@require_safe
@reporter_required
def dashboard(request):
    form = PeriodForm(request.GET)
    try:
        params = _params(request, form)
        scope = params.scope
        figures = stats.dossier_figures(params.period, **scope)
        trend = stats.dossier_report(_twelve_months(params.period), by="month", **scope)
        agencies = (
            stats.dossier_report(params.period, by="agency", **scope) if params.agency is None else None
        )
        units = stats.dossier_report(params.period, by="unit", **scope) if params.unit is not None else None
        procedures = stats.dossier_report(params.period, by="procedure", **scope)
    except Refused as error:
        return _refused(request, "reporting/dashboard.html", form, error)
    except DomainError as error:
        return _refused(request, "reporting/dashboard.html", form, Refused(str(error)))

    headlines = [
        {
            "name": rate,
            "label": stats.DossierFigures.LABELS.get(rate, rate),
            "rate": getattr(figures, rate),
            "part": getattr(figures, part),
            "whole": getattr(figures, whole),
        }
        for rate, part, whole in HEADLINES
    ]
    scope_query = _scope_query(params)
    agency_rows = (
        [{"row": row, "url": f"?{form.query(co_quan=row.key, don_vi=None)}"} for row in _rank(agencies.rows)]
        if agencies
        else []
    )
    unit_rows = []
    if units:
        pks = _units_by_code(units.rows, params.period)
        unit_rows = [
            {"row": row, "url": f"?{form.query(don_vi=pks[row.key], co_quan=None)}" if row.key in pks else ""}
            for row in _rank(units.rows)
        ]
    late = sorted(
        (r for r in procedures.rows if r.figures.resolved_late or r.figures.in_progress_overdue),
        key=lambda r: (-(r.figures.resolved_late + r.figures.in_progress_overdue), r.label),
    )[:TOP_LATE]
    late_rows = [
        {
            "row": row,
            "late_url": _drill(form, row, "resolved_late", params) if row.figures.resolved_late else "",
            "overdue_url": _drill(form, row, "in_progress_overdue", params)
            if row.figures.in_progress_overdue
            else "",
        }
        for row in late
    ]
    chart = {
        "labels": [row.label for row in trend.rows],
        "series": {
            "on_time_rate": [row.figures.on_time_rate for row in trend.rows],
            "online_rate": [row.figures.online_rate for row in trend.rows],
            "received": [row.figures.new_total for row in trend.rows],
            "resolved": [row.figures.resolved_total for row in trend.rows],
        },
        "names": {
            "on_time_rate": _("Tỷ lệ đúng hạn (%)"),
            "online_rate": _("Tỷ lệ trực tuyến (%)"),
            "received": _("Hồ sơ mới tiếp nhận"),
            "resolved": _("Hồ sơ đã giải quyết"),
        },
    }
    context = {
        "form": form,
        "params": params,
        "report_scope": procedures.scope_label or _scope_name(params),
        "figures": figures,
        "headlines": headlines,
        "trend": trend,
        "chart": chart,
        "agency_rows": agency_rows,
        "unit_rows": unit_rows,
        "late_rows": late_rows,
        "notes": procedures.notes,
        "table_query": form.query(theo="thu-tuc", **scope_query),
        "province_query": form.query(don_vi=None, co_quan=None),
        "home_label": _home_label(request.user),
        "narrowed": (params.unit, params.agency) != stats.scope_for(request.user),
        "late_all_url": _drill(form, _Whole(), "resolved_late", params) if figures.resolved_late else "",
        "overdue_all_url": _drill(form, _Whole(), "in_progress_overdue", params)
        if figures.in_progress_overdue
        else "",
        "nav": "reporting-dashboard",
    }
    return render(request, "reporting/dashboard.html", context)


def _home_label(user) -> str:
    """The name of what the user reports on by default (the first step of the breadcrumbs)."""
    unit, agency = stats.scope_for(user)
    return unit.name if unit else agency.name if agency else _("Toàn hệ thống")


class _Whole:
    """The whole scope as a drill-down 'row': no filters beyond the period and scope."""

    filters: dict = {}


# --- the §2.7 table ------------------------------------------------------------------------------------
@require_safe
@reporter_required
def table(request):
    form = PeriodForm(request.GET)
    try:
        params = _params(request, form)
        report = params.report()
    except Refused as error:
        return _refused(request, "reporting/table.html", form, error)
    except DomainError as error:
        return _refused(request, "reporting/table.html", form, Refused(str(error)))
    unit_pks = _units_by_code(report.rows, params.period) if params.by == "unit" else {}
    rows = []
    for index, row in enumerate(report.rows, start=1):
        token = _sign(row.filters)
        cells = []
        for column in layout.COLUMNS:
            value = getattr(row.figures, column.name)
            link = ""
            if not column.rate and value:
                link = f"{reverse('reporting:dossiers')}?{form.query(hinh=column.name, loc=token)}"
            cells.append({"value": value, "url": link, "rate": column.rate})
        open_url = ""
        if params.by == "agency":
            open_url = f"?{form.query(co_quan=row.key, don_vi=None, theo='thu-tuc')}"
        elif params.by == "unit" and row.key in unit_pks:
            open_url = f"?{form.query(don_vi=unit_pks[row.key], co_quan=None, theo='co-quan')}"
        rows.append({"number": index, "row": row, "cells": cells, "open_url": open_url})
    total_token = _sign({})
    total = [
        {
            "value": getattr(report.total, c.name),
            "rate": c.rate,
            "url": f"{reverse('reporting:dossiers')}?{form.query(hinh=c.name, loc=total_token)}"
            if not c.rate and getattr(report.total, c.name)
            else "",
        }
        for c in layout.COLUMNS
    ]
    context = {
        "form": form,
        "params": params,
        "report": report,
        "header_rows": layout.header_rows(params.by),
        "column_numbers": layout.column_numbers(),
        "rows": rows,
        "total": total,
        "group_label": GROUPS[params.by],
        "groups": [
            (label, form.query(theo=SLUG_OF_GROUP[g]), g == params.by)
            for g, label in GROUPS.items()
            if g != "unit" or params.unit is not None
        ],
        "export_form": ExportForm(),
        "export_query": form.query(theo=SLUG_OF_GROUP[params.by], **_scope_query(params)),
        "dashboard_query": form.query(theo=None, **_scope_query(params)),
        "nav": "reporting-dashboard",
    }
    return render(request, "reporting/table.html", context)


# --- the dossiers behind a number -----------------------------------------------------------------------
COUNTED = frozenset(stats.DossierFigures.counted())


@require_safe
@reporter_required
def dossiers(request):
    form = PeriodForm(request.GET)
    figure = request.GET.get("hinh", "")
    try:
        params = _params(request, form)
        if figure not in COUNTED:
            raise Refused(_("Không có chỉ tiêu thống kê này."))
        try:
            filters = signing.loads(request.GET.get("loc", ""), salt=DRILL_SALT)
        except signing.BadSignature:
            raise Refused(_("Liên kết chi tiết không hợp lệ: hãy mở lại từ bảng thống kê.")) from None
        if not isinstance(filters, dict):
            raise Refused(_("Liên kết chi tiết không hợp lệ: hãy mở lại từ bảng thống kê."))
        behind = stats.dossiers_behind(
            params.period, figure, unit=params.unit, agency=params.agency, filters=filters
        )
    except Refused as error:
        return _refused(request, "reporting/dossiers.html", form, error)
    except DomainError as error:
        return _refused(request, "reporting/dossiers.html", form, Refused(str(error)))
    total = behind.count()
    visible = behind.filter(pk__in=Subquery(onestop_queries.visible_to(request.user).values("pk")))
    visible = visible.select_related("version__procedure").order_by("-accepted_at", "-pk")
    page = Paginator(visible, PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {
        "form": form,
        "params": params,
        "figure": figure,
        "figure_label": stats.DossierFigures.LABELS.get(figure, figure),
        "page": page,
        "total": total,
        "hidden": total - page.paginator.count,
        "page_query": form.query(hinh=figure, loc=request.GET.get("loc", ""), trang=None),
        "table_query": form.query(hinh=None, loc=None, trang=None, **_scope_query(params)),
        "nav": "reporting-dashboard",
    }
    return render(request, "reporting/dossiers.html", context)


# --- exports --------------------------------------------------------------------------------------------
@require_POST
@reporter_required
def export_start(request):
    form = PeriodForm(request.GET)
    export_form = ExportForm(request.POST)
    try:
        params = _params(request, form)
        if not export_form.is_valid():
            raise Refused(_("Hãy chọn định dạng tệp: Excel hoặc PDF."))
        job = exports.start_export(request.user, params, export_form.cleaned_data["dinh_dang"])
    except Refused as error:
        return _refused(request, "reporting/table.html", form, error)
    except DomainError as error:
        status = getattr(error, "http_status", 400)
        return _refused(request, "reporting/table.html", form, Refused(str(error), status=status))
    return redirect("reporting:export-job", pk=job.pk)


def _own_job(request, pk) -> ExportJob:
    # another user's job and a job that does not exist look the same: 404
    return get_object_or_404(ExportJob, pk=pk, owner=request.user)


@require_safe
@reporter_required
def export_job(request, pk):
    job = _own_job(request, pk)
    recent = ExportJob.objects.filter(owner=request.user).exclude(pk=job.pk)[:10]
    return render(
        request, "reporting/export_job.html", {"job": job, "recent": recent, "nav": "reporting-dashboard"}
    )


@require_safe
@reporter_required
def export_progress(request, pk):
    return render(request, "reporting/_export_progress.html", {"job": _own_job(request, pk)})


@require_safe
@reporter_required
def export_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportStatus.DONE or not job.file:
        messages.error(request, _("Tệp chưa sẵn sàng để tải về."))
        return redirect("reporting:export-job", pk=job.pk)
    return download(job.file, job.filename, content_type=exports.content_type(job))


# --- the public transparency page ---------------------------------------------------------------------
@require_safe
@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
def public(request):
    today = timezone.localdate()
    key = f"reporting:public:{get_language()}:{today.isoformat()}"
    context = cache.get(key)
    if context is None:
        context = {"today": today, "sections": _public_sections(today)}
        cache.set(key, context, PUBLIC_CACHE_SECONDS)
    return render(request, "reporting/public.html", context)


def _public_sections(today: datetime.date) -> list[dict]:
    """The month so far and the year so far, by agency and by commune: labels, counts and two rates;
    nothing about any person."""
    month = Period(today.replace(day=1), today)
    year = Period(today.replace(month=1, day=1), today)
    provinces = list(
        AdministrativeUnit.objects.on(today)
        .filter(parent__isnull=True, code__in=_served_province_codes())
        .order_by("code")
    )
    sections = []
    for title, period in (
        (_("Tháng %(m)s/%(y)s") % {"m": today.month, "y": today.year}, month),
        (_("Năm %(y)s") % {"y": today.year}, year),
    ):
        report = stats.dossier_report(period, by="agency")
        tables = [
            {
                "heading": _("Theo cơ quan"),
                "rows": [_public_row(r.label, r.figures) for r in _rank(report.rows)],
                "total": _public_row(_("Tổng cộng"), report.total),
            }
        ]
        for province in provinces:
            report = stats.dossier_report(period, unit=province, by="unit")
            rows = [_public_row(r.label, r.figures) for r in _rank(report.rows)]
            # every commune is named, those without a dossier yet in a line of their own under the table
            seen = {r.key for r in report.rows}
            communes = AdministrativeUnit.objects.on(today).filter(parent=province).order_by("name")
            tables.append(
                {
                    "heading": _("Theo xã, phường của %(unit)s") % {"unit": province.name},
                    "rows": rows,
                    "total": _public_row(_("Tổng cộng"), report.total),
                    "without_dossiers": [c.name for c in communes if c.code not in seen],
                }
            )
        sections.append({"title": title, "period": period, "tables": tables})
    return sections


def _served_province_codes() -> set[str]:
    """The provinces the portal serves: those with an agency in their tree (the directory holds every
    province of the country; the index lists only the portal's own)."""
    from egov.directory.models import PATH_SEPARATOR, Agency

    paths = Agency.objects.filter(is_active=True, unit__isnull=False).values_list("unit__path", flat=True)
    return {path.split(PATH_SEPARATOR, 1)[0] for path in paths.distinct()}


def _public_row(label, figures) -> dict:
    return {
        "label": label,
        "received": figures.received_total,
        "resolved": figures.resolved_total,
        "on_time_rate": figures.on_time_rate,
        "online_rate": figures.online_rate,
    }
