"""Demo data: the library already knows 2026 (Tết, the 22/8 ↔ 31/8 swap, 24/11), so the demo only records
the 31/8/2026 day off as an override as well, which changes nothing but shows what an admin entry looks
like. Idempotent."""

import datetime

from . import services
from .models import CalendarOverride


def seed(stdout) -> None:
    day = datetime.date(2026, 8, 31)
    if CalendarOverride.objects.filter(date=day).exists():
        return
    override = CalendarOverride(
        date=day,
        kind=CalendarOverride.Kind.HOLIDAY,
        name="Ngày nghỉ (hoán đổi với thứ Bảy 22/08/2026)",
        legal_note="Ví dụ minh họa: ghi số và ngày của văn bản công bố lịch nghỉ",
        effective_from=datetime.date(2026, 1, 1),
    )
    services.save_override(None, override)
    stdout.write("workdays: 1 example calendar override (31/08/2026)\n")
