"""Every transition of a dossier (regulations §2.4), in one table.

`NEW` is the state before the dossier exists: the two ways in (submitted online, received at the counter)
start from it. A row whose target is `SAME` leaves the status as it is (an apology and new date, a
reassignment) but is still a named, checked transition. Steps have no status of their own: a step is open
until its `done_at` is set, when its class (trước hạn / đúng hạn / quá hạn) is computed."""

from egov.workflow import StateMachine, Transition

from .models import Status as S

NEW = "new"
SAME = ""

_PROCESSING = frozenset({S.TRANSFERRED, S.PROCESSING, S.AWAITING_APPROVAL})
_RUNNING = frozenset({S.ACCEPTED, *_PROCESSING, S.APPROVED, S.AT_OTHER_AGENCY})

DOSSIER = StateMachine(
    [
        Transition("submit_online", frozenset({NEW}), S.WAITING_CHECK, "Nộp hồ sơ trực tuyến"),
        Transition(
            "resubmit", frozenset({S.NEEDS_COMPLETION}), S.WAITING_CHECK, "Nộp lại hồ sơ đã hoàn thiện"
        ),
        Transition(
            "accept", frozenset({NEW, S.WAITING_CHECK, S.NEEDS_COMPLETION}), S.ACCEPTED, "Tiếp nhận hồ sơ"
        ),
        Transition(
            "request_completion",
            frozenset({NEW, S.WAITING_CHECK}),
            S.NEEDS_COMPLETION,
            "Yêu cầu hoàn thiện hồ sơ",
        ),
        Transition(
            "refuse_intake",
            frozenset({NEW, S.WAITING_CHECK, S.NEEDS_COMPLETION}),
            S.REFUSED_INTAKE,
            "Từ chối tiếp nhận hồ sơ",
        ),
        Transition(
            "hand_over", frozenset({S.ACCEPTED, *_PROCESSING}), S.TRANSFERRED, "Chuyển phòng chuyên môn"
        ),
        Transition("assign", frozenset({S.TRANSFERRED, S.PROCESSING}), S.PROCESSING, "Phân công thẩm định"),
        Transition(
            "record_appraisal", frozenset({S.PROCESSING}), S.AWAITING_APPROVAL, "Trình kết quả thẩm định"
        ),
        Transition("send_back", frozenset({S.AWAITING_APPROVAL}), S.PROCESSING, "Trả lại để thẩm định lại"),
        Transition("approve", frozenset({S.AWAITING_APPROVAL}), S.APPROVED, "Phê duyệt"),
        Transition("request_supplement", _PROCESSING, S.SUPPLEMENT, "Yêu cầu bổ sung hồ sơ"),
        Transition("receive_supplement", frozenset({S.SUPPLEMENT}), S.PROCESSING, "Nhận hồ sơ bổ sung"),
        Transition("send_to_agency", _PROCESSING, S.AT_OTHER_AGENCY, "Chuyển cơ quan liên thông"),
        Transition(
            "receive_back", frozenset({S.AT_OTHER_AGENCY}), S.PROCESSING, "Nhận lại từ cơ quan liên thông"
        ),
        # a procedure that collects its fees before processing waits for them, its clock paused
        Transition("await_payment", frozenset({S.ACCEPTED}), S.AWAITING_PAYMENT, "Chờ nộp phí, lệ phí"),
        Transition("receive_payment", frozenset({S.AWAITING_PAYMENT}), S.ACCEPTED, "Đã nộp phí, lệ phí"),
        Transition("apologise", _RUNNING, SAME, "Xin lỗi và hẹn lại ngày trả"),
        Transition("stop", _RUNNING | {S.SUPPLEMENT, S.AWAITING_PAYMENT}, S.STOPPED, "Dừng giải quyết hồ sơ"),
        Transition("refuse", _PROCESSING | {S.APPROVED}, S.REFUSED, "Từ chối giải quyết"),
        Transition(
            "withdraw",
            frozenset({S.WAITING_CHECK, S.NEEDS_COMPLETION, *_RUNNING, S.SUPPLEMENT, S.AWAITING_PAYMENT})
            - {S.APPROVED},
            S.WITHDRAWN,
            "Rút hồ sơ",
        ),
        Transition("attach_result", frozenset({S.APPROVED}), S.RESULT_SIGNING, "Có kết quả giải quyết"),
        Transition("sign_result", frozenset({S.RESULT_SIGNING}), S.RESULT_SEALING, "Ký số kết quả"),
        Transition("seal_result", frozenset({S.RESULT_SEALING}), S.RESULT_READY, "Đóng dấu kết quả"),
        Transition("return_result", frozenset({S.RESULT_READY}), S.RETURNED, "Trả kết quả"),
    ],
    labels={NEW: "Chưa tạo hồ sơ", **dict(S.choices)},
)


def next_status(status: str, action: str) -> str:
    """The status after `action` from `status`, or TransitionNotAllowed (Vietnamese) when the table has no
    such row."""
    target = DOSSIER.target(status, action)
    return status if target == SAME else target
