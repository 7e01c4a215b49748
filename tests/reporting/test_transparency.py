"""The public transparency page /bao-cao/cong-khai/: no login, the on-time and online rates per agency and
per commune for the month and the year so far, nothing about any person, cached briefly."""

# ruff: noqa: F811
import datetime

import pytest
from django.utils import timezone

from onestop.models import Dossier
from tests.onestop.conftest import accepted, walk_in, world  # noqa: F401 (fixture)
from tests.reporting.test_dashboard import province, text  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)


@pytest.fixture
def today_dossier(world, province, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    now = timezone.localtime()
    when = now.replace(hour=9, minute=0, second=0, microsecond=0)
    if when > now:
        when -= datetime.timedelta(days=1)
    return accepted(world, when=when, applicant=walk_in(name="Phạm Thị Bí Mật", phone="0987654321"))


def test_anyone_sees_the_rates_per_agency_without_personal_data(client, today_dossier, world):
    response = client.get("/bao-cao/cong-khai/")
    assert response.status_code == 200
    page = text(response)
    assert "Chỉ số phục vụ người dân, doanh nghiệp" in page
    assert world.sotp.agency.name in page or world.sotp.agency.short_name in page
    assert "Theo cơ quan" in page and "Theo xã, phường của Tỉnh Phú Thọ" in page
    assert "Xã Hy Cương" in page and "Xã Chu Hóa" in page  # named, under the table: no dossier yet
    assert "xã, phường chưa có hồ sơ trong kỳ" in page
    headers = response.content.decode().split("<thead>", 1)[1].split("</thead>", 1)[0]
    # the rate the rows are ranked by first, so a phone shows it without scrolling
    assert headers.index("Đúng hạn") < headers.index("Trực tuyến") < headers.index("Nhận giải quyết")
    for secret in ("Phạm Thị Bí Mật", "0987654321", today_dossier.code, today_dossier.applicant_personal_id):
        assert secret not in response.content.decode()
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_page_is_computed_once_for_a_while(client, today_dossier, django_assert_num_queries):
    client.get("/bao-cao/cong-khai/")
    with django_assert_num_queries(0):
        assert client.get("/bao-cao/cong-khai/").status_code == 200


def test_only_get_and_head(client, db):
    assert client.post("/bao-cao/cong-khai/").status_code in (403, 405)
    assert Dossier.objects.count() == 0
