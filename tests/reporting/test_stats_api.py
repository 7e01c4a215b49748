"""The statistics API (/api/v1/bao-cao/ho-so/), the scopes (scope_for, can_view), bad input, the rollup
across the 2025 reform, the nightly recount and the rebuild command, and concurrent transitions."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from egov.accounts.roles import Role
from egov.directory.models import Agency, Position
from onestop import services
from onestop.models import Dossier, Status
from reporting import ledger, stats, tasks
from reporting.models import AgencySummary, RecountRun, Summary
from reporting.periods import Frequency, Period, PeriodError
from reporting.roles import STATISTICS_GROUP
from tests.concurrency import at_once
from tests.documents.factories import person
from tests.onestop.conftest import World, all_papers, at, walk_in

from .test_stats_properties import Tree, write

URL = "/api/v1/bao-cao/ho-so/"
YEAR_2025 = Period.calendar(Frequency.YEAR, 2025)


def history(agency, accept, finish=None, **extra):
    h = {
        "agency": agency,
        "procedure": 0,
        "channel": "online",
        "accept": accept,
        "hour": 9,
        "due": 5,
        "due_hour": 17,
        "papers": [True],
        "pause": None,
        "finish": finish,
        "fees": None,
        "rating": None,
    }
    h.update(extra)
    return h


@pytest.fixture
def province(world):
    """The tree of units merged in 2025, dossiers in old and new communes, and the people who read them."""
    tree = Tree()
    officer = world.sotp.officer
    for h in (
        history("a", 10, ("returned", 3, 12)),  # old commune, resolved early, before the reform
        history("a", 100, None),  # accepted 09/06/2025, still open: carried into the new commune
        history("b", 90, ("withdrawn", 2, 12), channel="direct"),
        history("c", 50, ("result_ready", 20, 18)),  # late
        history("x", 140, ("returned", 1, 12)),
        history("y", 150, None, channel="post"),
        history("sở", 160, ("stopped", 4, 12)),
    ):
        write(world, tree, officer, h)
    ubnd = Agency.objects.create(
        name="UBND tỉnh Phú Thọ", short_name="UBND", unit=tree.new25, level="province"
    )
    tree.ubnd = ubnd
    tree.leader = person(ubnd, Role.LEADER, rank=Position.Rank.AGENCY_LEADER, position="Chủ tịch")
    tree.statistician = person(tree.agencies["sở"], Role.SPECIALIST)  # a specialist given the statistics
    from django.contrib.auth.models import Group

    tree.statistician.groups.add(Group.objects.get(name=STATISTICS_GROUP))
    tree.x_leader = person(
        tree.agencies["x"], Role.LEADER, rank=Position.Rank.AGENCY_LEADER, position="Chủ tịch"
    )
    tree.specialist = person(tree.agencies["sở"], Role.SPECIALIST)
    tree.citizen = world.citizen
    return tree


def login(client, user, totp_device):
    client.force_login(user)
    if user.requires_two_factor:
        code = totp_device(user)
        assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
    return client


@pytest.mark.django_db
def test_scopes(province):
    assert stats.scope_for(province.leader) == (province.new25, None)
    assert stats.scope_for(province.statistician) == (None, province.agencies["sở"])
    assert stats.scope_for(province.x_leader) == (province.x, None)
    assert stats.scope_for(province.specialist) == (None, None)  # no reporting permission
    assert stats.can_view(province.leader, unit=province.x)
    assert stats.can_view(province.leader, unit=province.old25)  # a predecessor of its province
    assert stats.can_view(province.leader, agency=province.agencies["a"])
    assert not stats.can_view(province.x_leader, unit=province.y)
    assert not stats.can_view(province.x_leader, agency=province.agencies["sở"])
    assert stats.can_view(province.statistician, agency=province.agencies["sở"])
    assert not stats.can_view(province.statistician, agency=province.agencies["x"])
    assert not stats.can_view(province.statistician, unit=province.new25)
    assert not stats.can_view(province.citizen)
    assert not stats.can_view(province.specialist, agency=province.agencies["sở"])


@pytest.mark.django_db
def test_rollup_across_the_reform(province):
    report = stats.dossier_report(YEAR_2025, unit=province.new25, by="unit")
    keys = [r.key for r in report.rows]
    # the old communes' dossiers go to the communes that took them over; the Sở to the province itself
    assert keys == ["08020", "09005", "25"]
    x = next(r for r in report.rows if r.key == "08020")
    assert x.figures.new_total == 4 and x.figures.resolved_total == 2 and x.figures.withdrawn == 1
    assert report.total.new_total == 7
    assert any("01/07/2025" in note and "tỉnh – huyện – xã" in note for note in report.notes)
    # before the reform: by the old tree (districts under the old province)
    spring = Period(datetime.date(2025, 3, 1), datetime.date(2025, 6, 30))
    old = stats.dossier_report(spring, unit=province.old25, by="unit")
    assert [r.key for r in old.rows] == ["227"]
    assert old.total.new_total == 3
    # the old tree's closing stock is the new tree's opening stock
    after = stats.dossier_figures(
        Period(datetime.date(2025, 7, 1), datetime.date(2025, 7, 31)), unit=province.new25
    )
    before = stats.dossier_figures(spring, unit=province.old25) + stats.dossier_figures(
        spring, unit=province.old26
    )
    assert after.carried_over == before.in_progress_total == 1


@pytest.mark.django_db
def test_bad_input_is_refused_in_vietnamese(province):
    with pytest.raises(PeriodError, match="Ngày kết thúc"):
        Period(datetime.date(2025, 5, 1), datetime.date(2025, 4, 1))
    with pytest.raises(stats.ReportError, match="không tồn tại trong kỳ báo cáo"):
        stats.dossier_report(Period.calendar(Frequency.MONTH, 2026, 1), unit=province.old25)
    with pytest.raises(stats.ReportError, match="không tồn tại trong kỳ báo cáo"):
        stats.dossier_report(Period.calendar(Frequency.MONTH, 2025, 1), unit=province.new25)
    with pytest.raises(stats.ReportError, match="không thuộc"):
        stats.dossier_report(YEAR_2025, unit=province.y, agency=province.agencies["x"])
    with pytest.raises(stats.ReportError, match="Cách nhóm"):
        stats.dossier_report(YEAR_2025, unit=province.new25, by="nothing")
    with pytest.raises(stats.ReportError, match="Chỉ tiêu"):
        stats.dossiers_behind(YEAR_2025, "on_time_rate", unit=province.new25)
    with pytest.raises(stats.ReportError, match="cần chọn một đơn vị"):
        stats.dossier_report(YEAR_2025, agency=province.agencies["x"], by="unit")


@pytest.mark.django_db
def test_the_api_report(client, province, totp_device):
    login(client, province.leader, totp_device)
    response = client.get(URL, {"frequency": "year", "year": 2025, "by": "unit"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["scope"] == "Tỉnh Phú Thọ"
    assert data["total"]["new_total"] == 7
    assert data["total"] == stats.dossier_report(YEAR_2025, unit=province.new25, by="unit").total.as_dict()
    assert [r["key"] for r in data["rows"]] == ["08020", "09005", "25"]
    assert data["columns"][0] == {"name": "received_total", "label": "Tổng số hồ sơ nhận giải quyết"}
    assert data["notes"]
    # by dates, a commune by its code, an agency by its id, the closing period
    one = client.get(URL, {"start": "2025-07-01", "end": "2025-07-31", "unit": "08020", "by": "procedure"})
    assert one.status_code == 200 and one.json()["scope"] == "Xã Hy Cương"
    agency = client.get(
        URL, {"frequency": "month", "year": 2025, "number": 8, "agency": province.agencies["x"].pk}
    )
    assert agency.status_code == 200 and agency.json()["scope"] == "UBND xã Hy Cương"
    closing = client.get(URL, {"frequency": "quarter", "year": 2025, "number": 3, "closing": "true"})
    assert closing.json()["period"] == {"start": "2025-06-15", "end": "2025-09-14"}
    behind = client.get(URL + "danh-sach/", {"frequency": "year", "year": 2025, "figure": "new_total"})
    assert behind.status_code == 200
    # the leader's visible_to covers their own agency's dossiers only; the count is what they may open
    assert behind.json()["count"] <= 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"start": "2025-05-01", "end": "2025-04-01"}, "Ngày kết thúc"),
        ({"start": "2025-05-01"}, "Cần cả ngày"),
        ({}, "Cần kỳ báo cáo"),
        ({"frequency": "month"}, "Cần năm"),
        ({"frequency": "month", "year": 2025, "number": 13}, "number"),
        ({"frequency": "week", "year": 2025}, "frequency"),
        ({"frequency": "year", "year": 99999}, "year"),
        ({"frequency": "year", "year": 2025, "unit": "99"}, "Không có đơn vị"),
        ({"frequency": "year", "year": 2026, "unit": "09001"}, "không tồn tại trong kỳ"),
        ({"frequency": "year", "year": 2025, "unit": "25\x00"}, "NUL"),
        ({"frequency": "year", "year": 2025, "agency": 2**40}, "agency"),
        ({"frequency": "year", "year": 2025, "agency": 999999}, "Không có cơ quan"),
        ({"frequency": "year", "year": 2025, "by": "everything"}, "by"),
        ({"start": "2000-01-01", "end": "2025-01-01"}, "10 năm"),
    ],
)
def test_the_api_refuses_bad_input_with_a_reason(client, province, totp_device, query, reason):
    login(client, province.leader, totp_device)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert reason in str(response.json())


@pytest.mark.django_db
def test_the_api_keeps_to_the_scope(client, province, totp_device):
    login(client, province.statistician, totp_device)
    own = client.get(URL, {"frequency": "year", "year": 2025})
    assert own.status_code == 200 and own.json()["scope"] == "Sở Tư pháp"
    for other in ({"agency": province.agencies["x"].pk}, {"unit": "25"}):
        response = client.get(URL, {"frequency": "year", "year": 2025, **other})
        assert response.status_code == 403
        assert "không có quyền" in response.json()["detail"]
    login(client, province.x_leader, totp_device)
    assert client.get(URL, {"frequency": "year", "year": 2025, "unit": "09005"}).status_code == 403
    assert client.get(URL, {"frequency": "year", "year": 2025}).json()["scope"] == "Xã Hy Cương"
    login(client, province.specialist, totp_device)
    assert client.get(URL, {"frequency": "year", "year": 2025}).status_code == 403
    login(client, province.citizen, totp_device)
    assert client.get(URL, {"frequency": "year", "year": 2025}).status_code == 403
    client.logout()
    assert client.get(URL, {"frequency": "year", "year": 2025}).status_code in (401, 403)


@pytest.mark.django_db
def test_the_nightly_recount_finds_an_injected_difference(province):
    assert tasks.nightly_recount() == 0
    assert RecountRun.objects.get().differences == 0
    injected = Summary.objects.filter(grain="m").order_by("pk").first()
    Summary.objects.filter(pk=injected.pk).update(new_direct=F("new_direct") + 1)
    assert tasks.nightly_recount() == 1
    run = RecountRun.objects.order_by("-pk").first()
    assert run.differences == 1 and not run.repaired
    assert list(run.detail[0]["columns"]) == ["new_direct"]
    assert tasks.nightly_recount(repair=True) == 1
    assert tasks.nightly_recount() == 0


@pytest.mark.django_db
def test_the_rebuild_command(province, capsys):
    before = stats.dossier_report(YEAR_2025, unit=province.new25, by="unit")
    Summary.objects.all().delete()
    AgencySummary.objects.all().delete()
    assert stats.dossier_figures(YEAR_2025, unit=province.new25).new_total == 0
    call_command("reporting_rebuild")
    assert "7 hồ sơ" in capsys.readouterr().out
    assert stats.dossier_report(YEAR_2025, unit=province.new25, by="unit") == before
    call_command("reporting_rebuild", "--check")
    assert "0 dòng chênh lệch" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_lose_no_count(make_procedure):
    """Dossiers of one agency, procedure and day accepted at once by as many threads: each summary bucket
    (day, month, year) counts every one of them (PostgreSQL; a few on SQLite, which locks whole tables)."""
    world = World(make_procedure)
    workers = 24 if connection.vendor == "postgresql" else 4
    waiting = [
        services.receive_at_counter(
            world.sotp.officer, world.version, walk_in(), [], "complete", reason="Bổ sung", at=at(2, 8)
        )
        for _ in range(workers)
    ]
    officer, papers = world.sotp.officer, all_papers(world.version)
    _, errors = at_once(
        [lambda d=d: services.accept_dossier(officer, d, papers=papers, at=at(2, 9)) for d in waiting]
    )
    assert errors == []
    assert Dossier.objects.filter(status=Status.ACCEPTED).count() == workers
    rows = Summary.objects.filter(agency=world.sotp.agency, new_direct__gt=0)
    assert sorted(rows.values_list("grain", "day", "new_direct")) == [
        ("d", datetime.date(2026, 3, 2), workers),
        ("m", datetime.date(2026, 3, 1), workers),
        ("y", datetime.date(2026, 1, 1), workers),
    ]
    march = Period.calendar(Frequency.MONTH, 2026, 3)
    assert stats.dossier_figures(march, agency=world.sotp.agency).new_direct == workers
    # and then handed over at once: the open stock does not move, nothing is lost
    _, errors = at_once(
        [lambda d=d: services.hand_over(officer, d, world.sotp.department, at=at(2, 10)) for d in waiting]
    )
    assert errors == []
    assert ledger.differences(ledger.expected()[0], ledger.stored()) == []


@pytest.mark.django_db
def test_the_units_rollups_follow_the_directory(world, province):
    def reports():
        return {by: stats.dossier_report(YEAR_2025, unit=province.new25, by=by) for by in stats.GROUPS}

    def reads_rollup():
        return stats._source(stats._scope(YEAR_2025, province.new25)).unit_id == province.new25.pk

    from_agencies = reports()
    assert not reads_rollup()
    assert ledger.refresh_units() > 0
    assert reads_rollup()
    assert reports() == from_agencies
    assert ledger.refresh_units() == 0
    # a new agency: the rollup no longer holds all of the unit's agencies, so the reports read the
    # agencies' rows until the next refresh sums the rollup again
    province.agencies["sxd"] = Agency.objects.create(
        name="Sở Xây dựng", short_name="SXD", unit=province.new25, level="province"
    )
    write(world, province, world.sotp.officer, history("sxd", 170, None))
    cache.clear()
    assert not reads_rollup()
    grown = reports()
    assert grown["procedure"].total.new_total == from_agencies["procedure"].total.new_total + 1
    assert ledger.refresh_units() == 1
    assert reads_rollup()
    assert reports() == grown
    assert ledger.differences(ledger.expected()[0], ledger.stored()) == []
