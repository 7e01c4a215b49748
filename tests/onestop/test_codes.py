"""The dossier code (regulations §2.3): <receiving agency e-ID>-<yymmdd>-<4-digit daily sequence>."""

import datetime
import re

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from egov.directory.validators import is_agency_code
from egov.errors import DomainError
from onestop import services
from onestop.models import Dossier, Status
from tests.concurrency import at_once

from .conftest import at, walk_in

old_codes = st.from_regex(r"\A\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}\Z")
new_codes = st.from_regex(r"\A[A-Z]\d{2}(\.[0-9A-Z]{1,4}){0,4}\Z")
days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))


@given(st.one_of(old_codes, new_codes), days, st.integers(min_value=1, max_value=9999))
def test_code_format(agency_code, day, sequence):
    code = services.dossier_code(agency_code, day, sequence)
    match = re.fullmatch(r"(.+)-(\d{6})-(\d{4})", code)
    assert match is not None
    assert is_agency_code(match[1]) and match[1] == agency_code
    assert match[2] == f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"
    assert int(match[3]) == sequence


@given(st.one_of(st.integers(max_value=0), st.integers(min_value=10_000)))
def test_no_code_outside_1_to_9999(sequence):
    with pytest.raises(DomainError, match="Đã hết số thứ tự hồ sơ"):
        services.dossier_code("H25.20", datetime.date(2026, 3, 2), sequence)


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_give_distinct_consecutive_codes(make_procedure):
    """N dossiers waiting for the check, accepted at once by N threads at one desk on one day (PostgreSQL;
    a few on SQLite, whose in-memory test database answers "table is locked" instead of waiting)."""
    from .conftest import World, all_papers

    world = World(make_procedure)
    workers = 40 if connection.vendor == "postgresql" else 4
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
    codes = sorted(Dossier.objects.filter(status=Status.ACCEPTED).values_list("code", flat=True))
    assert codes == [f"H25.20-260302-{n:04d}" for n in range(1, workers + 1)]
