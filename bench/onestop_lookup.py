"""Benchmark: the public dossier page /tra-cuu-ho-so/<code>/ against a bare Django page, with a
national-scale dossier table (PostgreSQL).

    createdb -h 127.0.0.1 -U postgres bench_lookup
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_lookup \\
        .venv/bin/python bench/onestop_lookup.py [--rows 1000000] [--requests 2000] [--regenerate]

The dossiers are `onestop_queue.py`'s (`build_world`, `generate`: reused when the table has `--rows`
rows), their codes rewritten once into the desk's format (<agency e-ID>-<yymmdd>-<4-digit sequence>
per agency and local day), so the lookup finds them. Then, in one process pinned to one core, with DEBUG
off, sequential requests through the whole WSGI application and middleware stack, each for a random
existing dossier:

- bare: a view that reads one dossier by primary key (three columns) and renders a one-line template;
- lookup: the public page, by code (its limit per address raised so that every request passes the count).

Printed for each: requests per second, p50/p95 in milliseconds, queries per request; then the lookup's
share of the bare page's rate (goal ≥ 80 %) and its p95 (goal ≤ 20 ms).
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_lookup")
os.environ.setdefault("DEBUG", "false")  # with DEBUG on, every query is also kept in memory
os.environ.setdefault("SECRET_KEY", "bench-lookup-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "bench.local")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOOKUP_PER_MINUTE", str(10**9))

from bench.onestop_queue import build_world, generate, plain_static_files

HOST = "bench.local"


def recode() -> None:
    """Codes in the desk's format: the sequence counts per receiving agency and local day of acceptance."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE onestop_dossier d SET code = x.code FROM (
                SELECT o.id, a.code || '-' || to_char(o.day, 'YYMMDD') || '-' || lpad(row_number() OVER (
                    PARTITION BY o.receiving_agency_id, o.day ORDER BY o.id)::text, 4, '0') AS code
                FROM (
                    SELECT id, receiving_agency_id, (accepted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day
                    FROM onestop_dossier
                ) o
                    JOIN directory_agency a ON a.id = o.receiving_agency_id
            ) x WHERE d.id = x.id
            """
        )
        cursor.execute("VACUUM ANALYZE onestop_dossier")


def bare_view(request, pk):
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404
    from django.template import engines

    from onestop.models import Dossier

    dossier = get_object_or_404(Dossier.objects.only("code", "status", "applicant_name"), pk=pk)
    template = engines["django"].from_string(
        "<!doctype html><title>{{ d.code }}</title><p>{{ d.code }} {{ d.status }} {{ d.applicant_name }}</p>"
    )
    return HttpResponse(template.render({"d": dossier}, request))


def environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "HTTP_ACCEPT_LANGUAGE": "vi",
        "REMOTE_ADDR": "10.1.2.3",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(application, path: str) -> str:
    status = []
    body = application(environ(path), lambda s, headers, exc_info=None: status.append(s))
    try:
        b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    return status[0]


def run(application, paths: list[str]) -> list[float]:
    samples = []
    for path in paths:
        began = time.perf_counter()
        status = call(application, path)
        samples.append((time.perf_counter() - began) * 1000)
        assert status.startswith("200"), (path, status)
    return samples


def report(name: str, samples: list[float], queries: int) -> float:
    rate = 1000 * len(samples) / sum(samples)
    p95 = statistics.quantiles(samples, n=20)[18]
    print(
        f"{name}: {rate:,.0f} requests/s, p50 {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms, "
        f"{queries} queries per request"
    )
    return rate


def count_queries(application, path: str) -> int:
    from django.db import connection

    seen = []
    with connection.execute_wrapper(lambda run, sql, *rest: seen.append(sql) or run(sql, *rest)):
        call(application, path)
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--server-side-binding",
        action="store_true",
        help="psycopg's server-side parameters, so that a query it sees again is prepared and not planned",
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})

    import django

    django.setup()
    plain_static_files()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection

    if args.server_side_binding:
        connection.settings_dict.setdefault("OPTIONS", {})["server_side_binding"] = True
    from django.urls import clear_url_caches, path

    import egov.urls
    from onestop.models import Dossier

    call_command("migrate", verbosity=0)
    version, world = build_world()
    if args.regenerate or Dossier.objects.count() != args.rows:
        generate(args.rows, version, world)
        recode()
    egov.urls.urlpatterns.insert(0, path("bench-bare/<int:pk>/", bare_view))
    clear_url_caches()

    sample = list(Dossier.objects.order_by("?").values_list("pk", "code")[: args.requests])
    print(f"{Dossier.objects.count():,} dossiers; {len(sample)} random ones requested, one at a time")
    application = WSGIHandler()
    bare = [f"/bench-bare/{pk}/" for pk, _code in sample]
    lookup = [f"/tra-cuu-ho-so/{code}/" for _pk, code in sample]
    run(application, bare[:200] + lookup[:200])  # warm up: connection, templates, translations
    bare_samples, lookup_samples = [], []
    for rounds in range(5):  # alternating, so that a drift of the machine weighs on both alike
        step = slice(rounds * len(sample) // 5, (rounds + 1) * len(sample) // 5)
        bare_samples += run(application, bare[step])
        lookup_samples += run(application, lookup[step])
    bare_rate = report("bare page (pk, tiny template)", bare_samples, count_queries(application, bare[0]))
    lookup_rate = report("lookup page", lookup_samples, count_queries(application, lookup[0]))
    p95 = statistics.quantiles(lookup_samples, n=20)[18]
    share = 100 * lookup_rate / bare_rate
    print(f"lookup / bare: {share:.0f} % (goal ≥ 80 %); lookup p95 {p95:.2f} ms (goal ≤ 20 ms)")


if __name__ == "__main__":
    main()
