"""Every state change of the documents app: one function per business action, taking the acting user.

Each checks permission and the transition (workflow.py), writes the audit trail and the document's
timeline (Event), and queues side effects (e-mail) on commit. Numbers come from egov.numbering inside a
short transaction of their own, after any slow work (rendering, signing) is done (DESIGN principle 3).
The modules, one concern each: incoming (arrival, registration), routing (assignment, tasks), drafting
(drafts to approval), printing (the PDF page), issuing (numbering, delivery, recall), notifications,
reminders, workfiles and notation (pure helpers of Decree 30)."""

from ..notation import header_blanks, notation_for, place_name, sequence_for
from .common import (
    DOCX_MAGIC,
    HIDDEN_SUBJECT,
    OUTSIDE_PORTAL_REFUSAL,
    PDF_MAGIC,
    read_upload,
    reindex,
    shown_subject,
)
from .drafting import (
    DRAFT_FIELDS,
    add_appendix,
    add_recipient,
    approve,
    comment_outgoing,
    create_draft,
    remove_recipient,
    return_draft,
    review,
    start_correction,
    submit,
    update_draft,
)
from .incoming import (
    INCOMING_FIELDS,
    find_duplicates,
    receive_electronic,
    register_arrived,
    register_incoming,
    return_incoming,
)
from .issuing import issue, recall
from .notifications import mark_notifications_read, notify, notify_clerks, send_notification_mail
from .printing import render_issued_pdf
from .reminders import REMIND_DAYS_BEFORE, send_deadline_reminders, send_leader_digests
from .routing import assign, complete_task, create_task, delegate, may_act_on_task, record_progress
from .workfiles import ARCHIVE_WARNING_DAYS, add_to_work_file, create_work_file, work_files_due_for_archive

__all__ = [
    "ARCHIVE_WARNING_DAYS",
    "DOCX_MAGIC",
    "DRAFT_FIELDS",
    "HIDDEN_SUBJECT",
    "INCOMING_FIELDS",
    "OUTSIDE_PORTAL_REFUSAL",
    "PDF_MAGIC",
    "REMIND_DAYS_BEFORE",
    "add_appendix",
    "add_recipient",
    "add_to_work_file",
    "approve",
    "assign",
    "comment_outgoing",
    "complete_task",
    "create_draft",
    "create_task",
    "create_work_file",
    "delegate",
    "find_duplicates",
    "header_blanks",
    "issue",
    "mark_notifications_read",
    "may_act_on_task",
    "notation_for",
    "notify",
    "notify_clerks",
    "place_name",
    "read_upload",
    "recall",
    "receive_electronic",
    "record_progress",
    "register_arrived",
    "register_incoming",
    "reindex",
    "remove_recipient",
    "render_issued_pdf",
    "return_draft",
    "return_incoming",
    "review",
    "send_deadline_reminders",
    "send_leader_digests",
    "send_notification_mail",
    "sequence_for",
    "shown_subject",
    "start_correction",
    "submit",
    "update_draft",
    "work_files_due_for_archive",
]
