from django.db import models

from .context import client_ip
from .models import AuditEntry


def record(actor, action: str, target: models.Model | None = None, **details) -> AuditEntry:
    """Append one audit entry. Call it inside the transaction of the change it records, so both
    land or neither does. `actor` may be None for the system (tasks, commands)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_full_name() or actor.get_username())
        if getattr(actor, "pk", None)
        else "hệ thống",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        ip_address=client_ip.get(),
        details=details,
    )
