"""Who may manage the catalogue. Citizens need no permission: the catalogue is public and drafts are
scoped to their owner."""

from egov.accounts.roles import Role

_MANAGE = [
    "services.view_field",
    "services.add_field",
    "services.change_field",
    "services.view_procedure",
    "services.add_procedure",
    "services.change_procedure",
    "services.view_procedureversion",
    "services.add_procedureversion",
    "services.change_procedureversion",
    "services.delete_procedureversion",
    "services.publish_procedureversion",
    "services.view_requiredpaper",
    "services.add_requiredpaper",
    "services.change_requiredpaper",
    "services.delete_requiredpaper",
    "services.view_fee",
    "services.add_fee",
    "services.change_fee",
    "services.delete_fee",
    "services.view_processingstep",
    "services.add_processingstep",
    "services.change_processingstep",
    "services.delete_processingstep",
]
_VIEW = ["services.view_field", "services.view_procedure", "services.view_procedureversion"]

PERMISSIONS = {
    Role.AGENCY_ADMIN: _MANAGE,
    Role.SYSTEM_ADMIN: _MANAGE,
    Role.ONESTOP_OFFICER: _VIEW,
    Role.SPECIALIST: _VIEW,
    Role.LEADER: _VIEW,
}
