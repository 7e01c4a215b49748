"""Exports of statistics tables: every change of an ExportJob goes through here.

`start_export` checks that the user may see the figures, stores the job and queues its task after the
commit. `run_export` (the task's body, safe to run twice) claims the job by a conditional update, builds
the file (Excel or PDF) and records the outcome; the progress shown on the page is written as it goes.
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.errors import DomainError, NotPermitted
from egov.files import safe_filename

from . import excel, layout, pdf
from .models import ExportFormat, ExportJob, ExportStatus
from .params import ParamsError, ReportParams
from .workflow import EXPORT

logger = logging.getLogger(__name__)
export_requested = Signal()  # sent after the commit that stored a job: job_id
PERMISSION = "reporting.view_statistics"
# a job RUNNING this long has lost its worker: the next delivery of its task takes it up again
STALE_AFTER = datetime.timedelta(minutes=15)
# a user has at most this many jobs waiting or running at once
MAX_OPEN_JOBS = 5
BUILDERS = {
    ExportFormat.XLSX: (excel.CONTENT_TYPE, "xlsx"),
    ExportFormat.PDF: (pdf.CONTENT_TYPE, "pdf"),
}


def may_export(user, params: ReportParams) -> bool:
    from reporting import stats

    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm(PERMISSION)
        and stats.can_view(user, unit=params.unit, agency=params.agency)
    )


def start_export(user, params: ReportParams, fmt: str) -> ExportJob:
    if fmt not in ExportFormat.values:
        raise ParamsError(_("Định dạng tệp xuất không hợp lệ."))
    if not may_export(user, params):
        raise NotPermitted(_("Bạn không có quyền xem số liệu của phạm vi này."))
    open_jobs = ExportJob.objects.filter(
        owner=user, status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)
    ).count()
    if open_jobs >= MAX_OPEN_JOBS:
        raise DomainError(
            _("Bạn đang có %(n)s yêu cầu xuất chưa xong: hãy chờ chúng xong rồi yêu cầu tiếp.")
            % {"n": open_jobs}
        )
    job = ExportJob.objects.create(owner=user, format=fmt, parameters=params.to_json())
    # tasks.py receives it and queues the Celery task (services never import tasks: no cycle)
    transaction.on_commit(lambda: export_requested.send(ExportJob, job_id=job.pk))
    return job


def _claim(job_id: int) -> ExportJob | None:
    """The job, moved to RUNNING by this worker; None when another has it or it is over."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return None
    now = timezone.now()
    if job.status == ExportStatus.RUNNING:
        if job.started_at and now - job.started_at < STALE_AFTER:
            return None  # a live worker has it
        action = "restart"
    else:
        action = "start"
    target = EXPORT.target(job.status, action)
    claimed = ExportJob.objects.filter(pk=job.pk, status=job.status, started_at=job.started_at).update(
        status=target, started_at=now, progress=0
    )
    if not claimed:
        return None
    job.refresh_from_db()
    return job


def set_progress(job: ExportJob, percent: int) -> None:
    percent = max(0, min(99, int(percent)))  # 100 is the finished file's
    if percent > job.progress:
        ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(progress=percent)
        job.progress = percent


def _finish(job: ExportJob, data: bytes, filename: str) -> None:
    target = EXPORT.target(job.status, "finish")
    job.file.save(filename, ContentFile(data), save=False)
    updated = ExportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=target,
        progress=100,
        file=job.file.name,
        filename=safe_filename(filename),
        finished_at=timezone.now(),
    )
    if not updated:  # another worker finished or failed it meanwhile: our copy is not wanted
        job.file.delete(save=False)


def fail(job: ExportJob, message: str) -> None:
    job.refresh_from_db(fields=["status"])
    target = EXPORT.target(job.status, "fail")
    ExportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=target, error=message[:1000], finished_at=timezone.now()
    )


def run_export(job_id: int) -> str:
    job = _claim(job_id)
    if job is None:
        return "skipped"
    try:
        params = ReportParams.from_json(job.parameters)
        if not may_export(job.owner, params):  # the owner's rights may have changed since the request
            raise NotPermitted(_("Bạn không có quyền xem số liệu của phạm vi này."))
        set_progress(job, 5)
        report = params.report()
        set_progress(job, 40)
        data = build(report, job.format, progress=lambda done: set_progress(job, 40 + 55 * done))
    except DomainError as error:
        fail(job, str(error))
        return "failed"
    except Exception:
        logger.exception("export %s failed", job.pk)
        fail(job, _("Không tạo được tệp do lỗi của hệ thống. Xin thử lại sau."))
        return "failed"
    _finish(job, data, f"{layout.base_filename(report)}.{BUILDERS[job.format][1]}")
    return "done"


def build(report, fmt: str, *, progress=None) -> bytes:
    if fmt == ExportFormat.XLSX:
        return excel.workbook(report, progress=progress)
    return pdf.document(report)


def content_type(job: ExportJob) -> str:
    return BUILDERS[job.format][0]
