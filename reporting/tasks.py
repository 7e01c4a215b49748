"""Nightly: make the units' rollups follow the directory, recount the summaries from the dossiers and
record any difference (there should be none)."""

import logging

from celery import shared_task
from django.utils import timezone

from . import ledger
from .models import RecountRun

log = logging.getLogger(__name__)
DETAIL_LIMIT = 200  # differences kept on the run's row; the log has the count


@shared_task(acks_late=True)
def nightly_recount(repair: bool = False) -> int:
    """Compare every summary bucket with a recount of the dossiers; keep a RecountRun with what differed.
    With `repair`, rebuild the summaries when anything did. Returns the number of differing buckets."""
    run = RecountRun.objects.create(started_at=timezone.now())
    units = ledger.refresh_units()
    if units:
        log.info("reporting: %s units' rollups summed again after directory changes", units)
    want, facts = ledger.expected()
    found = ledger.differences(want, ledger.stored())
    run.dossiers = len(facts)
    run.differences = len(found)
    run.detail = found[:DETAIL_LIMIT]
    if found:
        log.error("reporting recount: %s summary buckets differ from the dossiers", len(found))
        if repair:
            ledger.rebuild()
            run.repaired = True
    else:
        log.info("reporting recount: %s dossiers, no difference", len(facts))
    run.finished_at = timezone.now()
    run.save()
    return len(found)
