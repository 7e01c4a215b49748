"""Benchmark: a citizen's "Hồ sơ của tôi" page and its API with a national-scale dossier table (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/egov_bench_onestop \\
        .venv/bin/python bench/onestop_citizen.py [--rows 1000000] [--mine 50] [--repeat 200]

The dossier table is the one `onestop_queue.py` generates (reused when it has `--rows` rows). A citizen's
account is given `--mine` of them, spread over the table (all statuses, some returned and rated); then the
page (first page, 20 rows, with the working time left of each) and the API list are requested through the
whole middleware stack with Django's test client, logged in, sequentially on one core, printing p50/p95 in
milliseconds and the number of queries per request.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov_bench_onestop")
os.environ.setdefault("DEBUG", "false")  # as in production: with DEBUG on, every query is also kept in memory
os.environ.setdefault("SECRET_KEY", "bench-citizen-not-a-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from bench.onestop_queue import build_world, generate, plain_static_files, timed


def give_dossiers(citizen, mine: int) -> None:
    """`mine` dossiers spread over the table become the citizen's, a third of the returned ones rated."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE onestop_dossier SET applicant_user_id = NULL WHERE applicant_user_id = %s", [citizen.pk]
        )
        cursor.execute(
            """
            UPDATE onestop_dossier SET applicant_user_id = %(user)s
            WHERE id IN (SELECT id FROM onestop_dossier ORDER BY md5(id::text) LIMIT %(mine)s)
            """,
            {"user": citizen.pk, "mine": mine},
        )
        cursor.execute(
            """
            INSERT INTO onestop_dossierrating (dossier_id, score, comment, source, created_at)
            SELECT id, 1 + id %% 4, '', 'online', now() FROM onestop_dossier
            WHERE applicant_user_id = %(user)s AND status = 'returned' AND id %% 3 = 0
            ON CONFLICT DO NOTHING
            """,
            {"user": citizen.pk},
        )
        cursor.execute("ANALYZE onestop_dossier")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--mine", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    plain_static_files()
    setup_test_environment()  # the test client's hooks; the database is the bench's own
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from egov.accounts.models import User
    from egov.accounts.roles import Role
    from onestop.models import Dossier

    version, world = build_world()
    if Dossier.objects.count() != args.rows:
        generate(args.rows, version, world)
    citizen, _ = User.objects.get_or_create(
        username="bench-citizen", defaults={"full_name": "Nguyễn Văn Đo", "personal_id": "001090999999"}
    )
    citizen.groups.add(Group.objects.get_or_create(name=Role.CITIZEN.value)[0])
    give_dossiers(citizen, args.mine)
    mine = Dossier.objects.filter(applicant_user=citizen).count()
    print(f"{Dossier.objects.count():,} dossiers; the citizen has {mine}")

    client = Client()
    client.force_login(citizen)
    for name, url in [("my dossiers page", "/ho-so/cua-toi/"), ("my dossiers API", "/api/v1/ho-so/cua-toi/")]:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        queries = []

        def count(run, sql, *rest, queries=queries):
            queries.append(sql)
            return run(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(url)
        print(f"{name}: {timed(args.repeat, lambda url=url: client.get(url))}, {len(queries)} queries")


if __name__ == "__main__":
    main()
