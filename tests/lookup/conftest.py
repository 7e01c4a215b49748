from tests.onestop.conftest import world  # noqa: F401 (fixtures)
from tests.onestop.signers import demo_pki  # noqa: F401
from tests.services.conftest import _media, make_procedure  # noqa: F401
