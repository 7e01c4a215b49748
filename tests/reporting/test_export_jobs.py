"""The export job's state machine, walked as a table: each allowed move succeeds, every other is refused."""

import itertools

import pytest

from egov.errors import TransitionNotAllowed
from reporting.exports.models import ExportStatus as S
from reporting.exports.workflow import EXPORT

ALLOWED = {
    (S.QUEUED, "start"): S.RUNNING,
    (S.RUNNING, "restart"): S.RUNNING,
    (S.RUNNING, "finish"): S.DONE,
    (S.QUEUED, "fail"): S.FAILED,
    (S.RUNNING, "fail"): S.FAILED,
}
ACTIONS = sorted(EXPORT.transitions)


@pytest.mark.parametrize(("state", "action"), list(itertools.product(S.values, ACTIONS)))
def test_the_export_workflow_table(state, action):
    expected = ALLOWED.get((state, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed) as refused:
            EXPORT.target(state, action)
        assert "Không thể thực hiện" in str(refused.value)
    else:
        assert EXPORT.target(state, action) == expected


def test_nothing_leaves_a_finished_job():
    assert EXPORT.allowed(S.DONE) == [] and EXPORT.allowed(S.FAILED) == []
