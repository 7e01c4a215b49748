from egov.accounts.roles import Role

# Staff of a reporting agency fill its reports; its leader signs and sends them; staff of the receiving
# agency review what arrives. Admins define the regimes of their agency (egov.admin_scoping).
_VIEW = "report_regimes.view_reportinstance"
_FILL = "report_regimes.fill_reportinstance"
_SIGN = "report_regimes.sign_reportinstance"
_REVIEW = "report_regimes.review_reportinstance"
_REGIMES = [
    f"report_regimes.{verb}_{model}"
    for model in ("reportregime", "templatecell")
    for verb in ("view", "add", "change", "delete")
]
PERMISSIONS = {
    Role.SPECIALIST: [_VIEW, _FILL, _REVIEW],
    Role.ONESTOP_OFFICER: [_VIEW, _FILL],
    Role.CLERK: [_VIEW],
    Role.LEADER: [_VIEW, _FILL, _SIGN, _REVIEW],
    Role.AGENCY_ADMIN: [*_REGIMES, _VIEW],
    Role.SYSTEM_ADMIN: [*_REGIMES, _VIEW],
}
