"""A message's delivery: queued → sending → sent, or failed (retried later) → sending … → gave_up.

Every move is one conditional UPDATE (`services._move`): of two workers claiming the same message exactly
one gets it."""

from egov.workflow import StateMachine, Transition

from .models import Status as S

MESSAGE = StateMachine(
    [
        Transition("claim", frozenset({S.QUEUED, S.FAILED}), S.SENDING, "Nhận gửi"),
        Transition("sent", frozenset({S.SENDING}), S.SENT, "Đã gửi"),
        Transition("fail", frozenset({S.SENDING}), S.FAILED, "Gửi lỗi, chờ gửi lại"),
        Transition("give_up", frozenset({S.SENDING}), S.GAVE_UP, "Ngừng gửi"),
        # a worker died while sending: the beat sweep puts the message back in the queue
        Transition("release", frozenset({S.SENDING}), S.QUEUED, "Đưa lại vào hàng đợi"),
        Transition("resend", frozenset({S.FAILED, S.GAVE_UP}), S.QUEUED, "Gửi lại"),
    ],
    labels=dict(S.choices),
)
