"""The leaders' dashboard and the §2.7 table under /bao-cao/: who may open them, bad periods answered in
Vietnamese, the figures as reporting.stats gives them, and the drill-down to the dossiers behind a number,
cut to what the user may open."""

# ruff: noqa: F811  (the imported fixtures are taken as arguments)
import datetime
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from egov.directory.models import AdministrativeUnit, Level
from reporting import stats
from reporting.periods import Frequency, Period
from tests.onestop.conftest import MONDAY, Desk, accepted, at, world  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)

MARCH = {"ky": "thang", "nam": "2026", "so": "3"}
MARCH_PERIOD = Period.calendar(Frequency.MONTH, 2026, 3)


class Figures:
    """The Sở's desk with two dossiers in March 2026 (one overdue at the month's end, one within its
    time) and a commune with one of its own."""

    def __init__(self, world):
        self.world = world
        self.late = accepted(world, when=MONDAY)
        self.within = accepted(world, when=at(30))
        self.commune = accepted(
            world, desk=world.xa_a, version=world.commune_version, commune=world.xa_a.agency, when=at(3)
        )


@pytest.fixture
def figures(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Figures(world)


class Province:
    """The world's agencies placed in a province and its two communes (units of the two-tier era), with
    the province's People's Committee as a desk of its own that resolves a procedure of its own."""

    def __init__(self, world, make_procedure):
        reform = datetime.date(2025, 7, 1)
        Unit = AdministrativeUnit
        self.unit = Unit.objects.create(
            code="25", name="Tỉnh Phú Thọ", kind=Unit.Kind.TINH, level=Level.PROVINCE, valid_from=reform
        )
        self.hy_cuong, self.chu_hoa = (
            Unit.objects.create(
                code=code,
                name=name,
                kind=Unit.Kind.XA,
                level=Level.COMMUNE,
                parent=self.unit,
                valid_from=reform,
            )
            for code, name in (("07900", "Xã Hy Cương"), ("07903", "Xã Chu Hóa"))
        )
        for agency, unit in (
            (world.sotp.agency, self.unit),
            (world.xa_a.agency, self.hy_cuong),
            (world.xa_b.agency, self.chu_hoa),
        ):
            agency.unit = unit
            agency.save(update_fields=["unit"])
        self.ubnd = Desk("Ủy ban nhân dân tỉnh Phú Thọ", "H25", level=Level.PROVINCE, short="UBND")
        self.ubnd.agency.unit = self.unit
        self.ubnd.agency.save(update_fields=["unit"])
        self.procedure = make_procedure(
            code="1.004946",
            name="Thủ tục công nhận báo cáo viên pháp luật tỉnh",
            level="province",
            days=5,
            agency=self.ubnd.agency,
        )
        self.version = self.procedure.versions.get()


@pytest.fixture
def province(world, make_procedure):
    return Province(world, make_procedure)


def login(client, user, totp_device):
    client.force_login(user)
    if user.requires_two_factor:
        response = client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": totp_device(user)()})
        assert response.status_code == 302, response.content
    return client


def grant(user):
    """The statistics role (the "Thống kê" group of reporting.roles) for a user who is not a leader."""
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="reporting", codename="view_statistics")
    )
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def links(response, pattern) -> list[str]:
    return [
        unescape(h) for h in re.findall(r'href="([^"]*)"', response.content.decode()) if re.search(pattern, h)
    ]


# --- who may open the pages -----------------------------------------------------------------------------
PAGES = ["/bao-cao/", "/bao-cao/bang-thong-ke/", "/bao-cao/ho-so/?hinh=new_direct&loc=x"]


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_a_citizen_is_refused(client, world, url):
    client.force_login(world.citizen)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_a_staff_member_without_the_reporting_permission_is_refused(client, world, url):
    client.force_login(world.sotp.specialist)
    response = client.get(url)
    assert response.status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_a_leader_who_has_not_passed_the_second_factor_is_sent_to_it(client, world, url):
    client.force_login(world.sotp.leader)
    response = client.get(url)
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    assert "xac-thuc" in response["Location"] or "otp" in response["Location"]


def test_another_agencys_leader_cannot_open_the_sos_figures(client, figures, totp_device):
    world = figures.world
    login(client, world.xa_a.leader, totp_device)
    for url in ("/bao-cao/", "/bao-cao/bang-thong-ke/"):
        response = client.get(url, {**MARCH, "co_quan": world.sotp.agency.pk})
        assert response.status_code == 403, url


