"""Staff pages: the administrative units on a chosen date, and a unit's subtree with links between eras."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts.decorators import staff_required
from egov.forms import DayField

from . import queries
from .models import LEGACY_VALID_TO, REORGANISATION_DATE, AdministrativeUnit, Level, UnitSuccession


def _day(request) -> tuple[datetime.date, str]:
    """The date asked for in ?ngay= (2025-06-30 as the date picker sends it, or 30/06/2025 as people write
    it), today when absent, and an error message when unreadable."""
    raw = request.GET.get("ngay", "").strip()
    if not raw:
        return timezone.localdate(), ""
    try:
        return DayField().clean(raw), ""
    except ValidationError:
        return timezone.localdate(), _("Ngày “%(value)s” không hợp lệ; đang hiển thị ngày hôm nay.") % {
            "value": raw
        }


@staff_required
def unit_list(request):
    day, error = _day(request)
    q = request.GET.get("q", "").strip()
    units = queries.units_on(day)
    if q:
        units = units.filter(Q(name__icontains=q) | Q(code=q)).order_by("level", "path")[:100]
    else:
        units = units.filter(level=Level.PROVINCE).order_by("code")
    return render(
        request,
        "directory/unit_list.html",
        {
            "nav": "directory-units",
            "day": day,
            "error": error,
            "q": q,
            "units": units,
            "before": LEGACY_VALID_TO,
            "after": REORGANISATION_DATE,
        },
    )


@staff_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=pk)
    day, error = _day(request)
    if not request.GET.get("ngay"):
        day = queries.default_day(unit)
    # The unit's code path on the chosen date: the same code may stand for the other era's unit.
    root = unit if unit.is_valid_on(day) else queries.units_on(day).filter(path=unit.path).first()
    nodes = list(queries.descendants(unit, day).select_related("parent")) if root else []
    ids = [n.pk for n in nodes] + ([root.pk] if root else [])
    links_out, links_in = {}, {}
    for s in UnitSuccession.objects.filter(predecessor_id__in=ids).select_related("successor"):
        links_out.setdefault(s.predecessor_id, []).append(s.successor)
    for s in UnitSuccession.objects.filter(successor_id__in=ids).select_related("predecessor"):
        links_in.setdefault(s.successor_id, []).append(s.predecessor)
    by_parent = {}
    for node in nodes:
        node.successors_list = links_out.get(node.pk, [])
        node.predecessors_list = links_in.get(node.pk, [])
        by_parent.setdefault(node.parent_id, []).append(node)
    for node in nodes:
        node.child_nodes = by_parent.get(node.pk, [])
    top = by_parent.get(root.pk, []) if root else []
    shown = root or unit
    # The unit asked for belongs to the other era than the date (current Phú Thọ on 30/06/2025): say so,
    # and name the units it was formed from (or became), not only the same-code unit shown.
    other_era = root is not None and root.pk != unit.pk
    other_era_units = []
    if other_era:
        other_era_units = list(
            queries.predecessors(unit) if unit.valid_from > day else queries.successors(unit)
        )
    context = {
        "nav": "directory-units",
        "unit": unit,
        "root": root,
        "shown": shown,
        "day": day,
        "error": error,
        "top": top,
        "count": len(nodes),
        "count_by_level": {
            label: sum(1 for n in nodes if n.level == value)
            for value, label in Level.choices
            if value != Level.PROVINCE
        },
        "ancestors": [
            a
            for a in (queries.ancestor(shown, Level.PROVINCE), queries.ancestor(shown, Level.DISTRICT))
            if a and a != shown
        ],
        "successors": queries.successors(shown),
        "predecessors": queries.predecessors(shown),
        "before": LEGACY_VALID_TO,
        "after": REORGANISATION_DATE,
        "other_era": other_era,
        "other_era_later": other_era and unit.valid_from > day,
        "other_era_units": other_era_units,
    }
    return render(request, "directory/unit_detail.html", context)
