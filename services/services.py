"""Every state change of the catalogue and of citizens' form drafts goes through these functions.

Public API for other apps (the one-stop app in particular):
    complete_draft_check(draft) -> list[DraftError]   # empty list: the draft can become a dossier
    step_budget_problem(steps_total, version) -> str | None
    publish_version(actor, version) / unpublish_version(actor, version)
    create_version(actor, procedure, effective_from, copy_from=None)
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.audit.services import record
from egov.errors import DomainError, NotPermitted
from egov.numbering.services import LIFETIME, next_number

from . import forms_schema
from .models import (
    VERSION_CONTENT_FIELDS,
    DraftFile,
    Fee,
    Field,
    FormDraft,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredPaper,
)
from .workflow import VERSION_WORKFLOW

PUBLISH_PERMISSION = "services.publish_procedureversion"
EDIT_PERMISSION = "services.change_procedureversion"
# version numbers run for the life of a procedure, not per year


def require_permission(actor, permission: str) -> None:
    """`actor` None is the system (management commands, demo data)."""
    if actor is not None and not actor.has_perm(permission):
        raise NotPermitted(_("Bạn không có quyền thực hiện thao tác này trên danh mục thủ tục."))


# --- Procedures --------------------------------------------------------------------------------------------
@transaction.atomic
def save_field(actor, code: str, name: str = "") -> Field:
    """The field (lĩnh vực) `code`, created or renamed when `name` is given and differs."""
    require_permission(actor, "services.change_field")
    field, created = Field.objects.get_or_create(code=code, defaults={"name": name or code})
    if created or (name and field.name != name):
        field.name = name or field.name
        field.save()
        record(actor, "services.field_saved", field, code=code, name=field.name)
    return field


@transaction.atomic
def save_procedure(actor, procedure: Procedure, receiving_agencies=None) -> Procedure:
    """Store a procedure's catalogue entry (and its receiving agencies when given)."""
    adding = procedure.pk is None
    require_permission(actor, "services.add_procedure" if adding else "services.change_procedure")
    procedure.save()
    if receiving_agencies is not None:
        procedure.receiving_agencies.set(receiving_agencies)
    record(
        actor,
        "services.procedure_created" if adding else "services.procedure_changed",
        procedure,
        code=procedure.code,
    )
    return procedure


# --- Versions ----------------------------------------------------------------------------------------------
def step_budget_problem(steps_total: Decimal, version: ProcedureVersion) -> str | None:
    """The Vietnamese reason why the steps' budgets do not fit in the version's time limit, or None."""
    limit = version.time_limit_amount
    if limit is None or steps_total is None:
        return None
    if Decimal(steps_total) > Decimal(limit):
        unit = version.get_time_limit_unit_display()
        return _(
            "Tổng thời gian các bước (%(total)s %(unit)s) vượt quá thời hạn giải quyết (%(limit)s %(unit)s)."
        ) % {"total": _num(steps_total), "limit": _num(limit), "unit": unit}
    return None


def _num(value) -> str:
    text = f"{Decimal(value).normalize():f}"
    return text.replace(".", ",")


def version_problems(version: ProcedureVersion) -> list[str]:
    """What stops this version from being published, in Vietnamese."""
    problems = []
    try:
        version.full_clean(exclude=["procedure", "published_by"])
    except ValidationError as error:
        problems.extend(error.messages)
    if (problem := step_budget_problem(version.steps_budget(), version)) is not None:
        problems.append(problem)
    if not version.steps.exists():
        problems.append(_("Phiên bản chưa có bước xử lý nào."))
    if version.procedure.is_online and not version.has_form:
        problems.append(_("Thủ tục nộp trực tuyến (mức độ 3–4) cần có biểu mẫu điện tử."))
    clash = version.procedure.versions.filter(
        status=ProcedureVersion.Status.PUBLISHED, effective_from=version.effective_from
    ).exclude(pk=version.pk)
    if clash.exists():
        problems.append(
            _("Đã có phiên bản công bố có hiệu lực từ ngày %(day)s.")
            % {"day": f"{version.effective_from:%d/%m/%Y}"}
        )
    return problems


def _version_scope(procedure: Procedure) -> str:
    return f"services.version:{procedure.pk}"


@transaction.atomic
def save_version(actor, version: ProcedureVersion) -> ProcedureVersion:
    """Store a draft version. A new one gets the next number of its procedure from egov.numbering
    (consecutive, never reused, even when a draft is deleted); a stored one must still be a draft."""
    require_permission(actor, EDIT_PERMISSION)
    if version.pk is None:
        version.number = next_number(_version_scope(version.procedure), LIFETIME)
        version.status = ProcedureVersion.Status.DRAFT
        version.save()
        record(actor, "services.version_created", version, number=version.number)
    else:
        version.save()  # the model refuses any change of a version that is no longer a draft
        record(actor, "services.version_changed", version, number=version.number)
    return version


