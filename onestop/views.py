"""The one-stop desk's staff pages. Every read starts from `queries.visible_to`; every change is one call
of a function of `onestop.services` (a refused action is shown as its Vietnamese message)."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required
from egov.errors import DomainError
from egov.files import download
from egov.once import create_once
from egov.workdays import clock
from services.models import HandlingLevel, Procedure, ProcedureVersion
from services.search import search_catalogue

from . import fees, forms, prints, queries, ratings, services
from .models import Dossier, DossierRating
from .workflow import DOSSIER

PAGE_SIZE = 20


def _dossier_or_404(request, pk) -> Dossier:
    return get_object_or_404(queries.visible_to(request.user), pk=pk)


def remaining_label(dossier):
    """'còn 2 ngày 3 giờ làm việc' / 'quá hạn …' (None when the clock does not run)."""
    left = queries.remaining_working_time(dossier)
    if left is None:
        return None
    days, rest = divmod(abs(left), clock.working_day_length())
    hours, minutes = int(rest.total_seconds()) // 3600, int(rest.total_seconds()) % 3600 // 60
    if days and hours:
        text = _("%(days)s ngày %(hours)s giờ") % {"days": days, "hours": hours}
    elif days:
        text = _("%(days)s ngày") % {"days": days}
    else:
        text = _("%(hours)s giờ %(minutes)s phút") % {"hours": hours, "minutes": minutes}
    overdue = left < datetime.timedelta(0)
    phrase = _("quá hạn %(time)s làm việc") if overdue else _("còn %(time)s làm việc")
    return {"overdue": overdue, "text": phrase % {"time": text}}


@staff_required
def dossier_detail(request, pk, bound=None):
    dossier = _dossier_or_404(request, pk)
    actions = []
    for action in services.allowed_actions(request.user, dossier):
        if action not in forms.ACTION_FORMS:
            continue
        form = bound if bound is not None and bound.prefix == action else forms.action_form(action, dossier)
        actions.append(
            {
                "action": action,
                "label": forms.ACTION_FORMS[action][1],
                "form": form,
                "danger": action in DANGER,
            }
        )
    steps, totals = queries.control_slip(dossier)
    context = {
        **_fee_forms(request.user, dossier, bound),
        "dossier": dossier,
        "status_label": dossier.get_status_display(),
        "remaining": remaining_label(dossier),
        "papers": dossier.papers.select_related("required_paper").order_by("received_at", "pk"),
        "steps": steps,
        "totals": totals,
        "events": dossier.events.select_related("actor").order_by("at", "pk"),
        "pauses": dossier.pauses.select_related("agency").order_by("started_at"),
        "actions": actions,
        "prints": [(code, form.title) for code, form in prints.applicable(dossier)],
        "rating": DossierRating.objects.filter(dossier=dossier).first(),
        "desk_rating": ratings.may_open_desk_rating(request.user, dossier),
    }
    return render(request, "onestop/dossier_detail.html", context, status=400 if bound is not None else 200)


@staff_required
def desk_rating(request, pk):
    """The tablet page the desk's officer opens for a returned dossier and hands to the applicant, who taps
    a score: it shows the code and the procedure only, nothing else of the dossier."""
    dossier = _dossier_or_404(request, pk)
    rated = DossierRating.objects.filter(dossier=dossier).first()
    if rated is None and not ratings.may_open_desk_rating(request.user, dossier):
        messages.error(
            request, _("Chỉ cán bộ một cửa nơi tiếp nhận mở được trang đánh giá của hồ sơ đã trả kết quả.")
        )
        return redirect("onestop:dossier", pk=dossier.pk)
    form, status = forms.RatingForm(request.POST or None), 200
    if request.method == "POST" and rated is None:
        if form.is_valid():
            try:
                rated = ratings.rate(
                    request.user,
                    dossier,
                    form.cleaned_data["score"],
                    form.cleaned_data["comment"],
                    source=DossierRating.Source.DESK,
                )
            except DomainError as error:
                form.add_error(None, str(error))
        if rated is None:
            status = 400
    context = {"dossier": dossier, "form": form, "rating": rated}
    return render(request, "onestop/rating_tablet.html", context, status=status)


DANGER = {"refuse_intake", "stop", "refuse", "withdraw", "send_back"}

# the desk's fee forms: form, who may use it now, the service call, the message when done
FEE_FORMS = {
    "fee_payment": (
        forms.FeePaymentForm,
        services.may_take_fees,
        lambda user, dossier, data: services.record_fee_payment(user, dossier, data["amount"]),
        gettext_lazy("Đã ghi nhận nộp phí, lệ phí tại quầy."),
    ),
    "fee_exemption": (
        forms.FeeExemptionForm,
        services.may_grant_exemption,
        lambda user, dossier, data: services.grant_fee_exemption(user, dossier, data["fees"]),
        gettext_lazy("Đã ghi nhận miễn, giảm phí, lệ phí."),
    ),
}


def _fee_forms(user, dossier, bound) -> dict:
    """The dossier's fees, and the desk's two fee forms where this user may use them now."""
    dues = fees.dues(dossier)
    context = {"dues": dues if dues.lines or dues.due else None}
    for name, (form_class, allowed, _perform, _done) in FEE_FORMS.items():
        form = None
        if allowed(user, dossier):
            keep = bound is not None and bound.prefix == name
            form = bound if keep else form_class(dossier=dossier, prefix=name)
        context[f"{name}_form"] = form
    return context


@staff_required
@require_POST
def fee_action(request, pk, name):
    dossier = _dossier_or_404(request, pk)
    form_class, _allowed, perform, done = FEE_FORMS[name]
    form = form_class(request.POST, dossier=dossier, prefix=name)
    if not form.is_valid():
        messages.error(request, _("Hãy kiểm tra lại thông tin của thao tác."))
        return dossier_detail(request, pk, bound=form)
    try:
        perform(request.user, dossier, form.cleaned_data)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("onestop:dossier", pk=dossier.pk)


@staff_required
@require_POST
def dossier_action(request, pk, action):
    dossier = _dossier_or_404(request, pk)
    if action not in forms.ACTION_FORMS:
        raise Http404
    form = forms.action_form(action, dossier, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy kiểm tra lại thông tin của thao tác."))
        return dossier_detail(request, pk, bound=form)
    try:
        forms.perform(action, request.user, dossier, form.cleaned_data)
    except DomainError as error:
        # a refused action, or the same button pressed twice: the status has moved on
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Đã thực hiện: %(label)s.") % {"label": DOSSIER.transitions[action].label}
        )
    return redirect("onestop:dossier", pk=dossier.pk)


@staff_required
def paper_file(request, pk, paper):
    dossier = _dossier_or_404(request, pk)
    row = get_object_or_404(dossier.papers.exclude(file=""), pk=paper)
    return download(row.file, f"{row.name[:80]}.{row.file.name.rsplit('.', 1)[-1]}")


@staff_required
def result_file(request, pk):
    dossier = _dossier_or_404(request, pk)
    if not dossier.result_file:
        raise Http404
    return download(dossier.result_file, f"ket-qua-{dossier.code or dossier.pk}.pdf")


@staff_required
def print_form(request, pk, form):
    dossier = _dossier_or_404(request, pk)
    printed = dict(prints.applicable(dossier)).get(form)
    if printed is None:
        raise Http404
    try:
        content = printed.render(dossier)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("onestop:dossier", pk=dossier.pk)
    return download(content, f"mau-{form}-{dossier.code or dossier.pk}.pdf", content_type="application/pdf")


# --- counter intake ----------------------------------------------------------------------------------
def _versions(query: str) -> list[ProcedureVersion]:
    """The published versions of the procedures matching `query`, as the catalogue searches them."""
    if not query:
        return []
    procedures = list(search_catalogue(Procedure.objects.all(), query)[:30])
    published = ProcedureVersion.objects.filter(
        procedure__in=procedures, status=ProcedureVersion.Status.PUBLISHED
    ).select_related("procedure")
    rank = {p.pk: i for i, p in enumerate(procedures)}
    return sorted(published, key=lambda v: rank[v.procedure_id])


def _paper_rows(version, data=None, files=None):
    return [
        (paper, forms.PaperRowForm(data, files, prefix=f"p{paper.pk}", initial={"count": paper.quantity}))
        for paper in version.papers.order_by("order", "pk")
    ]


def _applicant(form) -> services.Applicant:
    data = form.cleaned_data
    personal_id = data["personal_id"].strip()
    user = (
        get_user_model().objects.filter(personal_id=personal_id, is_active=True).first()
        if personal_id
        else None
    )
    return services.Applicant(
        name=data["name"].strip() or (user.full_name if user else ""),
        personal_id=personal_id,
        address=data["address"],
        phone=data["phone"],
        email=data["email"],
        user=user,
    )


def _route_note(version, commune, desk) -> dict:
    """Which agency will decide the dossier, said before it is received ('elsewhere': not this desk's)."""
    try:
        competent = services.route(version, commune=commune)
    except DomainError as error:
        return {"text": str(error), "elsewhere": False}
    if desk is not None and competent.pk == desk.pk:
        return {"text": _("Hồ sơ do %(agency)s giải quyết.") % {"agency": competent.name}, "elsewhere": False}
    text = _("Hồ sơ sẽ được chuyển đến %(agency)s giải quyết.") % {"agency": competent.name}
    return {"text": text, "elsewhere": True}


@staff_required
def intake(request):
    query = request.GET.get("q", "").strip()
    version_pk = request.POST.get("version") or request.GET.get("phien-ban")
    version = (
        ProcedureVersion.objects.filter(pk=version_pk, status=ProcedureVersion.Status.PUBLISHED)
        .select_related("procedure")
        .first()
        if (version_pk or "").isdigit()
        else None
    )
    if version is None:
        return render(request, "onestop/intake_pick.html", {"q": query, "versions": _versions(query)})
    desk = queries.desk_agency(request.user)
    by_commune = version.procedure.handling_level == HandlingLevel.COMMUNE
    picker = {"desk": desk, "note_url": f"{reverse('onestop:intake')}?phien-ban={version.pk}"}
    if request.method == "POST":
        form = forms.IntakeForm(request.POST)
        routing = forms.RoutingForm(request.POST, **picker) if by_commune else None
        rows = _paper_rows(version, request.POST, request.FILES)
        decision = request.POST.get("decision", "")
        checked = [form, *([routing] if routing else []), *(row for _p, row in rows)]
        if all([f.is_valid() for f in checked]):  # a list: every form shows its errors
            papers = [
                services.PaperIn(
                    paper,
                    kind=row.cleaned_data["kind"],
                    count=row.cleaned_data["count"],
                    upload=row.cleaned_data["upload"],
                )
                for paper, row in rows
                if row.cleaned_data["handed_in"]
            ]

            def receive():
                return services.receive_at_counter(
                    request.user,
                    version,
                    _applicant(form),
                    papers,
                    decision,
                    reason=form.cleaned_data["reason"],
                    commune=routing.cleaned_data["commune"] if routing else None,
                )

            try:
                return create_once(request, form, "onestop:dossier", receive)
            except DomainError as error:
                messages.error(request, str(error))
    else:
        form = forms.IntakeForm()
        # the picker asks again on change (htmx) for the note of the commune chosen
        initial = {"commune": request.GET["commune"]} if "commune" in request.GET else None
        routing = forms.RoutingForm(initial=initial, **picker) if by_commune else None
        rows = _paper_rows(version)
    context = {
        "version": version,
        "form": form,
        "routing": routing,
        "route_note": _route_note(version, routing.chosen() if routing else None, desk),
        "rows": rows,
    }
    return render(request, "onestop/intake.html", context, status=200)


# --- queues -------------------------------------------------------------------------------------------
def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("trang"))
    for dossier in page:
        dossier.remaining = remaining_label(dossier)
    return page


