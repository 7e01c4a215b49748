"""Gap-free numbers (DESIGN principle 3).

    with transaction.atomic():
        number = next_number(f"documents.incoming:{agency.pk}", 2026)
        Incoming.objects.create(..., arrival_number=number)   # backed by a unique constraint

The counter row is locked with select_for_update() until the caller's transaction ends, so numbers are
consecutive, never reused and never skipped when the caller commits; if the caller rolls back, the
increment rolls back with it. Never compute max()+1.
"""

from django.db import IntegrityError, transaction

from egov.errors import DomainError

from .models import Counter

LIFETIME = "all"  # the period of a sequence that never restarts (a draft's versions, a dossier's steps)


def _period(period: str | int) -> str:
    text = str(period).strip()
    if not text:
        raise DomainError("Kỳ đánh số không được để trống.")
    return text


def next_number(scope: str, period: str | int) -> int:
    """The next number of `scope` in `period`. Must run inside the caller's transaction.atomic()."""
    if not scope:
        raise DomainError("Phạm vi đánh số không được để trống.")
    period = _period(period)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError(
            "next_number() must be called inside transaction.atomic() with the record it numbers"
        )
    counter = Counter.objects.select_for_update().filter(scope=scope, period=period).first()
    if counter is None:
        try:
            with transaction.atomic():  # savepoint: a concurrent creator wins, we retry the locked read
                Counter.objects.create(scope=scope, period=period, value=0)
        except IntegrityError:
            pass
        counter = Counter.objects.select_for_update().get(scope=scope, period=period)
    counter.value += 1
    Counter.objects.filter(pk=counter.pk).update(value=counter.value)
    return counter.value


def current_number(scope: str, period: str | int) -> int:
    """The last number handed out (0 when none): for display only, never to compute the next one."""
    return (
        Counter.objects.filter(scope=scope, period=_period(period)).values_list("value", flat=True).first()
        or 0
    )
