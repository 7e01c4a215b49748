"""Benchmark: search, lists, inboxes, badges and registers of the documents app at national scale.

Run (a dedicated database; it is created and migrated when missing, rows are generated only once):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/egov_bench_2m \\
        .venv/bin/python bench/bench_documents.py --rows 2000000 --agencies 100 [--repeat 20] [--regenerate]

The data ("Documents at national scale"):

- `--agencies` agencies of different sizes: the largest receives 30 % of the `--rows` incoming documents, the
  others a Zipf-like share of the rest (agency k: 1/k), the smallest a few thousand. Each has departments and
  staff in proportion (a clerk, a leader, a head per department and its specialists; from 20 departments of
  20 people down to 2 of 2);
- incoming documents spread over ten years, numbered per agency and year in the order they arrived (the
  register), subjects drawn from realistic Vietnamese phrases: common ones (1 in 16 each), mid-frequency ones
  (1 in ~200), rare ones (1 in ~10,000), each with a place, a year and a code "(mã N)" unique over the base.
  Recent documents are still waiting (registered for the leader, assigned and open); older ones are done,
  with a few stale open ones. One in 500 is secret. Every assigned or done document has a lead task
  (department and specialist; an open one in five waits at the department for its head), one in four a
  coordinating task of another department;
- outgoing documents, a third as many: the issued ones numbered per agency and year (the register, with
  one or two recipients each, one in 500 recalled) and the drafts under way (drafts, waiting for the head,
  for the leader, returned, approved waiting for a number);
- unread and read notifications for every staff member (the badge counts them).

Rows are generated in SQL, set-based (INSERT ... SELECT generate_series, one batch per year and table); the
accent-free search text and the tsvector are computed in the same statement like documents.services.reindex
and egov.search.vector do: the folded text (lower(unaccent())) of the same parts, and the vector
(`vn_unaccent`) of its words only (\\w+ runs, what egov.search.words keeps). The tables' secondary indexes are
dropped during the load and built again afterwards (the same definitions), then VACUUM ANALYZE.

Measured for a user of the LARGEST agency and of the SMALLEST (clerk, leader, a department head, a
specialist), each call repeated (`--repeat`) with p50/p95 printed in milliseconds, through the functions
the views use (documents.queries, documents.registers):

- search: filter_incoming(incoming_visible_to(user), {"q": ...}) ordered like the incoming page, first page
  of 50 and the count capped at 1,000 (CappedPaginator.get_page, as views.incoming_list); common, mid,
  rare, absent words, and a code of the agency;
- the incoming list (no search), the inbox lists (my_open_tasks, department_open_tasks, incoming_waiting,
  arrived_waiting, drafts_waiting, unread notifications: the inbox page), the whole inbox page, the menu
  badge (views.badge: waiting_count + unread notifications; the only badge of the staff menu);
- the outgoing list (Paginator: page of 50 and the full count, as views.outgoing_list) and a search in it;
- the register export (registers.to_xlsx) of the last full year of the largest agency, outgoing and
  incoming: time and peak Python memory (tracemalloc, one more run) and the process's max RSS growth.

The machine's load average is printed at the start and the end.
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov_bench_2m")

YEARS = 10
SUBJECTS = [  # common: one in 16 each
    "Về việc triển khai Kế hoạch chuyển đổi số năm",
    "Quyết định về việc đăng ký thi đua khen thưởng",
    "Về việc phòng, chống thiên tai và tìm kiếm cứu nạn",
    "Về việc báo cáo tình hình thực hiện cải cách hành chính",
    "Hướng dẫn tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
    "Về việc rà soát thủ tục hành chính lĩnh vực hộ tịch",
    "Giấy mời dự Hội nghị tổng kết công tác văn thư, lưu trữ",
    "Về việc bảo đảm an toàn thông tin mạng",
    "Kế hoạch kiểm tra công tác phòng cháy, chữa cháy",
    "Về việc hỗ trợ kinh phí khắc phục hậu quả thiên tai",
    "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính",
    "Về việc cung cấp số liệu dân số phục vụ quy hoạch",
    "Tờ trình đề nghị phê duyệt danh mục dự án đầu tư công",
    "Về việc quản lý trật tự xây dựng đô thị",
    "Thông báo kết luận của Chủ tịch tại buổi làm việc",
    "Về việc giải quyết đơn thư khiếu nại, tố cáo",
]
MID_SUBJECTS = [  # one in 211 documents, each of the four: ~1 in 850
    "Về việc xử lý ô nhiễm môi trường làng nghề",
    "Kế hoạch tiêm chủng mở rộng cho trẻ em",
    "Về việc cấp giấy chứng nhận quyền sử dụng đất",
    "Về việc tuyển dụng viên chức sự nghiệp giáo dục",
]
RARE_SUBJECTS = [  # one in 10,007 documents, each of the three: ~1 in 30,000
    "Về việc bảo tồn quần thể Sao La tại khu bảo tồn",
    "Về việc trục vớt tàu đắm cổ trên vùng biển",
    "Về việc di dời mộ phần phục vụ giải phóng mặt bằng",
]
PLACES = [
    "trên địa bàn huyện Thanh Sơn",
    "tại thành phố Việt Trì",
    "trên địa bàn thị xã Phú Thọ",
    "tại huyện Đoan Hùng",
    "trên địa bàn huyện Lâm Thao",
    "tại huyện Cẩm Khê",
    "trên địa bàn huyện Yên Lập",
    "tại huyện Tân Sơn",
    "trên địa bàn huyện Hạ Hòa",
    "tại huyện Thanh Thủy",
    "trên toàn tỉnh",
    "tại các xã vùng sâu, vùng xa",
]
ORGANS = [  # (name, abbreviation for the ký hiệu)
    ("Bộ Nội vụ", "BNV"),
    ("Bộ Tài chính", "BTC"),
    ("Thủ tướng Chính phủ", "TTg"),
    ("Sở Tư pháp tỉnh Phú Thọ", "STP"),
    ("Sở Xây dựng tỉnh Phú Thọ", "SXD"),
    ("Bộ Thông tin và Truyền thông", "BTTTT"),
    ("Công an tỉnh Phú Thọ", "CAT"),
    ("Ủy ban MTTQ Việt Nam tỉnh Phú Thọ", "MTTQ"),
]
TYPES = ["CV", "QĐ", "KH", "TB", "BC", "GM", "HD", "TTr"]
BENCH = "Bench"  # agencies are named "Cơ quan Bench 001" (the largest) ... "Cơ quan Bench 100"
TABLES = [
    "documents_incomingdocument",
    "documents_task",
    "documents_outgoingdocument",
    "documents_recipient",
    "documents_notification",
]


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def _sql_array(values) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _int_array(values) -> str:
    return "ARRAY[" + ", ".join(str(int(v)) for v in values) + "]::bigint[]"


def sizes(rows: int, agencies: int) -> list[int]:
    """Incoming documents per agency: 30 % for the largest, the rest in shares 1/k (k = 2..agencies)."""
    if agencies == 1:
        return [rows]
    largest = round(rows * 0.3)
    weights = [1 / k for k in range(2, agencies + 1)]
    total = sum(weights)
    rest = [max(YEARS, int((rows - largest) * w / total)) for w in weights]
    rest[0] += rows - largest - sum(rest)  # rounding to the second largest
    return [largest, *rest]


def _shape(n: int) -> tuple[int, int]:
    """Departments and specialists per department for an agency receiving n documents in ten years."""
    side = round(n**0.5 / 40)
    return max(2, min(20, side)), max(2, min(19, side))


class Agency:
    """One bench agency and its people (ids)."""

    def __init__(self, rank, agency, n, departments, clerk, leader, heads, staff):
        self.rank, self.agency, self.n = rank, agency, n
        self.departments = departments  # ids
        self.clerk, self.leader = clerk, leader  # users
        self.heads = heads  # users, one per department, same order
        self.staff = staff  # users, department-major: staff[d * per_department + j]

    @property
    def per_department(self) -> int:
        return len(self.staff) // len(self.departments)


def _people(counts: list[int]) -> list[Agency]:
    """The agencies, their departments and staff: created in bulk when missing, else read back."""
    from django.contrib.auth.models import Group

    from egov.accounts.models import User
    from egov.accounts.roles import Role
    from egov.directory.models import Agency as AgencyModel
    from egov.directory.models import Department, Position, StaffAssignment

    start = datetime.date(2010, 1, 1)
    groups = {
        role: Group.objects.get_or_create(name=role.value)[0]
        for role in (Role.CLERK, Role.LEADER, Role.SPECIALIST)
    }
    positions = {
        "clerk": Position.objects.get_or_create(name="Văn thư", rank=Position.Rank.STAFF)[0],
        "leader": Position.objects.get_or_create(name="Chủ tịch", rank=Position.Rank.AGENCY_LEADER)[0],
        "head": Position.objects.get_or_create(name="Trưởng phòng", rank=Position.Rank.DEPARTMENT_HEAD)[0],
        "staff": Position.objects.get_or_create(name="Chuyên viên", rank=Position.Rank.STAFF)[0],
    }
    out = []
    for rank, n in enumerate(counts, start=1):
        name = f"Cơ quan {BENCH} {rank:03d}"
        agency = AgencyModel.objects.filter(name=name).first()
        nd, ns = _shape(n)
        prefix = f"b{rank:03d}"
        if agency is None:
            agency = AgencyModel.objects.create(name=name, short_name=f"CQ{rank}", place_name="Phú Thọ")
            departments = Department.objects.bulk_create(
                [Department(agency=agency, abbreviation=f"P{i}", name=f"Phòng {i}") for i in range(nd)]
            )
            plan = [
                (f"{prefix}.vanthu", Role.CLERK, None, "clerk"),
                (f"{prefix}.lanhdao", Role.LEADER, None, "leader"),
            ]
            plan += [(f"{prefix}.tp{i}", Role.SPECIALIST, departments[i], "head") for i in range(nd)]
            plan += [
                (f"{prefix}.cv{i}.{j}", Role.SPECIALIST, departments[i], "staff")
                for i in range(nd)
                for j in range(ns)
            ]
            plan[0] = (plan[0][0], plan[0][1], departments[0], "clerk")  # the clerk sits in the office
            unusable = "!"  # no password: nobody logs in as a bench user
            users = User.objects.bulk_create(
                [User(username=u, full_name=u, password=unusable) for u, *_ in plan]
            )
            User.groups.through.objects.bulk_create(
                [
                    User.groups.through(user_id=user.pk, group_id=groups[role].pk)
                    for user, (_, role, _, _) in zip(users, plan, strict=True)
                ]
            )
            StaffAssignment.objects.bulk_create(
                [
                    StaffAssignment(
                        user=user,
                        agency=agency,
                        department=department,
                        position=positions[post],
                        valid_from=start,
                    )
                    for user, (_, _, department, post) in zip(users, plan, strict=True)
                ]
            )
        by_name = {u.username: u for u in User.objects.filter(username__startswith=f"{prefix}.")}
        departments = list(
            Department.objects.filter(agency=agency).order_by("pk").values_list("pk", flat=True)
        )
        out.append(
            Agency(
                rank,
                agency,
                n,
                departments,
                by_name[f"{prefix}.vanthu"],
                by_name[f"{prefix}.lanhdao"],
                [by_name[f"{prefix}.tp{i}"] for i in range(nd)],
                [by_name[f"{prefix}.cv{i}.{j}"] for i in range(nd) for j in range(ns)],
            )
        )
    return out


def _plan_table(cursor, agencies: list[Agency]) -> None:
    """A temporary table of the agencies: size, offset of their codes, people (arrays of ids)."""
    cursor.execute("DROP TABLE IF EXISTS bench_agency")
    cursor.execute(
        """CREATE TEMP TABLE bench_agency (a_id bigint, rank int, name text, n int, off bigint, clerk bigint,
               leader bigint, nd int, ns int, depts bigint[], heads bigint[], staff bigint[])"""
    )
    off = 0
    for a in agencies:
        cursor.execute(
            f"""INSERT INTO bench_agency VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s,
                {_int_array(a.departments)}, {_int_array(u.pk for u in a.heads)},
                {_int_array(u.pk for u in a.staff)})""",  # noqa: S608  (integers only)
            [
                a.agency.pk,
                a.rank,
                a.agency.name,
                a.n,
                off,
                a.clerk.pk,
                a.leader.pk,
                len(a.departments),
                a.per_department,
            ],
        )
        off += a.n


def _drop_indexes(cursor) -> list[tuple[str, str]]:
    """The secondary indexes of the bench tables (not those of a constraint), dropped for the load."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                             WHERE c.conindid = (quote_ident(i.indexname))::regclass)""",
        [TABLES],
    )
    found = cursor.fetchall()
    for name, _ in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return found


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    from django.utils import timezone

    tz = timezone.get_default_timezone()
    start = datetime.datetime(year, 1, 1, 7, 30, tzinfo=tz)
    end = min(timezone.now() - datetime.timedelta(hours=1), datetime.datetime(year + 1, 1, 1, tzinfo=tz))
    return start, end


