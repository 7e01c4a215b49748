import time
from collections import defaultdict

import pytest
from vietnam_provinces import Province, Ward
from vietnam_provinces.legacy import District as LegacyDistrict
from vietnam_provinces.legacy import Province as LegacyProvince
from vietnam_provinces.legacy import Ward as LegacyWard

from egov.directory import queries
from egov.directory.loading import load_units
from egov.directory.models import (
    LEGACY_VALID_FROM,
    LEGACY_VALID_TO,
    REORGANISATION_DATE,
    AdministrativeUnit,
    Level,
    UnitSuccession,
)

pytestmark = pytest.mark.usefixtures("units")


def era(valid_from):
    return AdministrativeUnit.objects.filter(valid_from=valid_from)


def test_counts_match_the_package_for_both_eras():
    legacy = {
        Level.PROVINCE: sum(1 for _ in LegacyProvince.iter_all()),
        Level.DISTRICT: sum(1 for _ in LegacyDistrict.iter_all()),
        Level.COMMUNE: sum(1 for _ in LegacyWard.iter_all()),
    }
    current = {
        Level.PROVINCE: sum(1 for _ in Province.iter_all()),
        Level.COMMUNE: sum(1 for _ in Ward.iter_all()),
    }
    for level, expected in legacy.items():
        assert era(LEGACY_VALID_FROM).filter(level=level, valid_to=LEGACY_VALID_TO).count() == expected
    for level, expected in current.items():
        assert era(REORGANISATION_DATE).filter(level=level, valid_to__isnull=True).count() == expected
    assert not era(REORGANISATION_DATE).filter(level=Level.DISTRICT).exists()
    # The published figures (regulations §8): 63 → 34 provinces, 696 districts, 3,321 communes now.
    assert (legacy[Level.PROVINCE], legacy[Level.DISTRICT]) == (63, 696)
    assert (current[Level.PROVINCE], current[Level.COMMUNE]) == (34, 3321)
    assert legacy[Level.COMMUNE] == 10_051  # vietnam-provinces 2026.9.0, as locked


def test_codes_paths_and_kinds_follow_the_official_forms():
    viet_tri = AdministrativeUnit.objects.get(code="07900", valid_from=REORGANISATION_DATE)
    assert viet_tri.level == Level.COMMUNE and viet_tri.path == "25/07900"
    assert viet_tri.kind == AdministrativeUnit.Kind.PHUONG and viet_tri.short_name == "Việt Trì"
    old_city = AdministrativeUnit.objects.get(code="227", valid_from=LEGACY_VALID_FROM)
    assert old_city.kind == AdministrativeUnit.Kind.THANH_PHO_THUOC_TINH and old_city.path == "25/227"
    old_ward = AdministrativeUnit.objects.filter(parent=old_city).first()
    assert old_ward.path == f"25/227/{old_ward.code}" and len(old_ward.code) == 5
    hanoi = AdministrativeUnit.objects.get(code="01", valid_from=REORGANISATION_DATE)
    assert hanoi.kind == AdministrativeUnit.Kind.THANH_PHO_TRUNG_UONG
    assert AdministrativeUnit.objects.filter(kind=AdministrativeUnit.Kind.DAC_KHU).count() == 13
    # The same code in both eras is two units: identity is (code, valid_from).
    assert AdministrativeUnit.objects.filter(code="25").count() == 2


def test_province_merger_maps_each_old_province_to_the_new_one():
    new = AdministrativeUnit.objects.get(code="25", valid_from=REORGANISATION_DATE)
    expected = {f"{int(p.code):02d}" for p in Province.from_code(25).get_legacy_sources()}
    assert expected == {"17", "25", "26"}  # Hòa Bình, Phú Thọ, Vĩnh Phúc
    assert {u.code for u in queries.predecessors(new)} == expected
    vinh_phuc = AdministrativeUnit.objects.get(code="26", valid_from=LEGACY_VALID_FROM)
    assert list(queries.successors(vinh_phuc)) == [new]


def test_a_split_commune_maps_to_all_its_successors():
    successors_by_old = defaultdict(set)
    for ward in Ward.iter_all():
        for source in ward.get_legacy_sources():
            successors_by_old[f"{int(source.code):05d}"].add(f"{int(ward.code):05d}")
    split = {old: new for old, new in successors_by_old.items() if len(new) > 1}
    assert split, "the package lists communes split between several new ones"
    for old_code in sorted(split)[:25]:
        old = AdministrativeUnit.objects.get(code=old_code, valid_from=LEGACY_VALID_FROM)
        assert {u.code for u in queries.successors(old)} == split[old_code]
    # Phường Điện Biên (Ba Đình, Hà Nội) went to four new wards.
    dien_bien = AdministrativeUnit.objects.get(code="00019", valid_from=LEGACY_VALID_FROM)
    assert queries.successors(dien_bien).count() == 4
    commune_pairs = UnitSuccession.objects.filter(predecessor__level=Level.COMMUNE)
    assert commune_pairs.count() == sum(len(v) for v in successors_by_old.values())


def test_second_run_changes_nothing_and_is_fast():
    before = (AdministrativeUnit.objects.count(), UnitSuccession.objects.count())
    started = time.monotonic()
    result = load_units()
    elapsed = time.monotonic() - started
    assert not result.changed
    assert (result.created, result.updated, result.successions_created) == (0, 0, 0)
    assert (AdministrativeUnit.objects.count(), UnitSuccession.objects.count()) == before
    assert elapsed < 30


def test_a_changed_unit_is_restored_and_a_wrong_mapping_removed():
    unit = AdministrativeUnit.objects.get(code="07900", valid_from=REORGANISATION_DATE)
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Sai tên")
    stray = AdministrativeUnit.objects.get(code="00001", valid_from=LEGACY_VALID_FROM)
    from egov.directory.models import SUCCESSION_LEGAL_BASIS

    UnitSuccession.objects.create(predecessor=stray, successor=unit, legal_basis=SUCCESSION_LEGAL_BASIS)
    result = load_units()
    assert (result.created, result.updated, result.successions_removed) == (0, 1, 1)
    unit.refresh_from_db()
    assert unit.name == "Phường Việt Trì"
    assert not UnitSuccession.objects.filter(predecessor=stray, successor=unit).exists()


def test_load_units_command(capsys):
    from django.core.management import call_command

    call_command("load_units")
    assert "0 created, 0 updated" in capsys.readouterr().out
