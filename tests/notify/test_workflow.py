"""The message's state machine as a table: each allowed move succeeds, every other is refused; and the
services' conditional UPDATE follows the same table."""

import pytest

from egov.errors import TransitionNotAllowed
from egov.notify import services
from egov.notify.models import Channel, Message, Status
from egov.notify.workflow import MESSAGE

S = Status
ALLOWED = {
    ("claim", S.QUEUED): S.SENDING,
    ("claim", S.FAILED): S.SENDING,
    ("sent", S.SENDING): S.SENT,
    ("fail", S.SENDING): S.FAILED,
    ("give_up", S.SENDING): S.GAVE_UP,
    ("release", S.SENDING): S.QUEUED,
    ("resend", S.FAILED): S.QUEUED,
    ("resend", S.GAVE_UP): S.QUEUED,
}
CASES = [(action, state) for action in MESSAGE.transitions for state in Status.values]


@pytest.mark.parametrize(("action", "state"), CASES)
def test_every_move_of_the_table(action, state):
    expected = ALLOWED.get((action, state))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            MESSAGE.target(state, action)
    else:
        assert MESSAGE.target(state, action) == expected


def test_the_table_names_only_known_states_and_every_state_is_reachable():
    targets = {t.target for t in MESSAGE.transitions.values()}
    sources = set().union(*(t.sources for t in MESSAGE.transitions.values()))
    assert targets | sources == set(Status.values)
    assert targets == set(Status.values)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "state"), CASES)
def test_the_database_move_follows_the_table(action, state):
    message = Message.objects.create(channel=Channel.SMS, address="0912345678", event="x", body="x", key="k")
    Message.objects.filter(pk=message.pk).update(status=state)
    moved = services._move(message.pk, action)
    message.refresh_from_db()
    expected = ALLOWED.get((action, state))
    assert moved is (expected is not None)
    assert message.status == (expected or state)
