"""Property test: random dossier histories (both channels, supplement pauses, early, on-time and late
results, withdrawals, refusals, stops, fees paid at the desk or online, ratings, agencies of units merged on
1 July 2025). The units' rollups are either up to date (`ledger.refresh_units`) or stale (the reports then
read the agencies' rows). Each history is written the way onestop's services write it, step by step, each step
followed by the hook (`onestop.signals.dossier_changed`); then for a random period and scope every figure
of the report equals a brute-force recount over the dossiers, and the §2.7 invariants hold for every row."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.directory.models import AdministrativeUnit, Agency, Level, UnitSuccession
from onestop.models import Dossier, DossierEvent, DossierPaper, DossierPause, DossierRating, Status
from onestop.services import classify
from onestop.signals import dossier_changed
from reporting import ledger, stats
from reporting.models import AgencySummary, DossierFact, Summary, UnitMember, UnitSummary
from reporting.periods import Period

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST = datetime.date(2025, 3, 1)
DAYS = 260  # to mid-November 2025, across the reform
OLD_TO = datetime.date(2025, 6, 30)
NEW_FROM = datetime.date(2025, 7, 1)
LEGACY = datetime.date(2000, 1, 1)


def unit(code, name, level, parent=None, old=True):
    return AdministrativeUnit.objects.create(
        code=code,
        name=name,
        kind="tinh" if level == Level.PROVINCE else ("huyen" if level == Level.DISTRICT else "xa"),
        level=level,
        parent=parent,
        valid_from=LEGACY if old else NEW_FROM,
        valid_to=OLD_TO if old else None,
    )


class Tree:
    """Old Phú Thọ (25: district 227, communes 08020 and 08023) and old Vĩnh Phúc (26: commune 09001) merged
    into the new Phú Thọ (25: commune 08020 from 08020 + 08023, commune 09005 from 09001)."""

    def __init__(self):
        self.old25 = unit("25", "Tỉnh Phú Thọ (cũ)", Level.PROVINCE)
        self.d227 = unit("227", "Huyện Thanh Ba", Level.DISTRICT, self.old25)
        self.a = unit("08020", "Xã Hy Cương (cũ)", Level.COMMUNE, self.d227)
        self.b = unit("08023", "Xã Chu Hóa (cũ)", Level.COMMUNE, self.d227)
        self.old26 = unit("26", "Tỉnh Vĩnh Phúc", Level.PROVINCE)
        self.c = unit("09001", "Xã Tam Đảo (cũ)", Level.COMMUNE, self.old26)
        self.new25 = unit("25", "Tỉnh Phú Thọ", Level.PROVINCE, old=False)
        self.x = unit("08020", "Xã Hy Cương", Level.COMMUNE, self.new25, old=False)
        self.y = unit("09005", "Xã Tam Đảo", Level.COMMUNE, self.new25, old=False)
        for old, new in (
            (self.old25, self.new25),
            (self.old26, self.new25),
            (self.a, self.x),
            (self.b, self.x),
        ):
            UnitSuccession.objects.create(predecessor=old, successor=new)
        UnitSuccession.objects.create(predecessor=self.c, successor=self.y)

        def agency(name, u, short="UBND"):
            return Agency.objects.create(name=name, short_name=short, unit=u, level=u.level)

        self.agencies = {
            "old_sở": agency("Sở Tư pháp (cũ)", self.old25, "STP"),
            "district": agency("UBND huyện Thanh Ba", self.d227),
            "a": agency("UBND xã Hy Cương (cũ)", self.a),
            "b": agency("UBND xã Chu Hóa (cũ)", self.b),
            "c": agency("UBND xã Tam Đảo (cũ)", self.c),
            "sở": agency("Sở Tư pháp", self.new25, "STP"),
            "x": agency("UBND xã Hy Cương", self.x),
            "y": agency("UBND xã Tam Đảo", self.y),
        }
        self.old_agencies = ("old_sở", "district", "a", "b", "c")
        # scope -> (unit, the agencies it covers, the unit's validity)
        every = set(self.agencies)
        self.scopes = {
            "new25": (self.new25, every),
            "old25": (self.old25, {"old_sở", "district", "a", "b"}),
            "d227": (self.d227, {"district", "a", "b"}),
            "x": (self.x, {"x", "a", "b"}),
            "y": (self.y, {"y", "c"}),
            "a": (self.a, {"a"}),
        }


def local(day_index: int, hour: int = 9) -> datetime.datetime:
    day = FIRST + datetime.timedelta(days=day_index)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VN)


history = st.fixed_dictionaries(
    {
        "agency": st.sampled_from(["old_sở", "district", "a", "b", "c", "sở", "x", "y"]),
        "procedure": st.integers(0, 1),
        "channel": st.sampled_from(["online", "direct", "post"]),
        "accept": st.integers(0, DAYS - 30),
        "hour": st.sampled_from([8, 16, 23]),
        "due": st.integers(0, 20),  # days after acceptance
        "due_hour": st.sampled_from([8, 17]),
        "papers": st.lists(st.booleans(), max_size=3),
        "pause": st.one_of(
            st.none(), st.tuples(st.integers(0, 10), st.one_of(st.none(), st.integers(0, 10)))
        ),
        "finish": st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(["result_ready", "returned", "withdrawn", "refused", "stopped"]),
                st.integers(0, 30),
                st.sampled_from([7, 12, 18]),
            ),
        ),
        "fees": st.one_of(st.none(), st.tuples(st.integers(0, 25), st.booleans())),
        "rating": st.one_of(st.none(), st.tuples(st.integers(1, 4), st.integers(0, 5))),
    }
)

periods = st.tuples(st.integers(-5, DAYS + 5), st.integers(0, 200))


def write(world, tree, officer, h):
    """The rows onestop's services write for history `h`, each change followed by the hook."""
    agency = tree.agencies[h["agency"]]
    version = (world.version, world.commune_version)[h["procedure"]]
    accepted_at = local(h["accept"], h["hour"])
    due_at = datetime.datetime.combine(
        (accepted_at + datetime.timedelta(days=h["due"])).date(), datetime.time(h["due_hour"]), tzinfo=VN
    )
    d = Dossier.objects.create(
        version=version,
        status=Status.ACCEPTED,
        channel=h["channel"],
        applicant_name="Người nộp",
        receiving_agency=agency,
        competent_agency=agency,
        code=f"T-{Dossier.objects.count()}-{h['accept']}",
        submitted_at=accepted_at,
        accepted_at=accepted_at,
        due_at=due_at,
        original_due_at=due_at,
        fees_due=100 if h["fees"] else 0,
    )
    for scanned in h["papers"]:
        DossierPaper.objects.create(dossier=d, name="Giấy tờ", file="x.pdf" if scanned else "")

    def hook():
        dossier_changed.send(Dossier, dossier=d, action="test", status=d.status, at=accepted_at)

    hook()
    finish_at = None
    if h["finish"]:
        kind, after, hour = h["finish"]
        finish_at = max(accepted_at, local(h["accept"] + after, hour))
    if h["pause"]:
        start, length = h["pause"]
        started = accepted_at + datetime.timedelta(days=start, hours=1)
        if finish_at is None or started <= finish_at:
            ended = None if length is None else started + datetime.timedelta(days=length)
            if finish_at is not None and (ended is None or ended > finish_at):
                ended = finish_at  # finishing ends an open pause
            pause = DossierPause.objects.create(
                dossier=d, agency=agency, reason="Bổ sung", started_at=started, requested_by=officer
            )
            d.status = Status.SUPPLEMENT
            d.save()
            hook()
            if ended is not None:
                pause.ended_at = ended
                pause.save()
                d.status = Status.PROCESSING
                d.save()
                hook()
    if h["fees"]:
        after, online = h["fees"]
        paid_at = accepted_at + datetime.timedelta(days=after)
        DossierEvent.objects.create(
            dossier=d, at=paid_at, actor=None if online else officer, action="take_fees", label="Nộp phí"
        )
        d.fees_paid = 100
        d.save()
        hook()
    if finish_at is not None:
        kind = h["finish"][0]
        d.status = kind
        if kind in ("result_ready", "returned"):
            d.result_ready_at = finish_at
            if kind == "returned":
                d.returned_at = d.closed_at = finish_at + datetime.timedelta(hours=1)
        else:
            d.closed_at = finish_at
        d.save()
        hook()
        if kind == "returned" and h["rating"]:
            score, after = h["rating"]
            DossierRating.objects.create(
                dossier=d,
                score=score,
                source="online",
                created_at=d.returned_at + datetime.timedelta(days=after),
            )
            hook()
    return d