# the folded text (documents.services.common.reindex: fold(" ".join(parts))) and the vector of its words
# (egov.search.vector: to_tsvector('vn_unaccent', " ".join(words(text)))); `parts` is an SQL expression
def _folded(parts: str) -> str:
    return f"regexp_replace(lower(unaccent({parts})), '\\s+', ' ', 'g')"


# reindex's parts: subject, notation, code, (extracted text: none), organ, signer, arrival number
INCOMING_PARTS = (
    "s.subject || ' ' || s.notation || ' ' || s.number || '/' || s.notation || ' ' || s.organ"
    " || ' Nguyễn Văn An ' || r.k::text"
)
# outgoing: subject, notation, code ("05/QĐ-CQ1"), agency name (no body)
OUTGOING_PARTS = (
    "s.subject || ' ' || s.notation || ' ' || CASE WHEN r.k < 10 THEN '0' ELSE '' END || r.k::text"
    " || '/' || s.notation || ' ' || a.name"
)
VECTOR = "to_tsvector('vn_unaccent', btrim(regexp_replace(x.st, '[^[:alnum:]_]+', ' ', 'g')))"


def _subject(g: str) -> str:
    subjects, mid, rare = _sql_array(SUBJECTS), _sql_array(MID_SUBJECTS), _sql_array(RARE_SUBJECTS)
    return f"""(CASE WHEN {g} % 10007 = 0 THEN ({rare})[1 + ({g} / 10007) % {len(RARE_SUBJECTS)}]
                     WHEN {g} % 211 = 0 THEN ({mid})[1 + ({g} / 211) % {len(MID_SUBJECTS)}]
                     ELSE ({subjects})[1 + {g} % {len(SUBJECTS)}] END)
               || ' ' || ({_sql_array(PLACES)})[1 + ({g} / 16) % {len(PLACES)}]
               || ' năm ' || (y.year - ({g} % 2))::text || ' (mã ' || {g}::text || ')'"""


