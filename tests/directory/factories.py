import datetime

import factory

from egov.directory.models import Agency, Department, Level, Position, StaffAssignment
from tests.factories import UserFactory


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"S{n}")
    level = Level.PROVINCE
    place_name = "Phú Thọ"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Phòng {n}")
    abbreviation = factory.Sequence(lambda n: f"P{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    name = "Chuyên viên"
    rank = Position.Rank.STAFF


class StaffAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffAssignment

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    department = None
    position = factory.SubFactory(PositionFactory)
    valid_from = datetime.date(2025, 7, 1)
