import pytest
from django.test import Client
from rest_framework.test import APIClient

from .factories import Office


@pytest.fixture
def office(db):
    return Office()


@pytest.fixture
def other_office(db):
    return Office(name="Sở Tư pháp tỉnh Phú Thọ", short="STP")


@pytest.fixture
def login(totp_device):
    """login(user) → a page client past the second factor; login(user, api=True) → an API client."""

    def make(user, api=False):
        client = APIClient() if api else Client()
        client.force_login(user)
        if user.requires_two_factor:
            code = totp_device(user)
            assert client.post("/tai-khoan/xac-thuc-hai-lop/", {"token": code()}).status_code == 302
        return client

    return make
