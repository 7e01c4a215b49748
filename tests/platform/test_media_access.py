"""Stored files are reachable only through the views that check access: /media/ is no route, in DEBUG
neither (it once served every file, secret ones included, to anyone who guessed the name)."""

import importlib

import pytest
from django.test import Client
from django.urls import clear_url_caches, reverse

import egov.urls
from documents import services
from documents.models import Secrecy
from tests.documents.factories import Office, incoming_data, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings):
    """The URL configuration as `runserver` builds it with DEBUG on."""
    settings.DEBUG = True
    importlib.reload(egov.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(egov.urls)
    clear_url_caches()


def login(clerk) -> Client:
    client = Client()
    client.force_login(clerk)  # a clerk's role needs no second factor
    return client


@pytest.fixture
def secret_document(db):
    office = Office()
    data = incoming_data(secrecy=Secrecy.values[-1], subject="Kế hoạch mật")
    return office, services.register_incoming(office.clerk, office.agency, data, upload=pdf_upload())


def test_media_paths_are_not_served_in_debug(debug_urls, client, secret_document):
    office, document = secret_document
    path = "/media/" + document.file.name
    assert client.get(path).status_code == 404  # anonymous
    assert login(office.clerk).get(path).status_code == 404  # nor to staff: only the checked view serves it


def test_the_access_checked_view_still_serves_the_file(debug_urls, secret_document):
    office, document = secret_document
    url = reverse("documents:incoming-file", args=[document.pk])
    response = login(office.clerk).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    # through egov.files.download: shown inline, its type not sniffed, never kept in a shared cache
    assert response["Content-Disposition"] == f'inline; filename="van-ban-den-{document.arrival_number}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert login(Office(name="Sở Tư pháp", short="STP").clerk).get(url).status_code == 404
