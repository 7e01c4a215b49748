"""The ticket's state machine as a table: each allowed move leads where the table says, every other
(state, action) pair is refused with a Vietnamese reason; and the services walk the same table."""

import pytest

from egov.errors import TransitionNotAllowed
from onestop.counter import services
from onestop.counter.models import Status as S
from onestop.counter.models import Ticket
from onestop.counter.workflow import TICKET

from .conftest import at, seated

ALLOWED = {
    (S.WAITING, "call"): S.CALLED,
    (S.CALLED, "recall"): S.CALLED,
    (S.SKIPPED, "recall"): S.CALLED,
    (S.CALLED, "skip"): S.SKIPPED,
    (S.CALLED, "start"): S.SERVING,
    (S.SERVING, "done"): S.DONE,
    (S.WAITING, "cancel"): S.CANCELLED,
}
ACTIONS = ["call", "recall", "skip", "start", "done", "cancel"]


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_and_action(state, action):
    expected = ALLOWED.get((state, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed, match="Không thể thực hiện"):
            TICKET.target(state, action)
    else:
        assert TICKET.target(state, action) == expected


def test_the_table_has_no_other_rows():
    rows = {(state, t.action) for t in TICKET.transitions.values() for state in t.sources}
    assert rows == set(ALLOWED)


def _in_state(queue, state, when):
    """A ticket of today brought to `state` through the services, at counter 1."""
    officer, counter = queue.officer, queue.counter_1
    ticket = services.issue_ticket(queue.device, queue.area_a, at=when)
    if state == S.WAITING:
        return ticket
    ticket = services.call_next(officer, counter, at=when)
    if state == S.SKIPPED:
        return services.skip(officer, counter, ticket, at=when)
    if state in (S.SERVING, S.DONE):
        ticket = services.start(officer, counter, ticket, at=when)
    if state == S.DONE:
        ticket = services.done(officer, counter, ticket, at=when)
    return ticket


SERVICE_ACTIONS = {
    "recall": services.recall,
    "skip": services.skip,
    "start": services.start,
    "done": services.done,
}


@pytest.mark.parametrize("state", [S.WAITING, S.CALLED, S.SERVING, S.DONE, S.SKIPPED])
@pytest.mark.parametrize("action", list(SERVICE_ACTIONS))
def test_the_services_follow_the_table(queue, state, action):
    seated(queue)
    when = at(2, 9)
    ticket = _in_state(queue, state, when)
    assert ticket.status == state
    expected = ALLOWED.get((state, action))
    act = SERVICE_ACTIONS[action]
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            act(queue.officer, queue.counter_1, ticket, at=when)
        assert Ticket.objects.get(pk=ticket.pk).status == state  # nothing written
    else:
        assert act(queue.officer, queue.counter_1, ticket, at=when).status == expected
