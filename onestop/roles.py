from egov.accounts.roles import Role

# Reading in the admin only (scoped by onestop.queries.visible_to); every change goes through the services.
_VIEW = ["onestop.view_dossier"]
PERMISSIONS = {
    Role.ONESTOP_OFFICER: _VIEW,
    Role.SPECIALIST: _VIEW,
    Role.LEADER: _VIEW,
    Role.CLERK: ["onestop.seal_result"],
    Role.AGENCY_ADMIN: _VIEW,
    Role.SYSTEM_ADMIN: _VIEW,
}
