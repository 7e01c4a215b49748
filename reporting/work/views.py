"""The staff page of the work statistics: /bao-cao/cong-viec/ (Vietnamese, tables that read on a phone).

The query string is the dossier statistics pages' period picker with the work statistics' own filters
(reporting.work.params.WorkForm): a bad value is answered on the page in Vietnamese (status 400), a scope
the user does not have with a 403 page saying why. Every link of the page keeps the period."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from egov.accounts.decorators import staff_required
from egov.errors import NotPermitted

from . import queries, scope
from .params import GROUPS, SLUG_OF_GROUP, WorkForm

DOCUMENT_COLUMNS = (
    "incoming",
    "incoming_electronic",
    "incoming_paper",
    "incoming_secret",
    "incoming_electronic_rate",
    "outgoing",
    "outgoing_electronic",
    "outgoing_waiting",
    "outgoing_electronic_rate",
    "outgoing_leader_signed",
    "leader_signed_rate",
    "outgoing_sealed",
    "sealed_rate",
    "outgoing_secret",
)
TASK_COLUMNS = ("total", "done_on_time", "done_late", "in_progress_within", "overdue", "on_time_rate")


def default_group(selection: scope.Selection) -> str:
    if selection.whole_agencies and len(selection.agencies) > 1:
        return "agency"
    return "department"


def check_group(selection: scope.Selection, by: str | None) -> str:
    """The grouping asked for, or the default; refused when the scope does not allow it."""
    if by is None:
        return default_group(selection)
    if by == "agency" and not selection.whole_agencies:
        raise NotPermitted(_("Lãnh đạo phòng, ban chỉ xem số liệu của phòng, ban mình."))
    return by


def _columns(table: queries.Table, names) -> list[dict]:
    labels = table.total.LABELS
    return [{"name": n, "label": labels[n], "rate": n.endswith("_rate")} for n in names]


def _cells(figures, columns) -> list[dict]:
    return [{**c, "value": getattr(figures, c["name"])} for c in columns]


def _row_url(form: WorkForm, selection: scope.Selection, table: queries.Table, row) -> str:
    """An agency's or department's row opens it, for the same period."""
    if table.by == "agency":
        return "?" + form.query(co_quan=row.key, phong_ban=None, theo=None)
    if table.by == "department" and row.key != queries.NO_DEPARTMENT and selection.whole_agencies:
        return "?" + form.query(phong_ban=row.key, theo=None)
    return ""


def _section(title: str, table: queries.Table, names, form: WorkForm, selection: scope.Selection) -> dict:
    columns = _columns(table, names)
    rows = [
        {"row": r, "url": _row_url(form, selection, table, r), "cells": _cells(r.figures, columns)}
        for r in table.rows
    ]
    return {
        "title": title,
        "heading": GROUPS[table.by],
        "columns": columns,
        "rows": rows,
        "total": _cells(table.total, columns),
        "notes": table.notes,
    }


def _departments_offered(user, form: WorkForm, agencies) -> list:
    """The departments of the agency asked for, or of the only agency the user sees."""
    asked = form.cleaned_data.get("co_quan")
    if asked:
        return scope.department_choices(user, [asked])
    return scope.department_choices(user, [agencies[0].pk] if len(agencies) == 1 else [])


@require_safe
@staff_required
def index(request):
    user = request.user
    if not scope.scope_for(user).allowed:
        return render(request, "reporting/work/refused.html", {"reason": scope.refusal()}, status=403)
    agencies = scope.agency_choices(user)
    form = WorkForm(request.GET, agencies=agencies)
    context = {"nav": "reporting-work", "form": form}
    if not form.is_valid():
        form.offer_departments(_departments_offered(user, form, agencies))
        return render(request, "reporting/work/index.html", {**context, "error": form.reason()}, status=400)
    try:
        selection = scope.select(
            user, agency_id=form.cleaned_data["co_quan"], department_id=form.cleaned_data["phong_ban"]
        )
        by = check_group(selection, form.group)
    except NotPermitted as error:
        return render(request, "reporting/work/refused.html", {"reason": str(error)}, status=403)
    form.offer_departments(_departments_offered(user, form, agencies))
    period = form.period
    tables = [
        (_("Văn bản đến, văn bản đi"), queries.document_table(period, selection, by), DOCUMENT_COLUMNS),
        (_("Nhiệm vụ"), queries.task_table(period, selection, by), TASK_COLUMNS),
    ]
    if len(selection.agencies) == 1 or selection.departments:
        people = queries.task_table(period, selection, "person")
        tables.append((_("Nhiệm vụ theo cán bộ"), people, TASK_COLUMNS))
    sections = [_section(title, table, names, form, selection) for title, table, names in tables]
    groups = []
    if selection.whole_agencies and len(selection.agencies) > 1:
        groups = [(GROUPS[g], form.query(theo=SLUG_OF_GROUP[g]), g == by) for g in SLUG_OF_GROUP]
    context.update(period=period, selection=selection, sections=sections, groups=groups)
    return render(request, "reporting/work/index.html", context)
