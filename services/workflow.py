"""A procedure version's life: drafted, published (then immutable), possibly withdrawn and re-published.

services.services runs the named transitions; ProcedureVersion.save refuses any other status change (a new
version is a draft; a stored one moves only from a source to the target of a row of this table)."""

from egov.workflow import StateMachine, Transition

VERSION_WORKFLOW = StateMachine(
    [
        Transition("publish", frozenset({"draft", "withdrawn"}), "published", "Công bố"),
        Transition("unpublish", frozenset({"published"}), "withdrawn", "Ngừng công bố"),
    ],
    labels={"draft": "Dự thảo", "published": "Đã công bố", "withdrawn": "Đã ngừng công bố"},
)