def _incoming_year(cursor, index: int, year: int) -> int:
    start, end = _year_bounds(year)
    types = _sql_array(TYPES)
    organs, abbreviations = _sql_array(o for o, _ in ORGANS), _sql_array(a for _, a in ORGANS)
    cursor.execute(  # generated arrays of constants only; values are parameters
        f"""
        INSERT INTO documents_incomingdocument (
            extracted_text, search_text, search_vector, agency_id, arrival_year, arrival_number,
            arrived_at, channel, doc_type, number, notation, issued_date, issuing_organ, subject,
            signer_name, signer_position, urgency, secrecy, due_date, pages, attachments_note,
            language, description, file, status, registered_by_id, presented_to_id, result,
            recall_reason, created_at, updated_at)
        SELECT '', x.st, {VECTOR}, a.a_id, y.year, r.k, r.at,
            CASE WHEN r.g % 3 = 0 THEN 'electronic' ELSE 'paper' END, s.doc_type, s.number, s.notation,
            (r.at - interval '2 days')::date, s.organ, s.subject, 'Nguyễn Văn An', 'Thứ trưởng',
            CASE WHEN r.g % 50 = 0 THEN 2 WHEN r.g % 10 = 0 THEN 1 ELSE 0 END,
            CASE WHEN r.g % 500 = 0 THEN 1 ELSE 0 END,
            (r.at + interval '15 days')::date, 1, '', 'Tiếng Việt', '', '',
            CASE WHEN r.at > now() - interval '30 days' THEN
                    CASE WHEN r.g % 97 = 0 THEN 'arrived' WHEN r.g % 33 = 0 THEN 'registered'
                         WHEN r.g % 5 < 3 THEN 'assigned' ELSE 'done' END
                 WHEN r.at > now() - interval '365 days' THEN
                    CASE WHEN r.g % 2003 = 0 THEN 'registered' WHEN r.g % 20 = 0 THEN 'assigned'
                         ELSE 'done' END
                 WHEN r.g % 199 = 0 THEN 'assigned' ELSE 'done' END,
            a.clerk, a.leader, '', '', r.at, r.at
        FROM bench_agency a
        CROSS JOIN (SELECT %(year)s::int AS year, %(start)s::timestamptz AS t0, %(end)s::timestamptz AS t1) y
        CROSS JOIN LATERAL (SELECT a.n / {YEARS} + CASE WHEN %(index)s < a.n % {YEARS} THEN 1 ELSE 0 END AS c,
                                   a.off + %(index)s * (a.n / {YEARS})
                                   + least(%(index)s, a.n % {YEARS}) AS base) p
        CROSS JOIN LATERAL generate_series(1, p.c) AS k
        CROSS JOIN LATERAL (SELECT k, p.base + k AS g, y.t0 + (y.t1 - y.t0) * ((k - 0.5) / p.c) AS at) r
        CROSS JOIN LATERAL (
            SELECT {_subject("r.g")} AS subject, ({types})[1 + r.g % 8] AS doc_type,
                   (r.g % 2000 + 1)::text AS number,
                   ({types})[1 + r.g % 8] || '-' || ({abbreviations})[1 + (r.g / 8) % 8] AS notation,
                   ({organs})[1 + (r.g / 8) % 8] AS organ) s
        CROSS JOIN LATERAL (
            SELECT {_folded(INCOMING_PARTS)} AS st
            OFFSET 0) x
        """.replace("%", "%%").replace("%%(", "%("),  # noqa: S608
        {"year": year, "start": start, "end": end, "index": index},
    )
    return cursor.rowcount


