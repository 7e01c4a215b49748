"""An export of a statistics table (Excel or PDF), made in the background: who asked for it, what it
covers, where it stands (workflow.EXPORT), how far it has got, and the file when it is done."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ tạo tệp")
    RUNNING = "running", _("Đang tạo tệp")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không tạo được")


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel (.xlsx)")
    PDF = "pdf", _("PDF")


def export_path(job, filename: str) -> str:
    """A stored name nobody can guess; the name the user sees is `ExportJob.filename`."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reporting/exports/{uuid.uuid4().hex}.{extension}"


class ExportJob(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.CASCADE,
        related_name="report_exports",
    )
    format = models.CharField(_("định dạng"), max_length=4, choices=ExportFormat.choices)
    parameters = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp"), upload_to=export_path, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=150, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu xuất báo cáo")
        verbose_name_plural = _("yêu cầu xuất báo cáo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="report_export_owner_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_export_progress_0_100"),
            models.CheckConstraint(
                condition=~Q(status=ExportStatus.DONE) | (Q(progress=100) & ~Q(file="")),
                name="report_export_done_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.get_format_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
