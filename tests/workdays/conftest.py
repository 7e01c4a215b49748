import pytest

from egov.workdays import clock


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Each test starts and ends with no cached year: the DB rolls back between tests, the cache does not."""
    clock.invalidate_calendar()
    yield
    clock.invalidate_calendar()
