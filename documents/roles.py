from egov.accounts.roles import Role

_VIEW = [
    "documents.view_incomingdocument",
    "documents.view_outgoingdocument",
    "documents.view_task",
]
PERMISSIONS = {
    Role.CLERK: [
        *_VIEW,
        "documents.add_incomingdocument",
        "documents.view_workfile",
        "documents.add_workfile",
    ],
    Role.SPECIALIST: [
        *_VIEW,
        "documents.add_outgoingdocument",
        "documents.view_workfile",
        "documents.add_workfile",
    ],
    Role.LEADER: [*_VIEW, "documents.add_outgoingdocument", "documents.add_task", "documents.view_workfile"],
    Role.AGENCY_ADMIN: [*_VIEW, "documents.view_workfile"],
}
