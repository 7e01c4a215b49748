"""The periodic report's state machine as a table: each allowed move leads where the table says, every
other (state, action) pair is refused with a Vietnamese reason; and the services walk the same table."""

import datetime

import pytest

from egov.errors import DomainError, TransitionNotAllowed
from reporting.regimes import services
from reporting.regimes.models import ReportInstance
from reporting.regimes.models import Status as S
from reporting.regimes.workflow import INSTANCE, target

from .conftest import PIN

ALLOWED = {
    (S.DRAFT, "save"): S.DRAFT,
    (S.RETURNED, "save"): S.RETURNED,
    (S.DRAFT, "send_for_signature"): S.AWAITING_SIGNATURE,
    (S.RETURNED, "send_for_signature"): S.AWAITING_SIGNATURE,
    (S.AWAITING_SIGNATURE, "withdraw"): S.DRAFT,
    (S.AWAITING_SIGNATURE, "sign"): S.SUBMITTED,
    (S.SUBMITTED, "accept"): S.ACCEPTED,
    (S.SUBMITTED, "return"): S.RETURNED,
}
ACTIONS = ["save", "send_for_signature", "withdraw", "sign", "accept", "return"]


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_and_action(state, action):
    expected = ALLOWED.get((state, action))
    if expected is None:
        with pytest.raises(TransitionNotAllowed, match="Không thể thực hiện"):
            target(state, action)
    else:
        assert target(state, action) == expected


def test_the_table_has_no_other_rows():
    rows = {(state, t.action) for t in INSTANCE.transitions.values() for state in t.sources}
    assert rows == set(ALLOWED)


def _instance(world, today=datetime.date(2026, 11, 20)):
    services.ensure_instances(world.regime, today=today)
    return ReportInstance.objects.get(reporter=world.xa_a.agency, period_start=datetime.date(2026, 10, 15))


def _bring(world, instance, state):
    officer, leader, reviewer = world.xa_a.officer, world.xa_a.leader, world.reviewer
    if state == S.DRAFT:
        return instance
    if state == S.RETURNED:
        instance = _bring(world, instance, S.SUBMITTED)
        return services.return_for_correction(reviewer, instance, "Sai số liệu A1")
    instance = services.send_for_signature(officer, instance, {"A1": "3", "A2": "1"})
    if state == S.AWAITING_SIGNATURE:
        return instance
    instance = services.sign(leader, instance, PIN)
    if state == S.SUBMITTED:
        return instance
    return services.accept(reviewer, instance)


def _call(world, action, instance):
    calls = {
        "save": lambda: services.save_values(world.xa_a.officer, instance, {"A1": "5"}),
        "send_for_signature": lambda: services.send_for_signature(world.xa_a.officer, instance),
        "withdraw": lambda: services.withdraw(world.xa_a.officer, instance),
        "sign": lambda: services.sign(world.xa_a.leader, instance, PIN),
        "accept": lambda: services.accept(world.reviewer, instance),
        "return": lambda: services.return_for_correction(world.reviewer, instance, "Thiếu số liệu"),
    }
    return calls[action]()


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", ACTIONS)
def test_the_services_walk_the_table(world, state, action):
    instance = _bring(world, _instance(world), state)
    assert instance.status == state
    expected = ALLOWED.get((state, action))
    if expected is None:
        before = ReportInstance.objects.values().get(pk=instance.pk)
        with pytest.raises(DomainError):
            _call(world, action, instance)
        assert ReportInstance.objects.values().get(pk=instance.pk) == before
    else:
        assert _call(world, action, instance).status == expected
        assert ReportInstance.objects.get(pk=instance.pk).status == expected


def test_a_returned_report_is_resubmitted(world):
    instance = _bring(world, _instance(world), S.RETURNED)
    assert instance.return_reason == "Sai số liệu A1"
    instance = services.send_for_signature(world.xa_a.officer, instance, {"A1": "4", "A2": "1"})
    instance = services.sign(world.xa_a.leader, instance, PIN)
    assert (instance.status, instance.submissions, instance.values["A3"]) == (S.SUBMITTED, 2, 5)
