"""The dossier workflow as a table: every (state, action) pair, the allowed ones succeed with the expected
target and every other one is refused with a Vietnamese message."""

import pytest

from egov.errors import TransitionNotAllowed
from onestop.models import Status as S
from onestop.workflow import DOSSIER, NEW, next_status

RUNNING = {S.ACCEPTED, S.TRANSFERRED, S.PROCESSING, S.AWAITING_APPROVAL, S.APPROVED, S.AT_OTHER_AGENCY}
PROCESSING = {S.TRANSFERRED, S.PROCESSING, S.AWAITING_APPROVAL}

# (action) -> {source: target}: written out by hand from regulations §2.4, not derived from the table.
EXPECTED = {
    "submit_online": {NEW: S.WAITING_CHECK},
    "resubmit": {S.NEEDS_COMPLETION: S.WAITING_CHECK},
    "accept": {NEW: S.ACCEPTED, S.WAITING_CHECK: S.ACCEPTED, S.NEEDS_COMPLETION: S.ACCEPTED},
    "request_completion": {NEW: S.NEEDS_COMPLETION, S.WAITING_CHECK: S.NEEDS_COMPLETION},
    "refuse_intake": {s: S.REFUSED_INTAKE for s in (NEW, S.WAITING_CHECK, S.NEEDS_COMPLETION)},
    "hand_over": {s: S.TRANSFERRED for s in (S.ACCEPTED, *PROCESSING)},
    "assign": {S.TRANSFERRED: S.PROCESSING, S.PROCESSING: S.PROCESSING},
    "record_appraisal": {S.PROCESSING: S.AWAITING_APPROVAL},
    "send_back": {S.AWAITING_APPROVAL: S.PROCESSING},
    "approve": {S.AWAITING_APPROVAL: S.APPROVED},
    "request_supplement": {s: S.SUPPLEMENT for s in PROCESSING},
    "receive_supplement": {S.SUPPLEMENT: S.PROCESSING},
    "send_to_agency": {s: S.AT_OTHER_AGENCY for s in PROCESSING},
    "receive_back": {S.AT_OTHER_AGENCY: S.PROCESSING},
    "await_payment": {S.ACCEPTED: S.AWAITING_PAYMENT},
    "receive_payment": {S.AWAITING_PAYMENT: S.ACCEPTED},
    "apologise": {s: s for s in RUNNING},
    "stop": {s: S.STOPPED for s in (*RUNNING, S.SUPPLEMENT, S.AWAITING_PAYMENT)},
    "refuse": {s: S.REFUSED for s in (*PROCESSING, S.APPROVED)},
    "withdraw": {
        s: S.WITHDRAWN
        for s in (
            S.WAITING_CHECK,
            S.NEEDS_COMPLETION,
            *(RUNNING - {S.APPROVED}),
            S.SUPPLEMENT,
            S.AWAITING_PAYMENT,
        )
    },
    "attach_result": {S.APPROVED: S.RESULT_SIGNING},
    "sign_result": {S.RESULT_SIGNING: S.RESULT_SEALING},
    "seal_result": {S.RESULT_SEALING: S.RESULT_READY},
    "return_result": {S.RESULT_READY: S.RETURNED},
}
STATES = [NEW, *S.values]
PAIRS = [(state, action) for state in STATES for action in EXPECTED]


def test_the_table_has_exactly_the_expected_actions():
    assert set(DOSSIER.transitions) == set(EXPECTED)


@pytest.mark.parametrize(("state", "action"), PAIRS)
def test_every_state_and_action(state, action):
    expected = EXPECTED[action].get(state)
    if expected is not None:
        assert next_status(state, action) == expected
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            next_status(state, action)
        assert "Không thể thực hiện" in str(refused.value)
        assert DOSSIER.transitions[action].label in str(refused.value)


@pytest.mark.parametrize("state", [S.REFUSED_INTAKE, S.RETURNED, S.STOPPED, S.REFUSED, S.WITHDRAWN])
def test_final_states_allow_nothing(state):
    assert DOSSIER.allowed(state) == []
