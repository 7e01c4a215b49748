"""Every move of a queue ticket, in one table.

A ticket waits until an officer calls it to a counter; the person comes (serving, then done) or does not
(skipped, a no-show, who may be called back later the same day). Tickets still waiting when the day ends
are cancelled. "recall" on a called ticket calls it once more (the board shows it again)."""

from egov.workflow import StateMachine, Transition

from .models import Status as S

TICKET = StateMachine(
    [
        Transition("call", frozenset({S.WAITING}), S.CALLED, "Gọi số"),
        Transition("recall", frozenset({S.CALLED, S.SKIPPED}), S.CALLED, "Gọi lại"),
        Transition("skip", frozenset({S.CALLED}), S.SKIPPED, "Bỏ qua (vắng mặt)"),
        Transition("start", frozenset({S.CALLED}), S.SERVING, "Bắt đầu phục vụ"),
        Transition("done", frozenset({S.SERVING}), S.DONE, "Xong"),
        Transition("cancel", frozenset({S.WAITING}), S.CANCELLED, "Hủy cuối ngày"),
    ],
    labels=dict(S.choices),
)
