"""The fast incoming visibility rule (documents.queries.incoming_visible_to) and the capped count of long
lists: the rewrite for a million documents must not let anyone see more than before."""

import datetime

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents import access, queries, services
from documents.models import IncomingDocument, IncomingStatus, OutgoingDocument, OutgoingStatus
from egov.accounts.roles import Role

from .factories import incoming_data, person

pytestmark = pytest.mark.django_db
NEXT_WEEK = datetime.date.today() + datetime.timedelta(days=7)
API = "/api/v1/van-ban"
WORDS = "thi dua"  # every document below is about "thi đua"


@pytest.fixture(params=[5000, 0], ids=["ids-list", "semi-join"])
def few(request, monkeypatch):
    """Both ways of passing the documents reached through tasks: a list of ids, and the semi-join."""
    monkeypatch.setattr(queries, "FEW_DOCUMENTS", request.param)
    return request.param


def _register(office, number, **data):
    return services.register_incoming(
        office.clerk,
        office.agency,
        incoming_data(number=str(number), **data),
        presented_to=office.leader if data.get("secrecy") else None,
    )


@pytest.fixture
def world(office, other_office):
    """Secret and normal documents of two agencies, assigned to people and departments."""
    docs = {}
    docs["secret_mine"] = _register(office, 1, secrecy=1)
    services.assign(
        office.leader, docs["secret_mine"], {"assignee": office.specialist, "deadline": NEXT_WEEK}
    )
    # a secret document given to the VX department: its head holds the task, not its specialist
    docs["secret_department"] = _register(office, 2, secrecy=1)
    services.assign(
        office.leader, docs["secret_department"], {"department": office.vx, "deadline": NEXT_WEEK}
    )
    docs["secret_kt"] = _register(office, 3, secrecy=2)
    services.assign(
        office.leader, docs["secret_kt"], {"assignee": office.kt_specialist, "deadline": NEXT_WEEK}
    )
    docs["secret_unassigned"] = _register(office, 4, secrecy=1)
    docs["normal_department"] = _register(office, 5)
    services.assign(
        office.leader, docs["normal_department"], {"department": office.vx, "deadline": NEXT_WEEK}
    )
    docs["normal_kt"] = _register(office, 6)
    services.assign(
        office.leader, docs["normal_kt"], {"assignee": office.kt_specialist, "deadline": NEXT_WEEK}
    )
    docs["normal_unassigned"] = _register(office, 7)
    # another agency's documents, one of them given to a department of the same name and rank
    docs["other_normal"] = _register(other_office, 8)
    services.assign(
        other_office.leader,
        docs["other_normal"],
        {"assignee": other_office.specialist, "deadline": NEXT_WEEK},
    )
    docs["other_secret"] = _register(other_office, 9, secrecy=1)
    services.assign(
        other_office.leader,
        docs["other_secret"],
        {"assignee": other_office.specialist, "deadline": NEXT_WEEK},
    )
    # a secret copy delivered inside the portal: nobody registered it, the agency's clerks see it
    docs["secret_delivered"] = _register(office, 10, secrecy=1)
    IncomingDocument.objects.filter(pk=docs["secret_delivered"].pk).update(
        registered_by=None, presented_to=None
    )
    docs["recalled"] = _register(office, 11)
    IncomingDocument.objects.filter(pk=docs["recalled"].pk).update(status=IncomingStatus.RECALLED)
    for document in IncomingDocument.objects.all():
        services.reindex(document)
    second_clerk = person(office.agency, Role.CLERK, department=office.vp)
    newcomer = person(office.agency, Role.SPECIALIST, department=office.kt)
    users = {
        "clerk": office.clerk,
        "second_clerk": second_clerk,
        "leader": office.leader,
        "head": office.head,
        "specialist": office.specialist,
        "kt_specialist": office.kt_specialist,
        "newcomer": newcomer,
        "other_clerk": other_office.clerk,
        "other_leader": other_office.leader,
        "other_specialist": other_office.specialist,
    }
    return docs, users


def _reference(user, document) -> bool:
    """The rule as written before the rewrite, one document at a time (no query tricks)."""
    from documents import access

    if document.status == IncomingStatus.RECALLED:
        return False
    heads, departments = access.headed_department_ids(user), access.department_ids(user)
    clerk = access.clerk_agency_ids(user)
    full = clerk | access.led_agency_ids(user)
    tasks = list(document.tasks.all())
    own = any(
        t.assignee_id == user.pk
        or t.assigned_by_id == user.pk
        or (t.assignee_id is None and t.department_id in heads)
        for t in tasks
    )
    if document.secrecy == 0:
        return document.agency_id in full or own or any(t.department_id in departments for t in tasks)
    return (
        document.registered_by_id == user.pk
        or document.presented_to_id == user.pk
        or (document.registered_by_id is None and document.agency_id in clerk)
        or own
    )


