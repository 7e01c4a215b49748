from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required
from egov.audit.services import record
from egov.directory.models import Agency
from egov.errors import DomainError
from egov.files import download
from egov.once import create_once

from . import access, forms, queries, registers, services, workflow
from .models import (
    TRACKING_LABELS,
    Appendix,
    DocType,
    IncomingStatus,
    OutgoingStatus,
    Task,
    Urgency,
    WorkFile,
)
from .services.printing import approval_pdf


def _agency(request):
    post = access.primary_assignment(request.user)
    return post.agency if post else None


def _run(request, action, *args, success: str, **kwargs):
    try:
        result = action(request.user, *args, **kwargs)
    except DomainError as error:
        messages.error(request, str(error))
        return None
    messages.success(request, success)
    return result if result is not None else True


def _run_once(request, form, url_name, action, *args, success: str, **kwargs):
    """_run for a create form: the action runs once per form token (create_once). Returns the redirect, or
    None when the action was refused (the reason is in the messages)."""

    def create():
        created = action(request.user, *args, **kwargs)
        messages.success(request, success)
        return created

    try:
        return create_once(request, form, url_name, create)
    except DomainError as error:
        messages.error(request, str(error))
        return None


INBOX_SCOPES = ("mine", "department", "all")


@staff_required
def inbox(request):
    """What waits for me: my work (mine), my department's (department), or every open document I may see
    (all); urgent first, overdue flagged."""
    user = request.user
    scope = request.GET.get("scope") if request.GET.get("scope") in INBOX_SCOPES else "mine"
    if scope == "department":
        tasks = queries.department_open_tasks(user)
    elif scope == "all":
        tasks = queries.tasks_visible_to(user).filter(status=Task.Status.OPEN, children__isnull=True)
        tasks = tasks.select_related("incoming", "department", "assignee").order_by(
            "-incoming__urgency", "deadline"
        )
    else:
        tasks = queries.my_open_tasks(user)
    open_documents = None
    if scope == "all":
        open_documents = (
            queries.incoming_visible_to(user)
            .exclude(status__in=[IncomingStatus.DONE, IncomingStatus.RETURNED])
            .order_by("-urgency", "-arrived_at")[:100]
        )
    return render(
        request,
        "documents/inbox.html",
        {
            "nav": "documents-inbox",
            "scope": scope,
            "scopes": [("mine", _("Của tôi")), ("department", _("Của đơn vị")), ("all", _("Tất cả"))],
            "open_documents": open_documents,
            "arrived": queries.arrived_waiting(user)[:100],
            "tasks": tasks[:100],
            "waiting": queries.incoming_waiting(user)[:100],
            "drafts": queries.drafts_waiting(user)[:100],
            "notifications": queries.unread_notifications(user)[:20],
            "labels": TRACKING_LABELS,
        },
    )


@staff_required
def badge(request):
    count = queries.waiting_count(request.user) + queries.unread_notifications(request.user).count()
    return HttpResponse(f'<span class="badge{" badge-red" if count else ""}">{count}</span>')


def _assignees(request):
    from egov.directory.queries import agency_staff

    agency = _agency(request)
    return list(agency_staff(agency)) if agency is not None else []


