"""Load the administrative units of both eras and the old → new mapping from the vietnam-provinces package.

* Pre-2025 (``vietnam_provinces.legacy``): 63 provinces, 696 districts, ~10,051 communes, valid from
  LEGACY_VALID_FROM (a conventional start, see models.py) to 30/06/2025.
* Current (``vietnam_provinces``): 34 provinces and 3,321 communes directly under them, valid from 01/07/2025.
* Successions: each current province ← its pre-2025 provinces (``Province.get_legacy_sources()``) and each
  current commune ← its pre-2025 communes (``Ward.get_legacy_sources()``). An old commune split between
  several new ones appears under each of them, so it gets one row per successor.

The load compares what the package says with what is stored and only inserts or updates the difference,
in bulk, level by level (parents first, so children can point at them). A second run writes nothing.
Stored units that the package no longer lists are reported and left alone: documents may point at them.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from .models import (
    CURRENT_LEGAL_BASIS,
    LEGACY_LEGAL_BASIS,
    LEGACY_VALID_FROM,
    LEGACY_VALID_TO,
    REORGANISATION_DATE,
    SUCCESSION_LEGAL_BASIS,
    AdministrativeUnit,
    Level,
    UnitSuccession,
)

Kind = AdministrativeUnit.Kind
UNIT_FIELDS = (
    "name",
    "short_name",
    "codename",
    "kind",
    "level",
    "parent_id",
    "path",
    "valid_to",
    "legal_basis",
)

# The package's division types → our kinds. "thành phố" at district level depends on its province's kind.
KIND_BY_DIVISION = {
    "tỉnh": Kind.TINH,
    "thành phố trung ương": Kind.THANH_PHO_TRUNG_UONG,
    "quận": Kind.QUAN,
    "huyện": Kind.HUYEN,
    "thị xã": Kind.THI_XA,
    "phường": Kind.PHUONG,
    "xã": Kind.XA,
    "thị trấn": Kind.THI_TRAN,
    "đặc khu": Kind.DAC_KHU,
}
NAME_PREFIXES = ("Thành phố", "Tỉnh", "Quận", "Huyện", "Thị xã", "Thị trấn", "Phường", "Xã", "Đặc khu")


def short_name(name: str) -> str:
    for prefix in NAME_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def province_code(value) -> str:
    return f"{int(value):02d}"


def district_code(value) -> str:
    return f"{int(value):03d}"


def commune_code(value) -> str:
    return f"{int(value):05d}"


@dataclass
class UnitRow:
    code: str
    name: str
    kind: str
    level: str
    codename: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    legal_basis: str
    parent_key: tuple[str, datetime.date] | None = None

    @property
    def key(self):
        return (self.code, self.valid_from)


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    successions_created: int = 0
    successions_removed: int = 0
    counts: dict = field(default_factory=dict)
    unknown_sources: list = field(default_factory=list)
    stale: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.successions_created or self.successions_removed)


def package_units() -> list[list[UnitRow]]:
    """The rows the package describes, grouped in loading order: each group's parents are in earlier ones."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    old = {"valid_from": LEGACY_VALID_FROM, "valid_to": LEGACY_VALID_TO, "legal_basis": LEGACY_LEGAL_BASIS}
    new = {"valid_from": REORGANISATION_DATE, "valid_to": None, "legal_basis": CURRENT_LEGAL_BASIS}

    provinces = []
    province_kind = {}
    for p in LegacyProvince.iter_all():
        kind = KIND_BY_DIVISION[p.division_type.value]
        province_kind[province_code(p.code)] = kind
        provinces.append(UnitRow(province_code(p.code), p.name, kind, Level.PROVINCE, p.codename, **old))
    for p in Province.iter_all():
        kind = KIND_BY_DIVISION[p.division_type.value]
        provinces.append(UnitRow(province_code(p.code), p.name, kind, Level.PROVINCE, p.codename, **new))

    districts = []
    for d in LegacyDistrict.iter_all():
        parent = province_code(d.province_code)
        division = d.division_type.value
        if division == "thành phố":
            kind = (
                Kind.THANH_PHO_THUOC_TP
                if province_kind[parent] == Kind.THANH_PHO_TRUNG_UONG
                else Kind.THANH_PHO_THUOC_TINH
            )
        else:
            kind = KIND_BY_DIVISION[division]
        row = UnitRow(district_code(d.code), d.name, kind, Level.DISTRICT, d.codename, **old)
        row.parent_key = (parent, LEGACY_VALID_FROM)
        districts.append(row)

    def commune(w, parent_key, validity) -> UnitRow:
        kind = KIND_BY_DIVISION[w.division_type.value]
        row = UnitRow(commune_code(w.code), w.name, kind, Level.COMMUNE, w.codename, **validity)
        row.parent_key = parent_key
        return row

    communes = [
        commune(w, (district_code(w.district_code), LEGACY_VALID_FROM), old) for w in LegacyWard.iter_all()
    ]
    communes += [
        commune(w, (province_code(w.province_code), REORGANISATION_DATE), new) for w in Ward.iter_all()
    ]
    return [provinces, districts, communes]