@staff_required
def desk(request):
    context = {
        "today": _page(request, queries.desk_intake_today(request.user)),
        "waiting": queries.desk_waiting_check(request.user)[:PAGE_SIZE],
        "results": queries.desk_results_to_return(request.user)[:PAGE_SIZE],
        "from_elsewhere": queries.desk_from_elsewhere(request.user)[:PAGE_SIZE],
        "for_elsewhere": queries.desk_for_elsewhere(request.user)[:PAGE_SIZE],
        "nav": "onestop-desk",
    }
    return render(request, "onestop/desk.html", context)


QUEUES = {
    "cua-toi": (queries.my_dossiers, gettext_lazy("Hồ sơ tôi đang xử lý")),
    "phong": (queries.department_head_queue, gettext_lazy("Hồ sơ của phòng")),
    "lanh-dao": (queries.leader_queue, gettext_lazy("Hồ sơ chờ lãnh đạo")),
    "lien-thong": (queries.interagency_queue, gettext_lazy("Hồ sơ liên thông đến cơ quan")),
    "van-thu": (queries.results_to_seal, gettext_lazy("Kết quả chờ đóng dấu")),
}


@staff_required
def queue(request, which="cua-toi"):
    if which not in QUEUES:
        raise Http404
    query, title = QUEUES[which]
    return render(
        request,
        "onestop/queue.html",
        {
            "page": _page(request, query(request.user)),
            "title": title,
            "which": which,
            "queues": QUEUES,
            "nav": "onestop-seal" if which == "van-thu" else "onestop-mine",
        },
    )
