"""The states of an online payment attempt and of the local test gateway's own record of it.

Only the gateway's notification (IPN) settles an attempt: paid, failed or cancelled; an attempt nobody
finishes expires. Every end state is final: a later notification for it is answered "already confirmed"."""

from egov.workflow import StateMachine, Transition

from .models import GatewayTransaction, Payment

P = Payment.Status

PAYMENT = StateMachine(
    [
        Transition("confirm", frozenset({P.PENDING}), P.PAID, "Xác nhận đã thanh toán"),
        Transition("fail", frozenset({P.PENDING}), P.FAILED, "Giao dịch không thành công"),
        Transition("cancel", frozenset({P.PENDING}), P.CANCELLED, "Hủy giao dịch"),
        Transition("expire", frozenset({P.PENDING}), P.EXPIRED, "Hết hạn thanh toán"),
    ],
    labels=dict(P.choices),
)

G = GatewayTransaction.Status

GATEWAY = StateMachine(
    [
        Transition("pay", frozenset({G.PENDING}), G.PAID, "Thanh toán"),
        Transition("cancel", frozenset({G.PENDING}), G.CANCELLED, "Hủy giao dịch"),
    ],
    labels=dict(G.choices),
)


def cancel_open_attempts(dossier) -> int:
    """Close the dossier's open attempt (the caller holds the dossier's lock): fees taken at the desk."""
    from django.utils import timezone

    from .models import Payment

    now = timezone.now()
    cancelled = 0
    for payment in dossier.payments.select_for_update().filter(status=Payment.Status.PENDING):
        payment.status = PAYMENT.target(payment.status, "cancel")
        payment.settled_at = now
        payment.save(update_fields=["status", "settled_at"])
        cancelled += 1
    return cancelled
