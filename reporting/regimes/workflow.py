"""Every move of a periodic report, in one table.

The reporter's staff fill the cells (draft) and send the report to their leader (awaiting signature); the
leader signs the PDF with their digital signature, which sends it to the recipient (submitted, recorded
as late after the deadline); the recipient accepts it or returns it for correction with a reason; a
returned report is corrected and sent for signature again (a resubmission). Saving the cells is allowed
while the reporter holds the report."""

from egov.workflow import StateMachine, Transition

from .models import Status as S

INSTANCE = StateMachine(
    [
        Transition("save", frozenset({S.DRAFT, S.RETURNED}), "", "Lưu số liệu"),
        Transition("send_for_signature", frozenset({S.DRAFT, S.RETURNED}), S.AWAITING_SIGNATURE, "Trình ký"),
        Transition("withdraw", frozenset({S.AWAITING_SIGNATURE}), S.DRAFT, "Rút lại để sửa"),
        Transition("sign", frozenset({S.AWAITING_SIGNATURE}), S.SUBMITTED, "Ký số và gửi báo cáo"),
        Transition("accept", frozenset({S.SUBMITTED}), S.ACCEPTED, "Tiếp nhận báo cáo"),
        Transition("return", frozenset({S.SUBMITTED}), S.RETURNED, "Trả lại để sửa"),
    ],
    labels=dict(S.choices),
)


def target(state: str, action: str) -> str:
    """The state after `action` ("save" keeps the state)."""
    return INSTANCE.target(state, action) or state
