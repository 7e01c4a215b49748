"""The demo queue: areas, counters and a kiosk at each desk, once, with an activation address that works."""

import io
import re

from onestop.counter import demo
from onestop.counter.models import Counter, KioskDevice, ServiceArea
from tests.onestop.conftest import Desk


def test_seed_is_idempotent_and_prints_a_working_kiosk_address(db, client):
    desk = Desk("Ủy ban nhân dân xã Thanh Ba", "H25.70.01")
    outputs = []
    for _ in range(2):
        out = io.StringIO()
        demo.seed(out)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert ServiceArea.objects.filter(agency=desk.agency).count() == 2
    assert Counter.objects.filter(agency=desk.agency).count() == 2
    assert KioskDevice.objects.filter(agency=desk.agency).count() == 1
    path = re.search(r"https?://[^/]+(/xep-hang/kiosk/\d+/\?token=\S+)", outputs[0]).group(1)
    response = client.get(path)
    assert response.status_code == 302
    assert "Tư pháp - Hộ tịch" in client.get(response["Location"]).content.decode()
    assert f"/xep-hang/bang/{desk.agency.pk}/" in outputs[0]
