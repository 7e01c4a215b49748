"""Public catalogue pages and the citizen's online form with drafts (state changes go through services)."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts.roles import Role
from egov.errors import DomainError
from egov.files import download
from onestop.citizen_views import submission

from . import forms_schema, queries, services
from .models import (
    Classification,
    DraftFile,
    Field,
    FormDraft,
    HandlingLevel,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    RequiredPaper,
)

PAGE_SIZE = 20


def catalogue(request):
    procedures, chosen = queries.catalogue(request.GET)
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("trang"))
    from egov.directory.models import Agency

    agencies = Agency.objects.filter(competent_procedures__isnull=False).distinct().order_by("name")
    query_without_page = request.GET.copy()
    query_without_page.pop("trang", None)
    return render(
        request,
        "services/catalogue.html",
        {
            "nav": "services",
            "page": page,
            "chosen": chosen,
            "fields": Field.objects.filter(procedures__isnull=False).distinct().order_by("name"),
            "agencies": agencies,
            "levels": [c for c in HandlingLevel.choices if c[0] != HandlingLevel.DISTRICT],
            "classifications": Classification.choices,
            "online_levels": OnlineLevel.choices,
            "querystring": query_without_page.urlencode(),
        },
    )


def _published_procedure(code: str) -> tuple[Procedure, ProcedureVersion]:
    procedure = get_object_or_404(
        Procedure.objects.select_related("field", "competent_agency").prefetch_related("receiving_agencies"),
        code=code,
    )
    version = procedure.current_version
    if version is None:
        raise Http404(_("Thủ tục chưa được công bố."))
    return procedure, version


def procedure_detail(request, code):
    procedure, version = _published_procedure(code)
    return render(
        request,
        "services/procedure_detail.html",
        {
            "nav": "services",
            "procedure": procedure,
            "version": version,
            "papers": version.papers.all(),
            "fees": version.fees.all(),
            "steps": version.steps.select_related("department"),
            "agencies": list(procedure.receiving_agencies.all())
            or ([procedure.competent_agency] if procedure.competent_agency else []),
            "can_apply": services.can_submit_online(version),
        },
    )


def paper_template(request, code, paper_id):
    paper = get_object_or_404(
        RequiredPaper,
        pk=paper_id,
        version__procedure__code=code,
        version__status=ProcedureVersion.Status.PUBLISHED,
    )
    if not paper.template_file:
        raise Http404
    return download(paper.template_file)


def _citizen(request) -> None:
    if not request.user.has_role(Role.CITIZEN):
        raise PermissionDenied(_("Nộp hồ sơ trực tuyến dành cho tài khoản công dân, doanh nghiệp."))


def _draft_token(post=None) -> str:
    """The page's token of a new application: the one it was sent with, or a new one."""
    try:
        return str(uuid.UUID((post or {}).get("draft_token", "")))
    except ValueError:
        return str(uuid.uuid4())


def _form_context(version, data, errors, file_errors, draft=None, check_errors=None, token=None):
    uploaded = {f.slot: f for f in draft.files.all()} if draft is not None else {}
    slots = [
        {
            "paper": paper,
            "uploaded": uploaded.get(paper.key),
            "errors": file_errors.get(paper.key, [])
            + [e.message for e in check_errors or [] if e.field == f"file:{paper.key}"],
        }
        for paper in version.papers.all()
    ]
    return {
        "nav": "submit",
        "procedure": version.procedure,
        "version": version,
        "draft": draft,
        "draft_token": token or _draft_token(),
        "sections": forms_schema.render_fields(version.form_schema, version.form_layout, data, errors),
        "slots": slots,
        "accept": forms_schema.ACCEPT_ATTR,
        "max_mb": f"{settings.UPLOAD_MAX_BYTES / 1048576:g}",
        "general_errors": [e.message for e in check_errors or [] if e.field == "__all__"],
        "check_errors": check_errors,
        **(submission(draft.user, draft) if draft is not None else {}),
    }


