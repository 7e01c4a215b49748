import datetime

import pytest
from django.urls import reverse

from egov.accounts.roles import Role
from egov.directory import queries
from egov.directory.models import LEGACY_VALID_FROM, REORGANISATION_DATE, AdministrativeUnit

pytestmark = pytest.mark.usefixtures("units")


def url(unit, day=None):
    base = reverse("directory:unit-detail", args=[unit.pk])
    return f"{base}?ngay={day}" if day else base


@pytest.fixture
def phu_tho():
    return AdministrativeUnit.objects.get(code="25", valid_from=REORGANISATION_DATE)


def test_subtree_before_the_reorganisation_shows_districts_and_communes(staff_client, phu_tho):
    client = staff_client(Role.SPECIALIST)
    response = client.get(url(phu_tho, "2025-06-30"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tỉnh Phú Thọ" in html
    assert "Thành phố Việt Trì" in html  # a district
    assert "Huyện Lâm Thao" in html
    old_ward = AdministrativeUnit.objects.filter(path__startswith="25/227/").first()
    assert old_ward.name in html
    assert "Phường Vĩnh Yên" not in html  # a new commune, not shown on the old date
    # Links to the other era: old communes point at their successors.
    assert reverse("directory:unit-detail", args=[old_ward.successions_out.first().successor_id]) in html


def test_subtree_after_the_reorganisation_shows_only_communes(staff_client, phu_tho):
    client = staff_client(Role.CLERK)
    response = client.get(url(phu_tho, "2025-07-01"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phường Việt Trì" in html and "Phường Vĩnh Yên" in html
    assert "Thành phố Việt Trì" not in html and "Huyện Lâm Thao" not in html  # no districts
    # Era links: each new commune points back at the old communes it was formed from.
    new = AdministrativeUnit.objects.get(name="Phường Việt Trì", valid_from=REORGANISATION_DATE)
    for old in queries.predecessors(new):
        assert reverse("directory:unit-detail", args=[old.pk]) in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'value="01/07/2025"' in html
    # The province's predecessors (Hòa Bình, Phú Thọ, Vĩnh Phúc before 1 July 2025) are linked.
    vinh_phuc = AdministrativeUnit.objects.get(code="26", valid_from=LEGACY_VALID_FROM)
    assert reverse("directory:unit-detail", args=[vinh_phuc.pk]) in html


def test_the_current_province_on_an_old_date_names_every_province_it_was_formed_from(staff_client, phu_tho):
    client = staff_client(Role.SPECIALIST)
    html = client.get(url(phu_tho, "2025-06-30")).content.decode()
    assert 'id="other-era"' in html and "chưa có vào ngày 30/06/2025" in html
    for code in ("17", "25", "26"):  # Hòa Bình, Phú Thọ, Vĩnh Phúc, linked on the date shown
        old = AdministrativeUnit.objects.get(code=code, valid_from=LEGACY_VALID_FROM)
        assert url(old, "2025-06-30") in html
    # The same page on a date the unit is in force has no such note.
    assert 'id="other-era"' not in client.get(url(phu_tho, "2025-07-01")).content.decode()


def test_the_old_province_on_a_later_date_says_it_ceased_and_links_the_new_one(staff_client, phu_tho):
    client = staff_client(Role.SPECIALIST)
    old = AdministrativeUnit.objects.get(code="25", valid_from=LEGACY_VALID_FROM)
    html = client.get(url(old, "2025-07-01")).content.decode()
    assert "hết hiệu lực sau ngày 30/06/2025" in html
    assert url(phu_tho, "2025-07-01") in html
    assert "Phường Vĩnh Yên" in html  # the subtree shown is the merged province's


def test_an_old_unit_on_a_later_date_points_to_its_successors(staff_client):
    client = staff_client(Role.SPECIALIST)
    vinh_phuc = AdministrativeUnit.objects.get(code="26", valid_from=LEGACY_VALID_FROM)
    response = client.get(url(vinh_phuc, "2025-07-01"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "không có hiệu lực" in html
    assert "Tỉnh Phú Thọ" in html


@pytest.mark.parametrize("bad", ["31/02/2025", "hôm qua", "2025-13-01", "99999-01-01"])
def test_a_bad_date_is_explained(staff_client, phu_tho, bad):
    client = staff_client(Role.SPECIALIST)
    response = client.get(url(phu_tho, bad))
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()


def test_a_date_reads_as_people_write_it(staff_client):
    client = staff_client(Role.SPECIALIST)
    iso = client.get(reverse("directory:unit-list") + "?ngay=2025-06-30").context["day"]
    written = client.get(reverse("directory:unit-list") + "?ngay=30/06/2025")
    assert written.context["day"] == iso == datetime.date(2025, 6, 30)
    assert "không hợp lệ" not in written.content.decode()


def test_unit_list_by_date_and_search(staff_client):
    client = staff_client(Role.SPECIALIST)
    before = client.get(reverse("directory:unit-list") + "?ngay=2025-06-30").content.decode()
    after = client.get(reverse("directory:unit-list") + "?ngay=2025-07-01").content.decode()
    assert "Tỉnh Vĩnh Phúc" in before and "Tỉnh Vĩnh Phúc" not in after
    found = client.get(reverse("directory:unit-list") + "?ngay=2025-07-01&q=Việt Trì").content.decode()
    assert "Phường Việt Trì" in found


def test_pages_are_for_staff_only(client, make_user, phu_tho):
    response = client.get(url(phu_tho))
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    client.force_login(make_user(Role.CITIZEN))
    assert client.get(url(phu_tho)).status_code == 403


def test_staff_nav_links_the_unit_page(staff_client):
    client = staff_client(Role.SPECIALIST)
    html = client.get(reverse("staff-home")).content.decode()
    assert reverse("directory:unit-list") in html


def test_admin_change_page_links_the_subtree(staff_client, phu_tho):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    response = client.get(reverse("admin:directory_administrativeunit_change", args=[phu_tho.pk]))
    assert response.status_code == 200
    assert url(phu_tho) in response.content.decode()
    listing = client.get(
        reverse("admin:directory_administrativeunit_changelist") + "?q=Việt Trì&level=commune"
    )
    assert listing.status_code == 200 and "Phường Việt Trì" in listing.content.decode()


@pytest.mark.parametrize(
    "name",
    ["agency", "agencycode", "department", "position", "staffassignment", "unitsuccession"],
)
def test_admin_lists_open(staff_client, name):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    assert client.get(reverse(f"admin:directory_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:directory_{name}_add")).status_code == 200
