"""Document state machines (regulations §1.7): every status field of the app changes only through a
named transition of one of these tables. Incoming statuses carry the edXML status codes (§5.3,
models.EDXML_STATUS)."""

from egov.workflow import StateMachine, Transition

from . import access
from .models import EDXML_STATUS, IncomingDocument, Notification, OutboxMessage, SigningState, Task
from .models import IncomingStatus as S
from .models import OutgoingStatus as O

__all__ = [
    "EDXML_STATUS",
    "INCOMING",
    "NOTIFICATION_MAIL",
    "OUTBOX",
    "OUTGOING",
    "SIGNING",
    "TASK",
    "allowed_actions",
    "move_all",
]

INCOMING = StateMachine(
    [
        Transition("register", frozenset({S.ARRIVED}), S.REGISTERED, "Vào sổ"),
        Transition("return", frozenset({S.ARRIVED, S.REGISTERED}), S.RETURNED, "Trả lại"),
        Transition("assign", frozenset({S.REGISTERED, S.ASSIGNED, S.PROCESSING}), S.ASSIGNED, "Phân công"),
        Transition("delegate", frozenset({S.ASSIGNED, S.PROCESSING}), S.PROCESSING, "Chuyển xử lý"),
        Transition("progress", frozenset({S.ASSIGNED, S.PROCESSING}), S.PROCESSING, "Cập nhật tiến độ"),
        Transition("complete", frozenset({S.ASSIGNED, S.PROCESSING}), S.DONE, "Hoàn thành"),
        # the sender recalls its document from every recipient, whatever the copy's state: a copy the
        # recipient returned is destroyed too (Phụ lục VI III.8)
        Transition(
            "recall",
            frozenset({S.ARRIVED, S.RETURNED, S.REGISTERED, S.ASSIGNED, S.PROCESSING, S.DONE}),
            S.RECALLED,
            "Thu hồi",
        ),
    ],
    labels=dict(S.choices),
)

OUTGOING = StateMachine(
    [
        Transition("edit", frozenset({O.DRAFT, O.RETURNED}), O.DRAFT, "Sửa dự thảo"),
        Transition("submit", frozenset({O.DRAFT, O.RETURNED}), O.IN_REVIEW, "Trình lãnh đạo phòng"),
        Transition(
            "submit_to_leader", frozenset({O.DRAFT, O.RETURNED}), O.PENDING_APPROVAL, "Trình lãnh đạo"
        ),
        Transition("review", frozenset({O.IN_REVIEW}), O.PENDING_APPROVAL, "Lãnh đạo phòng đồng ý"),
        Transition("return", frozenset({O.IN_REVIEW, O.PENDING_APPROVAL, O.APPROVED}), O.RETURNED, "Trả lại"),
        Transition("approve", frozenset({O.PENDING_APPROVAL}), O.APPROVED, "Phê duyệt"),
        Transition("issue", frozenset({O.APPROVED}), O.ISSUED, "Cấp số và ban hành"),
        Transition("recall", frozenset({O.ISSUED}), O.RECALLED, "Thu hồi"),
    ],
    labels=dict(O.choices),
)

G = SigningState
SIGNING = StateMachine(
    [
        Transition("approve_unsigned", frozenset({G.NONE}), G.APPROVED_UNSIGNED, "Duyệt không ký số"),
        Transition("leader_sign", frozenset({G.NONE}), G.LEADER_SIGNED, "Lãnh đạo ký số"),
        # a draft returned after approval must be approved (and signed) again: the signature was on
        # the version returned
        Transition(
            "withdraw", frozenset({G.APPROVED_UNSIGNED, G.LEADER_SIGNED}), G.NONE, "Hủy duyệt khi trả lại"
        ),
        Transition(
            "issue_unsigned", frozenset({G.APPROVED_UNSIGNED}), G.ISSUED_UNSIGNED, "Ban hành không ký số"
        ),
        Transition("seal", frozenset({G.LEADER_SIGNED}), G.SEALED, "Ký số của cơ quan"),
    ],
    labels=dict(G.choices),
)

T = Task.Status
TASK = StateMachine(
    [
        Transition("complete", frozenset({T.OPEN}), T.DONE, "Hoàn thành"),
        Transition("cancel", frozenset({T.OPEN}), T.CANCELLED, "Hủy"),
    ],
    labels=dict(T.choices),
)

B = OutboxMessage.Status
# the exchange (edXML) worker sends or fails pending messages; a recall cancels those not yet sent
OUTBOX = StateMachine(
    [
        Transition("send", frozenset({B.PENDING}), B.SENT, "Đã gửi"),
        Transition("fail", frozenset({B.PENDING}), B.FAILED, "Gửi lỗi"),
        Transition("retry", frozenset({B.FAILED}), B.PENDING, "Gửi lại"),
        Transition("cancel", frozenset({B.PENDING, B.FAILED}), B.CANCELLED, "Hủy"),
    ],
    labels=dict(B.choices),
)

M = Notification.Mail
NOTIFICATION_MAIL = StateMachine(
    [
        Transition("claim", frozenset({M.PENDING}), M.SENDING, "Nhận gửi thư"),
        Transition("release", frozenset({M.SENDING}), M.PENDING, "Gửi thư lỗi, chờ gửi lại"),
        Transition("sent", frozenset({M.SENDING}), M.SENT, "Đã gửi thư"),
    ],
    labels=dict(M.choices),
)


def move_all(queryset, machine: StateMachine, action: str, field: str = "status", **changes) -> int:
    """Apply `action` to every row of `queryset` in one of its source states (a conditional UPDATE, so
    concurrent movers never both win); rows in other states are left alone. Returns how many moved."""
    transition = machine.transitions[action]
    return queryset.filter(**{f"{field}__in": transition.sources}).update(
        **{field: transition.target}, **changes
    )


# who may take each outgoing action, besides the state table (the services check the same)
def _outgoing_roles(document, user) -> dict[str, bool]:
    leader = access.is_leader_of(user, document.agency_id)
    clerk = access.is_clerk_of(user, document.agency_id)
    drafter = document.drafter_id == user.pk
    return {
        "edit": drafter,
        "submit": drafter,
        "submit_to_leader": drafter,
        "review": access.is_head_of(user, document.department_id),
        "return": (
            (document.status == O.IN_REVIEW and access.is_head_of(user, document.department_id))
            or (document.status == O.PENDING_APPROVAL and leader)
            or (document.status == O.APPROVED and clerk)
        ),
        "approve": leader,
        "issue": clerk,
        "recall": leader or clerk,
    }


def _incoming_roles(document, user) -> dict[str, bool]:
    leader = access.is_leader_of(user, document.agency_id)
    clerk = access.is_clerk_of(user, document.agency_id)
    return {"register": clerk, "return": clerk, "assign": leader}


def allowed_actions(document, user) -> set[str]:
    """The actions `user` may take on an incoming or outgoing document now: allowed by its state table
    and by the user's role. Pages show a button only for these; the services refuse the rest."""
    if isinstance(document, IncomingDocument):
        machine, roles = INCOMING, _incoming_roles(document, user)
    else:
        machine, roles = OUTGOING, _outgoing_roles(document, user)
    allowed = {t.action for t in machine.allowed(document.status)}
    return {action for action in allowed if user.is_superuser or roles.get(action, False)}
