"""The public board: per receiving desk, today's and this month's received, returned and on-time rate, days
counted in Asia/Ho_Chi_Minh, against a small set of dossiers built through the services; two queries a
minute whatever the traffic, no personal data, the agency filter checked."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from egov.directory.models import Agency
from onestop import services
from onestop.lookup import queries
from onestop.models import ReturnMethod
from tests.onestop.conftest import VN, accepted, at, pay_fees
from tests.onestop.signers import result_ready, signers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_pki")]
NOW = at(20, 15)  # Friday 20/03/2026, 15:00


def _returned(world, desk, received, returned, **where):
    """Accepted at `received`, processed the next hours, its result returned at `returned` (the desk
    given its signers first)."""
    dossier = accepted(world, when=received, desk=desk, **where)
    hour = datetime.timedelta(hours=1)
    dossier = services.hand_over(desk.officer, dossier, desk.department, at=received + hour)
    dossier = services.assign(desk.head, dossier, desk.specialist, at=received + 2 * hour)
    dossier = services.record_appraisal(desk.specialist, dossier, "Đủ điều kiện", at=received + 3 * hour)
    dossier = services.approve(desk.leader, dossier, at=received + 4 * hour)
    dossier = result_ready(desk, dossier, at=received + 5 * hour, result_name="Kết quả")
    dossier = pay_fees(desk, dossier, at=returned)
    return services.return_result(
        desk.officer, dossier, ReturnMethod.COUNTER, received_by_name="Lê Hùng", at=returned
    )


@pytest.fixture
def month(world):
    commune = {"version": world.commune_version}
    sotp, xa_a, xa_b = signers(world.sotp), signers(world.xa_a), world.xa_b
    _returned(world, sotp, at(2, 9), at(6, 9))  # due 09/03: on time
    accepted(world, when=at(20, 8), desk=sotp)  # today, open
    _returned(world, sotp, at(16, 8), at(20, 9))  # returned today, due 23/03: on time
    _returned(world, xa_a, at(2, 8), at(20, 10), commune=xa_a.agency, **commune)  # due 09/03: late
    accepted(
        world, when=datetime.datetime(2026, 2, 27, 9, tzinfo=VN), desk=xa_a, commune=xa_a.agency, **commune
    )
    # the day is Vietnam's: 23:30 on the 19th is yesterday, 00:30 on the 20th is today (17:30 UTC the 19th)
    accepted(world, when=at(19, 23, 30), desk=xa_b, commune=xa_b.agency, **commune)
    accepted(world, when=at(20, 0, 30), desk=xa_b, commune=xa_b.agency, **commune)
    return world


def figures(received, returned, on_time, rate):
    return {"received": received, "returned": returned, "on_time": on_time, "on_time_rate": rate}


def test_the_figures_per_desk_and_in_total(month, django_assert_num_queries):
    with django_assert_num_queries(2):  # the grouped figures and the agencies' names
        board = queries.board(now=NOW)
    rows = {row["name"]: (row["today"], row["month"]) for row in board["agencies"]}
    assert rows == {
        "Sở Tư pháp tỉnh Phú Thọ": (figures(1, 1, 1, 100.0), figures(3, 2, 2, 100.0)),
        "Ủy ban nhân dân xã Hy Cương": (figures(0, 1, 0, 0.0), figures(1, 1, 0, 0.0)),
        "Ủy ban nhân dân xã Chu Hóa": (figures(1, 0, 0, None), figures(2, 0, 0, None)),
    }
    assert board["total"] == {"today": figures(2, 2, 1, 50.0), "month": figures(6, 3, 2, 66.7)}
    assert board["day"] == datetime.date(2026, 3, 20)
    with django_assert_num_queries(0):  # a minute in the cache
        assert queries.board(now=NOW + datetime.timedelta(seconds=30)) == board


def test_the_first_of_the_month_starts_afresh(month):
    board = queries.board(now=datetime.datetime(2026, 4, 1, 0, 5, tzinfo=VN))
    assert board["agencies"] == [] and board["total"]["month"] == figures(0, 0, 0, None)


def test_an_agency_without_dossiers_shows_zeros_and_an_unknown_one_is_none(month):
    board = queries.board(now=NOW)
    other = Agency.objects.create(name="UBND xã Khác", short_name="UBND", code="H25.50.09")
    assert queries.agency_figures(board, month.sotp.agency.pk)["month"]["received"] == 3
    assert queries.agency_figures(board, other.pk) is None  # not yet in the minute's names
    cache.clear()
    board = queries.board(now=NOW)
    assert queries.agency_figures(board, other.pk)["today"] == figures(0, 0, 0, None)
    assert queries.agency_figures(board, 10**12) is None


def test_the_page_lists_the_desks_and_filters_one_without_personal_data(world):
    dossier = accepted(world, when=None)  # now, so that the page's own day counts it
    client = Client(raise_request_exception=False)
    response = client.get("/bang-theo-doi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sở Tư pháp tỉnh Phú Thọ" in html and "Tổng cộng" in html
    assert "max-age=60" in response["Cache-Control"]
    for hidden in ["Lê Văn Hùng", "025085001234", "0912345678", dossier.code, world.sotp.officer.full_name]:
        assert hidden not in html
    one = client.get("/bang-theo-doi/", {"co-quan": world.sotp.agency.pk})
    assert one.status_code == 200 and "Xem tất cả cơ quan" in one.content.decode()
    zero = client.get("/bang-theo-doi/", {"co-quan": world.xa_b.agency.pk})
    assert zero.status_code == 200 and "Ủy ban nhân dân xã Chu Hóa" in zero.content.decode()
    for bad, status in [("abc", 400), ("-1", 400), ("1" * 40, 400), ("١٢", 400), (str(10**15), 404)]:
        refused = client.get("/bang-theo-doi/", {"co-quan": bad})
        assert refused.status_code == status, bad
        assert "cơ quan" in refused.content.decode().lower()
