"""Hồ sơ công việc: work files and the documents filed in them (Điều 28–30)."""

import datetime

from django.db import transaction

from egov.audit.services import record
from egov.errors import DomainError, NotPermitted
from egov.numbering.services import next_number

from .. import access
from ..models import IncomingDocument, WorkFile, WorkFileItem
from .common import local_today

ARCHIVE_WARNING_DAYS = 30


def create_work_file(
    actor,
    *,
    agency,
    notation: str,
    title: str,
    year: int | None = None,
    maintenance: str = "10 năm",
    start_date=None,
    end_date=None,
    archive_due=None,
    description: str = "",
) -> WorkFile:
    if agency.pk not in access.agency_ids(actor) and not actor.is_superuser:
        raise NotPermitted("Chỉ lập hồ sơ của cơ quan mình.")
    notation = notation.strip()
    if not notation or not title.strip():
        raise DomainError("Phải nhập số, ký hiệu và tiêu đề hồ sơ.")
    year = year or local_today().year
    if WorkFile.objects.filter(agency=agency, year=year, notation=notation).exists():
        raise DomainError("Số và ký hiệu hồ sơ đã có trong năm.")
    if archive_due is None and end_date is not None:
        archive_due = end_date.replace(year=end_date.year + 1)  # Điều 30: one year after the work ends
    work_file = WorkFile.objects.create(
        agency=agency,
        year=year,
        notation=notation,
        title=title,
        maintenance=maintenance,
        creator=actor,
        start_date=start_date or local_today(),
        end_date=end_date,
        archive_due=archive_due,
        description=description,
    )
    record(actor, "documents.create_work_file", work_file)
    return work_file


def add_to_work_file(actor, work_file: WorkFile, document) -> WorkFileItem:
    """Put a document in a file without copying it; it gets the next ordinal of the file (DocOrdinal)."""
    if work_file.agency_id not in access.agency_ids(actor) and not actor.is_superuser:
        raise NotPermitted("Chỉ cập nhật hồ sơ của cơ quan mình.")
    if document.agency_id != work_file.agency_id:
        raise DomainError("Văn bản không thuộc cơ quan lập hồ sơ.")
    key = {"incoming": document} if isinstance(document, IncomingDocument) else {"outgoing": document}
    if WorkFileItem.objects.filter(work_file=work_file, **key).exists():
        raise DomainError("Văn bản đã có trong hồ sơ này.")
    with transaction.atomic():
        ordinal = next_number(f"documents.workfile:{work_file.pk}", work_file.year)
        item = WorkFileItem.objects.create(work_file=work_file, ordinal=ordinal, **key)
        record(actor, "documents.add_to_work_file", work_file, ordinal=ordinal)
    return item


def work_files_due_for_archive(agency=None, today=None):
    """Files whose archive transfer is due within 30 days (Phụ lục VI)."""
    today = today or local_today()
    files = WorkFile.objects.filter(
        archive_due__isnull=False, archive_due__lte=today + datetime.timedelta(days=ARCHIVE_WARNING_DAYS)
    )
    return files.filter(agency=agency) if agency is not None else files
