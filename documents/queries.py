"""Read side: what each user may see (`incoming_visible_to`, `outgoing_visible_to`, `tasks_visible_to`),
inboxes, search and the registers."""

import datetime
import functools
import operator

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from egov.search import search

from . import access
from .models import (
    IncomingDocument,
    IncomingStatus,
    Notification,
    OutgoingDocument,
    OutgoingStatus,
    Task,
)


def _task_people(user) -> Q:
    """Tasks the user holds: their own, or their department's when they head it."""
    q = Q(assignee=user)
    heads = access.headed_department_ids(user)
    if heads:
        q |= Q(department_id__in=heads, assignee__isnull=True)
    return q


# Up to this many documents reached through tasks are passed to the database as a list of ids; beyond it
# as a semi-join. A list gives PostgreSQL the exact number: with few documents it fetches them by id and
# sorts them; with many (the semi-join) it walks the list order and stops after a page. Without the list, a
# user with few or no tasks is estimated like an average one and the walk reads every document.
FEW_DOCUMENTS = 5000


def _reached(tasks: QuerySet[Task]):
    ids = list(tasks.order_by().values_list("incoming_id", flat=True)[: FEW_DOCUMENTS + 1])
    if len(ids) <= FEW_DOCUMENTS:
        return sorted(set(ids))
    return tasks.values("incoming_id")


def incoming_visible_to(user) -> QuerySet[IncomingDocument]:
    """Incoming documents the user may see. Recalled copies are gone for everyone.

    - clerks and leaders of the agency: every non-secret document of the agency;
    - other staff: documents assigned to them or to their department (heads: their department's);
    - secret documents: only the people they were assigned to, the leader they were presented to, and the
      clerk who registered them (a copy delivered inside the portal: the agency's clerks).

    Written for PostgreSQL at a million documents, as three cheap predicates instead of subqueries tested
    on every document:

        (secrecy = 0 AND agency IN the user's clerk/leader agencies)
        OR id IN (the few secret documents registered by / presented to the user: partial indexes)
        OR (id IN (documents of tasks of the user or of their departments)       -- one semi-join
            AND (secrecy = 0 OR id IN (documents of the user's own tasks)))

    A secret document is visible only through the user's own tasks (or their registering/presenting it); a
    normal one also through the agency or their department's tasks. For a specialist (no agency-wide
    right) the whole rule is one semi-join on indexed task columns, which PostgreSQL runs either by walking
    the list order (index documents_in_order) and probing tasks by document, or from the tasks when they
    are few; never by reading every document."""
    base = IncomingDocument.objects.exclude(status=IncomingStatus.RECALLED)
    if user is None or not user.is_authenticated:
        return base.none()
    if user.is_superuser:
        return base
    full = access.clerk_agency_ids(user) | access.led_agency_ids(user)
    clerk = access.clerk_agency_ids(user)
    own = _task_people(user) | Q(assigned_by=user)
    departments = access.department_ids(user)
    reach = own | Q(department_id__in=departments) if departments else own
    on_tasks = Task.objects.filter(incoming__isnull=False)
    personal = Q(pk__in=_reached(on_tasks.filter(reach))) & (
        Q(secrecy=0) | Q(pk__in=on_tasks.filter(own).values("incoming_id"))
    )
    # secret documents reaching the user without a task: a handful, read now through partial indexes
    direct = Q(registered_by=user) | Q(presented_to=user)
    if clerk:  # a secret copy delivered inside the portal (nobody registered it): the agency's clerks
        direct |= Q(registered_by__isnull=True, agency_id__in=clerk)
    direct_pks = list(
        IncomingDocument.objects.filter(direct, secrecy__gt=0).order_by().values_list("pk", flat=True)
    )
    if not full and not direct_pks:
        return base.filter(personal)  # one semi-join: the common case of a specialist
    # the cheap column tests first: PostgreSQL evaluates OR branches in order, and the task subqueries
    # are then only built and probed for the documents the agency-wide right does not already cover
    branches = [Q(secrecy=0, agency_id__in=full)] if full else []
    if direct_pks:
        branches.append(Q(pk__in=direct_pks, secrecy__gt=0))
    return base.filter(functools.reduce(operator.or_, [*branches, personal]))


def outgoing_visible_to(user) -> QuerySet[OutgoingDocument]:
    """Outgoing documents: the drafter, reviewer and approver; the agency's clerks and leaders; the drafting
    department's head. Secret ones: only the people who worked on them and the agency's clerks."""
    base = OutgoingDocument.objects.all()
    if user is None or not user.is_authenticated:
        return base.none()
    if user.is_superuser:
        return base
    people = Q(drafter=user) | Q(reviewer=user) | Q(approver=user) | Q(numbered_by=user)
    clerk = access.clerk_agency_ids(user)
    leader = access.led_agency_ids(user)
    heads = access.headed_department_ids(user)
    normal = Q(secrecy=0) & (Q(agency_id__in=clerk | leader) | Q(department_id__in=heads))
    secret = Q(secrecy__gt=0) & (
        Q(agency_id__in=clerk)
        | (Q(agency_id__in=leader) & Q(status=OutgoingStatus.PENDING_APPROVAL))
        | (Q(department_id__in=heads) & Q(status=OutgoingStatus.IN_REVIEW))
    )
    return base.filter(people | normal | secret)


