from egov.accounts.roles import Role

# Leaders and agency admins read their agency's reconciliation (onestop.payments.views.reconciliation); the
# admins also read payments, notifications and mismatches in the admin (read-only, scoped to their agency).
_ADMIN = ["payments.view_payment", "payments.view_notification", "payments.view_mismatch"]
PERMISSIONS = {
    Role.LEADER: ["payments.view_reconciliation"],
    Role.AGENCY_ADMIN: ["payments.view_reconciliation", *_ADMIN],
    Role.SYSTEM_ADMIN: ["payments.view_reconciliation", *_ADMIN],
}
