"""The summaries follow onestop's real services: accept, process, supplement, withdraw, stop, refuse; each
figure equals the recount straight from the dossiers (`dossiers_behind`), and the §2.7 invariants hold."""

import datetime

import pytest

from onestop import services
from onestop.services import PaperIn
from reporting import ledger, stats
from reporting.models import DossierFact, Summary
from reporting.periods import Period
from tests.onestop.conftest import accepted, at, processing

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def check(period, **scope):
    report = stats.dossier_report(period, **scope)
    total = report.total
    for name in stats.DossierFigures.counted():
        assert getattr(total, name) == stats.dossiers_behind(period, name, **scope).count(), name
    for f in [r.figures for r in report.rows] + [total]:
        assert f.received_total == f.carried_over + f.new_online + f.new_direct + f.new_post
        assert f.resolved_total == f.resolved_early + f.resolved_on_time + f.resolved_late
        assert f.in_progress_total == f.in_progress_within + f.in_progress_overdue
        assert f.received_total == f.finished_total + f.in_progress_total
    return report


@pytest.mark.django_db
def test_the_services_feed_the_summaries(world):
    sotp = world.sotp
    one = processing(world, when=at(2))
    two = accepted(world, when=at(3))
    three = processing(world, when=at(4))
    services.request_supplement(sotp.specialist, three, "Thiếu bản sao giấy khai sinh", at=at(5, 10))
    services.withdraw(sotp.officer, two, "Người nộp xin rút", at=at(6, 10))
    assert DossierFact.objects.count() == 3
    assert Summary.objects.filter(grain="d").exists()

    march = check(MARCH, agency=sotp.agency)
    assert march.total.new_direct == 3
    assert march.total.withdrawn == 1
    assert march.total.in_progress_total == 2
    assert march.total.waiting_supplement == 1
    assert march.rows[0].key == world.province_procedure.code

    # the day before the supplement came back: still waiting; the next month carries both over
    early = check(Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 5)), agency=sotp.agency)
    assert early.total.waiting_supplement == 1
    services.receive_supplement(
        sotp.specialist, three, [PaperIn(p) for p in world.version.papers.all()[:1]], at=at(9, 10)
    )
    april = check(Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)), agency=sotp.agency)
    march = check(MARCH, agency=sotp.agency)
    assert march.total.waiting_supplement == 0
    assert april.total.carried_over == march.total.in_progress_total == 2
    services.stop(sotp.leader, one, "Theo đề nghị của cơ quan thuế", at=at(10, 10))
    assert check(MARCH, agency=sotp.agency).total.stopped == 1
    for by in stats.GROUPS:
        if by != "unit":
            assert (
                stats.dossier_report(MARCH, agency=sotp.agency, by=by).total
                == check(MARCH, agency=sotp.agency).total
            )

    # rebuilding from the dossiers gives the same rows
    before = ledger.stored()
    ledger.rebuild()
    assert ledger.stored() == before
    assert ledger.differences(ledger.expected()[0], before) == []
