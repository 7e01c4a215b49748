"""The statuses in signing and the only moves between them.

A move is a compare-and-set on the row (UPDATE ... WHERE status = the status read): of two concurrent
moves from the same status exactly one succeeds, and no lock is held beyond that one statement."""

from egov.errors import TransitionNotAllowed
from egov.workflow import StateMachine, Transition

CERTIFICATE_WORKFLOW = StateMachine(
    [Transition("revoke", frozenset({"active"}), "revoked", "Thu hồi chứng thư số")],
    labels={"active": "Đang dùng", "revoked": "Đã thu hồi"},
)

REMOTE_SIGNATURE_WORKFLOW = StateMachine(
    [Transition("complete", frozenset({"prepared"}), "completed", "Hoàn tất ký từ xa")],
    labels={"prepared": "Đã chuẩn bị, chờ chữ ký", "completed": "Đã hoàn tất"},
)

# One e-mail a certificate and threshold: the row is created "sending" by whoever claims it first.
EXPIRY_WARNING_WORKFLOW = StateMachine(
    [
        Transition("deliver", frozenset({"sending"}), "sent", "Đã gửi thư cảnh báo"),
        Transition("fail", frozenset({"sending"}), "failed", "Gửi thư không thành công"),
        Transition("retry", frozenset({"failed"}), "sending", "Gửi lại thư cảnh báo"),
    ],
    labels={"sending": "Đang gửi", "sent": "Đã gửi", "failed": "Gửi lỗi"},
)


def advance(machine: StateMachine, obj, action: str, **changes):
    """Move `obj` (a model with a `status` field) by `action`, saving `changes` in the same UPDATE;
    TransitionNotAllowed when the table refuses it or another process moved the row first."""
    current = obj.status
    target = machine.target(current, action)
    moved = type(obj).objects.filter(pk=obj.pk, status=current).update(status=target, **changes)
    if not moved:
        raise TransitionNotAllowed("Trạng thái đã được thay đổi bởi một thao tác khác; hãy tải lại.")
    obj.status = target
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj
