"""The export job's states, as a table: a worker claims a queued job, finishes it with its file or
records why it failed. A job left RUNNING by a worker that died is taken up again once it is stale
(`restart`, when the broker hands the task out a second time). Nothing leaves DONE or FAILED (a new
export is a new job)."""

from django.utils.translation import gettext_lazy as _

from egov.workflow import StateMachine, Transition

from .models import ExportStatus as S

EXPORT = StateMachine(
    [
        Transition("start", frozenset({S.QUEUED}), S.RUNNING, _("Bắt đầu tạo tệp")),
        Transition("restart", frozenset({S.RUNNING}), S.RUNNING, _("Tạo lại tệp")),
        Transition("finish", frozenset({S.RUNNING}), S.DONE, _("Hoàn thành")),
        Transition("fail", frozenset({S.QUEUED, S.RUNNING}), S.FAILED, _("Ghi nhận lỗi")),
    ],
    labels=dict(S.choices),
)
