"""Who may manage the directory in the admin. Units come from the loader; admins may correct them."""

from egov.accounts.roles import Role


def _perms(actions, models):
    return [f"directory.{action}_{model}" for action in actions for model in models]


STAFF_MODELS = ["agency", "agencycode", "department", "position", "staffassignment"]
UNIT_MODELS = ["administrativeunit", "unitsuccession"]

PERMISSIONS = {
    Role.AGENCY_ADMIN: _perms(["view", "add", "change"], STAFF_MODELS) + _perms(["view"], UNIT_MODELS),
    Role.SYSTEM_ADMIN: _perms(["view", "add", "change", "delete"], STAFF_MODELS + UNIT_MODELS),
}
