import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from egov.errors import DomainError
from egov.numbering.models import Counter
from egov.numbering.services import current_number, next_number
from tests.concurrency import at_once


class SequenceProperties(TestCase):
    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from([2025, 2026])), max_size=40))
    def test_each_scope_and_period_counts_from_one_without_gaps(self, calls):
        Counter.objects.all().delete()
        seen: dict[tuple, list[int]] = {}
        with transaction.atomic():
            for scope, year in calls:
                seen.setdefault((scope, year), []).append(next_number(scope, year))
        for key, numbers in seen.items():
            assert numbers == list(range(1, len(numbers) + 1)), key
            assert current_number(*key) == len(numbers)


@pytest.mark.django_db
def test_rollback_gives_the_number_back():
    with transaction.atomic():
        assert next_number("x", "2026") == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert next_number("x", "2026") == 2
        1 / 0  # noqa: B018 - the caller's failure rolls the counter back
    with transaction.atomic():
        assert next_number("x", "2026") == 2


@pytest.mark.django_db
def test_period_is_int_or_str_alike_and_must_not_be_empty():
    with transaction.atomic():
        assert next_number("y", 2026) == 1
        assert next_number("y", "2026") == 2
        with pytest.raises(DomainError):
            next_number("y", "")
        with pytest.raises(DomainError):
            next_number("", 2026)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        next_number("z", 2026)


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_get_distinct_consecutive_numbers():
    workers = 40 if connection.vendor == "postgresql" else 8

    def take():
        with transaction.atomic():
            return next_number("concurrent", 2026)

    results, errors = at_once([take] * workers)
    assert errors == []
    assert sorted(results) == list(range(1, workers + 1))
    assert Counter.objects.get(scope="concurrent", period="2026").value == workers
