"""reporting.demo: after onestop's demo the summaries match the dossiers (rebuilt when they do not), and the
demo specialist is given the "Thống kê" group."""

import io

import pytest

from reporting import demo, ledger, stats
from reporting.models import AgencySummary, Summary
from reporting.periods import Frequency, Period
from reporting.roles import STATISTICS_GROUP
from tests.factories import UserFactory
from tests.onestop.conftest import accepted, at, processing


@pytest.mark.django_db
def test_the_demo_leaves_summaries_that_match_the_dossiers(world):
    UserFactory(username="chuyenvien")
    processing(world, when=at(2))
    accepted(world, when=at(3))
    march = Period.calendar(Frequency.MONTH, 2026, 3)
    Summary.objects.all().delete()  # as if the dossiers were loaded before the reporting app
    AgencySummary.objects.all().delete()
    out = io.StringIO()
    demo.seed(out)
    assert "rebuilt from 2 dossiers" in out.getvalue()
    assert stats.dossier_figures(march, agency=world.sotp.agency).new_direct == 2
    assert ledger.differences(ledger.expected()[0], ledger.stored()) == []
    out = io.StringIO()
    demo.seed(out)  # idempotent
    assert "match the 2 accepted dossiers" in out.getvalue()
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="chuyenvien").groups.filter(name=STATISTICS_GROUP).exists()
