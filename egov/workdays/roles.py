from egov.accounts.roles import Role

_MANAGE = [
    "workdays.view_calendaroverride",
    "workdays.add_calendaroverride",
    "workdays.change_calendaroverride",
    "workdays.delete_calendaroverride",
]

PERMISSIONS = {
    Role.SYSTEM_ADMIN: _MANAGE,
    Role.AGENCY_ADMIN: ["workdays.view_calendaroverride"],
}
