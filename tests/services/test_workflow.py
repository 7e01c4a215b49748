"""A procedure version's status changes only along services.workflow's table: every (state, action) pair."""

import datetime

import pytest

from egov.errors import TransitionNotAllowed
from services import services
from services.models import ProcedureVersion
from services.workflow import VERSION_WORKFLOW

DRAFT, PUBLISHED, WITHDRAWN = "draft", "published", "withdrawn"
# (state, action) -> the state it leads to; None: refused
TABLE = {
    (DRAFT, "publish"): PUBLISHED,
    (DRAFT, "unpublish"): None,
    (PUBLISHED, "publish"): None,
    (PUBLISHED, "unpublish"): WITHDRAWN,
    (WITHDRAWN, "publish"): PUBLISHED,
    (WITHDRAWN, "unpublish"): None,
}
ACTIONS = {"publish": services.publish_version, "unpublish": services.unpublish_version}


def test_the_table_covers_every_state_and_action():
    assert set(VERSION_WORKFLOW.labels) == set(ProcedureVersion.Status.values)
    assert set(VERSION_WORKFLOW.transitions) == set(ACTIONS)
    assert set(TABLE) == {(s, a) for s in ProcedureVersion.Status.values for a in ACTIONS}


@pytest.mark.parametrize(("state", "action"), sorted(TABLE))
def test_each_pair_of_the_table(state, action):
    expected = TABLE[(state, action)]
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            VERSION_WORKFLOW.target(state, action)
    else:
        assert VERSION_WORKFLOW.target(state, action) == expected


def _version_in(make_procedure, state) -> ProcedureVersion:
    version = make_procedure(publish=state != DRAFT).versions.get()
    if state == WITHDRAWN:
        services.unpublish_version(None, version)
    version.refresh_from_db()
    assert version.status == state
    return version


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "action"), sorted(TABLE))
def test_each_pair_through_the_services(make_procedure, state, action):
    version = _version_in(make_procedure, state)
    expected = TABLE[(state, action)]
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            ACTIONS[action](None, version)
        expected = state
    else:
        ACTIONS[action](None, version)
    version.refresh_from_db()
    assert version.status == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "target"), [(DRAFT, WITHDRAWN), (PUBLISHED, DRAFT), (WITHDRAWN, DRAFT)])
def test_a_status_written_past_the_table_is_refused(make_procedure, state, target):
    version = _version_in(make_procedure, state)
    version.status = target
    with pytest.raises(TransitionNotAllowed):
        version.save(update_fields=["status"])
    version.refresh_from_db()
    assert version.status == state


@pytest.mark.django_db
def test_a_new_version_starts_as_a_draft(make_procedure):
    procedure = make_procedure()
    with pytest.raises(TransitionNotAllowed):
        ProcedureVersion.objects.create(
            procedure=procedure,
            number=9,
            status=PUBLISHED,
            effective_from=datetime.date(2026, 1, 1),
            time_limit_amount=1,
            result_name="x",
        )
