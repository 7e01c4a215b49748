"""The reporting tests use the one-stop desk's small province (tests/onestop/conftest.py)."""

from tests.onestop.conftest import world  # noqa: F401 (fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures)
