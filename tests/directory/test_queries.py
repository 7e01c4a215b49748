import datetime

import pytest
from vietnam_provinces import ProvinceCode, Ward
from vietnam_provinces.legacy import District as LegacyDistrict
from vietnam_provinces.legacy import Ward as LegacyWard

from egov.directory import queries
from egov.directory.models import LEGACY_VALID_FROM, REORGANISATION_DATE, AdministrativeUnit, Level

BEFORE = datetime.date(2025, 6, 30)
AFTER = datetime.date(2025, 7, 1)

pytestmark = pytest.mark.usefixtures("units")


@pytest.fixture
def phu_tho():
    return AdministrativeUnit.objects.get(code="25", valid_from=REORGANISATION_DATE)


@pytest.fixture
def old_phu_tho():
    return AdministrativeUnit.objects.get(code="25", valid_from=LEGACY_VALID_FROM)


def package_old_phu_tho():
    districts = {int(d.code) for d in LegacyDistrict.iter_all() if int(d.province_code) == 25}
    wards = [w for w in LegacyWard.iter_all() if int(w.district_code) in districts]
    return districts, wards


def test_units_on_either_side_of_the_reorganisation():
    assert queries.units_on(BEFORE).filter(level=Level.PROVINCE).count() == 63
    assert queries.units_on(AFTER).filter(level=Level.PROVINCE).count() == 34
    assert not queries.units_on(AFTER).filter(level=Level.DISTRICT).exists()
    assert queries.units_on(BEFORE).filter(level=Level.DISTRICT).count() == 696


def test_descendants_of_phu_tho_include_districts_before_and_only_communes_after(phu_tho, old_phu_tho):
    districts, wards = package_old_phu_tho()
    for unit in (phu_tho, old_phu_tho):  # either row: the subtree follows the code path on the date
        before = queries.descendants(unit, BEFORE)
        assert before.filter(level=Level.DISTRICT).count() == len(districts)
        assert before.filter(level=Level.COMMUNE).count() == len(wards)
        after = queries.descendants(unit, AFTER)
        new_wards = [w for w in Ward.iter_all() if w.province_code == ProvinceCode(25)]
        assert after.count() == len(new_wards) == 148
        assert set(after.values_list("level", flat=True)) == {Level.COMMUNE}
    # Vĩnh Phúc's old communes are not in old Phú Thọ's subtree, but its territory is in the new one.
    assert not queries.descendants(old_phu_tho, BEFORE).filter(path__startswith="26/").exists()
    assert queries.descendants(phu_tho, AFTER).filter(name="Phường Vĩnh Yên").exists()


def test_descendants_come_in_tree_order_without_recursion(phu_tho, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        nodes = list(queries.descendants(phu_tho, BEFORE))
    seen = set()
    for node in nodes:
        if node.level == Level.COMMUNE:
            assert node.parent_id in seen  # a district comes before its communes
        seen.add(node.pk)


def test_children(phu_tho, old_phu_tho):
    districts, _wards = package_old_phu_tho()
    assert queries.children(old_phu_tho).count() == len(districts)  # default: a day it was in force
    assert queries.children(phu_tho).count() == 148
    assert queries.children(old_phu_tho, AFTER).count() == 148
    viet_tri_city = AdministrativeUnit.objects.get(code="227", valid_from=LEGACY_VALID_FROM)
    assert set(queries.children(viet_tri_city).values_list("level", flat=True)) == {Level.COMMUNE}
    assert not queries.children(viet_tri_city, AFTER).exists()


def test_ancestor(old_phu_tho, phu_tho):
    old_commune = AdministrativeUnit.objects.filter(path__startswith="25/227/").first()
    assert queries.ancestor(old_commune, Level.PROVINCE) == old_phu_tho
    assert queries.ancestor(old_commune, Level.DISTRICT).code == "227"
    assert queries.ancestor(old_commune, Level.COMMUNE) == old_commune
    new_commune = AdministrativeUnit.objects.get(name="Phường Việt Trì", valid_from=REORGANISATION_DATE)
    assert queries.ancestor(new_commune, Level.PROVINCE) == phu_tho
    assert queries.ancestor(new_commune, Level.DISTRICT) is None
    assert queries.ancestor(phu_tho, Level.DISTRICT) is None


def test_successors_and_predecessors_of_communes_and_districts():
    new = AdministrativeUnit.objects.get(name="Phường Việt Trì", valid_from=REORGANISATION_DATE)
    expected = {f"{int(s.code):05d}" for s in Ward.from_code(int(new.code)).get_legacy_sources()}
    assert {u.code for u in queries.predecessors(new)} == expected
    for old in queries.predecessors(new):
        assert new in queries.successors(old)
    # A district has no row of its own in the mapping: its successors are those of its communes.
    district = AdministrativeUnit.objects.get(code="227", valid_from=LEGACY_VALID_FROM)
    via_communes = set(
        AdministrativeUnit.objects.filter(successions_in__predecessor__parent=district).values_list(
            "pk", flat=True
        )
    )
    assert set(queries.successors(district).values_list("pk", flat=True)) == via_communes
    assert new.pk in via_communes


def test_unit_by_code():
    assert queries.unit_by_code("25", BEFORE).valid_from == LEGACY_VALID_FROM
    assert queries.unit_by_code("25", AFTER).valid_from == REORGANISATION_DATE
    assert queries.unit_by_code("26", AFTER) is None
