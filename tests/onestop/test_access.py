"""Who sees which dossier, and the queues."""

import datetime

import pytest

from onestop import queries, services
from onestop.models import Status

from .conftest import MONDAY, accepted, at, processing
from .signers import demo_pki, result_ready, signers  # noqa: F401 (the fixture)


def test_a_citizen_sees_only_their_own(world):
    from .test_intake import checked_draft

    mine = services.submit_online(world.citizen, checked_draft(world))
    accepted(world)
    assert list(queries.visible_to(world.citizen)) == [mine]
    assert list(queries.visible_to(world.other_citizen)) == []
    assert list(queries.visible_to(None)) == []


def test_staff_see_their_desks_and_what_reached_their_department(world):
    at_sotp = processing(world)
    at_commune = accepted(world, desk=world.xa_a, version=world.commune_version, commune=world.xa_a.agency)
    assert set(queries.visible_to(world.sotp.officer)) == {at_sotp}
    assert set(queries.visible_to(world.sotp.leader)) == {at_sotp}
    assert set(queries.visible_to(world.sotp.specialist)) == {at_sotp}  # it reached their department
    assert set(queries.visible_to(world.xa_a.officer)) == {at_commune}
    assert set(queries.visible_to(world.xa_a.specialist)) == set()
    assert set(queries.visible_to(world.xa_b.officer)) == set()


def test_a_department_sees_only_what_reached_it(world):
    from egov.directory.models import Department
    from tests.documents.factories import person

    other = Department.objects.create(agency=world.sotp.agency, name="Phòng Hành chính tư pháp")
    outsider = person(world.sotp.agency, None, department=other)
    dossier = processing(world)
    assert dossier not in queries.visible_to(outsider)
    services.hand_over(world.sotp.specialist, dossier, other, at=at(3))
    assert dossier in queries.visible_to(outsider)


def test_the_other_agency_of_a_liaison_sees_it(world):
    dossier = processing(world)
    assert dossier not in queries.visible_to(world.xa_a.specialist)
    services.send_to_agency(world.sotp.specialist, dossier, world.xa_a.agency, 2, at=at(3))
    assert dossier in queries.visible_to(world.xa_a.specialist)
    assert dossier not in queries.visible_to(world.xa_b.specialist)


@pytest.mark.usefixtures("demo_pki")
def test_queues(world):
    d = world.sotp
    early = processing(world)
    later = processing(world, when=MONDAY + datetime.timedelta(days=1))
    assert list(queries.my_dossiers(d.specialist)) == [early, later]  # by due time
    assert list(queries.my_dossiers(d.officer)) == []
    waiting = services.hand_over(d.officer, accepted(world), d.department, at=at(2, 10))
    assert waiting in queries.department_head_queue(d.head)
    assert list(queries.leader_queue(d.leader)) == []
    services.record_appraisal(d.specialist, early, "Đạt", at=at(3))
    assert list(queries.leader_queue(d.leader)) == [early]
    assert set(queries.desk_intake_today(d.officer, MONDAY.date())) == {early, waiting}
    assert list(queries.desk_waiting_check(d.officer)) == []
    assert list(queries.desk_results_to_return(d.officer)) == []
    services.approve(d.leader, early, at=at(3, 10))
    ready = result_ready(signers(d), early, at=at(3, 11))
    assert ready.status == Status.RESULT_READY
    assert list(queries.desk_results_to_return(d.officer)) == [early]
    assert list(queries.desk_results_to_return(world.xa_a.officer)) == []


def test_remaining_working_time(world):
    dossier = accepted(world)
    assert queries.remaining_working_time(dossier, at(9, 16)) == datetime.timedelta(hours=1)
    assert queries.remaining_working_time(dossier, at(10, 8, 30)) == -datetime.timedelta(hours=1)