def _tasks(cursor) -> int:
    cursor.execute(
        """
        INSERT INTO documents_task (incoming_id, parent_id, role, title, instructions, assigning_agency_id,
            agency_id, department_id, assignee_id, assigned_by_id, assigned_at, deadline, status, progress,
            result, completed_at)
        SELECT d.id, NULL, t.role, d.subject, '', d.agency_id, d.agency_id, a.depts[1 + t.dept],
            CASE WHEN t.role = 'coordinate' OR (d.status = 'assigned' AND d.id % 5 = 0) THEN NULL
                 ELSE a.staff[1 + t.dept * a.ns + (d.id / 7 / a.nd) % a.ns] END,
            a.leader, d.arrived_at + interval '2 hours', d.due_date,
            CASE WHEN d.status = 'done' THEN 'done' ELSE 'open' END, '', '',
            CASE WHEN d.status = 'done' THEN d.arrived_at + interval '3 days' END
        FROM documents_incomingdocument d
        JOIN bench_agency a ON a.a_id = d.agency_id
        CROSS JOIN LATERAL (
            SELECT 'lead' AS role, (d.id / 7) % a.nd AS dept
            UNION ALL
            SELECT 'coordinate', ((d.id / 7) + 1) % a.nd WHERE d.id % 4 = 0) t
        WHERE d.status IN ('assigned', 'done')
        """
    )
    return cursor.rowcount