def tasks_visible_to(user) -> QuerySet[Task]:
    if user.is_superuser:
        return Task.objects.all()
    led = access.led_agency_ids(user)
    return (
        Task.objects.filter(
            _task_people(user) | Q(assigned_by=user) | Q(agency_id__in=led) | Q(assigning_agency_id__in=led)
        )
        .exclude(incoming__status=IncomingStatus.RECALLED)
        .filter(Q(incoming__isnull=True) | Q(incoming__in=incoming_visible_to(user)))
    )


def latest_version(document: OutgoingDocument) -> int | None:
    """The number of a draft's newest version: what a leader shown the draft approves."""
    return document.versions.order_by("-number").values_list("number", flat=True).first()


# --- inboxes ------------------------------------------------------------------------------------------
# A task handed on to sub-tasks is no longer open work of its holder. Asked as NOT EXISTS (an anti-join
# PostgreSQL estimates well) rather than a left join on the children tested for NULL, which it took for one
# row and then joined the assignees by reading the whole user table for each task; every other join is to
# one row, so the lists need no DISTINCT.
_HAS_CHILDREN = Exists(Task.objects.filter(parent=OuterRef("pk")))


def my_open_tasks(user) -> QuerySet[Task]:
    return (
        Task.objects.filter(_task_people(user), status=Task.Status.OPEN)
        .exclude(incoming__status=IncomingStatus.RECALLED)
        .filter(~_HAS_CHILDREN)
        .select_related("incoming", "department")
        .order_by("-incoming__urgency", "deadline")
    )


def department_open_tasks(user) -> QuerySet[Task]:
    """Open work of my departments (every member sees their department's inbox), most urgent first."""
    departments = access.department_ids(user)
    return (
        Task.objects.filter(department_id__in=departments, status=Task.Status.OPEN)
        .exclude(incoming__status=IncomingStatus.RECALLED)
        .filter(~_HAS_CHILDREN)
        # what incoming_visible_to allows a department member, without its per-document subqueries:
        # non-secret documents of the department's tasks; secret ones only when the task is the user's own
        .filter(Q(incoming__isnull=True) | Q(incoming__secrecy=0) | _task_people(user))
        .select_related("incoming", "department", "assignee")
        .order_by("-incoming__urgency", "deadline")
    )


def _waiting_in(user, agencies: set[int], status: str) -> QuerySet[IncomingDocument]:
    """The documents of `agencies` (where the user is clerk or leader) in `status`, as incoming_visible_to
    allows: there every non-secret document is visible, so only the few secret ones go through the rule.
    Asked as one OR over the whole rule, the leader's count read every document of a large agency
    (bench/bench_documents.py)."""
    if not agencies:
        return IncomingDocument.objects.none()
    waiting = IncomingDocument.objects.filter(agency_id__in=agencies, status=status)
    secret = list(waiting.filter(secrecy__gt=0).values_list("pk", flat=True))
    if not secret:
        return waiting.filter(secrecy=0)
    shown = incoming_visible_to(user).filter(pk__in=secret).values_list("pk", flat=True)
    return waiting.filter(Q(secrecy=0) | Q(pk__in=list(shown)))


def arrived_waiting(user) -> QuerySet[IncomingDocument]:
    """Electronic documents that arrived (edXML 01) and wait for the clerk to register or return them."""
    return _waiting_in(user, access.clerk_agency_ids(user), IncomingStatus.ARRIVED)


def incoming_waiting(user) -> QuerySet[IncomingDocument]:
    """Registered documents waiting for the leader to assign them (leaders), most urgent first."""
    return _waiting_in(user, access.led_agency_ids(user), IncomingStatus.REGISTERED).order_by(
        "-urgency", "-arrived_at"
    )


def drafts_waiting(user) -> QuerySet[OutgoingDocument]:
    """Drafts waiting for me: review (head), approval (leader), numbering (clerk), rework (drafter)."""
    q = Q(drafter=user, status=OutgoingStatus.RETURNED)
    heads = access.headed_department_ids(user)
    if heads:
        q |= Q(department_id__in=heads, status=OutgoingStatus.IN_REVIEW)
    led = access.led_agency_ids(user)
    if led:
        q |= Q(agency_id__in=led, status=OutgoingStatus.PENDING_APPROVAL)
    clerk = access.clerk_agency_ids(user)
    if clerk:
        q |= Q(agency_id__in=clerk, status=OutgoingStatus.APPROVED)
    # each branch lies inside outgoing_visible_to (the drafter; the head's department in review, the
    # leader's agency pending approval and the clerk's agency approved, secret or not): anded with it, the
    # count read every draft of a large agency
    return OutgoingDocument.objects.filter(q).order_by("-urgency", "created_at")


def waiting_count(user) -> int:
    return (
        my_open_tasks(user).count()
        + incoming_waiting(user).count()
        + drafts_waiting(user).count()
        + arrived_waiting(user).count()
    )


