from egov.accounts.roles import Role

# The desk's officers call tickets at their counters; admins keep the areas, counters and kiosks of their
# agency (egov.admin_scoping) and read the tickets, whose every change goes through the services.
_REFERENCE = [
    f"counter.{verb}_{model}"
    for model in ("servicearea", "counter", "kioskdevice")
    for verb in ("view", "add", "change")
]
PERMISSIONS = {
    Role.ONESTOP_OFFICER: ["counter.call_ticket"],
    Role.AGENCY_ADMIN: [*_REFERENCE, "counter.view_ticket"],
    Role.SYSTEM_ADMIN: [*_REFERENCE, "counter.view_ticket"],
}