def test_visible_to_matches_the_rule_for_everyone(world, few):
    _docs, users = world
    for name, user in users.items():
        expected = {d.pk for d in IncomingDocument.objects.all() if _reference(user, d)}
        assert set(queries.incoming_visible_to(user).values_list("pk", flat=True)) == expected, name
        searched = queries.search(queries.incoming_visible_to(user), WORDS)
        assert set(searched.values_list("pk", flat=True)) == expected, name


def test_the_waiting_lists_are_the_visible_documents_in_their_status(world, few):
    """incoming_waiting and arrived_waiting read only the secret documents through the rule: the same rows
    in the same order as the rule applied to every document."""
    docs, users = world
    arrived = [docs["secret_unassigned"], docs["normal_unassigned"], docs["other_normal"]]
    IncomingDocument.objects.filter(pk__in=[d.pk for d in arrived]).update(status=IncomingStatus.ARRIVED)
    order = ("-urgency", "-arrived_at")
    for name, user in users.items():
        for waiting, agencies, status in (
            (queries.incoming_waiting, access.led_agency_ids(user), IncomingStatus.REGISTERED),
            (queries.arrived_waiting, access.clerk_agency_ids(user), IncomingStatus.ARRIVED),
        ):
            plain = queries.incoming_visible_to(user).filter(agency_id__in=agencies, status=status)
            assert list(waiting(user).order_by(*order)) == list(plain.order_by(*order)), (name, status)
    assert docs["secret_delivered"] not in queries.incoming_waiting(users["leader"])
    assert docs["secret_unassigned"] in queries.arrived_waiting(users["clerk"])  # registered by them
    assert docs["secret_unassigned"] not in queries.arrived_waiting(users["second_clerk"])
    assert not queries.arrived_waiting(users["leader"]).exists()


def test_every_draft_waiting_is_one_the_user_may_see(world):
    """drafts_waiting is not anded with outgoing_visible_to: each of its branches lies inside it. Drafts in
    every status, secret or not, of two departments and two agencies."""
    _docs, users = world
    office_users = [users[name] for name in ("specialist", "kt_specialist")]
    for drafter in [*office_users, users["other_specialist"]]:
        post = access.primary_assignment(drafter)
        for status in OutgoingStatus.values:
            for secrecy in (0, 1):
                document = services.create_draft(
                    drafter,
                    agency=post.agency,
                    department=post.department,
                    data={"doc_type": "CV", "subject": "Về việc thi đua", "body": "Nội dung"},
                )
                OutgoingDocument.objects.filter(pk=document.pk).update(status=status, secrecy=secrecy)
    order = ("-urgency", "created_at")
    seen = 0
    for name, user in users.items():
        waiting = list(queries.drafts_waiting(user))
        visible = queries.outgoing_visible_to(user).filter(pk__in=[d.pk for d in waiting]).order_by(*order)
        assert waiting == list(visible), name
        seen += len(waiting)
    assert seen  # the heads, leaders, clerks and drafters each have some waiting


def test_secret_documents_reach_only_their_people(world, few):
    docs, users = world
    sees = {name: set(queries.incoming_visible_to(user)) for name, user in users.items()}
    assert docs["secret_mine"] in sees["specialist"]
    assert docs["secret_mine"] in sees["leader"]  # presented to and assigned by
    assert docs["secret_mine"] in sees["clerk"]  # registered it
    assert docs["secret_mine"] not in sees["second_clerk"]
    assert docs["secret_mine"] not in sees["head"]
    assert docs["secret_department"] in sees["head"]
    assert docs["secret_department"] not in sees["specialist"]  # a department task is not their own
    assert docs["normal_department"] in sees["specialist"]
    assert docs["secret_kt"] not in sees["specialist"] | sees["newcomer"] | sees["head"]
    assert docs["secret_unassigned"] not in sees["specialist"] | sees["second_clerk"]
    assert docs["secret_delivered"] in sees["second_clerk"]
    assert docs["secret_delivered"] not in sees["leader"] | sees["specialist"] | sees["other_clerk"]
    assert docs["normal_kt"] in sees["kt_specialist"]
    assert docs["normal_kt"] not in sees["specialist"] | sees["head"]
    assert sees["newcomer"] == set()  # no task of their own or of their department yet
    for name in ("clerk", "second_clerk", "leader", "head", "specialist", "kt_specialist", "newcomer"):
        assert docs["other_normal"] not in sees[name], name
        assert docs["other_secret"] not in sees[name], name
        assert docs["recalled"] not in sees[name], name
    assert docs["other_secret"] in sees["other_specialist"]
    assert not {docs["secret_mine"], docs["normal_unassigned"]} & sees["other_leader"]


