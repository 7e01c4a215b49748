"""Benchmark: messages queued and delivered through a real Celery worker on Redis, with PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/egov_bench_notify REDIS_URL=redis://127.0.0.1:6379/11 \\
        .venv/bin/python bench/notify_throughput.py [--messages 10000] [--concurrency 2] [--drop]

The database is created when missing (and dropped at the end with --drop), migrated, and its messages and
local SMS emptied; the Redis database is flushed (use one of its own). A worker (`celery -A egov worker`,
prefork, --concurrency processes) is started as a subprocess with the same environment, DEBUG off. Then
--messages SMS are queued through `egov.notify.services.queue`, 500 per transaction, each delivery sent to
the broker on commit, each to its own number with its own code. When every message is sent, it checks
that the local SMS outbox holds exactly one SMS per message (no number twice, no message lost), each sent
at the first attempt, and prints the queueing rate and the end-to-end rate in messages per second.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/egov_bench_notify")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")
# a worker with DEBUG on keeps every query it ran in memory
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-notify-not-a-secret")
os.environ.setdefault("NOTIFY_SMS_PROVIDER", "egov.notify.providers.LocalSmsProvider")

BATCH = 500


def _admin_dsn() -> tuple[str, str]:
    """The server's maintenance database and the bench database's name, from DATABASE_URL."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres")), name


def _create_database() -> None:
    import psycopg

    dsn, name = _admin_dsn()
    with psycopg.connect(dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database() -> None:
    import psycopg

    dsn, name = _admin_dsn()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start_worker(concurrency: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "egov",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        str(concurrency),
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ))  # noqa: S603 (a fixed command)


def _wait_until_sent(total: int, worker: subprocess.Popen, timeout: float) -> float:
    from egov.notify.models import Message, Status

    deadline = time.monotonic() + timeout
    while True:
        sent = Message.objects.filter(status=Status.SENT).count()
        if sent >= total:
            return time.monotonic()
        if worker.poll() is not None:
            raise SystemExit(f"the worker stopped (exit {worker.returncode}) with {sent:,}/{total:,} sent")
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out with {sent:,}/{total:,} sent")
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--drop", action="store_true", help="drop the bench database at the end")
    args = parser.parse_args()

    _create_database()
    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.db.models import Count

    from egov.notify import services
    from egov.notify.models import LocalSms, Message, Status

    call_command("migrate", verbosity=0)
    Message.objects.all().delete()
    LocalSms.objects.all().delete()
    redis.Redis.from_url(settings.REDIS_URL).flushdb()

    worker = _start_worker(args.concurrency)
    try:
        start = time.monotonic()
        for first in range(0, args.messages, BATCH):
            with transaction.atomic():
                for n in range(first, min(first + BATCH, args.messages)):
                    services.queue(
                        "accepted",
                        phone=f"09{n:08d}",
                        context={"code": f"BENCH-{n:05d}", "url": f"https://example.vn/tra-cuu-ho-so/{n}/"},
                        key=f"bench:{n}",
                    )
        queued = time.monotonic()
        done = _wait_until_sent(args.messages, worker, args.timeout)
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    total = args.messages
    assert Message.objects.count() == total
    assert Message.objects.exclude(status=Status.SENT).count() == 0
    assert Message.objects.exclude(attempts=1).count() == 0, "a message was attempted more than once"
    assert LocalSms.objects.count() == total, f"{LocalSms.objects.count():,} SMS for {total:,} messages"
    twice = LocalSms.objects.values("phone").annotate(n=Count("pk")).filter(n__gt=1).count()
    assert twice == 0, f"{twice} numbers got the same message twice"
    print(f"{total:,} messages, worker concurrency {args.concurrency}")
    print(f"queued:    {queued - start:6.1f} s  ({total / (queued - start):,.0f} messages/s)")
    print(f"delivered: {done - start:6.1f} s  ({total / (done - start):,.0f} messages/s end to end)")
    print("each sent exactly once: LocalSms rows == messages, no number twice, every attempt the first")
    connections.close_all()
    if args.drop:
        _drop_database()


if __name__ == "__main__":
    main()
