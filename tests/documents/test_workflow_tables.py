"""Each state table of documents/workflow.py, tested as a table: for every (state, action) pair the
expected table below says where the action leads or that it is refused. The expectation is written out
here, independently of workflow.py, so widening (or narrowing) any transition fails a test."""

import itertools

import pytest

from documents import workflow
from documents.models import IncomingStatus as S
from documents.models import Notification, OutboxMessage, SigningState, Task
from documents.models import OutgoingStatus as O
from egov.errors import TransitionNotAllowed

G, T, B, M = SigningState, Task.Status, OutboxMessage.Status, Notification.Mail

EXPECTED = {
    "INCOMING": (
        S,
        {
            "register": ({S.ARRIVED}, S.REGISTERED),
            "return": ({S.ARRIVED, S.REGISTERED}, S.RETURNED),
            "assign": ({S.REGISTERED, S.ASSIGNED, S.PROCESSING}, S.ASSIGNED),
            "delegate": ({S.ASSIGNED, S.PROCESSING}, S.PROCESSING),
            "progress": ({S.ASSIGNED, S.PROCESSING}, S.PROCESSING),
            "complete": ({S.ASSIGNED, S.PROCESSING}, S.DONE),
            "recall": ({S.ARRIVED, S.RETURNED, S.REGISTERED, S.ASSIGNED, S.PROCESSING, S.DONE}, S.RECALLED),
        },
    ),
    "OUTGOING": (
        O,
        {
            "edit": ({O.DRAFT, O.RETURNED}, O.DRAFT),
            "submit": ({O.DRAFT, O.RETURNED}, O.IN_REVIEW),
            "submit_to_leader": ({O.DRAFT, O.RETURNED}, O.PENDING_APPROVAL),
            "review": ({O.IN_REVIEW}, O.PENDING_APPROVAL),
            "return": ({O.IN_REVIEW, O.PENDING_APPROVAL, O.APPROVED}, O.RETURNED),
            "approve": ({O.PENDING_APPROVAL}, O.APPROVED),
            "issue": ({O.APPROVED}, O.ISSUED),
            "recall": ({O.ISSUED}, O.RECALLED),
        },
    ),
    "SIGNING": (
        G,
        {
            "approve_unsigned": ({G.NONE}, G.APPROVED_UNSIGNED),
            "leader_sign": ({G.NONE}, G.LEADER_SIGNED),
            "withdraw": ({G.APPROVED_UNSIGNED, G.LEADER_SIGNED}, G.NONE),
            "issue_unsigned": ({G.APPROVED_UNSIGNED}, G.ISSUED_UNSIGNED),
            "seal": ({G.LEADER_SIGNED}, G.SEALED),
        },
    ),
    "TASK": (T, {"complete": ({T.OPEN}, T.DONE), "cancel": ({T.OPEN}, T.CANCELLED)}),
    "OUTBOX": (
        B,
        {
            "send": ({B.PENDING}, B.SENT),
            "fail": ({B.PENDING}, B.FAILED),
            "retry": ({B.FAILED}, B.PENDING),
            "cancel": ({B.PENDING, B.FAILED}, B.CANCELLED),
        },
    ),
    "NOTIFICATION_MAIL": (
        M,
        {
            "claim": ({M.PENDING}, M.SENDING),
            "release": ({M.SENDING}, M.PENDING),
            "sent": ({M.SENDING}, M.SENT),
        },
    ),
}

CASES = [
    (name, state, action)
    for name, (states, table) in EXPECTED.items()
    for state, action in itertools.product(states.values, table)
]


@pytest.mark.parametrize(("name", "state", "action"), CASES)
def test_every_state_and_action_pair(name, state, action):
    machine = getattr(workflow, name)
    sources, target = EXPECTED[name][1][action]
    if state in sources:
        assert machine.target(state, action) == target
    else:
        with pytest.raises(TransitionNotAllowed):
            machine.target(state, action)


@pytest.mark.parametrize("name", EXPECTED)
def test_the_table_has_no_action_the_expectation_lacks(name):
    assert set(getattr(workflow, name).transitions) == set(EXPECTED[name][1])