def _outgoing_year(cursor, index: int, year: int) -> int:
    """The issued documents of a year: numbered 1..n per agency (the register), a third of the incoming."""
    start, end = _year_bounds(year)
    types = _sql_array(TYPES)
    cursor.execute(
        f"""
        INSERT INTO documents_outgoingdocument (extracted_text, search_text, search_vector, doc_type,
            legal_normative, subject, body, urgency, secrecy, due_date, pages, copies, status, approved_at,
            signer_name, signer_position, sequence, year, number, notation, issued_date, place_date_line,
            issued_at, file, signed_file, signing_state, recall_reason, recalled_at, created_at, updated_at,
            agency_id, approver_id, correction_of_id, department_id, drafter_id, numbered_by_id,
            replaces_incoming_id, reviewer_id, verify_token, sign_authority, sign_for_title, sign_on_behalf)
        SELECT '', x.st, {VECTOR}, s.doc_type, false, s.subject, '', CASE WHEN r.g % 10 = 0 THEN 1 ELSE 0 END,
            s.secrecy, NULL, 2, 1, CASE WHEN r.g % 499 = 0 THEN 'recalled' ELSE 'issued' END,
            r.at - interval '1 day', 'Trần Văn Bình', 'Chủ tịch', '', y.year, r.k, s.notation, r.at::date,
            'Phú Thọ, ngày ' || to_char(r.at, 'DD') || ' tháng ' || to_char(r.at, 'MM') || ' năm ' || y.year,
            r.at, '', '', 'issued_unsigned', '', CASE WHEN r.g % 499 = 0 THEN r.at + interval '5 days' END,
            r.at - interval '3 days', r.at, a.a_id, a.leader, NULL, a.depts[1 + s.dept],
            a.staff[1 + s.dept * a.ns + r.g % a.ns],
            a.clerk, NULL, a.heads[1 + s.dept], '', '', '', ''
        FROM bench_agency a
        CROSS JOIN (SELECT %(year)s::int AS year, %(start)s::timestamptz AS t0, %(end)s::timestamptz AS t1) y
        CROSS JOIN LATERAL (SELECT (a.n / 3) / {YEARS}
                                   + CASE WHEN %(index)s < (a.n / 3) % {YEARS} THEN 1 ELSE 0 END AS c,
                                   a.off / 3 + %(index)s * ((a.n / 3) / {YEARS})
                                   + least(%(index)s, (a.n / 3) % {YEARS}) AS base) p
        CROSS JOIN LATERAL generate_series(1, p.c) AS k
        CROSS JOIN LATERAL (SELECT k, p.base + k AS g, y.t0 + (y.t1 - y.t0) * ((k - 0.5) / p.c) AS at) r
        CROSS JOIN LATERAL (
            SELECT {_subject("r.g")} AS subject, ({types})[1 + r.g % 8] AS doc_type,
                   ({types})[1 + r.g % 8] || '-CQ' || a.rank AS notation,
                   CASE WHEN r.g % 500 = 0 THEN 1 ELSE 0 END AS secrecy,
                   (r.g / 3) % a.nd AS dept) s
        CROSS JOIN LATERAL (
            SELECT {_folded(OUTGOING_PARTS)} AS st
            OFFSET 0) x
        """.replace("%", "%%").replace("%%(", "%("),  # noqa: S608
        {"year": year, "start": start, "end": end, "index": index},
    )
    return cursor.rowcount


