"""Staff pages of the periodic reports (/bao-cao-dinh-ky/): the reports of my agency and those sent to
it, a report's page (fill, send for signature, sign with the PIN, accept or return), its signed PDF, and
the recipient's view of a period (arrived, missing, late, rollup). Every change is one call of
`regimes.services`; every read goes through `queries.visible_to`."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required
from egov.errors import DomainError
from egov.files import download

from . import queries, services
from .forms import ReturnForm, SignForm, ValuesForm
from .models import Status, TemplateCell
from .periods import period_label
from .workflow import INSTANCE

NAV = "report-regimes"


def _require_viewer(request):
    if not (request.user.has_perm(queries.VIEW) or request.user.has_perm(queries.REVIEW)):
        raise PermissionDenied(_("Trang này dành cho cán bộ lập hoặc tiếp nhận báo cáo định kỳ."))


@staff_required
def instance_list(request):
    _require_viewer(request)
    from documents import access

    mine = access.agency_ids(request.user)
    visible = queries.visible_to(request.user).order_by("deadline", "regime__name", "reporter__name")
    own = [i for i in visible.filter(reporter_id__in=mine)[:200]]
    received = list(queries.regimes_received_by(request.user).order_by("name"))
    context = {
        "nav": NAV,
        "own": own,
        "received": received,
        "today": timezone.localdate(),
    }
    return render(request, "report_regimes/list.html", context)


def _instance_or_404(request, pk):
    return get_object_or_404(queries.visible_to(request.user), pk=pk)


def _rows(instance, filled):
    cells = services.cells_of(instance.regime)
    return [
        {
            "cell": cell,
            "value": filled.values.get(cell.code),
            "error": filled.errors.get(cell.code, ""),
            "typed": cell.source == TemplateCell.Source.TYPED,
        }
        for cell in cells
    ]


@staff_required
def detail(request, pk, typed=None, status=200):
    _require_viewer(request)
    instance = _instance_or_404(request, pk)
    actions = services.allowed_actions(request.user, instance)
    editable = "save" in actions
    if instance.status in queries.ARRIVED or instance.status == Status.AWAITING_SIGNATURE:
        filled = services.Filled(values=instance.values or {})
    else:
        filled = services.figures(instance, typed)
    context = {
        "nav": NAV,
        "instance": instance,
        "rows": _rows(instance, filled),
        "notes": filled.notes,
        "editable": editable,
        "actions": actions,
        "labels": {t.action: t.label for t in INSTANCE.transitions.values()},
        "overdue": instance.status not in queries.ARRIVED and instance.deadline < timezone.localdate(),
        "can_review_page": queries.can_review(request.user, instance),
    }
    return render(request, "report_regimes/detail.html", context, status=status)


def _typed_from(request, instance) -> dict:
    form = ValuesForm(services.cells_of(instance.regime), request.POST)
    if not form.is_valid():
        problems = [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
        raise DomainError("; ".join(problems))
    return form.typed()


def _valid(form_class, request):
    form = form_class(request.POST)
    if not form.is_valid():
        raise DomainError(" ".join(error for errors in form.errors.values() for error in errors))
    return form.cleaned_data


@staff_required
@require_POST
def act(request, pk, action):
    _require_viewer(request)
    instance = _instance_or_404(request, pk)
    typed = {}
    try:
        if action == "save":
            typed = _typed_from(request, instance)
            services.save_values(request.user, instance, typed)
            messages.success(request, _("Đã lưu số liệu."))
        elif action == "send_for_signature":
            typed = _typed_from(request, instance)
            services.send_for_signature(request.user, instance, typed)
            messages.success(request, _("Đã trình lãnh đạo ký báo cáo."))
        elif action == "withdraw":
            services.withdraw(request.user, instance)
            messages.success(request, _("Đã rút báo cáo về để sửa."))
        elif action == "sign":
            signed = services.sign(request.user, instance, _valid(SignForm, request)["pin"])
            if signed.is_late:
                messages.warning(request, _("Đã ký số và gửi báo cáo; báo cáo được ghi nhận là gửi muộn."))
            else:
                messages.success(request, _("Đã ký số và gửi báo cáo."))
        elif action == "accept":
            services.accept(request.user, instance)
            messages.success(request, _("Đã tiếp nhận báo cáo."))
        elif action == "return":
            reason = _valid(ReturnForm, request)["reason"] if request.POST.get("reason", "").strip() else ""
            services.return_for_correction(request.user, instance, reason)
            messages.success(request, _("Đã trả lại báo cáo để sửa."))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error))
        if action in ("save", "send_for_signature"):
            return detail(request, pk, typed=typed or None, status=400)
    return redirect("report_regimes:detail", pk)


@staff_required
def signed_file(request, pk):
    _require_viewer(request)
    instance = _instance_or_404(request, pk)
    if not instance.signed_file:
        raise Http404
    return download(
        instance.signed_file, f"bao-cao-{instance.regime_id}-{instance.reporter_id}-{instance.period_end}.pdf"
    )


@staff_required
def overview(request, pk):
    """The recipient's view of one period: what arrived, what is missing, what is late, the rollup."""
    regime = get_object_or_404(queries.regimes_received_by(request.user), pk=pk)
    starts = queries.period_starts(regime)
    chosen = starts[0] if starts else None
    asked = request.GET.get("ky", "")
    if asked:
        try:
            day = datetime.date.fromisoformat(asked)
        except ValueError:
            day = None
        if day not in starts:
            messages.error(request, _("Không có kỳ báo cáo này; đang xem kỳ gần nhất."))
        else:
            chosen = day
    data = services.period_overview(regime, chosen)
    first = data.instances[0] if data.instances else None
    context = {
        "nav": NAV,
        "regime": regime,
        "data": data,
        "periods": [
            (start, period_label(regime.frequency, *_year_number(regime, start))) for start in starts
        ],
        "chosen": chosen,
        "chosen_label": first.period_label if first else "",
        "deadline": first.deadline if first else None,
        "today": timezone.localdate(),
    }
    return render(request, "report_regimes/overview.html", context)


def _year_number(regime, start):
    found = regime.instances.filter(period_start=start).values_list("year", "number").first()
    return found or (start.year, 1)
