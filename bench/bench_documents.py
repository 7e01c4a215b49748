"""Benchmark: search and inbox latency of the documents app with many incoming documents on PostgreSQL.

Run (a dedicated database; it is created and migrated when missing, rows are generated only once):

    createdb -h 127.0.0.1 -U postgres egov_bench     # or let the script create it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/egov_bench \\
        .venv/bin/python bench/bench_documents.py --rows 1000000 [--repeat 50] [--regenerate]

Rows are generated in SQL (INSERT ... SELECT generate_series, in batches of 200,000) for one agency of ten
departments and ~200 staff, subjects drawn from realistic Vietnamese phrases; the accent-free search text
and the tsvector (vn_unaccent) are computed in SQL as well, like documents.services.reindex does. Every
assigned document (one in ten) has an open task for a person of a department, and one in ten of the
others a finished one. Then VACUUM
ANALYZE, and each measured call is repeated (`--repeat`) with the p50/p95 printed in milliseconds:

- search: queries.search(incoming_visible_to(clerk), words) — the first page of 50 and the count capped at
  1,000 (queries.CappedPaginator, as the incoming page and the API);
- inbox: the staff inbox of a specialist, a department head and the leader (my_open_tasks,
  incoming_waiting, drafts_waiting) and the header badge (waiting_count).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov_bench")

BATCH = 200_000
SUBJECTS = [
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
ORGANS = [
    "Bộ Nội vụ",
    "Bộ Tài chính",
    "Thủ tướng Chính phủ",
    "Sở Tư pháp tỉnh Phú Thọ",
    "Sở Xây dựng tỉnh Phú Thọ",
    "Bộ Thông tin và Truyền thông",
    "Công an tỉnh Phú Thọ",
    "Ủy ban MTTQ Việt Nam tỉnh Phú Thọ",
]
TYPES = ["CV", "QĐ", "KH", "TB", "BC", "GM", "HD", "TTr"]


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _sql_array(values) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _people():
    """One agency, ten departments, ~200 staff: clerk, leader, heads, specialists."""
    import datetime

    from django.contrib.auth.models import Group

    from egov.accounts.models import User
    from egov.accounts.roles import Role
    from egov.directory.models import Agency, Department, Position, StaffAssignment

    agency = Agency.objects.filter(name="Ủy ban nhân dân tỉnh Bench").first()
    start = datetime.date(2020, 1, 1)

    def person(username, role, department, rank, title):
        user, created = User.objects.get_or_create(username=username, defaults={"full_name": username})
        if created:
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
            position, _ = Position.objects.get_or_create(name=title, rank=rank)
            StaffAssignment.objects.create(
                user=user, agency=agency, department=department, position=position, valid_from=start
            )
        return user

    if agency is None:
        agency = Agency.objects.create(
            name="Ủy ban nhân dân tỉnh Bench", short_name="UBND", place_name="Phú Thọ"
        )
    departments = []
    for i in range(10):
        department, _ = Department.objects.get_or_create(
            agency=agency, abbreviation=f"P{i}", defaults={"name": f"Phòng {i}"}
        )
        departments.append(department)
    clerk = person("bench.vanthu", Role.CLERK, departments[0], Position.Rank.STAFF, "Văn thư")
    leader = person("bench.lanhdao", Role.LEADER, None, Position.Rank.AGENCY_LEADER, "Chủ tịch")
    heads, staff = [], []
    for i, department in enumerate(departments):
        heads.append(
            person(
                f"bench.truongphong{i}",
                Role.SPECIALIST,
                department,
                Position.Rank.DEPARTMENT_HEAD,
                "Trưởng phòng",
            )
        )
        for j in range(19):
            staff.append(
                person(f"bench.cv{i}.{j}", Role.SPECIALIST, department, Position.Rank.STAFF, "Chuyên viên")
            )
    return agency, departments, clerk, leader, heads, staff


def _generate(rows: int, agency, departments, clerk, leader, staff) -> None:
    from django.db import connection

    subjects, organs, types = _sql_array(SUBJECTS), _sql_array(ORGANS), _sql_array(TYPES)
    staff_ids = "ARRAY[" + ", ".join(str(u.pk) for u in staff) + "]"
    dept_of = "ARRAY[" + ", ".join(str(departments[i // 19].pk) for i in range(len(staff))) + "]"
    with connection.cursor() as cursor:
        done = 0
        while done < rows:
            upto = min(rows, done + BATCH)
            started = time.perf_counter()
            cursor.execute(  # generated arrays of constants only; values are parameters
                f"""
                INSERT INTO documents_incomingdocument (
                    extracted_text, search_text, search_vector, agency_id, arrival_year, arrival_number,
                    arrived_at, channel, doc_type, number, notation, issued_date, issuing_organ, subject,
                    signer_name, signer_position, urgency, secrecy, due_date, pages, attachments_note,
                    language, description, file, status, registered_by_id, presented_to_id, result,
                    recall_reason, created_at, updated_at)
                SELECT '', '', NULL, %(agency)s, 2000 + g / 100000, g %% 100000 + 1,
                    now() - (g %% 3650) * interval '1 day' - (g %% 86400) * interval '1 second',
                    'paper', ({types})[1 + g %% 8], (g %% 2000 + 1)::text,
                    ({types})[1 + g %% 8] || '-S' || (g %% 97)::text,
                    (now() - (g %% 3650 + 2) * interval '1 day')::date,
                    ({organs})[1 + g %% 8],
                    ({subjects})[1 + g %% 16] || ' ' || (2000 + g %% 27)::text || ' (mã ' || g::text || ')',
                    '', '', CASE WHEN g %% 50 = 0 THEN 2 WHEN g %% 10 = 0 THEN 1 ELSE 0 END, 0,
                    (now() - (g %% 3650) * interval '1 day' + interval '15 days')::date, 1, '',
                    'Tiếng Việt', '', '',
                    CASE WHEN g %% 1000 = 0 THEN 'registered'
                         WHEN g %% 10 = 0 THEN 'assigned' ELSE 'done' END,
                    %(clerk)s, %(leader)s, '', '', now(), now()
                FROM generate_series(%(start)s, %(stop)s) AS g
                """,  # noqa: S608
                {
                    "agency": agency.pk,
                    "clerk": clerk.pk,
                    "leader": leader.pk,
                    "start": done,
                    "stop": upto - 1,
                },
            )
            done = upto
            print(f"  {done:>10,} rows  ({time.perf_counter() - started:.1f} s for the batch)", flush=True)
        started = time.perf_counter()
        cursor.execute(
            """UPDATE documents_incomingdocument
               SET search_text = lower(unaccent(subject || ' ' || notation || ' ' || number || '/' || notation
                                                || ' ' || issuing_organ || ' ' || arrival_number::text)),
                   search_vector = to_tsvector('vn_unaccent', lower(unaccent(subject || ' ' || notation || ' '
                                                || issuing_organ || ' ' || arrival_number::text)))
               WHERE agency_id = %s""",
            [agency.pk],
        )
        print(f"  search text and vectors: {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        cursor.execute(
            f"""
            INSERT INTO documents_task (incoming_id, role, title, instructions, assigning_agency_id,
                agency_id, department_id, assignee_id, assigned_by_id, assigned_at, deadline, status,
                progress, result, completed_at)
            SELECT d.id, 'lead', '', '', d.agency_id, d.agency_id,
                ({dept_of})[1 + (d.id / 10) %% {len(staff)}],
                ({staff_ids})[1 + (d.id / 10) %% {len(staff)}], %(leader)s,
                d.arrived_at, d.due_date, CASE WHEN d.status = 'done' THEN 'done' ELSE 'open' END, '', '',
                CASE WHEN d.status = 'done' THEN d.arrived_at + interval '3 days' END
            FROM documents_incomingdocument d
            WHERE d.agency_id = %(agency)s AND (d.status = 'assigned' OR d.id %% 10 = 0)
            """,  # noqa: S608
            {"agency": agency.pk, "leader": leader.pk},
        )
        print(f"  tasks: {time.perf_counter() - started:.1f} s", flush=True)
    from django.db import connection as conn

    conn.connection.autocommit = True
    with conn.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("VACUUM ANALYZE documents_incomingdocument")
        cursor.execute("VACUUM ANALYZE documents_task")
        print(f"  vacuum analyze: {time.perf_counter() - started:.1f} s", flush=True)


ONLY: list[str] = []


def _measure(label: str, call, repeat: int) -> None:
    if ONLY and not any(label.startswith(prefix) for prefix in ONLY):
        return
    call()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"  {label:<58} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   ({result})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--regenerate", action="store_true", help="delete the bench agency's rows first")
    parser.add_argument("--only", action="append", default=[], help="measure only labels with this prefix")
    args = parser.parse_args()
    ONLY.extend(args.only)

    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…/egov_bench).")
    _ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from documents import queries
    from documents.models import IncomingDocument, Task

    call_command("migrate", verbosity=0)
    agency, departments, clerk, leader, heads, staff = _people()
    existing = IncomingDocument.objects.filter(agency=agency).count()
    if args.regenerate and existing:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM documents_task WHERE agency_id = %s", [agency.pk])
            cursor.execute("DELETE FROM documents_incomingdocument WHERE agency_id = %s", [agency.pk])
        existing = 0
    if existing != args.rows:
        if existing:
            sys.exit(f"{existing:,} rows already there; use --regenerate to rebuild with {args.rows:,}.")
        print(f"Generating {args.rows:,} incoming documents…", flush=True)
        started = time.perf_counter()
        _generate(args.rows, agency, departments, clerk, leader, staff)
        print(f"Generated in {time.perf_counter() - started:.0f} s", flush=True)
    print(
        f"{IncomingDocument.objects.filter(agency=agency).count():,} incoming documents, "
        f"{Task.objects.filter(agency=agency).count():,} tasks; {args.repeat} runs each"
    )

    visible = queries.incoming_visible_to(clerk)
    for words in (
        "quyet dinh thi dua",
        "chuyen doi so",
        "phong chay chua chay 2019",
        "mã 777777",
        "khieu nai",
    ):

        def search(words=words):  # what the incoming page and the API do: CappedPaginator, first page
            found = queries.search(visible, words).order_by("-urgency", "-arrived_at")
            paginator = queries.CappedPaginator(found, 50)
            page = paginator.page(1)
            more = "" if paginator.count_exact else "more than "
            return f"{len(page.object_list)} shown of {more}{paginator.count:,}"

        _measure(f"search '{words}' (page of 50 + capped count)", search, args.repeat)

    specialist, head = staff[7], heads[3]
    _measure(
        "inbox specialist: my_open_tasks[:100]",
        lambda: len(list(queries.my_open_tasks(specialist)[:100])),
        args.repeat,
    )
    _measure(
        "inbox head: my_open_tasks[:100]", lambda: len(list(queries.my_open_tasks(head)[:100])), args.repeat
    )
    _measure(
        "inbox leader: incoming_waiting[:100]",
        lambda: len(list(queries.incoming_waiting(leader)[:100])),
        args.repeat,
    )
    _measure(
        "inbox leader: drafts_waiting[:100]",
        lambda: len(list(queries.drafts_waiting(leader)[:100])),
        args.repeat,
    )
    _measure("badge specialist: waiting_count", lambda: queries.waiting_count(specialist), args.repeat)
    _measure("badge leader: waiting_count", lambda: queries.waiting_count(leader), args.repeat)
    _measure(
        "inbox specialist: department_open_tasks[:100]",
        lambda: len(list(queries.department_open_tasks(specialist)[:100])),
        args.repeat,
    )
    _measure(
        "incoming list specialist (visible_to, page of 50)",
        lambda: len(list(queries.incoming_visible_to(specialist).order_by("-urgency", "-arrived_at")[:50])),
        args.repeat,
    )


if __name__ == "__main__":
    main()