def test_pages_and_api_hide_what_is_not_theirs(world, few, login):
    docs, users = world
    hidden = [
        docs[k]
        for k in ("secret_department", "secret_kt", "secret_unassigned", "other_normal", "other_secret")
    ]
    page, api = login(users["specialist"]), login(users["specialist"], api=True)
    for params in ({}, {"q": WORDS}):
        listed = page.get("/van-ban/den/", params)
        assert listed.status_code == 200
        shown = {d.pk for d in listed.context["page"].object_list}
        assert shown == {docs["secret_mine"].pk, docs["normal_department"].pk}, params
        body = api.get(f"{API}/den/", params).json()
        assert {row["id"] for row in body["results"]} == shown
        assert body["count"] == 2 and body["count_exact"] is True
    for document in hidden:
        assert page.get(f"/van-ban/den/{document.pk}/").status_code == 404
        assert api.get(f"{API}/den/{document.pk}/").status_code == 404
    assert page.get(f"/van-ban/den/{docs['secret_mine'].pk}/").status_code == 200
    assert api.get(f"{API}/den/{docs['secret_mine'].pk}/").status_code == 200


# --- capped count ---------------------------------------------------------------------------------------
@pytest.fixture
def many(office):
    return [_register(office, n, subject=f"Về việc thi đua khen thưởng đợt {n}") for n in range(1, 8)]


def test_paginator_counts_at_most_the_cap(many):
    ordered = IncomingDocument.objects.order_by("-arrival_number")
    with CaptureQueriesContext(connection) as captured:
        paginator = queries.CappedPaginator(ordered, 2, cap=3)
        assert paginator.count == 3
        assert paginator.count_exact is False
    (count_sql,) = [q["sql"] for q in captured.captured_queries]  # ids of at most cap + 1 rows, unordered
    assert "LIMIT 4" in count_sql.upper() and "ORDER BY" not in count_sql.upper()
    first = paginator.page(1)
    assert [d.arrival_number for d in first] == [7, 6] and first.has_next() and not first.has_previous()
    last = paginator.page(4)  # beyond the counted pages, still reachable while rows remain
    assert [d.arrival_number for d in last] == [1]
    assert not last.has_next() and last.has_previous() and last.start_index() == 7 and last.end_index() == 7
    with pytest.raises(EmptyPage):
        paginator.page(5)
    assert paginator.get_page("abc").number == 1
    exact = queries.CappedPaginator(ordered, 2, cap=7)
    assert exact.count == 7 and exact.count_exact is True and exact.num_pages == 4
    assert not exact.page(4).has_next()


def test_page_and_api_say_more_than_the_cap(many, office, login, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    page = login(office.clerk)
    response = page.get("/van-ban/den/", {"q": WORDS})
    assert "Hơn 3 kết quả" in response.content.decode()
    assert len(response.context["page"].object_list) == 7  # 50 a page
    api = login(office.clerk, api=True)
    body = api.get(f"{API}/den/", {"q": WORDS}).json()
    assert body["count"] == 3 and body["count_exact"] is False and len(body["results"]) == 7
    monkeypatch.setattr(queries, "COUNT_CAP", 1000)
    assert "Số văn bản: 7" in page.get("/van-ban/den/", {"q": WORDS}).content.decode()
    body = api.get(f"{API}/den/", {"q": WORDS}).json()
    assert body["count"] == 7 and body["count_exact"] is True and body["next"] is None


def test_api_pages_beyond_the_cap_follow_next_links(many, office, login, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    monkeypatch.setattr("documents.api.views.CappedPagination.page_size", 2)
    api = login(office.clerk, api=True)
    seen, url = [], f"{API}/den/?q=thi+dua"
    while url:
        body = api.get(url).json()
        assert body["count_exact"] is False
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(d.pk for d in many) and len(seen) == 7


def test_a_task_handed_on_leaves_its_holders_inbox_and_its_sub_task_enters_it_once(office):
    document = _register(office, 1)
    (lead,) = services.assign(office.leader, document, {"department": office.vx, "deadline": NEXT_WEEK})
    assert list(queries.my_open_tasks(office.head)) == [lead]
    assert list(queries.department_open_tasks(office.specialist)) == [lead]
    child = services.delegate(office.head, lead, office.specialist, deadline=NEXT_WEEK)
    assert list(queries.my_open_tasks(office.head)) == []
    assert list(queries.my_open_tasks(office.specialist)) == [child]
    assert list(queries.department_open_tasks(office.head)) == [child]


def test_the_outgoing_list_counts_like_the_incoming_list_and_pages_on(office, login):
    for n in range(51):
        services.create_draft(
            office.specialist,
            agency=office.agency,
            department=office.vx,
            data={"doc_type": "CV", "subject": f"Về việc thi đua đợt {n}", "body": "Nội dung"},
        )
    page = login(office.specialist)
    first = page.get("/van-ban/di/")
    assert first.status_code == 200 and len(first.context["page"].object_list) == 50
    assert "Số văn bản: 51" in first.content.decode() and "page=2" in first.content.decode()
    second = page.get("/van-ban/di/", {"page": 2})
    assert len(second.context["page"].object_list) == 1
    body = login(office.specialist, api=True).get(f"{API}/di/").json()
    assert (body["count"], body["count_exact"], len(body["results"])) == (51, True, 50)
