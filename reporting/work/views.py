"""The staff page of the work statistics: /bao-cao/cong-viec/ (Vietnamese, tables that read on a phone).

The query string is the same as the API's (reporting.work.params): a bad value is answered on the page in
Vietnamese (status 400), a scope the user does not have with a 403 page saying why."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from egov.accounts.decorators import staff_required
from egov.errors import NotPermitted

from . import params, queries, scope
from .params import FREQUENCY_LABELS, ParamError

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


def default_group(selection: scope.Selection, table: str) -> str:
    if selection.whole_agencies and len(selection.agencies) > 1:
        return "agency"
    return "department"


def check_group(selection: scope.Selection, table: str, by: str | None) -> str:
    """The grouping asked for, or the default; refused when it does not fit the table or the scope."""
    if by is None:
        return default_group(selection, table)
    if by == "person" and table == "documents":
        raise ParamError(
            _("Văn bản đến, văn bản đi không thống kê theo cán bộ; chọn theo cơ quan hoặc phòng, ban.")
        )
    if by == "agency" and not selection.whole_agencies:
        raise NotPermitted(_("Lãnh đạo phòng, ban chỉ xem số liệu của phòng, ban mình."))
    return by


def _columns(table: queries.Table, names) -> list[dict]:
    labels = table.total.LABELS
    return [{"name": n, "label": labels[n], "rate": n.endswith("_rate")} for n in names]


def _cells(figures, columns) -> list[dict]:
    return [{**c, "value": getattr(figures, c["name"])} for c in columns]


def _render(table: queries.Table, names) -> dict:
    columns = _columns(table, names)
    return {
        "table": table,
        "columns": columns,
        "rows": [{"row": r, "cells": _cells(r.figures, columns)} for r in table.rows],
        "total": _cells(table.total, columns),
    }


HEADINGS = {
    "agency": gettext_lazy("Cơ quan"),
    "department": gettext_lazy("Phòng, ban"),
    "person": gettext_lazy("Cán bộ"),
}


@require_safe
@staff_required
def index(request):
    user = request.user
    if not scope.scope_for(user).allowed:
        return render(request, "reporting/work/refused.html", {"reason": scope.refusal()}, status=403)
    today = timezone.localdate()
    context = {
        "nav": "reporting-work",
        "query": request.GET,
        "frequencies": list(FREQUENCY_LABELS.items()),
        "years": list(range(today.year, params.FIRST_YEAR - 1, -1))[:12],
        "agencies": scope.agency_choices(user),
    }
    try:
        asked = params.parse(request.GET, today)
        selection = scope.select(user, agency_id=asked.agency_id, department_id=asked.department_id)
        by = check_group(selection, "tasks", asked.by)
        if by == "person":  # the page always shows the people of one agency or department below
            by = default_group(selection, "tasks")
    except NotPermitted as error:
        return render(request, "reporting/work/refused.html", {"reason": str(error)}, status=403)
    except ParamError as error:
        context["error"] = str(error)
        context["departments"] = scope.department_choices(user, [a.pk for a in context["agencies"]][:1])
        return render(request, "reporting/work/index.html", context, status=400)
    period = asked.period
    documents = queries.document_table(period, selection, by)
    tasks = queries.task_table(period, selection, by)
    sections = [
        _section(_("Văn bản đến, văn bản đi"), documents, DOCUMENT_COLUMNS),
        _section(_("Nhiệm vụ"), tasks, TASK_COLUMNS),
    ]
    if len(selection.agencies) == 1 or selection.departments:
        people = queries.task_table(period, selection, "person")
        sections.append(_section(_("Nhiệm vụ theo cán bộ"), people, TASK_COLUMNS))
    one_agency = selection.agency_ids if len(selection.agencies) == 1 else ()
    context.update(
        period=period,
        selection=selection,
        departments=scope.department_choices(user, one_agency),
        sections=sections,
    )
    return render(request, "reporting/work/index.html", context)


def _section(title: str, table: queries.Table, names) -> dict:
    return {"title": title, "heading": HEADINGS[table.by], "data": _render(table, names)}
