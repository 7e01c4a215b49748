"""The staff pages, the API and the admin of periodic reports: scoped to the user (another commune's
report, a citizen, a staff user who has not passed the second factor), bad input answered with the
reason, the regime's template checked in the admin."""

import datetime

import pytest
from django.contrib.auth.models import Group

from egov.accounts.roles import Role
from reporting.regimes import services
from reporting.regimes.models import ReportInstance, ReportRegime, Status
from tests.factories import UserFactory

from .conftest import PIN

pytestmark = pytest.mark.django_db
OCT = datetime.date(2026, 10, 15)


def rows_of(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


@pytest.fixture
def login(client, totp_device):
    def enter(user):
        client.logout()
        client.force_login(user)
        if user.requires_two_factor:
            code = totp_device(user)
            assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
        return client

    return enter


@pytest.fixture
def report(world):
    services.ensure_instances(world.regime, today=datetime.date(2026, 11, 20))
    return ReportInstance.objects.get(reporter=world.xa_a.agency, period_start=OCT)


def test_the_officer_fills_and_sends_for_signature_through_the_page(world, report, login):
    client = login(world.xa_a.officer)
    listing = client.get("/bao-cao-dinh-ky/")
    assert listing.status_code == 200 and f'id="report-{report.pk}"' in listing.content.decode()
    page = client.get(f"/bao-cao-dinh-ky/{report.pk}/")
    assert 'name="cell-A1"' in page.content.decode() and 'name="cell-A3"' not in page.content.decode()
    bad = client.post(f"/bao-cao-dinh-ky/{report.pk}/send_for_signature/", {"cell-A1": "-4", "cell-A2": "2"})
    assert bad.status_code == 400
    assert "Số liệu phải là số nguyên không âm" in bad.content.decode()
    assert ReportInstance.objects.get(pk=report.pk).status == Status.DRAFT
    ok = client.post(f"/bao-cao-dinh-ky/{report.pk}/send_for_signature/", {"cell-A1": "4", "cell-A2": "2"})
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.AWAITING_SIGNATURE and report.values == {
        "A1": 4,
        "A2": 2,
        "A3": 6,
        "A4": 33.33,
    }


def test_another_commune_a_citizen_and_a_leader_without_2fa_see_nothing(world, report, login, client):
    other = login(world.xa_b.officer)
    assert other.get(f"/bao-cao-dinh-ky/{report.pk}/").status_code == 404
    assert other.post(f"/bao-cao-dinh-ky/{report.pk}/save/", {"cell-A1": "1"}).status_code == 404
    assert other.get(f"/api/v1/bao-cao-dinh-ky/{report.pk}/").status_code == 404
    assert report.pk not in [row["id"] for row in rows_of(other.get("/api/v1/bao-cao-dinh-ky/"))]
    assert other.get(f"/bao-cao-dinh-ky/che-do/{world.regime.pk}/").status_code == 404
    citizen = UserFactory()
    citizen.groups.add(Group.objects.get_or_create(name=Role.CITIZEN.value)[0])
    client.logout()
    client.force_login(citizen)
    assert client.get("/bao-cao-dinh-ky/").status_code == 403
    assert client.get(f"/api/v1/bao-cao-dinh-ky/{report.pk}/").status_code == 403
    client.logout()
    client.force_login(world.xa_a.leader)  # password only: the leader's role needs the second factor
    page = client.get(f"/bao-cao-dinh-ky/{report.pk}/")
    assert page.status_code == 302 and "/tai-khoan/" in page["Location"]
    assert client.get(f"/api/v1/bao-cao-dinh-ky/{report.pk}/").status_code == 403
    assert client.post(f"/api/v1/bao-cao-dinh-ky/{report.pk}/ky-so/", {"pin": PIN}).status_code == 403
    assert ReportInstance.objects.get(pk=report.pk).status == Status.DRAFT


def test_the_leader_signs_on_the_page_and_the_province_sees_it_arrive(world, report, login):
    services.send_for_signature(world.xa_a.officer, report, {"A1": "4", "A2": "2"})
    leader = login(world.xa_a.leader)
    page = leader.get(f"/bao-cao-dinh-ky/{report.pk}/")
    assert 'id="action-sign"' in page.content.decode()
    wrong = leader.post(f"/bao-cao-dinh-ky/{report.pk}/sign/", {"pin": "111111"}, follow=True)
    assert "PIN" in wrong.content.decode()
    assert ReportInstance.objects.get(pk=report.pk).status == Status.AWAITING_SIGNATURE
    leader.post(f"/bao-cao-dinh-ky/{report.pk}/sign/", {"pin": PIN})
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    pdf = leader.get(f"/bao-cao-dinh-ky/{report.pk}/tep/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    reviewer = login(world.reviewer)
    overview = reviewer.get(f"/bao-cao-dinh-ky/che-do/{world.regime.pk}/?ky={OCT:%Y-%m-%d}").content.decode()
    assert f'id="reporter-{world.xa_a.agency.pk}" class="arrived"' in overview
    assert f'id="reporter-{world.xa_b.agency.pk}" class="missing"' in overview
    assert 'id="total-A3">6<' in overview
    assert reviewer.get(f"/bao-cao-dinh-ky/che-do/{world.regime.pk}/?ky=2026-13-45").status_code == 200
    assert reviewer.get(f"/bao-cao-dinh-ky/che-do/{world.regime.pk}/?ky=\x00").status_code == 400
    back = reviewer.post(f"/bao-cao-dinh-ky/{report.pk}/return/", {"reason": ""}, follow=True)
    assert "Ghi lý do trả lại" in back.content.decode()
    reviewer.post(f"/bao-cao-dinh-ky/{report.pk}/accept/")
    assert ReportInstance.objects.get(pk=report.pk).status == Status.ACCEPTED


def test_the_api_lists_details_and_submits(world, report, login):
    client = login(world.xa_a.officer)
    rows = rows_of(client.get("/api/v1/bao-cao-dinh-ky/"))
    assert {row["id"] for row in rows} == set(
        ReportInstance.objects.filter(reporter=world.xa_a.agency).values_list("pk", flat=True)
    )
    detail = client.get(f"/api/v1/bao-cao-dinh-ky/{report.pk}/").json()
    assert detail["allowed_actions"] == ["save", "send_for_signature"]
    assert [c["code"] for c in detail["cells"]] == ["A1", "A2", "A3", "A4"]
    url = f"/api/v1/bao-cao-dinh-ky/{report.pk}/gui/"
    refused = client.post(url, {"values": {"A1": "x"}}, content_type="application/json")
    assert refused.status_code == 400 and "A1" in refused.json()["detail"]
    assert client.post(url, "[1]", content_type="application/json").status_code == 400
    assert client.post(url, {"values": {"A1": "9" * 30}}, content_type="application/json").status_code == 400
    sent = client.post(url, {"values": {"A1": "1", "A2": "3"}}, content_type="application/json")
    assert sent.status_code == 200 and sent.json()["status"] == Status.AWAITING_SIGNATURE
    assert sent.json()["cells"][2]["value"] == 4
    again = client.post(url, {"values": {"A1": "1"}}, content_type="application/json")
    assert again.status_code == 409
    leader = login(world.xa_a.leader)
    signed = leader.post(
        f"/api/v1/bao-cao-dinh-ky/{report.pk}/ky-so/", {"pin": PIN}, content_type="application/json"
    )
    assert signed.status_code == 200 and signed.json()["has_signed_file"] is True


def test_the_schema_describes_the_api(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/bao-cao-dinh-ky/",
        "/api/v1/bao-cao-dinh-ky/{id}/gui/",
        "/api/v1/bao-cao-dinh-ky/{id}/ky-so/",
    ):
        assert path in schema


def test_the_admin_refuses_a_template_whose_formula_refers_to_nothing(world, login):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = login(admin)
    data = {
        "name": "Báo cáo thử",
        "content": "",
        "recipient": world.province.pk,
        "delivery": "electronic",
        "reporter_scope": "communes",
        "statistics_scope": "unit",
        "frequency": "quarter",
        "closing_rule": "nd09",
        "deadline_days": "3",
        "valid_from": "01/10/2026",
        "cells-TOTAL_FORMS": "2",
        "cells-INITIAL_FORMS": "0",
        "cells-0-order": "1",
        "cells-0-code": "A1",
        "cells-0-label": "Số vụ",
        "cells-0-unit": "vụ",
        "cells-0-source": "typed",
        "cells-1-order": "2",
        "cells-1-code": "A2",
        "cells-1-label": "Tổng",
        "cells-1-unit": "vụ",
        "cells-1-source": "formula",
        "cells-1-formula": "A1 + B7",
    }
    refused = client.post("/admin/report_regimes/reportregime/add/", data)
    assert refused.status_code == 200
    assert "công thức dùng chỉ tiêu không có trong mẫu: B7" in refused.content.decode()
    assert not ReportRegime.objects.filter(name="Báo cáo thử").exists()
    data["cells-1-formula"] = "A2 + A1"
    assert (
        "Công thức vòng tròn: A2 → A2"
        in client.post("/admin/report_regimes/reportregime/add/", data).content.decode()
    )
    data["cells-1-formula"] = "A1 * 2"
    assert client.post("/admin/report_regimes/reportregime/add/", data).status_code == 302
    regime = ReportRegime.objects.get(name="Báo cáo thử")
    response = client.post(
        "/admin/report_regimes/reportregime/", {"action": "create_instances", "_selected_action": [regime.pk]}
    )
    assert response.status_code == 302
    assert ReportInstance.objects.filter(regime=regime).count() == 2 * 1  # Q4 2026 has begun, 2 communes


def test_the_admin_shows_an_agency_admin_only_the_regimes_their_agency_receives(world, report, login):
    from tests.documents.factories import person

    commune_admin = person(world.xa_a.agency, Role.AGENCY_ADMIN, is_staff=True)
    client = login(commune_admin)
    listing = client.get("/admin/report_regimes/reportregime/")
    assert listing.status_code == 200 and world.regime.name not in listing.content.decode()
    assert client.get(f"/admin/report_regimes/reportregime/{world.regime.pk}/change/").status_code == 302
    # the commune's own reports are readable there, the other commune's are not
    instances = client.get("/admin/report_regimes/reportinstance/").content.decode()
    assert f"/admin/report_regimes/reportinstance/{report.pk}/change/" in instances
    other = ReportInstance.objects.filter(reporter=world.xa_b.agency).first()
    assert f"/admin/report_regimes/reportinstance/{other.pk}/change/" not in instances
    province_admin = person(world.province, Role.AGENCY_ADMIN, is_staff=True)
    client = login(province_admin)
    assert world.regime.name in client.get("/admin/report_regimes/reportregime/").content.decode()
