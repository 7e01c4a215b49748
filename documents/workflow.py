"""Document state machines (regulations §1.7). Incoming statuses carry the edXML status codes (§5.3)."""

from egov.workflow import StateMachine, Transition

from .models import IncomingStatus as S
from .models import OutgoingStatus as O

EDXML_STATUS = {
    S.ARRIVED: "01",
    S.RETURNED: "02",
    S.REGISTERED: "03",
    S.ASSIGNED: "04",
    S.PROCESSING: "05",
    S.DONE: "06",
    S.RECALLED: "02",
}

INCOMING = StateMachine(
    [
        Transition("register", frozenset({S.ARRIVED}), S.REGISTERED, "Vào sổ"),
        Transition("return", frozenset({S.ARRIVED, S.REGISTERED}), S.RETURNED, "Trả lại"),
        Transition("assign", frozenset({S.REGISTERED, S.ASSIGNED, S.PROCESSING}), S.ASSIGNED, "Phân công"),
        Transition("delegate", frozenset({S.ASSIGNED, S.PROCESSING}), S.PROCESSING, "Giao tiếp"),
        Transition("progress", frozenset({S.ASSIGNED, S.PROCESSING}), S.PROCESSING, "Cập nhật tiến độ"),
        Transition("complete", frozenset({S.ASSIGNED, S.PROCESSING}), S.DONE, "Hoàn thành"),
        Transition(
            "recall",
            frozenset({S.ARRIVED, S.REGISTERED, S.ASSIGNED, S.PROCESSING, S.DONE}),
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