def _drafts(cursor) -> int:
    """Drafts under way, created in the last 30 days: one per 300 outgoing documents (at least 12)."""
    statuses = _sql_array(
        [
            "draft",
            "draft",
            "draft",
            "in_review",
            "in_review",
            "pending_approval",
            "pending_approval",
            "returned",
            "approved",
            "draft",
            "in_review",
            "pending_approval",
        ]
    )
    types = _sql_array(TYPES)
    cursor.execute(
        f"""
        INSERT INTO documents_outgoingdocument (extracted_text, search_text, search_vector, doc_type,
            legal_normative, subject, body, urgency, secrecy, due_date, pages, copies, status, approved_at,
            signer_name, signer_position, sequence, year, number, notation, issued_date, place_date_line,
            issued_at, file, signed_file, signing_state, recall_reason, recalled_at, created_at, updated_at,
            agency_id, approver_id, correction_of_id, department_id, drafter_id, numbered_by_id,
            replaces_incoming_id, reviewer_id, verify_token, sign_authority, sign_for_title, sign_on_behalf)
        SELECT '', x.st, {VECTOR}, s.doc_type, false, s.subject, '', CASE WHEN r.g % 7 = 0 THEN 1 ELSE 0 END,
            CASE WHEN r.g % 100 = 0 THEN 1 ELSE 0 END, NULL, 2, 1, s.status,
            CASE WHEN s.status = 'approved' THEN r.at + interval '1 day' END, '', '', '', NULL, NULL, '',
            NULL,
            '',
            NULL, '', '', CASE WHEN s.status = 'approved' THEN 'approved_unsigned' ELSE '' END, '', NULL,
            r.at, r.at, a.a_id, CASE WHEN s.status IN ('pending_approval', 'approved') THEN a.leader END,
            NULL,
            a.depts[1 + s.dept], a.staff[1 + s.dept * a.ns + r.g % a.ns], NULL, NULL,
            CASE WHEN s.status <> 'draft' THEN a.heads[1 + s.dept] END, '', '', '', ''
        FROM bench_agency a
        CROSS JOIN (SELECT extract(year FROM now())::int AS year) y
        CROSS JOIN LATERAL generate_series(1, greatest(12, a.n / 900)) AS k
        CROSS JOIN LATERAL (
            SELECT a.off + k AS g, now() - k * (interval '30 days' / greatest(12, a.n / 900)) AS at) r
        CROSS JOIN LATERAL (
            SELECT {_subject("r.g")} AS subject, ({types})[1 + r.g % 8] AS doc_type,
                   ({statuses})[1 + k % 12] AS status, (k / 12) % a.nd AS dept) s
        CROSS JOIN LATERAL (SELECT {_folded("s.subject || ' ' || a.name")} AS st OFFSET 0) x
        """,  # noqa: S608
    )
    return cursor.rowcount


def _recipients(cursor) -> int:
    organs = _sql_array(o for o, _ in ORGANS)
    cursor.execute(
        f"""
        INSERT INTO documents_recipient (document_id, kind, agency_id, name, organ_id, email, delivered_id)
        SELECT o.id, 'external', NULL, ({organs})[1 + (o.id + n) % 8], '', '', NULL
        FROM documents_outgoingdocument o
        CROSS JOIN LATERAL generate_series(0, (o.id % 2)::int) AS n
        WHERE o.number IS NOT NULL AND o.agency_id IN (SELECT a_id FROM bench_agency)
        """  # noqa: S608
    )
    return cursor.rowcount


def _notifications(cursor) -> int:
    """Thirty notifications per staff member, one in three unread."""
    cursor.execute(
        """
        INSERT INTO documents_notification (user_id, key, text, url, urgent, created_at, read_at, mail,
            emailed_at)
        SELECT u.id, 'bench-' || i, 'Đồng chí được giao xử lý văn bản số ' || i, '', i % 10 = 0,
            now() - i * interval '1 day', CASE WHEN i % 3 = 0 THEN NULL ELSE now() - i * interval '1 day' END,
            'none', NULL
        FROM (SELECT unnest(staff || heads || clerk || leader) AS id FROM bench_agency) u
        CROSS JOIN generate_series(1, 30) AS i
        """
    )
    return cursor.rowcount


def _generate(agencies: list[Agency]) -> None:
    from django.db import connection
    from django.utils import timezone

    this_year = timezone.localdate().year
    years = list(range(this_year - YEARS + 1, this_year + 1))

    def step(label, call):
        started = time.perf_counter()
        count = call()
        tail = f"{count:>10,} rows  " if isinstance(count, int) else ""
        print(f"  {label:<44} {tail}{time.perf_counter() - started:6.1f} s", flush=True)

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET jit = off")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 2")
        _plan_table(cursor, agencies)
        indexes = []
        step("drop secondary indexes", lambda: len(indexes.extend(_drop_indexes(cursor)) or indexes))
        for index, year in enumerate(years):
            step(f"incoming {year}", lambda index=index, year=year: _incoming_year(cursor, index, year))
        step("tasks (lead + coordinating)", lambda: _tasks(cursor))
        for index, year in enumerate(years):
            step(
                f"outgoing issued {year}", lambda index=index, year=year: _outgoing_year(cursor, index, year)
            )
        step("outgoing drafts under way", lambda: _drafts(cursor))
        step("recipients", lambda: _recipients(cursor))
        step("notifications", lambda: _notifications(cursor))
        for name, definition in indexes:
            step(f"index {name[:38]}", lambda definition=definition: cursor.execute(definition))
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        for table in TABLES:
            step(f"vacuum analyze {table}", lambda table=table: cursor.execute(f"VACUUM ANALYZE {table}"))


