"""Where a message leaves the portal: e-mail through Django's mail (the MAILERS setting), SMS through the
provider named by the NOTIFY_SMS_PROVIDER setting (a dotted path to an SmsProvider subclass).

A provider raises DeliveryError for a failure worth retrying (the gateway is down, a time-out); any other
exception means the message can never be delivered (a number the gateway refuses) and is given up."""

import abc
import smtplib
import unicodedata

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    """A failure worth retrying later."""


class SmsProvider(abc.ABC):
    # a gateway that sends only GSM-7 text: accents are stripped before sending
    ascii_only = False

    @abc.abstractmethod
    def send(self, phone: str, text: str) -> str:
        """Send `text` to `phone`; return the provider's id of the message."""


class LocalSmsProvider(SmsProvider):
    """Records each SMS in the LocalSms table (shown in the admin) instead of a phone network."""

    def send(self, phone: str, text: str) -> str:
        from .models import LocalSms

        return f"local-{LocalSms.objects.create(phone=phone, text=text).pk}"


def sms_provider() -> SmsProvider:
    return import_string(settings.NOTIFY_SMS_PROVIDER)()


def strip_accents(text: str) -> str:
    """'Hồ sơ đã được tiếp nhận' -> 'Ho so da duoc tiep nhan' (đ/Đ included), for an ASCII-only gateway."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def send_sms(phone: str, text: str) -> str:
    provider = sms_provider()
    return provider.send(phone, strip_accents(text) if provider.ascii_only else text)


def send_email(address: str, subject: str, body: str) -> str:
    """One e-mail; the Message-ID is its provider id. A refused recipient is final, any other SMTP or
    network failure is retried."""
    message_id = make_msgid()
    mail = EmailMessage(subject, body, None, [address], headers={"Message-ID": message_id})
    try:
        mail.send()
    except smtplib.SMTPRecipientsRefused:
        raise
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error
    return message_id
