import datetime

import factory

from egov.workdays.models import CalendarOverride


class CalendarOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarOverride

    date = datetime.date(2026, 2, 23)
    kind = CalendarOverride.Kind.HOLIDAY
    name = "Mùng sáu Tết Nguyên Đán"
    legal_note = "Thông báo số 1234/TB-BLĐTBXH"
    effective_from = datetime.date(2026, 1, 10)