@staff_required
def incoming_list(request):
    qs = queries.filter_incoming(queries.incoming_visible_to(request.user), request.GET).select_related(
        "agency"
    )
    # at most 1,000 matches are counted: a broad search ("more than 1,000 results") shows its first page
    # without counting tens of thousands of documents
    page = queries.CappedPaginator(qs.order_by("-urgency", "-arrived_at"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/incoming_list.html",
        {
            "nav": "documents-incoming",
            "page": page,
            "params": request.GET,
            "doc_types": DocType.choices,
            "statuses": IncomingStatus.choices,
            "urgencies": Urgency.choices,
            "assignees": _assignees(request),
            "may_register": bool(access.clerk_agency_ids(request.user)),
        },
    )


@staff_required
def incoming_register(request):
    agency = _agency(request)
    if agency is None or not access.is_clerk_of(request.user, agency.pk):
        messages.error(request, _("Chỉ văn thư của cơ quan mới được vào sổ văn bản đến."))
        return redirect("documents:incoming-list")
    from egov.directory.queries import agency_leaders

    form = forms.IncomingForm(request.POST or None, request.FILES or None, leaders=agency_leaders(agency))
    duplicate = False

    def register():
        data = dict(form.cleaned_data)
        data.pop("form_token")
        document = services.register_incoming(
            request.user,
            agency,
            data,
            upload=data.pop("file"),
            presented_to=data.pop("presented_to"),
            confirm_duplicate=data.pop("confirm_duplicate"),
        )
        messages.success(request, _("Đã vào sổ, số đến %(n)s.") % {"n": document.arrival_number})
        return document

    if request.method == "POST" and form.is_valid():
        try:
            return create_once(request, form, "documents:incoming-detail", register)
        except DomainError as error:
            duplicate = error.code == "duplicate"
            messages.error(request, str(error))
    return render(
        request,
        "documents/incoming_form.html",
        {
            "nav": "documents-incoming",
            "form": form,
            "agency": agency,
            "duplicate": duplicate,
        },
    )


def _incoming_or_404(request, pk):
    return get_object_or_404(
        queries.incoming_visible_to(request.user).select_related("agency", "reply"), pk=pk
    )


@staff_required
def incoming_detail(request, pk):
    document = _incoming_or_404(request, pk)
    user = request.user
    tasks = list(document.tasks.select_related("department", "assignee", "assigned_by").order_by("pk"))
    mine = [t for t in tasks if t.status == Task.Status.OPEN and services.may_act_on_task(user, t)]
    allowed = workflow.allowed_actions(document, user)
    context = {
        "nav": "documents-incoming",
        "document": document,
        "tasks": tasks,
        "labels": TRACKING_LABELS,
        "events": document.events.select_related("actor"),
        "may_assign": "assign" in allowed
        and not any(
            t.role == Task.Role.LEAD and t.parent_id is None and t.status == Task.Status.OPEN for t in tasks
        ),
        "may_return": "return" in allowed,
        "may_register": "register" in allowed,
        "my_tasks": [
            {
                "task": t,
                "delegate": forms.DelegateForm(prefix=f"d{t.pk}", department=t.department)
                if t.assignee_id is None and t.department_id
                else None,
                "progress": forms.ProgressForm(prefix=f"p{t.pk}"),
                "complete": forms.CompleteForm(
                    prefix=f"c{t.pk}",
                    replies=queries.outgoing_visible_to(user).filter(
                        agency=document.agency, status=OutgoingStatus.ISSUED
                    ),
                ),
            }
            for t in mine
        ],
    }
    if context["may_assign"]:
        context["assign_form"] = forms.AssignForm(document=document)
    context["work_files"] = _work_files(request).filter(agency=document.agency)
    context["in_files"] = document.work_files.all()
    return render(request, "documents/incoming_detail.html", context)


def _audit_secret_download(request, document, name: str) -> None:
    """Who read a secret document's file, and which one (the name, not the content)."""
    if document.is_secret:
        record(request.user, "documents.secret_file_downloaded", document, file=name.rsplit("/", 1)[-1])


@xframe_options_sameorigin
@staff_required
def incoming_file(request, pk):
    document = _incoming_or_404(request, pk)
    if not document.file:
        raise Http404
    _audit_secret_download(request, document, document.file.name)
    return download(document.file, f"van-ban-den-{document.arrival_number}.pdf", inline=True)


@staff_required
@require_POST
def incoming_assign(request, pk):
    document = _incoming_or_404(request, pk)
    form = forms.AssignForm(request.POST, document=document)
    if form.is_valid():
        _run(
            request,
            services.assign,
            document,
            form.lead(),
            form.coordinators(),
            due_date=form.cleaned_data["due_date"],
            success=_("Đã phân công."),
        )
    else:
        messages.error(request, _("Thông tin phân công chưa hợp lệ."))
    return redirect("documents:incoming-detail", pk)


@staff_required
@require_POST
def incoming_return(request, pk):
    document = _incoming_or_404(request, pk)
    _run(
        request, services.return_incoming, document, request.POST.get("reason", ""), success=_("Đã trả lại.")
    )
    return redirect("documents:incoming-detail", pk)


@staff_required
@require_POST
def incoming_register_arrived(request, pk):
    document = _incoming_or_404(request, pk)
    done = _run(
        request,
        services.register_arrived,
        document,
        confirm_duplicate=bool(request.POST.get("confirm_duplicate")),
        success=_("Đã vào sổ."),
    )
    if done:
        messages.info(request, _("Số đến: %(n)s") % {"n": done.arrival_number})
    return redirect("documents:incoming-detail", pk)


def _task_for(request, pk):
    task = get_object_or_404(queries.tasks_visible_to(request.user), pk=pk)
    back = (
        redirect("documents:incoming-detail", task.incoming_id)
        if task.incoming_id
        else redirect("documents:task-detail", task.pk)
    )
    return task, back


@staff_required
@require_POST
def task_action(request, pk, action):
    task, back = _task_for(request, pk)
    if action == "delegate":
        form = forms.DelegateForm(request.POST, prefix=f"d{pk}", department=task.department)
        if form.is_valid():
            d = form.cleaned_data
            _run(
                request,
                services.delegate,
                task,
                d["assignee"],
                deadline=d["deadline"],
                instructions=d["instructions"],
                success=_("Đã chuyển xử lý."),
            )
        else:
            messages.error(request, _("Hãy chọn người và hạn xử lý."))
    elif action == "progress":
        _run(
            request,
            services.record_progress,
            task,
            request.POST.get(f"p{pk}-text", ""),
            success=_("Đã cập nhật tiến độ."),
        )
    elif action == "complete":
        form = forms.CompleteForm(
            request.POST, prefix=f"c{pk}", replies=queries.outgoing_visible_to(request.user)
        )
        if form.is_valid():
            _run(
                request,
                services.complete_task,
                task,
                form.cleaned_data["result"],
                reply=form.cleaned_data["reply"],
                success=_("Đã hoàn thành."),
            )
        else:
            messages.error(request, _("Văn bản trả lời không hợp lệ."))
    else:
        raise Http404
    return back


@staff_required
def task_detail(request, pk):
    task, _back = _task_for(request, pk)
    return render(
        request,
        "documents/task_detail.html",
        {
            "nav": "documents-tracking",
            "task": task,
            "labels": TRACKING_LABELS,
            "events": task.events.select_related("actor"),
            "may_act": task.status == Task.Status.OPEN and services.may_act_on_task(request.user, task),
            "complete_form": forms.CompleteForm(
                prefix=f"c{task.pk}", replies=queries.outgoing_visible_to(request.user)
            ),
            "progress_form": forms.ProgressForm(prefix=f"p{task.pk}"),
        },
    )


@staff_required
def tracking(request):
    user = request.user
    form = forms.TaskForm(request.POST or None, agency=_agency(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = _run_once(
            request,
            form,
            "documents:task-detail",
            services.create_task,
            agency=d["agency"],
            title=d["title"],
            department=d["department"],
            assignee=d["assignee"],
            deadline=d["deadline"],
            working_days=d["working_days"],
            instructions=d["instructions"],
            success=_("Đã giao nhiệm vụ."),
        )
        if done:
            return done
    tasks = queries.tasks_visible_to(user).select_related("agency", "department", "assignee", "incoming")
    state = request.GET.get("state")
    rows = [t for t in tasks.order_by("status", "deadline")[:500] if not state or t.tracking_state == state]
    return render(
        request,
        "documents/tracking.html",
        {
            "nav": "documents-tracking",
            "tasks": rows,
            "labels": TRACKING_LABELS,
            "state": state,
            "form": form if access.led_agency_ids(user) else None,
            "due_files": services.work_files_due_for_archive().filter(agency_id__in=access.agency_ids(user)),
        },
    )


# --- outgoing -------------------------------------------------------------------------------------------
@staff_required
def outgoing_list(request):
    qs = queries.filter_outgoing(queries.outgoing_visible_to(request.user), request.GET)
    # counted up to 1,000 like the incoming list: a large agency's clerk has hundreds of thousands
    page = queries.CappedPaginator(
        qs.select_related("agency").order_by("-urgency", "-created_at"), 50
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/outgoing_list.html",
        {
            "nav": "documents-outgoing",
            "page": page,
            "params": request.GET,
            "statuses": OutgoingStatus.choices,
            "doc_types": DocType.choices,
        },
    )


@staff_required
def outgoing_create(request):
    agency = _agency(request)
    if agency is None:
        messages.error(request, _("Tài khoản chưa được gán vào cơ quan nào."))
        return redirect("documents:outgoing-list")
    form = forms.NewDraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        upload = d.pop("file")
        d.pop("note")
        d.pop("form_token")
        done = _run_once(
            request,
            form,
            "documents:outgoing-detail",
            services.create_draft,
            agency=agency,
            data=d,
            upload=upload,
            success=_("Đã lưu dự thảo."),
        )
        if done:
            return done
    return render(request, "documents/outgoing_form.html", {"nav": "documents-outgoing", "form": form})


def _outgoing_or_404(request, pk):
    return get_object_or_404(
        queries.outgoing_visible_to(request.user).select_related("agency", "department", "drafter"), pk=pk
    )


@staff_required
def outgoing_detail(request, pk):
    document = _outgoing_or_404(request, pk)
    user = request.user
    allowed = workflow.allowed_actions(document, user)
    actions = {a: a in allowed for a in ("edit", "submit", "review", "approve", "issue", "return", "recall")}
    actions["submit"] = actions["submit"] or "submit_to_leader" in allowed
    actions["correct"] = document.status == OutgoingStatus.ISSUED and document.agency_id in access.agency_ids(
        user
    )
    actions["recipients"] = not document.is_frozen and (
        document.drafter_id == user.pk or access.is_clerk_of(user, document.agency_id)
    )
    # at issue the clerk's PIN adds the agency's signature to the leader's (signing table: "seal")
    seal = actions["issue"] and "seal" in {t.action for t in workflow.SIGNING.allowed(document.signing_state)}
    return render(
        request,
        "documents/outgoing_detail.html",
        {
            "nav": "documents-outgoing",
            "document": document,
            "actions": actions,
            "asks_seal_pin": seal,
            "version": queries.latest_version(document),
            "viewer": _viewer(document),
            "events": document.events.select_related("actor"),
            "versions": document.versions.select_related("author"),
            "appendices": document.appendices.all(),
            "work_files": _work_files(request).filter(agency=document.agency),
            "in_files": WorkFile.objects.filter(items__outgoing=document),
            "may_comment": not document.is_frozen,
            "recipients": document.recipients.select_related("delivered"),
            "recipient_form": forms.RecipientForm(exclude_agency=document.agency_id),
            "edit_form": forms.DraftForm(instance=document),
            "outbox": document.outbox.select_related("recipient"),
        },
    )


@xframe_options_sameorigin
@staff_required
def outgoing_file(request, pk, which="signed"):
    document = _outgoing_or_404(request, pk)
    field = document.signed_file if which == "signed" else document.file
    if not field:
        raise Http404
    _audit_secret_download(request, document, field.name)
    return download(field, inline=True)


def _viewer(document) -> str | None:
    """What the page shows of the document: the issued (signed) file, or else the page the leader signs
    (services.printing.approval_pdf: the uploaded PDF or the text rendered); None for a Word draft."""
    if document.signed_file:
        return reverse("documents:outgoing-file", args=[document.pk])
    if not document.file or document.file.name.lower().endswith(".pdf"):
        return reverse("documents:outgoing-preview", args=[document.pk])
    return None


@xframe_options_sameorigin
@staff_required
def outgoing_preview(request, pk):
    """The page as it will be signed at approval, for whoever may see the draft."""
    document = _outgoing_or_404(request, pk)
    pdf = approval_pdf(document)
    if pdf is None:
        raise Http404
    _audit_secret_download(request, document, "xem-truoc.pdf")
    return download(pdf, f"du-thao-{document.pk}.pdf", content_type="application/pdf", inline=True)


@xframe_options_sameorigin
@staff_required
def appendix_file(request, pk, appendix):
    document = _outgoing_or_404(request, pk)
    item = get_object_or_404(Appendix, pk=appendix, document=document)
    _audit_secret_download(request, document, item.file.name)
    return download(item.file, inline=True)


@staff_required
@require_POST
def outgoing_action(request, pk, action):
    document = _outgoing_or_404(request, pk)
    reason = request.POST.get("reason", "")
    if action == "submit":
        _run(request, services.submit, document, reason, success=_("Đã trình duyệt."))
    elif action == "review":
        _run(request, services.review, document, reason, success=_("Đã đồng ý, trình lãnh đạo cơ quan."))
    elif action == "approve":
        pin = request.POST.get("pin") or None
        shown = request.POST.get("version", "")
        _run(
            request,
            services.approve,
            document,
            reason,
            pin=pin,
            shown_version=int(shown) if shown.isdigit() else 0,  # a page always sends the version it showed
            success=_("Đã phê duyệt và ký số.") if pin else _("Đã phê duyệt."),
        )
    elif action == "return":
        _run(request, services.return_draft, document, reason, success=_("Đã trả lại để sửa."))
    elif action == "issue":
        done = _run(
            request,
            services.issue,
            document,
            pin=request.POST.get("pin") or None,
            success=_("Đã cấp số và phát hành."),
        )
        if done:
            messages.info(request, _("Số, ký hiệu: %(code)s") % {"code": done.code})
    elif action == "recall":
        _run(request, services.recall, document, reason, success=_("Đã thu hồi văn bản."))
    elif action == "correct":
        draft = _run(
            request, services.start_correction, document, success=_("Đã tạo dự thảo công văn đính chính.")
        )
        if draft:
            return redirect("documents:outgoing-detail", draft.pk)
    elif action == "edit":
        form = forms.DraftForm(request.POST, request.FILES)
        if form.is_valid():
            d = dict(form.cleaned_data)
            upload, note = d.pop("file"), d.pop("note")
            _run(
                request,
                services.update_draft,
                document,
                data=d,
                upload=upload,
                note=note,
                success=_("Đã lưu phiên bản mới."),
            )
        else:
            messages.error(request, _("Dự thảo chưa hợp lệ."))
    elif action == "recipient":
        form = forms.RecipientForm(request.POST, exclude_agency=document.agency_id)
        if form.is_valid():
            d = form.cleaned_data
            _run(
                request,
                services.add_recipient,
                document,
                kind=d["kind"],
                agency=d["agency"],
                name=d["name"],
                email=d["email"],
                success=_("Đã thêm nơi nhận."),
            )
        else:
            messages.error(request, _("Nơi nhận chưa hợp lệ."))
    elif action == "comment":
        _run(
            request,
            services.comment_outgoing,
            document,
            request.POST.get("comment", ""),
            success=_("Đã góp ý."),
        )
    elif action == "appendix":
        upload = request.FILES.get("appendix_file")
        if upload is None:
            messages.error(request, _("Hãy chọn tệp phụ lục."))
        else:
            _run(
                request,
                services.add_appendix,
                document,
                request.POST.get("appendix_title", ""),
                upload,
                success=_("Đã thêm phụ lục."),
            )
    elif action == "remove-recipient":
        recipient = get_object_or_404(document.recipients, pk=request.POST.get("recipient"))
        _run(request, services.remove_recipient, recipient, success=_("Đã bỏ nơi nhận."))
    else:
        raise Http404
    return redirect("documents:outgoing-detail", pk)


# --- notifications, registers ---------------------------------------------------------------------------
@staff_required
def notifications(request):
    if request.method == "POST":
        services.mark_notifications_read(request.user)
        return redirect("documents:notifications")
    items = request.user.document_notifications.all()[:200]
    return render(request, "documents/notifications.html", {"nav": "documents-inbox", "items": items})


@staff_required
def register_export(request):
    agencies = Agency.objects.filter(
        pk__in=access.clerk_agency_ids(request.user) | access.led_agency_ids(request.user)
    )
    form = forms.RegisterExportForm(request.GET or None)
    if request.GET and form.is_valid():
        agency = agencies.first()
        if agency is None:
            messages.error(request, _("Chỉ văn thư hoặc lãnh đạo cơ quan được in sổ."))
        else:
            d = form.cleaned_data
            if d["date_from"] > d["date_to"]:
                messages.error(request, _("Từ ngày phải trước đến ngày."))
            else:
                name = f"so-{d['kind']}-{d['date_from']:%Y%m%d}-{d['date_to']:%Y%m%d}"
                if d["fmt"] == "xlsx":
                    data = registers.to_xlsx(d["kind"], agency, d["date_from"], d["date_to"])
                    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                else:
                    data = registers.to_pdf(d["kind"], agency, d["date_from"], d["date_to"])
                    mime = "application/pdf"
                # the period and kind, never the content
                record(
                    request.user,
                    "documents.register_exported",
                    agency,
                    kind=d["kind"],
                    fmt=d["fmt"],
                    date_from=d["date_from"].isoformat(),
                    date_to=d["date_to"].isoformat(),
                )
                return download(data, f"{name}.{d['fmt']}", content_type=mime)
    return render(request, "documents/registers.html", {"nav": "documents-incoming", "form": form})


# --- work files (hồ sơ công việc) -------------------------------------------------------------------------
def _work_files(request):
    return WorkFile.objects.filter(agency_id__in=access.agency_ids(request.user)).select_related("agency")


@staff_required
def work_files(request):
    agency = _agency(request)
    form = forms.WorkFileForm(request.POST or None)
    if request.method == "POST":
        if agency is None:
            messages.error(request, _("Tài khoản chưa được gán vào cơ quan nào."))
        elif form.is_valid():
            d = form.cleaned_data
            done = _run_once(
                request,
                form,
                "documents:work-file",
                services.create_work_file,
                agency=agency,
                notation=d["notation"],
                title=d["title"],
                maintenance=d["maintenance"] or "10 năm",
                start_date=d["start_date"],
                end_date=d["end_date"],
                archive_due=d["archive_due"],
                description=d["description"],
                success=_("Đã lập hồ sơ."),
            )
            if done:
                return done
    files = _work_files(request)
    due = set(services.work_files_due_for_archive().filter(pk__in=files).values_list("pk", flat=True))
    return render(
        request,
        "documents/work_files.html",
        {"nav": "documents-files", "files": files, "due": due, "form": form},
    )


@staff_required
def work_file_detail(request, pk):
    work_file = get_object_or_404(_work_files(request), pk=pk)
    incoming = queries.incoming_visible_to(request.user)
    outgoing = queries.outgoing_visible_to(request.user)
    items = []
    for item in work_file.items.select_related("incoming", "outgoing"):
        document = item.incoming or item.outgoing
        visible = (incoming if item.incoming_id else outgoing).filter(pk=document.pk).exists()
        items.append({"item": item, "document": document if visible else None})
    due = services.work_files_due_for_archive().filter(pk=work_file.pk).exists()
    return render(
        request,
        "documents/work_file_detail.html",
        {"nav": "documents-files", "work_file": work_file, "items": items, "due": due},
    )


@staff_required
@require_POST
def work_file_add(request):
    """Put a document (incoming or outgoing, by id) in one of the agency's files, without copying it."""
    kind = request.POST.get("kind")
    if kind not in ("incoming", "outgoing"):
        raise Http404
    source = queries.incoming_visible_to if kind == "incoming" else queries.outgoing_visible_to
    try:
        document_pk, file_pk = int(request.POST.get("document", "")), int(request.POST.get("work_file", ""))
    except ValueError:
        raise Http404 from None
    document = get_object_or_404(source(request.user), pk=document_pk)
    back = "documents:incoming-detail" if kind == "incoming" else "documents:outgoing-detail"
    work_file = _work_files(request).filter(pk=file_pk).first()
    if work_file is None:
        messages.error(request, _("Hãy chọn hồ sơ."))
    else:
        _run(request, services.add_to_work_file, work_file, document, success=_("Đã đưa vào hồ sơ."))
    return redirect(back, document.pk)


@xframe_options_sameorigin
@staff_required
def incoming_appendix_file(request, pk, appendix):
    """An appendix delivered with an incoming document, to whoever may see the document."""
    from .models import IncomingAppendix

    document = _incoming_or_404(request, pk)
    item = get_object_or_404(IncomingAppendix, pk=appendix, document=document)
    if not item.file:
        raise Http404
    _audit_secret_download(request, document, item.file.name)
    return download(item.file, inline=True)