def _handle_post(request, version, draft):
    """Both buttons save first; "Kiểm tra hồ sơ" then runs the full check."""
    token = _draft_token(request.POST) if draft is None else None
    try:
        saved, file_errors = services.save_draft(
            request.user, version, request.POST, request.FILES, draft=draft, token=token
        )
    except services.DraftRefused as refused:
        # shown again cut to each field's limit, so a huge value is not sent back whole
        data = forms_schema.clip(version.form_schema, forms_schema.coerce(version.form_schema, request.POST))
        messages.error(request, str(refused))
        summary = [services.DraftError(f, m) for f, found in refused.field_errors.items() for m in found]
        context = _form_context(
            version, data, refused.field_errors, {}, draft=draft, check_errors=summary, token=token
        )
        return render(request, "services/form.html", context, status=400)
    except DomainError as error:
        messages.error(request, str(error))
        if draft is None and queries.drafts_of(request.user).exists():
            return redirect("services:drafts")
        return redirect("services:procedure", code=version.procedure.code)
    if file_errors:
        data = forms_schema.coerce(version.form_schema, request.POST)
        messages.error(request, _("Có tệp không hợp lệ; hồ sơ chưa được lưu. Vui lòng chọn lại tệp."))
        context = _form_context(version, data, {}, file_errors, draft=draft, token=token)
        return render(request, "services/form.html", context, status=400)
    if request.POST.get("action") == "check":
        check_errors = services.check_draft(request.user, saved)
        if not check_errors:
            messages.success(request, _("Hồ sơ đã đầy đủ và hợp lệ, sẵn sàng để nộp."))
        else:
            messages.error(
                request,
                _("Hồ sơ còn %(n)d lỗi cần sửa; dữ liệu đã được lưu nháp.") % {"n": len(check_errors)},
            )
        field_errors = {}
        for error in check_errors:
            if not error.field.startswith("file:") and error.field != "__all__":
                field_errors.setdefault(error.field, []).append(error.message)
        context = _form_context(
            saved.version, saved.data, field_errors, {}, draft=saved, check_errors=check_errors
        )
        return render(request, "services/form.html", context, status=200)
    local = timezone.localtime(saved.updated_at)
    messages.success(
        request,
        _("Đã lưu nháp lúc %(time)s. Bạn có thể tiếp tục sau tại “Hồ sơ nháp của tôi”.")
        % {"time": f"{local:%H:%M %d/%m/%Y}"},
    )
    return redirect("services:draft", pk=saved.pk)


@login_required
def apply_online(request, code):
    _citizen(request)
    _procedure, version = _published_procedure(code)
    if not services.can_submit_online(version):
        messages.error(request, _("Thủ tục này chưa cho phép nộp hồ sơ trực tuyến."))
        return redirect("services:procedure", code=code)
    if request.method == "POST":
        return _handle_post(request, version, None)
    initial = forms_schema.profile_initial(version.form_schema, request.user)
    return render(request, "services/form.html", _form_context(version, initial, {}, {}))


def _own_draft(request, pk) -> FormDraft:
    """The user's own draft; anyone else's is 404 (its existence is not revealed)."""
    return get_object_or_404(queries.drafts_of(request.user), pk=pk)


@login_required
def draft_detail(request, pk):
    _citizen(request)
    draft = _own_draft(request, pk)
    if request.method == "POST":
        return _handle_post(request, draft.version, draft)
    return render(
        request, "services/form.html", _form_context(draft.version, draft.data, {}, {}, draft=draft)
    )


@login_required
def my_drafts(request):
    drafts = queries.drafts_of(request.user).select_related("dossier")
    return render(request, "services/drafts.html", {"nav": "submit", "drafts": drafts})


@login_required
@require_POST
def draft_delete(request, pk):
    draft = _own_draft(request, pk)
    services.delete_draft(request.user, draft)
    messages.success(request, _("Đã xoá hồ sơ nháp."))
    return redirect(reverse("services:drafts"))


@login_required
def draft_file(request, pk, file_id):
    draft = _own_draft(request, pk)
    attached = get_object_or_404(DraftFile, pk=file_id, draft=draft)
    return download(attached.file, attached.original_name, content_type=attached.content_type, inline=True)