# --- bad input --------------------------------------------------------------------------------------------
BAD = [
    ({"ky": "khoang", "nam": "2026", "tu": "31/03/2026", "den": "01/03/2026"}, "Ngày kết thúc kỳ báo cáo"),
    ({"ky": "khoang", "nam": "2026", "tu": "01/03/2026"}, "cả ngày bắt đầu và ngày kết thúc"),
    ({"ky": "khoang", "nam": "2026", "tu": "31/02/2026", "den": "01/03/2026"}, "Ngày không hợp lệ"),
    ({"ky": "khoang", "nam": "2026", "tu": "01/01/2001", "den": "31/12/2026"}, "dài quá 10 năm"),
    ({"ky": "thang", "nam": "2026", "so": "3", "tu": "01/03/2026"}, "hãy chọn loại kỳ “Từ ngày"),
    ({"ky": "thang", "nam": "2026", "so": "13"}, "nhỏ hơn hoặc bằng 12"),
    ({"ky": "quy", "nam": "2026", "so": "5"}, "không có trong năm"),
    ({"ky": "thang", "nam": "99999999999999999999"}, "nhỏ hơn hoặc bằng 2100"),
    ({"ky": "thang", "nam": "hai nghìn"}, "Hãy nhập một số"),
    ({"ky": "quy", "so": "2"}, "Hãy chọn năm của kỳ báo cáo"),
    ({"ky": "tuan", "nam": "2026"}, "không có trong danh sách"),
    ({"ky": "thang", "nam": "2026", "so": "3", "don_vi": "999999999"}, "Không có đơn vị hành chính này"),
    ({"ky": "thang", "nam": "2026", "so": "3", "co_quan": "-4"}, "không hợp lệ"),
    ({"ky": "thang", "nam": "2026", "so": "3", "theo": "nguoi"}, "không có trong danh sách"),
    # a period not begun yet (the work statistics page refuses it alike)
    ({"ky": "nam", "nam": str(timezone.localdate().year + 1)}, "chưa có số liệu"),
]


@pytest.mark.parametrize(("query", "message"), BAD)
@pytest.mark.parametrize("url", ["/bao-cao/", "/bao-cao/bang-thong-ke/"])
def test_a_bad_period_or_scope_is_answered_in_vietnamese(client, world, totp_device, url, query, message):
    login(client, world.sotp.leader, totp_device)
    response = client.get(url, query)
    assert response.status_code == 400
    assert message in text(response)
    assert 'id="period-form"' in response.content.decode()  # the picker is there to try again


def test_two_days_need_no_year(client, world, totp_device):
    login(client, world.sotp.leader, totp_device)
    response = client.get(
        "/bao-cao/bang-thong-ke/", {"ky": "khoang", "tu": "01/03/2026", "den": "31/03/2026"}
    )
    assert response.status_code == 200
    assert "01/03/2026" in text(response)


def test_a_nul_in_the_address_is_refused_not_a_500(client, world, totp_device):
    login(client, world.sotp.leader, totp_device)
    response = client.get("/bao-cao/", {"ky": "thang\x00", "nam": "2026"})
    assert response.status_code == 400


# --- the figures -----------------------------------------------------------------------------------------
def test_the_dashboard_shows_the_agencys_figures_as_stats_gives_them(client, figures, totp_device):
    world = figures.world
    login(client, world.sotp.leader, totp_device)
    response = client.get("/bao-cao/", MARCH)
    assert response.status_code == 200
    unit, agency = stats.scope_for(world.sotp.leader)
    expected = stats.dossier_figures(MARCH_PERIOD, unit=unit, agency=agency)
    assert expected.new_total == 2 and expected.in_progress_overdue == 1
    page = text(response)
    assert "Từ 01/03/2026 đến 31/03/2026" in page
    assert f"{expected.carried_over} kỳ trước, {expected.new_total} mới" in page
    # the chart's data is in a json_script tag, the chart code in a static file (CSP: no inline script)
    body = response.content.decode()
    assert 'id="dashboard-data" type="application/json"' in body
    assert "vendor/chartjs/chart.umd.min.js" in body and "reporting/dashboard.js" in body
    assert "<script>" not in body
    # the late dossiers by procedure
    assert world.province_procedure.name in page


