import pytest

from .factories import Office


@pytest.fixture
def office(db):
    return Office()


@pytest.fixture
def other_office(db):
    return Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")
