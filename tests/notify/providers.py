"""SMS providers for the tests: real SmsProvider subclasses, chosen by NOTIFY_SMS_PROVIDER as a deployment
would choose its gateway."""

import threading
import time

from egov.notify.providers import DeliveryError, LocalSmsProvider, SmsProvider


class FlakySms(SmsProvider):
    """Times out `failures` times, then delivers through the local outbox; `calls` holds when each call
    came (time.monotonic)."""

    failures = 0
    calls: list[float] = []
    lock = threading.Lock()

    @classmethod
    def reset(cls, failures: int) -> None:
        cls.failures = failures
        cls.calls = []

    def send(self, phone: str, text: str) -> str:
        with self.lock:
            self.calls.append(time.monotonic())
            failing = len(self.calls) <= self.failures
        if failing:
            raise DeliveryError("gateway time-out")
        return LocalSmsProvider().send(phone, text)


class RefusingSms(SmsProvider):
    """A gateway that refuses the number for good (not a DeliveryError)."""

    def send(self, phone: str, text: str) -> str:
        raise ValueError("số thuê bao không tồn tại")


class AsciiSms(LocalSmsProvider):
    ascii_only = True
