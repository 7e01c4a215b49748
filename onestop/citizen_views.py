"""The citizen's side of the one-stop desk: submitting a checked draft, the list of one's own dossiers, a
dossier's page and what the applicant may do on it (resubmit after a request to complete it, withdraw,
download the result). Every read is `queries.visible_to(user)` narrowed to the dossiers filed from the
user's own account, so another person's dossier is a 404 whoever asks (staff included); every change is
one call of `onestop.services`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from egov.directory.models import Agency
from egov.errors import DomainError
from egov.files import download
from egov.once import OnceForm, create_once
from services import queries as catalogue_queries
from services.models import HandlingLevel

from . import fees, queries, ratings, services
from .forms import RatingForm, ReasonForm, RoutingForm
from .models import Dossier, DossierRating, ReturnMethod, Status
from .payments.services import may_pay_online
from .views import remaining_label

PAGE_SIZE = 20

# The result may be downloaded once it is ready (signed and sealed where the agency signs it).
RESULT_DOWNLOADABLE = frozenset({Status.RESULT_READY, Status.RETURNED})


def _own_dossier(request, pk) -> Dossier:
    return get_object_or_404(queries.own_dossiers(request.user), pk=pk)


# --- submitting a draft ------------------------------------------------------------------------------
class SubmitForm(OnceForm):
    """Nộp hồ sơ: the receiving agency when the procedure names several (otherwise none is asked)."""

    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan tiếp nhận"),
        queryset=Agency.objects.none(),
        empty_label=gettext_lazy("— Chọn cơ quan tiếp nhận —"),
        error_messages={
            "required": gettext_lazy("Hãy chọn cơ quan tiếp nhận hồ sơ."),
            "invalid_choice": gettext_lazy("Cơ quan đã chọn không tiếp nhận thủ tục này."),
        },
    )

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.desks = draft.version.procedure.receiving_agencies.filter(is_active=True).order_by("name")
        if self.desks.count() > 1:
            self.fields["agency"].queryset = self.desks
        else:
            del self.fields["agency"]

    def receiving_agency(self):
        """The agency chosen, the procedure's one desk, or None (the competent agency receives it)."""
        if "agency" in self.fields:
            return self.cleaned_data["agency"]
        return self.desks.first()


def submit_forms(draft, data=None) -> dict:
    """The submit button's forms for `draft`: the agency, and the commune for a commune-level procedure."""
    by_commune = draft.version.procedure.handling_level == HandlingLevel.COMMUNE
    return {
        "form": SubmitForm(data, draft=draft),
        "routing": RoutingForm(data) if by_commune else None,
        "draft": draft,
    }


def _submitted(user, draft) -> Dossier | None:
    return queries.own_dossiers(user).filter(draft=draft).first()


def submission(user, draft) -> dict:
    """What the draft's page offers: the dossier once the draft is submitted, else the "Nộp hồ sơ" forms
    once the draft has passed the check and not changed since (what submit_online asks)."""
    dossier = _submitted(user, draft)
    if dossier is not None:
        return {"dossier": dossier}
    if not draft.passed_check:
        return {}
    return {"submit": submit_forms(draft)}


@login_required
def submit(request, draft):
    draft = get_object_or_404(catalogue_queries.drafts_of(request.user), pk=draft)
    dossier = _submitted(request.user, draft)
    if dossier is not None:
        messages.info(request, _("Hồ sơ nháp này đã được nộp; đây là hồ sơ đã nộp."))
        return redirect("onestop:citizen-dossier", dossier.pk)
    context = submit_forms(draft, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        form, routing = context["form"], context["routing"]
        if all([f.is_valid() for f in (form, routing) if f is not None]):  # a list: every form shows errors

            def create():
                dossier = services.submit_online(
                    request.user,
                    draft,
                    agency=form.receiving_agency(),
                    commune=routing.cleaned_data["commune"] if routing else None,
                )
                messages.success(request, _("Đã nộp hồ sơ; Bộ phận Một cửa sẽ kiểm tra và báo cho bạn."))
                return dossier

            try:
                return create_once(request, form, "onestop:citizen-dossier", create)
            except DomainError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, _("Hãy kiểm tra lại thông tin nộp hồ sơ."))
    return render(
        request,
        "onestop/citizen_submit.html",
        {**context, "nav": "submit", "procedure": draft.version.procedure},
        status=400 if request.method == "POST" else 200,
    )


# --- my dossiers -------------------------------------------------------------------------------------
@login_required
def my_dossiers(request):
    page = Paginator(queries.own_dossier_list(request.user), PAGE_SIZE).get_page(request.GET.get("trang"))
    for dossier in page:
        dossier.remaining = remaining_label(dossier)
        dossier.awaits_rating = dossier.status == Status.RETURNED and not hasattr(dossier, "rating")
    return render(request, "onestop/citizen_list.html", {"page": page, "nav": "my-dossiers"})


