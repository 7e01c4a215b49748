from django.db import models

from .context import client_ip
from .models import AuditEntry

# What the trail shows instead of a secret document's subject: its readers are not the document's.
SECRET_REPR = "Văn bản mật"  # noqa: S105 (a label, not a password)


def _document_of(target: models.Model):
    """The document an entry is about: the target itself, or the one its version, appendix or task is of."""
    if hasattr(target, "is_secret"):
        return target
    return getattr(target, "document", None) or getattr(target, "incoming", None)


def _describe(target: models.Model) -> str:
    if getattr(_document_of(target), "is_secret", False):
        return f"{target._meta.verbose_name} #{target.pk}: {SECRET_REPR}"
    return str(target)[:300]


def _clean(value):
    """Without NUL, which PostgreSQL refuses: an entry must never be the reason a change fails."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def record(actor, action: str, target: models.Model | None = None, **details) -> AuditEntry:
    """Append one audit entry. Call it inside the transaction of the change it records, so both
    land or neither does. `actor` may be None for the system (tasks, commands)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_clean(actor.get_full_name() or actor.get_username())
        if getattr(actor, "pk", None)
        else "hệ thống",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=_clean(_describe(target)) if target is not None else "",
        ip_address=client_ip.get(),
        details=_clean(details),
    )