def day_of(instant):
    return instant.astimezone(VN).date() if instant else None


def brute(period: Period, agency_ids) -> dict:
    """Every figure of `period` recounted from the dossiers, one by one, by the definitions."""
    start, end = period.start, min(period.end, datetime.date.today())
    before = min(start - datetime.timedelta(days=1), datetime.date.today())
    out = dict.fromkeys(stats.DossierFigures.counted(), 0)
    for d in Dossier.objects.filter(competent_agency_id__in=agency_ids, accepted_at__isnull=False):
        acc = day_of(d.accepted_at)
        fin_at = None
        if d.status in ("result_ready", "returned"):
            fin_at = d.result_ready_at
        elif d.status in ("withdrawn", "refused", "stopped"):
            fin_at = d.closed_at
        fin = day_of(fin_at)

        def open_at(day, acc=acc, fin=fin):
            return acc <= day and (fin is None or fin > day)

        if open_at(before):
            out["carried_over"] += 1
        is_new = start <= acc <= end
        if is_new:
            out["new_total"] += 1
            out[f"new_{d.channel}"] += 1
            papers = list(d.papers.values_list("file", flat=True))
            if papers and all(papers):
                out["digitised"] += 1
        if fin is not None and start <= fin <= end:
            out["finished_total"] += 1
            if d.status in ("result_ready", "returned"):
                cls = classify(fin_at, d.due_at).value
                out[f"resolved_{cls}"] += 1
                out["resolved_total"] += 1
                out["resolved_in_time"] += cls != "late"
            else:
                out[d.status] += 1
        if open_at(end):
            out["in_progress_total"] += 1
            overdue = day_of(d.due_at) <= end
            out["in_progress_overdue" if overdue else "in_progress_within"] += 1
            for p in d.pauses.all():
                if day_of(p.started_at) <= end and (p.ended_at is None or day_of(p.ended_at) > end):
                    out["waiting_supplement"] += 1
        if d.fees_due and d.fees_paid >= d.fees_due:
            takings = list(d.events.filter(action="take_fees"))
            paid = day_of(max(t.at for t in takings)) if takings else acc
            if start <= paid <= end:
                out["paid_total"] += 1
                out["paid_online"] += any(t.actor_id is None for t in takings)
        rating = DossierRating.objects.filter(dossier=d).first()
        if rating and start <= day_of(rating.created_at) <= end:
            out["ratings"] += 1
            out["satisfied"] += rating.score >= 3
    out["received_total"] = out["carried_over"] + out["new_total"]
    return out


