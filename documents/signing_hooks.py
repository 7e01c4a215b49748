"""Where the digital-signature app plugs into the outgoing flow.

The default hooks sign nothing: they record that the document was approved or issued unsigned. A
signing app replaces them (e.g. `documents.signing_hooks.on_issue = my_hook` in its AppConfig.ready, or
by wrapping these functions) and may replace `document.signed_file` with the signed PDF."""

from egov.audit.services import record


def on_approve(document, actor) -> None:
    """Called inside the approval transaction, after the leader approved (the leader's signature)."""
    document.signing_state = "approved_unsigned"
    document.save(update_fields=["signing_state", "updated_at"])
    record(actor, "documents.approved_unsigned", document)


def on_issue(document, actor) -> None:
    """Called inside the issue transaction, after numbering and rendering `signed_file` (the seal)."""
    document.signing_state = "issued_unsigned"
    document.save(update_fields=["signing_state", "updated_at"])
    record(actor, "documents.issued_unsigned", document)