ONLY: list[str] = []


def _measure(label: str, call, repeat: int) -> None:
    if ONLY and not any(prefix in label for prefix in ONLY):
        return
    from egov import request_memo

    def in_a_request():  # each call as one request of the portal: the user's posts read once
        with request_memo.scope():
            return call()

    in_a_request()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = in_a_request()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"  {label:<66} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   ({result})", flush=True
    )


def _size(file) -> int:
    """The bytes of a temporary file, closed (and so removed) after."""
    with file:
        return file.seek(0, os.SEEK_END)


def _export(label: str, call, repeat: int) -> None:
    """A register export: time of each run, then one more under tracemalloc for the peak Python memory."""
    if ONLY and not any(prefix in label for prefix in ONLY):
        return
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        size = call()
        times.append(time.perf_counter() - started)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    runs = ", ".join(f"{t:.1f}" for t in times)
    print(
        f"  {label:<66} {runs} s   peak {peak / 2**20:6.0f} MiB (tracemalloc), "
        f"max RSS +{grown / 1024:.0f} MiB"
        f"   ({size / 2**20:.1f} MiB xlsx)",
        flush=True,
    )


def _measure_agency(a: Agency, repeat: int, export_repeat: int) -> None:
    from django.core.paginator import Paginator

    from documents import queries, registers

    clerk, leader, head = a.clerk, a.leader, a.heads[0]
    specialist = a.staff[min(len(a.staff) - 1, a.per_department * min(3, len(a.departments) - 1) + 1)]
    tag = f"[{'largest' if a.rank == 1 else 'small'} #{a.rank}]"
    code = a.n // 2 + sum(x.n for x in AGENCIES[: a.rank - 1]) + 1  # a code of the agency's own documents
    people = 2 + len(a.heads) + len(a.staff)
    print(f"\n{tag} {a.agency.name}: {a.n:,} incoming, {len(a.departments)} departments, {people} staff")

    for who, user in (("clerk", clerk), ("specialist", specialist)):
        for kind, words in (
            ("common", "quyet dinh thi dua"),
            ("common", "khieu nai"),
            ("common", "chuyen doi so"),
            ("common+year", "phong chay chua chay 2019"),
            ("mid", "o nhiem moi truong"),
            ("mid", "tiem chung"),
            ("rare", "sao la"),
            ("absent", "tau ngam hat nhan"),
            ("code", f"mã {code}"),
        ):

            def search(user=user, words=words):  # views.incoming_list: CappedPaginator, first page
                qs = queries.filter_incoming(queries.incoming_visible_to(user), {"q": words}).select_related(
                    "agency"
                )
                paginator = queries.CappedPaginator(qs.order_by("-urgency", "-arrived_at"), 50)
                page = paginator.get_page(1)
                more = "" if paginator.count_exact else "more than "
                return f"{len(page.object_list)} shown of {more}{paginator.count:,}"

            _measure(f"{tag} search {who} {kind} '{words}'", search, repeat)

    for who, user in (("clerk", clerk), ("specialist", specialist), ("head", head)):

        def incoming_list(user=user):
            qs = queries.filter_incoming(queries.incoming_visible_to(user), {}).select_related("agency")
            paginator = queries.CappedPaginator(qs.order_by("-urgency", "-arrived_at"), 50)
            page = paginator.get_page(1)
            more = "" if paginator.count_exact else "more than "
            return f"{len(page.object_list)} shown of {more}{paginator.count:,}"

        _measure(f"{tag} incoming list {who} (page of 50 + capped count)", incoming_list, repeat)

    people = (("specialist", specialist), ("head", head), ("clerk", clerk), ("leader", leader))
    for who, user in people:
        _measure(
            f"{tag} my_open_tasks[:100] {who}",
            lambda u=user: len(list(queries.my_open_tasks(u)[:100])),
            repeat,
        )
    for who, user in people[:2]:
        _measure(
            f"{tag} department_open_tasks[:100] {who}",
            lambda u=user: len(list(queries.department_open_tasks(u)[:100])),
            repeat,
        )
    _measure(
        f"{tag} incoming_waiting[:100] leader",
        lambda: len(list(queries.incoming_waiting(leader)[:100])),
        repeat,
    )
    _measure(
        f"{tag} arrived_waiting[:100] clerk", lambda: len(list(queries.arrived_waiting(clerk)[:100])), repeat
    )
    for who, user in people:
        _measure(
            f"{tag} drafts_waiting[:100] {who}",
            lambda u=user: len(list(queries.drafts_waiting(u)[:100])),
            repeat,
        )
    for who, user in people:
        _measure(
            f"{tag} unread_notifications[:20] {who}",
            lambda u=user: len(list(queries.unread_notifications(u)[:20])),
            repeat,
        )

    def inbox(user):  # views.inbox, scope "mine": every list the page renders
        return sum(
            len(list(qs))
            for qs in (
                queries.arrived_waiting(user)[:100],
                queries.my_open_tasks(user)[:100],
                queries.incoming_waiting(user)[:100],
                queries.drafts_waiting(user)[:100],
                queries.unread_notifications(user)[:20],
            )
        )

    for who, user in people:
        _measure(f"{tag} inbox page (scope mine, all lists) {who}", lambda u=user: inbox(u), repeat)

    def badge(user):  # views.badge: the menu's only badge
        return queries.waiting_count(user) + queries.unread_notifications(user).count()

    for who, user in people:
        _measure(f"{tag} badge (waiting_count + unread) {who}", lambda u=user: badge(u), repeat)
        _measure(f"{tag}   waiting_count only {who}", lambda u=user: queries.waiting_count(u), repeat)

    for who, user in people:

        def outgoing_list(user=user, q=""):  # views.outgoing_list: Django's Paginator, exact count
            qs = queries.filter_outgoing(queries.outgoing_visible_to(user), {"q": q})
            page = Paginator(qs.select_related("agency").order_by("-urgency", "-created_at"), 50).get_page(1)
            return f"{len(page.object_list)} shown of {page.paginator.count:,}"

        _measure(f"{tag} outgoing list {who} (page of 50 + count)", outgoing_list, repeat)
        if who in ("clerk", "head"):
            _measure(
                f"{tag} outgoing search {who} 'quyet dinh thi dua'",
                lambda f=outgoing_list: f(q="quyet dinh thi dua"),
                repeat,
            )

    if a.rank == 1:
        from django.utils import timezone

        year = timezone.localdate().year - 1
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for kind in ("di", "den"):
            lines = sum(1 for _line in registers.rows(kind, a.agency, first, last)[1])
            _export(
                f"{tag} register export '{kind}' {year} xlsx ({lines:,} lines)",
                lambda kind=kind: _size(registers.to_xlsx(kind, a.agency, first, last)),
                export_repeat,
            )


