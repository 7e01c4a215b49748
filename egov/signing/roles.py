from egov.accounts.roles import Role

PERMISSIONS = {
    Role.SYSTEM_ADMIN: [
        "signing.view_signingcertificate",
        "signing.change_signingcertificate",
        "signing.view_signatureimage",
        "signing.add_signatureimage",
        "signing.change_signatureimage",
        "signing.view_sealimage",
        "signing.add_sealimage",
        "signing.change_sealimage",
        "signing.view_registereddocument",
    ],
    Role.AGENCY_ADMIN: [
        "signing.view_signingcertificate",
        "signing.view_signatureimage",
        "signing.add_signatureimage",
        "signing.change_signatureimage",
        "signing.view_sealimage",
        "signing.add_sealimage",
        "signing.change_sealimage",
    ],
}