def unread_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


# --- pages of many documents ----------------------------------------------------------------------------
COUNT_CAP = 1000


class CappedPage(Page):
    """A page of a CappedPaginator beyond its exact count: whether a next page exists is known from one
    extra row read with the page, not from a total."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def next_page_number(self):
        return self.number + 1

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows (COUNT over `LIMIT cap + 1`): a broad search of the
    incoming documents matches tens of thousands of them, and counting them all costs more than showing
    the page. Up to the cap it behaves like Django's Paginator; beyond, `count_exact` is False, `count`
    is the cap ("more than 1,000 results"), and pages go on as long as a next one exists (each page reads
    one row more than it shows)."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _bounded(self) -> list:
        """The ids of at most cap + 1 rows (one query, no ORDER BY: the database stops there); for a list,
        the rows themselves."""
        object_list = self.object_list
        if hasattr(object_list, "query"):
            return list(object_list.order_by().values_list("pk", flat=True)[: self.cap + 1])
        return list(object_list[: self.cap + 1])

    @cached_property
    def _bounded_count(self) -> int:
        return len(self._bounded)

    @property
    def count_exact(self) -> bool:
        return self._bounded_count <= self.cap

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @cached_property
    def num_pages(self) -> int:
        """Exact up to the cap; beyond it, the pages known to exist (there may be more)."""
        return super().num_pages

    def validate_number(self, number):
        if self.count_exact:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        if self.count_exact:
            if not hasattr(self.object_list, "query"):
                return super().page(number)
            # at most `cap` rows, whose ids are known: the page reads them by id and sorts them, a plan
            # whose cost the database cannot misjudge (with LIMIT n it may walk the list order instead,
            # reading every document when the few matches are far down)
            bottom = (number - 1) * self.per_page
            rows = self.object_list.filter(pk__in=self._bounded)[bottom : bottom + self.per_page]
            return self._get_page(list(rows), number, self)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


# --- search ---------------------------------------------------------------------------------------------
def _date(value) -> datetime.date | None:
    """A filter date from a query string (ISO or dd/mm/yyyy); None when missing or malformed."""
    if isinstance(value, datetime.date):
        return value
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(str(value or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def _int(value) -> int | None:
    """A number from a query parameter, or None when unreadable, like one beyond the 64-bit columns
    (SQLite cannot even bind it: the filter would crash instead of being ignored)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if -(2**63) <= number < 2**63 else None


def filter_incoming(queryset, params: dict) -> QuerySet:
    """Filters shared by the pages and the API: q, date_from, date_to, doc_type, organ, status, urgency,
    assignee, overdue."""
    queryset = search(queryset, params.get("q", ""))
    if date_from := _date(params.get("date_from")):
        queryset = queryset.filter(arrived_at__date__gte=date_from)
    if date_to := _date(params.get("date_to")):
        queryset = queryset.filter(arrived_at__date__lte=date_to)
    if params.get("doc_type"):
        queryset = queryset.filter(doc_type=params["doc_type"])
    if params.get("organ"):
        queryset = queryset.filter(issuing_organ__icontains=params["organ"])
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    if (urgency := _int(params.get("urgency"))) is not None:
        queryset = queryset.filter(urgency=urgency)
    if (assignee := _int(params.get("assignee"))) is not None:
        queryset = queryset.filter(tasks__assignee_id=assignee).distinct()
    if params.get("overdue"):
        queryset = queryset.filter(due_date__lt=timezone.localdate()).exclude(
            status__in=[IncomingStatus.DONE, IncomingStatus.RETURNED]
        )
    return queryset


def filter_outgoing(queryset, params: dict) -> QuerySet:
    queryset = search(queryset, params.get("q", ""))
    if date_from := _date(params.get("date_from")):
        queryset = queryset.filter(created_at__date__gte=date_from)
    if date_to := _date(params.get("date_to")):
        queryset = queryset.filter(created_at__date__lte=date_to)
    if params.get("doc_type"):
        queryset = queryset.filter(doc_type=params["doc_type"])
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    if (urgency := _int(params.get("urgency"))) is not None:
        queryset = queryset.filter(urgency=urgency)
    return queryset


# --- registers (Phụ lục IV) ------------------------------------------------------------------------------
def incoming_register(agency, date_from: datetime.date, date_to: datetime.date) -> QuerySet[IncomingDocument]:
    """Every line of the incoming register in the period, recalled ones included (no gaps)."""
    return (
        IncomingDocument.objects.filter(
            agency=agency,
            arrival_number__isnull=False,
            arrived_at__date__gte=date_from,
            arrived_at__date__lte=date_to,
        )
        .prefetch_related("tasks__department", "tasks__assignee")
        .order_by("arrival_year", "arrival_number")
    )


def outgoing_register(agency, date_from: datetime.date, date_to: datetime.date) -> QuerySet[OutgoingDocument]:
    return (
        OutgoingDocument.objects.filter(
            agency=agency, number__isnull=False, issued_date__gte=date_from, issued_date__lte=date_to
        )
        .select_related("department")
        .prefetch_related("recipients")
        .order_by("issued_date", "sequence", "number")
    )