def test_the_month_with_no_dossier_shows_no_rate_rather_than_zero(client, figures, totp_device):
    login(client, figures.world.sotp.leader, totp_device)
    response = client.get("/bao-cao/", {"ky": "thang", "nam": "2025", "so": "1"})
    assert response.status_code == 200
    assert "Chưa có số liệu" in response.content.decode()


def test_the_table_has_the_rows_and_total_of_dossier_report(client, figures, totp_device):
    world = figures.world
    login(client, world.sotp.leader, totp_device)
    response = client.get("/bao-cao/bang-thong-ke/", {**MARCH, "theo": "thu-tuc"})
    assert response.status_code == 200
    unit, agency = stats.scope_for(world.sotp.leader)
    report = stats.dossier_report(MARCH_PERIOD, unit=unit, agency=agency, by="procedure")
    body = response.content.decode()
    for row in report.rows:
        assert f'data-key="{row.key}"' in body
    assert "Số hồ sơ nhận giải quyết" in body and "Kết quả giải quyết" in body
    total = re.search(r'<tr class="total" id="total-row">(.*?)</tr>', body, re.S).group(1)
    numbers = re.findall(r">(\d+)<", total)
    assert numbers[0] == str(report.total.received_total)


@pytest.mark.parametrize("by", ["thu-tuc", "linh-vuc", "co-quan", "thang"])
def test_every_grouping_of_the_table_opens(client, figures, totp_device, by):
    login(client, figures.world.sotp.leader, totp_device)
    response = client.get("/bao-cao/bang-thong-ke/", {**MARCH, "theo": by})
    assert response.status_code == 200
    assert "theo=don-vi" not in response.content.decode()  # an agency has no units under it


def test_an_agency_cannot_be_grouped_by_unit(client, figures, totp_device):
    login(client, figures.world.sotp.leader, totp_device)
    response = client.get("/bao-cao/bang-thong-ke/", {**MARCH, "theo": "don-vi"})
    assert response.status_code == 400 and "cần chọn một đơn vị" in text(response)


# --- the drill-down ------------------------------------------------------------------------------------
def test_from_the_table_to_the_overdue_dossier_and_its_page(client, figures, totp_device):
    world = figures.world
    login(client, world.sotp.leader, totp_device)
    table = client.get("/bao-cao/bang-thong-ke/", {**MARCH, "theo": "thu-tuc"})
    overdue = [h for h in links(table, r"hinh=in_progress_overdue")]
    assert overdue, "the overdue figure links to its dossiers"
    listing = client.get(overdue[0])
    assert listing.status_code == 200
    assert figures.late.code in text(listing)
    assert figures.within.code not in text(listing)
    assert f"/ho-so/can-bo/{figures.late.pk}/" in listing.content.decode()
    assert client.get(f"/ho-so/can-bo/{figures.late.pk}/").status_code == 200


def test_the_dossiers_behind_are_cut_to_what_the_user_may_open(client, figures, totp_device):
    """A statistics officer of the Sở who is not on any of its dossiers sees the count, not the dossiers."""
    world = figures.world
    officer = grant(world.sotp.specialist)
    login(client, officer, totp_device)
    if not stats.can_view(officer, **dict(zip(("unit", "agency"), stats.scope_for(officer), strict=True))):
        pytest.fail("the statistics permission with a post in the Sở lets them read the Sở's figures")
    table = client.get("/bao-cao/bang-thong-ke/", {**MARCH, "theo": "thu-tuc"})
    listing = client.get(links(table, r"hinh=new_direct")[0])
    assert listing.status_code == 200
    assert figures.late.code not in text(listing)
    assert "không thuộc phạm vi bạn được mở" in text(listing)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"hinh": "on_time_rate", "loc": "x"}, "Không có chỉ tiêu thống kê này"),
        ({"hinh": "__class__", "loc": "x"}, "Không có chỉ tiêu thống kê này"),
        ({"hinh": "new_direct", "loc": "forged"}, "Liên kết chi tiết không hợp lệ"),
        ({"hinh": "new_direct"}, "Liên kết chi tiết không hợp lệ"),
    ],
)
def test_a_forged_drill_down_is_refused(client, figures, totp_device, query, message):
    login(client, figures.world.sotp.leader, totp_device)
    response = client.get("/bao-cao/ho-so/", {**MARCH, **query})
    assert response.status_code == 400
    assert message in text(response)