class PapersForm(forms.Form):
    """The applicant's papers sent online: a scan for each paper of the checklist that was asked for, to
    complete the dossier before it is accepted (nộp lại) or to supplement it while its clock is paused."""

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.papers = list(dossier.version.papers.order_by("order", "pk"))
        for paper in self.papers:
            self.fields[f"paper_{paper.pk}"] = forms.FileField(label=paper.name, required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(f"paper_{paper.pk}") for paper in self.papers):
            raise forms.ValidationError(_("Hãy đính kèm ít nhất một giấy tờ đã bổ sung, hoàn thiện."))
        return data

    def papers_in(self) -> list[services.PaperIn]:
        return [
            services.PaperIn(paper, kind=paper.kind, count=paper.quantity, upload=upload)
            for paper in self.papers
            if (upload := self.cleaned_data.get(f"paper_{paper.pk}"))
        ]


def _action_form(action: str, dossier, data=None, files=None):
    if action in {"resubmit", "receive_supplement"}:
        return PapersForm(data, files, dossier=dossier, prefix=action)
    return ReasonForm(data, prefix=action)


def _forms(user, dossier, bound=None) -> dict:
    """The applicant's actions open now, each with its form (the one just sent, when it had errors)."""
    allowed = services.allowed_actions(user, dossier)
    return {
        action: bound if bound is not None and bound.prefix == action else _action_form(action, dossier)
        for action in APPLICANT_CALLS
        if action in allowed
    }


@login_required
def dossier_detail(request, pk, bound=None, rating_form=None):
    dossier = _own_dossier(request, pk)
    may_rate = ratings.may_rate_online(request.user, dossier)
    context = {
        "dossier": dossier,
        "nav": "my-dossiers",
        "remaining": remaining_label(dossier),
        "rating": DossierRating.objects.filter(dossier=dossier).first(),
        "rating_form": (rating_form or RatingForm()) if may_rate else None,
        "events": queries.applicant_timeline(dossier),
        "papers": dossier.papers.order_by("received_at", "pk"),
        "open_pause": dossier.pauses.filter(ended_at__isnull=True).first(),
        "result_ready": dossier.status in RESULT_DOWNLOADABLE and bool(dossier.result_file),
        # the result is received once the fees are settled: until then the page says what to pay and how
        "fees_owed": fees.dues(dossier).outstanding if dossier.status == Status.RESULT_READY else 0,
        "pay_online": may_pay_online(dossier),
        "forms": _forms(request.user, dossier, bound),
    }
    invalid = bound is not None or rating_form is not None
    return render(request, "onestop/citizen_detail.html", context, status=400 if invalid else 200)


# the applicant's actions: the service call from the form's cleaned data, and what is said once done
APPLICANT_CALLS = {
    "resubmit": (
        lambda user, dossier, form: services.resubmit(user, dossier, form.papers_in()),
        gettext_lazy("Đã nộp lại hồ sơ đã hoàn thiện; Bộ phận Một cửa sẽ kiểm tra lại."),
    ),
    "receive_supplement": (
        lambda user, dossier, form: services.receive_supplement(user, dossier, form.papers_in()),
        gettext_lazy("Đã nộp hồ sơ bổ sung; thời hạn giải quyết được tính tiếp."),
    ),
    "withdraw": (
        lambda user, dossier, form: services.withdraw(user, dossier, form.cleaned_data["reason"]),
        gettext_lazy("Đã rút hồ sơ."),
    ),
}


@login_required
@require_POST
def act(request, pk, action):
    """One applicant action from its form: shown again with its errors, or the service's refusal."""
    call, done = APPLICANT_CALLS[action]
    dossier = _own_dossier(request, pk)
    form = _action_form(action, dossier, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy kiểm tra lại thông tin của thao tác."))
        return dossier_detail(request, pk, bound=form)
    try:
        call(request.user, dossier, form)
    except DomainError as error:
        # not allowed now (the same button pressed twice: the status has moved on) or refused input
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("onestop:citizen-dossier", dossier.pk)


@login_required
@require_POST
def rate(request, pk):
    """The applicant's rating of their returned dossier, once."""
    dossier = _own_dossier(request, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một mức độ hài lòng."))
        return dossier_detail(request, pk, rating_form=form)
    try:
        ratings.rate(request.user, dossier, form.cleaned_data["score"], form.cleaned_data["comment"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Cảm ơn ông/bà đã đánh giá mức độ hài lòng."))
    return redirect("onestop:citizen-dossier", dossier.pk)


@login_required
def result_file(request, pk):
    """The result's file; the first download is the return of the result online (trả kết quả trực tuyến),
    refused while fees are owed (the service's reason shown on the dossier's page, nothing recorded)."""
    dossier = _own_dossier(request, pk)
    if dossier.status not in RESULT_DOWNLOADABLE or not dossier.result_file:
        raise Http404
    if dossier.status == Status.RESULT_READY:
        try:
            dossier = services.return_result(request.user, dossier, ReturnMethod.ONLINE)
        except DomainError as error:
            # downloaded at the same moment in another tab: that download returned it
            dossier.refresh_from_db()
            if dossier.status != Status.RETURNED:
                messages.error(request, str(error))
                return redirect("onestop:citizen-dossier", dossier.pk)
    return download(dossier.result_file, f"ket-qua-{dossier.code or dossier.pk}.pdf")


@login_required
def paper_file(request, pk, paper):
    dossier = _own_dossier(request, pk)
    row = get_object_or_404(dossier.papers.exclude(file=""), pk=paper)
    return download(row.file, f"{row.name[:80]}.{row.file.name.rsplit('.', 1)[-1]}")
