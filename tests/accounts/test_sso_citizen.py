"""The citizen an identity provider vouches for: created once by accounts.services, audited, and only for a
personal ID the registration validator accepts."""

import pytest

from egov.accounts import services
from egov.accounts.roles import Role
from egov.accounts.sso import SSOError
from egov.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

CLAIMS = {
    "personal_id": "001190012345",
    "name": "Nguyễn Thị B",
    "birthdate": "1990-05-01",
    "gender": "female",
}


def test_the_first_login_creates_the_citizen_and_the_next_finds_it():
    user = services.citizen_from_claims(CLAIMS)
    assert user.username == user.personal_id == "001190012345" and user.sex == "F"
    assert user.has_role(Role.CITIZEN) and not user.has_usable_password()
    assert services.citizen_from_claims(CLAIMS) == user
    assert AuditEntry.objects.filter(action="accounts.register_sso", target_id=str(user.pk)).count() == 1


@pytest.mark.parametrize("personal_id", ["999123456789", "12345", "", "00119001234x"])
def test_a_personal_id_registration_refuses_is_refused(personal_id):
    with pytest.raises(SSOError):
        services.citizen_from_claims({**CLAIMS, "personal_id": personal_id, "sub": personal_id})