def invariants(f: stats.DossierFigures):
    assert f.received_total == f.carried_over + f.new_online + f.new_direct + f.new_post
    assert f.resolved_total == f.resolved_early + f.resolved_on_time + f.resolved_late
    assert f.in_progress_total == f.in_progress_within + f.in_progress_overdue
    assert f.received_total == f.finished_total + f.in_progress_total
    assert 0 <= f.waiting_supplement <= f.in_progress_total
    assert min(f.in_progress_within, f.in_progress_overdue, f.carried_over) >= 0


@pytest.fixture
def tree(world):
    return Tree()


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    histories=st.lists(history, min_size=1, max_size=8),
    period=periods,
    scope=st.sampled_from(["new25", "old25", "d227", "x", "y", "a", None]),
    rollups=st.booleans(),
)
def test_every_figure_equals_a_recount(world, tree, histories, period, scope, rollups):
    # a fresh history for each example (deleting dossiers is no service: the summaries go with them)
    DossierRating.objects.all().delete()
    Dossier.objects.all().delete()
    for model in (Summary, AgencySummary, UnitSummary, DossierFact):
        model.objects.all().delete()
    if rollups:
        ledger.refresh_units()
    else:
        UnitMember.objects.all().delete()
    officer = world.sotp.officer
    for h in histories:
        write(world, tree, officer, h)
    start = FIRST + datetime.timedelta(days=period[0])
    p = Period(start, start + datetime.timedelta(days=period[1]))

    if scope is None:
        agency = tree.agencies[histories[0]["agency"]]
        kwargs, ids = {"agency": agency}, {agency.pk}
    else:
        u, names = tree.scopes[scope]
        kwargs, ids = {"unit": u}, {tree.agencies[n].pk for n in names}
        if not (u.valid_from <= p.end and (u.valid_to is None or u.valid_to >= p.start)):
            with pytest.raises(stats.ReportError):
                stats.dossier_report(p, **kwargs)
            return
    want = brute(p, ids)
    for by in ("procedure", "agency", "month") + (("unit",) if scope else ()):
        report = stats.dossier_report(p, by=by, **kwargs)
        total = report.total
        for name, n in want.items():
            assert getattr(total, name) == n, (by, name)
        invariants(total)
        for row in report.rows:
            invariants(row.figures)
        if by != "month":
            summed = stats.DossierFigures()
            for row in report.rows:
                summed = summed + row.figures
            assert summed == total
        else:  # carried over into each month is what the month before left in progress
            for before, after in zip(report.rows, report.rows[1:], strict=False):
                assert after.figures.carried_over == before.figures.in_progress_total
        if scope and p.start < NEW_FROM <= p.end:
            assert any("01/07/2025" in note for note in report.notes)
    assert stats.dossier_figures(p, **kwargs) == stats.dossier_report(p, **kwargs).total
    for name, n in want.items():
        assert stats.dossiers_behind(p, name, **kwargs).count() == n, name
    # the next period carries over what this one left in progress
    assert ledger.differences(ledger.expected()[0], ledger.stored()) == []
    following = Period(p.end + datetime.timedelta(days=1), p.end + datetime.timedelta(days=30))
    if (
        scope is None
        or tree.scopes[scope][0].is_valid_on(following.start)
        or tree.scopes[scope][0].valid_to is None
    ):
        assert stats.dossier_figures(following, **kwargs).carried_over == total.in_progress_total