@transaction.atomic
def create_version(
    actor,
    procedure: Procedure,
    effective_from: date,
    *,
    copy_from: ProcedureVersion | None = None,
    change_note: str = "",
) -> ProcedureVersion:
    """A new draft version of `procedure`, starting as a copy of `copy_from` (default: the latest version)."""
    require_permission(actor, EDIT_PERMISSION)
    source = copy_from or procedure.versions.order_by("-number").first()
    if source is not None:
        copied = {name: getattr(source, name) for name in VERSION_CONTENT_FIELDS}
    else:
        copied = {"time_limit_amount": Decimal("0"), "result_name": ""}
    version = ProcedureVersion(
        procedure=procedure, effective_from=effective_from, change_note=change_note, **copied
    )
    version.number = next_number(_version_scope(procedure), LIFETIME)
    version.save()
    if source is not None:
        # every paper, fee and step, field for field (a file stays shared: versions never rewrite files)
        for rows in (source.papers.all(), source.fees.all(), source.steps.all()):
            for row in rows:
                row.pk, row._state.adding, row.version = None, True, version
                row.save()
    record(
        actor,
        "services.version_created",
        version,
        number=version.number,
        copied_from=getattr(source, "pk", None),
    )
    return version


@transaction.atomic
def replace_version_content(
    actor, version: ProcedureVersion, values: dict, papers, fees, steps, templates=None
) -> ProcedureVersion:
    """Rewrite a draft version whole: its content `values`, then its papers, fees and steps (lists of
    field dicts). `templates` keeps each paper's template file by paper key."""
    require_permission(actor, EDIT_PERMISSION)
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    for name, value in values.items():
        setattr(version, name, value)
    version.save()  # the model refuses a version that is no longer a draft
    version.papers.all().delete()
    version.fees.all().delete()
    version.steps.all().delete()
    for paper in papers:
        RequiredPaper.objects.create(
            version=version, template_file=(templates or {}).get(paper["key"], ""), **paper
        )
    for fee in fees:
        Fee.objects.create(version=version, **fee)
    for step in steps:
        ProcessingStep.objects.create(version=version, **step)
    record(actor, "services.version_changed", version, number=version.number)
    return version


@transaction.atomic
def save_version_parts(actor, version: ProcedureVersion, saved, deleted=()) -> None:
    """Papers, fees and steps of a draft version edited row by row (the admin's inlines): the deleted rows
    go first, so a freed order number can be taken; one audit entry names the rows."""
    require_permission(actor, EDIT_PERMISSION)
    for part in deleted:
        part.delete()  # a part of a published version refuses (VersionPart)
    for part in saved:
        part.save()
    if saved or deleted:
        record(
            actor,
            "services.version_changed",
            version,
            number=version.number,
            parts_saved=[str(part) for part in saved],
            parts_deleted=[str(part) for part in deleted],
        )


@transaction.atomic
def publish_version(actor, version: ProcedureVersion) -> ProcedureVersion:
    require_permission(actor, PUBLISH_PERMISSION)
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    target = VERSION_WORKFLOW.target(version.status, "publish")
    problems = version_problems(version)
    if problems:
        raise DomainError(
            _("Chưa thể công bố %(version)s: %(why)s") % {"version": version, "why": " ".join(problems)}
        )
    version.status = target
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "pk", None) else None
    version.withdrawn_at = None
    version.save(update_fields=["status", "published_at", "published_by", "withdrawn_at"])
    record(actor, "services.version_published", version, effective_from=version.effective_from.isoformat())
    return version


@transaction.atomic
def unpublish_version(actor, version: ProcedureVersion) -> ProcedureVersion:
    require_permission(actor, PUBLISH_PERMISSION)
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    version.status = VERSION_WORKFLOW.target(version.status, "unpublish")
    version.withdrawn_at = timezone.now()
    version.save(update_fields=["status", "withdrawn_at"])
    record(actor, "services.version_unpublished", version)
    return version


# --- Drafts ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DraftError:
    """One reason a draft is not ready: `field` is a form field name, "file:<paper key>" or "__all__"."""

    field: str
    message: str

    def __str__(self):
        return self.message


class DraftRefused(DomainError):
    """A save that breaks the form's limits: `field_errors` by field name, nothing was written."""

    def __init__(self, field_errors: dict[str, list[str]]):
        self.field_errors = field_errors
        super().__init__(_("Hồ sơ chưa được lưu: có thông tin vượt quá giới hạn của biểu mẫu."))


def max_open_drafts() -> int:
    # 50: more procedures than one person starts in a year, yet bounded storage for each account
    return settings.FORM_DRAFTS_MAX_PER_USER


def _own(user, draft: FormDraft) -> None:
    if draft.user_id != getattr(user, "pk", None):
        raise NotPermitted(_("Đây không phải hồ sơ nháp của bạn."))