def package_successions() -> list[tuple[tuple, tuple]]:
    """(predecessor key, successor key) pairs, keys being (code, valid_from)."""
    from vietnam_provinces import Province, Ward

    pairs = []
    for p in Province.iter_all():
        for source in p.get_legacy_sources():
            pairs.append(
                (
                    (province_code(source.code), LEGACY_VALID_FROM),
                    (province_code(p.code), REORGANISATION_DATE),
                )
            )
    for w in Ward.iter_all():
        for source in w.get_legacy_sources():
            pairs.append(
                ((commune_code(source.code), LEGACY_VALID_FROM), (commune_code(w.code), REORGANISATION_DATE))
            )
    return pairs


@transaction.atomic
def load_units() -> LoadResult:
    result = LoadResult()
    stored = {
        (u["code"], u["valid_from"]): u
        for u in AdministrativeUnit.objects.values("id", "code", "valid_from", *UNIT_FIELDS)
    }
    wanted_keys = set()
    for group in package_units():
        to_create, to_update = [], []
        for row in group:
            wanted_keys.add(row.key)
            result.counts[row.level] = result.counts.get(row.level, 0) + 1
            parent = stored[row.parent_key] if row.parent_key else None
            values = {
                "name": row.name,
                "short_name": short_name(row.name),
                "codename": row.codename,
                "kind": row.kind,
                "level": row.level,
                "parent_id": parent["id"] if parent else None,
                "path": f"{parent['path']}/{row.code}" if parent else row.code,
                "valid_to": row.valid_to,
                "legal_basis": row.legal_basis,
            }
            existing = stored.get(row.key)
            if existing is None:
                to_create.append(AdministrativeUnit(code=row.code, valid_from=row.valid_from, **values))
            elif any(existing[name] != value for name, value in values.items()):
                to_update.append(
                    AdministrativeUnit(id=existing["id"], code=row.code, valid_from=row.valid_from, **values)
                )
        if to_create:
            AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
            result.created += len(to_create)
        if to_update:
            AdministrativeUnit.objects.bulk_update(to_update, UNIT_FIELDS, batch_size=1000)
            result.updated += len(to_update)
        if to_create or to_update:
            level = group[0].level
            for u in AdministrativeUnit.objects.filter(level=level).values(
                "id", "code", "valid_from", *UNIT_FIELDS
            ):
                stored[(u["code"], u["valid_from"])] = u
    result.stale = len(set(stored) - wanted_keys)

    ids = {key: unit["id"] for key, unit in stored.items()}
    wanted_pairs = set()
    for old_key, new_key in package_successions():
        if old_key not in ids or new_key not in ids:
            result.unknown_sources.append((old_key, new_key))
            continue
        wanted_pairs.add((ids[old_key], ids[new_key]))
    existing_pairs = {
        (pred, succ): (pk, basis)
        for pk, pred, succ, basis in UnitSuccession.objects.filter(
            effective_date=REORGANISATION_DATE
        ).values_list("id", "predecessor_id", "successor_id", "legal_basis")
    }
    missing = wanted_pairs - set(existing_pairs)
    if missing:
        UnitSuccession.objects.bulk_create(
            [
                UnitSuccession(
                    predecessor_id=pred,
                    successor_id=succ,
                    effective_date=REORGANISATION_DATE,
                    legal_basis=SUCCESSION_LEGAL_BASIS,
                )
                for pred, succ in sorted(missing)
            ],
            batch_size=2000,
        )
        result.successions_created = len(missing)
    # Pairs this loader wrote earlier that the package no longer lists were wrong: remove them. Pairs
    # entered by hand (another legal basis) are left alone.
    extra = [
        pk
        for pair, (pk, basis) in existing_pairs.items()
        if pair not in wanted_pairs and basis == SUCCESSION_LEGAL_BASIS
    ]
    if extra:
        UnitSuccession.objects.filter(pk__in=extra).delete()
        result.successions_removed = len(extra)
    return result


def units_present() -> bool:
    """Both eras and the mapping between them are stored."""
    return (
        AdministrativeUnit.objects.filter(valid_from=REORGANISATION_DATE, level=Level.PROVINCE).exists()
        and AdministrativeUnit.objects.filter(valid_from=LEGACY_VALID_FROM, level=Level.DISTRICT).exists()
        and UnitSuccession.objects.exists()
    )
