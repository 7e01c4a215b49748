"""Demo queue: at every desk where a one-stop officer works, two areas, two counters and a kiosk whose
activation address seed_demo prints. The kiosk's token is a published demo value (seed_demo refuses to
run with DEBUG off), so a second run finds everything and prints the same addresses."""

from django.conf import settings

from egov.accounts.roles import Role
from egov.directory.models import StaffAssignment
from egov.text import fold
from services.models import Field

from .models import Counter, KioskDevice, ServiceArea
from .services import hash_token

DEMO_KIOSK_TOKEN = "kiosk-demo-2026"  # noqa: S105 (published demo value, like the demo passwords)
DEVICE_NAME = "Máy lấy số sảnh chính (dữ liệu mẫu)"
AREAS = [
    ("A", "Tư pháp - Hộ tịch", ("ho tich", "chung thuc", "tu phap")),
    ("B", "Đất đai - Xây dựng và lĩnh vực khác", ("dat dai", "xay dung")),
]


def _desks():
    posts = StaffAssignment.objects.current().filter(
        user__groups__name=Role.ONESTOP_OFFICER.value, agency__is_active=True
    )
    return {post.agency_id: post.agency for post in posts.select_related("agency")}.values()


def seed(stdout) -> None:
    fields = list(Field.objects.all())
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    desks = sorted(_desks(), key=lambda agency: agency.pk)
    for agency in desks:
        areas = []
        for order, (prefix, name, keywords) in enumerate(AREAS):
            area, created = ServiceArea.objects.get_or_create(
                agency=agency, prefix=prefix, defaults={"name": name, "order": order}
            )
            if created:
                area.fields.set([f for f in fields if any(word in fold(f.name) for word in keywords)])
            areas.append(area)
        for number, served in ((1, areas), (2, areas[1:])):
            counter, created = Counter.objects.get_or_create(agency=agency, number=number)
            if created:
                counter.areas.set(served)
        device, _created = KioskDevice.objects.get_or_create(
            agency=agency, name=DEVICE_NAME, defaults={"token_hash": hash_token(DEMO_KIOSK_TOKEN)}
        )
        stdout.write(
            f"  counter: {agency.name}: kiosk {base}/xep-hang/kiosk/{device.pk}/?token={DEMO_KIOSK_TOKEN} "
            f"· TV board {base}/xep-hang/bang/{agency.pk}/"
        )
    if not desks:
        stdout.write("  counter: no one-stop desks (directory demo missing)")