def can_submit_online(version: ProcedureVersion) -> bool:
    return (
        version.procedure.is_online
        and version.status == ProcedureVersion.Status.PUBLISHED
        and version.has_form
    )


def save_draft(user, version: ProcedureVersion, post, files, draft: FormDraft | None = None, token=None):
    """Keep what the citizen typed (no required fields) and the files they attached. A new application's
    saves carry its page's `token`: sent again or at once, they update the one draft made by the first.

    Returns (draft, file_errors). When a file is refused (type or size), nothing is written and
    `file_errors` says why, by paper key; the caller shows the typed data again."""
    if draft is not None:
        _own(user, draft)
        version = draft.version
    elif not can_submit_online(version):
        raise DomainError(_("Thủ tục này chưa cho phép nộp hồ sơ trực tuyến."))
    data = forms_schema.coerce(version.form_schema, post)
    field_errors = forms_schema.bounds_errors(version.form_schema, version.form_layout, data)
    if field_errors:
        raise DraftRefused(field_errors)
    slots = {paper.key: paper for paper in version.papers.all()}
    accepted, file_errors = [], {}
    for key in slots:
        upload = files.get(f"file_{key}")
        if upload is None:
            continue
        try:
            accepted.append((key, upload, forms_schema.check_upload(upload)))
        except ValidationError as error:
            file_errors[key] = error.messages
    if file_errors:
        return draft, file_errors
    with transaction.atomic():
        if draft is None:
            # the account's row is locked: two saves at once can neither both pass the cap nor both
            # create the draft of one page (the unique (user, token) constraint backs this)
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            if token is not None:
                draft = FormDraft.objects.filter(user=user, client_token=token, version=version).first()
        if draft is None:
            if FormDraft.objects.filter(user=user).count() >= max_open_drafts():
                raise DomainError(
                    _("Bạn đã có %(n)d hồ sơ nháp, mức tối đa; hãy nộp hoặc xoá bớt hồ sơ nháp cũ.")
                    % {"n": max_open_drafts()}
                )
            draft = FormDraft.objects.create(user=user, version=version, data=data, client_token=token)
        else:
            draft = FormDraft.objects.select_for_update().get(pk=draft.pk)
            draft.data = data
            draft.checked_ok_at = None
            draft.save(update_fields=["data", "checked_ok_at", "updated_at"])
        for key, upload, content_type in accepted:
            old = DraftFile.objects.filter(draft=draft, slot=key).first()
            if old is not None:
                old_file = old.file
                transaction.on_commit(lambda f=old_file: f.storage.delete(f.name))
                old.delete()
            DraftFile.objects.create(
                draft=draft,
                slot=key,
                file=upload,
                original_name=upload.name[:255],
                content_type=content_type,
                size=upload.size,
            )
    return draft, {}


def complete_draft_check(draft: FormDraft) -> list[DraftError]:
    """Everything that stops `draft` from becoming a dossier: form fields (Vietnamese messages from the
    JSON Schema), missing mandatory papers, and a procedure that is no longer open online or has changed.
    An empty list means the draft is complete."""
    version = draft.version
    errors = []
    for field, messages in forms_schema.validate(
        version.form_schema, version.form_layout, draft.data
    ).items():
        errors.extend(DraftError(field, message) for message in messages)
    uploaded = set(draft.files.values_list("slot", flat=True))
    for paper in version.papers.all():
        if paper.is_mandatory and paper.key not in uploaded:
            errors.append(
                DraftError(f"file:{paper.key}", _("Chưa đính kèm “%(name)s”.") % {"name": paper.name})
            )
    if not can_submit_online(version):
        errors.append(
            DraftError("__all__", _("Thủ tục này hiện không nhận hồ sơ trực tuyến theo quy định đã lưu."))
        )
    else:
        current = version.procedure.current_version
        if current is not None and current.pk != version.pk:
            errors.append(
                DraftError(
                    "__all__",
                    _("Thủ tục đã có quy định mới từ ngày %(day)s; vui lòng lập hồ sơ mới theo quy định này.")
                    % {"day": f"{current.effective_from:%d/%m/%Y}"},
                )
            )
    return errors


def check_draft(user, draft: FormDraft) -> list[DraftError]:
    """The citizen's "Kiểm tra hồ sơ": the full check; remembers when it passed."""
    _own(user, draft)
    errors = complete_draft_check(draft)
    draft.checked_ok_at = None if errors else timezone.now()
    draft.save(update_fields=["checked_ok_at"])
    return errors


@transaction.atomic
def delete_draft(user, draft: FormDraft) -> None:
    _own(user, draft)
    for attached in draft.files.all():
        transaction.on_commit(lambda f=attached.file: f.storage.delete(f.name))
    draft.delete()