AGENCIES: list[Agency] = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--export-repeat", type=int, default=2, help="runs of each register export")
    parser.add_argument("--regenerate", action="store_true", help="delete the bench agencies' rows first")
    parser.add_argument("--only", action="append", default=[], help="measure only labels containing this")
    args = parser.parse_args()
    ONLY.extend(args.only)
    print(f"load average at start: {_load()}  ({os.cpu_count()} CPUs)", flush=True)

    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…/egov_bench_2m).")
    _ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from documents.models import IncomingDocument, OutgoingDocument, Task

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    AGENCIES.extend(_people(sizes(args.rows, args.agencies)))
    print(
        f"{len(AGENCIES)} agencies and their staff ready in {time.perf_counter() - started:.1f} s", flush=True
    )
    ids = [a.agency.pk for a in AGENCIES]
    existing = IncomingDocument.objects.filter(agency_id__in=ids).count()
    if args.regenerate and existing:
        with connection.cursor() as cursor:
            for table, column in (
                (
                    "documents_notification",
                    "user_id IN (SELECT user_id FROM directory_staffassignment WHERE agency_id = ANY(%s))",
                ),
                (
                    "documents_recipient",
                    "document_id IN (SELECT id FROM documents_outgoingdocument WHERE agency_id = ANY(%s))",
                ),
                ("documents_outgoingdocument", "agency_id = ANY(%s)"),
                ("documents_task", "agency_id = ANY(%s)"),
                ("documents_incomingdocument", "agency_id = ANY(%s)"),
            ):
                cursor.execute(f"DELETE FROM {table} WHERE {column}", [ids])  # noqa: S608
        existing = 0
    if existing != args.rows:
        if existing:
            sys.exit(f"{existing:,} rows already there; use --regenerate to rebuild with {args.rows:,}.")
        print(f"Generating {args.rows:,} incoming documents for {args.agencies} agencies…", flush=True)
        started = time.perf_counter()
        _generate(AGENCIES)
        print(f"Generated in {time.perf_counter() - started:.0f} s", flush=True)
    print(
        f"{IncomingDocument.objects.filter(agency_id__in=ids).count():,} incoming documents, "
        f"{Task.objects.filter(agency_id__in=ids).count():,} tasks, "
        f"{OutgoingDocument.objects.filter(agency_id__in=ids).count():,} outgoing documents; "
        f"largest agency {AGENCIES[0].n:,}, smallest {AGENCIES[-1].n:,}; {args.repeat} runs each",
        flush=True,
    )
    for a in (AGENCIES[0], AGENCIES[-1]):
        _measure_agency(a, args.repeat, args.export_repeat)
    print(f"\nload average at end: {_load()}")


if __name__ == "__main__":
    main()
