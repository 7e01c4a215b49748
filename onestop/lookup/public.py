"""What a stranger may learn about a dossier from its code (the QR on the slip): the procedure, the desk,
the dates, the status in plain words, a short timeline, and the applicant's name masked. Never the
address, the personal ID, the phone, the e-mail, the files, officers' names or the reasons given.

One dict (`summary`) feeds both the page and the API, so the two cannot disagree on what is shown."""

import datetime
import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.directory.validators import AGENCY_CODE_MAX_LENGTH, is_agency_code
from onestop.models import Dossier, Status
from onestop.services import MAX_DAILY_SEQUENCE

# onestop.services.dossier_code: <agency e-ID>-<yymmdd>-<4-digit daily sequence>
_CODE = re.compile(r"([0-9A-Z.]+)-([0-9]{6})-([0-9]{4})")
CODE_PATTERN = f"^{_CODE.pattern}$"  # as the API schema states it
CODE_MAX_LENGTH = AGENCY_CODE_MAX_LENGTH + len("-yymmdd-0000")


def normalise_code(raw: str) -> str:
    """What a person typed, as codes are written: no surrounding spaces, capitals (h25 → H25)."""
    return raw.strip().upper()


def is_dossier_code(value: str) -> bool:
    """True for a code `onestop.services.dossier_code` can produce (checked before any query)."""
    if not isinstance(value, str) or len(value) > CODE_MAX_LENGTH:
        return False
    match = _CODE.fullmatch(value)
    if match is None:
        return False
    agency, day, sequence = match.groups()
    if not is_agency_code(agency):
        return False
    try:
        datetime.datetime.strptime(day, "%y%m%d")
    except ValueError:
        return False
    return 1 <= int(sequence) <= MAX_DAILY_SEQUENCE


def _initial(word: str) -> str:
    """The first letter, in capitals, with its accents: 'dựng' → 'D.', 'ánh' → 'Á.' (NFC; a letter with
    no precomposed form keeps its combining marks)."""
    end = 1
    while end < len(word) and unicodedata.combining(word[end]):
        end += 1
    capital = word[0].upper()
    return (capital if len(capital) == 1 else word[0]) + word[1:end] + "."


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' → 'Nguyễn V. A.': the family name, then initials. One word alone is the whole
    name, so it becomes its initial. Organisations the same way. NFC and NFD input give the same result."""
    words = unicodedata.normalize("NFC", name or "").split()
    if not words:
        return ""
    if len(words) == 1:
        return _initial(words[0])
    return " ".join([words[0], *(_initial(word) for word in words[1:])])


class Stage(models.TextChoices):
    """The public status: the internal steps (hand-over, appraisal, approval, signing...) read as one."""

    RECEIVED = "received", _("Đã tiếp nhận")
    PROCESSING = "processing", _("Đang giải quyết")
    SUPPLEMENT = "supplement", _("Chờ người nộp bổ sung giấy tờ")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ nộp phí, lệ phí")
    RESULT_READY = "result_ready", _("Đã có kết quả, mời nhận")
    RETURNED = "returned", _("Đã trả kết quả")
    STOPPED = "stopped", _("Dừng giải quyết")
    REFUSED = "refused", _("Từ chối giải quyết")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")


# Every status a dossier with a code can have (the intake statuses come before the code).
STAGE_OF = {
    Status.ACCEPTED: Stage.RECEIVED,
    Status.TRANSFERRED: Stage.PROCESSING,
    Status.PROCESSING: Stage.PROCESSING,
    Status.AWAITING_APPROVAL: Stage.PROCESSING,
    Status.APPROVED: Stage.PROCESSING,
    Status.AT_OTHER_AGENCY: Stage.PROCESSING,
    Status.RESULT_SIGNING: Stage.PROCESSING,
    Status.RESULT_SEALING: Stage.PROCESSING,
    Status.SUPPLEMENT: Stage.SUPPLEMENT,
    Status.AWAITING_PAYMENT: Stage.AWAITING_PAYMENT,
    Status.RESULT_READY: Stage.RESULT_READY,
    Status.RETURNED: Stage.RETURNED,
    Status.STOPPED: Stage.STOPPED,
    Status.REFUSED: Stage.REFUSED,
    Status.WITHDRAWN: Stage.WITHDRAWN,
}
_CLOSED = {Stage.STOPPED, Stage.REFUSED, Stage.WITHDRAWN}
_UNDATED = {Stage.PROCESSING, Stage.SUPPLEMENT, Stage.AWAITING_PAYMENT}


def timeline(dossier: Dossier) -> list[dict]:
    """The dated moments reached (received, result ready, returned or closed), in time order, and the
    current stage where it has no date of its own (being processed, waiting for papers or payment)."""
    stage = STAGE_OF[dossier.status]
    rows = [(Stage.RECEIVED, dossier.accepted_at)]
    if stage in _UNDATED:
        rows.append((stage, None))
    if dossier.result_ready_at is not None:
        rows.append((Stage.RESULT_READY, dossier.result_ready_at))
    if dossier.returned_at is not None:
        rows.append((Stage.RETURNED, dossier.returned_at))
    if stage in _CLOSED:
        rows.append((stage, dossier.closed_at))
    current = max((i for i, row in enumerate(rows) if row[0] == stage), default=None)
    return [
        {"stage": key, "label": str(Stage(key).label), "at": at, "current": i == current}
        for i, (key, at) in enumerate(rows)
    ]


def summary(dossier: Dossier) -> dict:
    """The public fields of a dossier as `queries.find` reads it."""
    stage = STAGE_OF[dossier.status]
    rescheduled = dossier.original_due_at is not None and dossier.original_due_at != dossier.due_at
    return {
        "code": dossier.code,
        "procedure": dossier.procedure_name,
        "receiving_agency": dossier.agency_name,
        "applicant": mask_name(dossier.applicant_name),
        "status": stage.value,
        "status_label": str(stage.label),
        "overdue": dossier.is_overdue,
        "received_at": dossier.accepted_at,
        "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at if rescheduled else None,
        "returned_at": dossier.returned_at,
        "timeline": timeline(dossier),
    }