def test_a_drill_down_link_cannot_be_reused_for_another_agency(client, figures, totp_device):
    world = figures.world
    login(client, world.sotp.leader, totp_device)
    table = client.get("/bao-cao/bang-thong-ke/", {**MARCH, "theo": "thu-tuc"})
    link = links(table, r"hinh=new_direct")[0]
    client.logout()
    login(client, world.xa_a.leader, totp_device)
    response = client.get(f"{link}&co_quan={world.sotp.agency.pk}")
    assert response.status_code == 403


def test_the_staff_menu_has_the_statistics_entry_for_a_leader(client, world, totp_device):
    login(client, world.sotp.leader, totp_device)
    assert 'href="/bao-cao/"' in client.get("/can-bo/").content.decode()
    client.logout()
    client.force_login(world.sotp.specialist)
    assert 'href="/bao-cao/"' not in client.get("/can-bo/").content.decode()


def test_twelve_months_of_trend_end_with_the_periods_month():
    from reporting.views import _twelve_months

    trend = _twelve_months(Period(datetime.date(2026, 2, 10), datetime.date(2026, 3, 14)))
    assert trend == Period(datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))


# --- the province, its agencies and its communes ---------------------------------------------------------
@pytest.fixture
def provincial(figures, province):
    """Figures' dossiers, the agencies placed in the province, and an overdue dossier of the province's
    People's Committee itself."""
    figures.own = accepted(figures.world, desk=province.ubnd, version=province.version, when=at(4))
    figures.province = province
    return figures


def test_the_province_leader_drills_from_the_province_to_a_commune(client, provincial, totp_device):
    province = provincial.province
    login(client, province.ubnd.leader, totp_device)
    assert stats.scope_for(province.ubnd.leader) == (province.unit, None)
    response = client.get("/bao-cao/", MARCH)
    assert response.status_code == 200
    page = text(response)
    assert "Xếp hạng cơ quan" in page and "Xếp hạng xã, phường" in page
    for agency in (provincial.world.sotp.agency, provincial.world.xa_a.agency, province.ubnd.agency):
        assert agency.name in page
    commune = [h for h in links(response, rf"don_vi={province.hy_cuong.pk}\b")]
    assert commune, "the commune's row opens the commune's dashboard"
    at_commune = client.get(f"/bao-cao/{commune[0]}")
    assert at_commune.status_code == 200
    assert "Xã Hy Cương" in text(at_commune)
    expected = stats.dossier_figures(MARCH_PERIOD, unit=province.hy_cuong)
    assert f"{expected.carried_over} kỳ trước, {expected.new_total} mới" in text(at_commune)
    by_unit = client.get("/bao-cao/bang-thong-ke/", {**MARCH, "theo": "don-vi"})
    assert by_unit.status_code == 200 and 'data-key="07900"' in by_unit.content.decode()


def test_the_province_leader_opens_the_overdue_dossier_of_their_own_committee(
    client, provincial, totp_device
):
    province = provincial.province
    login(client, province.ubnd.leader, totp_device)
    dashboard = client.get("/bao-cao/", MARCH)
    agency = links(dashboard, rf"co_quan={province.ubnd.agency.pk}\b")[0]
    at_agency = client.get(f"/bao-cao/{agency}")
    table = client.get(links(at_agency, r"bang-thong-ke")[0])
    assert table.status_code == 200 and province.procedure.code in text(table)
    listing = client.get(links(table, r"hinh=in_progress_overdue")[0])
    assert provincial.own.code in text(listing)
    assert client.get(f"/ho-so/can-bo/{provincial.own.pk}/").status_code == 200
    # the Sở's overdue dossier is counted for the province but is not theirs to open
    whole = client.get(links(dashboard, r"hinh=in_progress_overdue")[0])
    assert provincial.own.code in text(whole) and provincial.late.code not in text(whole)
    assert "không thuộc phạm vi bạn được mở" in text(whole)


def test_a_commune_leader_cannot_open_the_province(client, provincial, totp_device):
    province = provincial.province
    login(client, provincial.world.xa_a.leader, totp_device)
    assert client.get("/bao-cao/", {**MARCH, "don_vi": province.unit.pk}).status_code == 403
    assert client.get("/bao-cao/", {**MARCH, "don_vi": province.chu_hoa.pk}).status_code == 403
