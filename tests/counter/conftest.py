"""Two one-stop desks with a queue each: areas A (Tư pháp - Hộ tịch) and B (Đất đai), counter 1 serving
both and counter 2 serving B, a kiosk, and two officers per desk."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from egov.accounts.roles import Role
from onestop.counter import services
from onestop.counter.models import Counter, KioskDevice, ServiceArea
from tests.documents.factories import person
from tests.onestop.conftest import Desk, world  # noqa: F401 (a fixture)
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TOKEN = "test-kiosk-token-0123456789abcdef"


def at(day: int = 2, hour: int = 9, minute: int = 0, second: int = 0) -> datetime.datetime:
    """A local instant in March 2026 (Monday the 2nd by default)."""
    return datetime.datetime(2026, 3, day, hour, minute, second, tzinfo=VN)


class Queue:
    def __init__(self, name, code):
        self.desk = Desk(name, code)
        self.agency = self.desk.agency
        self.officer = self.desk.officer
        self.second_officer = person(self.agency, Role.ONESTOP_OFFICER, department=self.desk.desk_unit)
        self.area_a = ServiceArea.objects.create(agency=self.agency, prefix="A", name="Tư pháp - Hộ tịch")
        self.area_b = ServiceArea.objects.create(agency=self.agency, prefix="B", name="Đất đai", order=1)
        self.counter_1 = Counter.objects.create(agency=self.agency, number=1, name="Hộ tịch")
        self.counter_1.areas.set([self.area_a, self.area_b])
        self.counter_2 = Counter.objects.create(agency=self.agency, number=2)
        self.counter_2.areas.set([self.area_b])
        self.device = KioskDevice.objects.create(
            agency=self.agency, name="Máy sảnh", token_hash=services.hash_token(TOKEN)
        )


class Queues:
    def __init__(self):
        self.a = Queue("Ủy ban nhân dân xã Hy Cương", "H25.60.01")
        self.b = Queue("Ủy ban nhân dân xã Chu Hóa", "H25.60.02")


@pytest.fixture
def queues(db):
    return Queues()


@pytest.fixture
def queue(queues):
    return queues.a


def seated(queue, officer=None, counter=None):
    """The officer (default: the desk's) sitting at the counter (default: counter 1)."""
    officer = officer or queue.officer
    counter = counter or queue.counter_1
    services.take_seat(officer, counter)
    counter.refresh_from_db()
    return officer, counter
