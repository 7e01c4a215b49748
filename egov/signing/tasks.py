import logging
import smtplib

from celery import shared_task
from django.core.mail import send_mail

from . import certificates

logger = logging.getLogger(__name__)


@shared_task
def warn_expiring_certificates() -> int:
    """Daily: one e-mail to the holder a certificate and threshold (30, 7, 1 days before expiry). Each
    warning is claimed (a committed row) before its mail is sent, so no lock is held while mailing and a
    second or concurrent run sends nothing twice. Answers how many warnings were sent."""
    sent = 0
    for cert, threshold in certificates.due_expiry_warnings():
        warning = certificates.claim_expiry_warning(cert, threshold)
        if warning is None:
            continue
        if warning.email:  # without an address the warning is the audit entry alone
            try:
                send_mail(
                    "Chứng thư số sắp hết hạn", certificates.expiry_message(cert), None, [warning.email]
                )
            except (smtplib.SMTPException, OSError):
                logger.exception("expiry warning for certificate %s not sent", cert.pk)
                certificates.expiry_warning_failed(warning)
                continue
        certificates.expiry_warning_sent(warning)
        sent += 1
    return sent
