"""A user's posts are read once per request (egov.request_memo): the menu badge asked for them some twenty
times. Outside a request nothing is kept, and a saved change to a post is seen in the same request."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from documents import access
from egov.directory.models import Position, StaffAssignment
from egov.request_memo import RequestMemoMiddleware, memoised

pytestmark = pytest.mark.django_db


def _posts_queries(captured) -> int:
    return sum('FROM "directory_staffassignment"' in q["sql"] for q in captured.captured_queries)


def _in_a_request(work):
    """Run `work` as a view behind the memo's middleware; return what it returned."""
    outcome = []
    RequestMemoMiddleware(lambda request: outcome.append(work()))(RequestFactory().get("/"))
    return outcome[0]


def test_outside_a_request_nothing_is_kept():
    calls = []
    for _ in range(2):
        memoised("key", lambda: calls.append(1))
    assert len(calls) == 2


def test_the_badge_reads_the_posts_once(office, login):
    page = login(office.head)
    with CaptureQueriesContext(connection) as captured:
        assert page.get("/van-ban/dem/").status_code == 200
    assert _posts_queries(captured) == 1
    with CaptureQueriesContext(connection) as captured:  # the next request reads them again
        assert page.get("/van-ban/dem/").status_code == 200
    assert _posts_queries(captured) == 1


def test_a_post_saved_during_the_request_is_seen_at_once(office):
    def work():
        before = access.department_ids(office.specialist)
        StaffAssignment.objects.create(
            user=office.specialist,
            agency=office.agency,
            department=office.kt,
            position=Position.objects.get_or_create(name="Chuyên viên", rank=Position.Rank.STAFF)[0],
            valid_from=datetime.date(2020, 1, 1),
        )
        return before, access.department_ids(office.specialist)

    before, after = _in_a_request(work)
    assert (before, after) == ({office.vx.pk}, {office.vx.pk, office.kt.pk})


def test_each_user_has_their_own_posts(office):
    found = _in_a_request(
        lambda: (access.department_ids(office.specialist), access.department_ids(office.clerk))
    )
    assert found == ({office.vx.pk}, {office.vp.pk})
