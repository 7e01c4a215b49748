"""Calls run at the same moment, each in its own thread and database connection, for the tests of row locks,
counters and "at most once" (PostgreSQL in CI; SQLite locks whole tables)."""

import threading
import time

from django.db import OperationalError, connections

# A busy database, not a failure: SQLite's in-memory test database answers "table is locked" instead of
# waiting, and PostgreSQL refuses connections past max_connections. Such a call rolls back whole and is
# retried; any other OperationalError (a deadlock) is raised, as that is what these tests look for. A busy
# error may come wrapped (the session store turns it into UpdateError), so the whole chain is read.
BUSY = ("locked", "too many clients")


def _busy(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OperationalError) and any(word in str(error) for word in BUSY):
            return True
        error = error.__cause__ or error.__context__
    return False


def at_once(calls) -> tuple[list, list[BaseException]]:
    """Run each call in its own thread, all released together: (what they returned, what they raised)."""
    barrier = threading.Barrier(len(calls))
    results: list = []
    errors: list[BaseException] = []

    def run(call):
        try:
            barrier.wait()
            for _attempt in range(300):
                try:
                    results.append(call())
                    return
                except Exception as error:
                    if not _busy(error):
                        raise
                    time.sleep(0.02)
            raise AssertionError("never got through: the database stayed busy")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a call is still waiting: a deadlock"
    return results, errors
