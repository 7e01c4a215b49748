"""Fixtures shared by the whole suite: users per role, a logged-in client, and a real Chromium."""

import os
import shutil
import threading

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.accounts.roles import Role
from egov.audit import purge
from tests.factories import UserFactory

# Test databases are emptied between transactional tests; the audit table's triggers allow that only
# to connections that declare it (egov.audit.purge). Production never sets this.
purge.PURGE_ALLOWED = True

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def make_user(db):
    """make_user(Role.CLERK, **fields): a user holding that role (None: no role)."""

    def make(role: Role | None = None, **fields):
        user = UserFactory(**fields)
        if role is not None:
            user.groups.add(Group.objects.get_or_create(name=role.value)[0])
            user.__dict__.pop("_role_names", None)
        return user

    return make


@pytest.fixture
def totp_device():
    """totp_device(user): a confirmed TOTP device; returns a function giving its current code."""

    def make(user):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        return lambda: f"{totp(device.bin_key):06d}"

    return make


@pytest.fixture
def staff_client(client, make_user, totp_device):
    """staff_client(role): a test client logged in as a new user of that role, past the second factor."""

    def make(role: Role, **fields):
        user = make_user(role, **fields)
        client.force_login(user)
        if user.requires_two_factor:
            code = totp_device(user)
            response = client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()})
            assert response.status_code == 302, response.content
        client.user = user
        return client

    return make


# --- Browser ------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. In CI a missing browser fails the run; elsewhere the
    browser tests are deselected by the `browser` marker check in pytest_collection_modifyitems."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, and Django refuses ORM calls from such a
    # thread, including the flush after each transactional test: allow them while the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _live_server_one_request_at_a_time():
    """On SQLite the test database lives in memory and the live server's threads share its one
    connection, so two requests at once (a page and the htmx fragments it loads) can read each other's
    rows. There the server still takes connections in threads, but runs the application for one request
    at a time, and the test's own queries wait for the request in flight (a fragment a page loads after
    the step the test waited for); on PostgreSQL each thread has its own connection and nothing is
    serialised."""
    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.db import connection
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(ThreadedWSGIServer):
        # re-entrant: a request's own queries pass the wrapper below while it holds the lock
        lock = threading.RLock()
        in_flight = 0
        idle = threading.Condition()

        def process_request(self, request, client_address):
            with self.idle:
                SerialWSGIServer.in_flight += 1
            super().process_request(request, client_address)

        def process_request_thread(self, request, client_address):
            try:
                super().process_request_thread(request, client_address)
            finally:
                with self.idle:
                    SerialWSGIServer.in_flight -= 1
                    self.idle.notify_all()

        def set_app(self, application):
            def serial(environ, start_response):
                with self.lock:
                    result = application(environ, start_response)
                    try:
                        return list(result)
                    finally:
                        getattr(result, "close", lambda: None)()

            super().set_app(serial)

    if connection.vendor == "sqlite":
        LiveServerThread.server_class = SerialWSGIServer
        return SerialWSGIServer
    return None


def _one_query_at_a_time(lock):
    def execute(run, sql, params, many, context):
        with lock:
            return run(sql, params, many, context)

    return execute


@pytest.fixture
def live_server(_live_server_one_request_at_a_time, live_server):
    serial_server = _live_server_one_request_at_a_time
    if serial_server is None:
        yield live_server
        return
    from django.db import connection

    with connection.execute_wrapper(_one_query_at_a_time(serial_server.lock)):
        yield live_server
        # a request a closed page left running (an htmx fragment) still reads the shared in-memory
        # database, and the flush after the test would find its tables locked: wait for it to end
        with serial_server.idle:
            serial_server.idle.wait_for(lambda: serial_server.in_flight == 0, timeout=30)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium. CI must have it (a missing browser fails there); on a developer
    machine without it they are deselected with a notice rather than failing."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if browser_items:
        config.hook.pytest_deselected(items=browser_items)
        items[:] = [item for item in items if "browser" not in item.keywords]
        print(f"\nChromium not installed: {len(browser_items)} browser tests deselected")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate-limit counters: every test client is 127.0.0.1), no
    lookup names kept in the process, and a working-day calendar re-read from its own database, which
    rolls back between tests while the cache does not. Clearing the cache alone would drop the
    calendar's shared version token, and the next version check, whenever it fell, would reload the
    years: an extra query at a random moment."""
    from django.core.cache import cache

    from egov.workdays import clock
    from onestop.lookup.queries import forget_names

    cache.clear()
    clock.invalidate_calendar()
    forget_names()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher costs ~0.3 s a password by design; tests only need a correct one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _celery_tasks_run_inline():
    """Tests check the effects of tasks where they are queued; tests/platform/test_celery.py proves the
    real path through the broker and a worker when REDIS_URL is set."""
    from egov.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
