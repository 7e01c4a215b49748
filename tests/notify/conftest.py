import pytest

from tests.onestop.conftest import world  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures)

from .providers import FlakySms


@pytest.fixture
def flaky(settings):
    """flaky(n): SMS go through a provider that fails n times first."""
    settings.NOTIFY_SMS_PROVIDER = "tests.notify.providers.FlakySms"

    def make(failures: int):
        FlakySms.reset(failures)
        return FlakySms

    return make
