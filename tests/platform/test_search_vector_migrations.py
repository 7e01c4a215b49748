"""Rows stored before the search vectors were built from folded words get new vectors from a data migration
in each app (documents 0010, services 0006), built by the function the services use; no-op on SQLite."""

import importlib

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models import Value

from documents import queries, services
from documents.models import IncomingDocument
from egov.search import CONFIG
from services.models import Field, Procedure
from services.search import search_catalogue
from tests.documents.factories import Office, incoming_data

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


def run_migration(app: str, name: str) -> None:
    """The migration's data function, on the models as they stand at that migration."""
    apps = MigrationLoader(connection).project_state((app, name)).apps
    module = importlib.import_module(f"{app}.migrations.{name}")
    module.recompute_search_vectors(apps, connection.schema_editor())


def old_style(model, pk, text: str) -> None:
    """The vector as it was stored before: PostgreSQL's parser over the text, '12/qd-ubnd' one token."""
    if POSTGRES:
        model.objects.filter(pk=pk).update(search_vector=SearchVector(Value(text), config=CONFIG))


def test_an_old_document_vector_is_rebuilt_from_words():
    office = Office()
    document = services.register_incoming(
        office.clerk, office.agency, incoming_data(subject="Triển khai Quyết định 12/QĐ-UBND")
    )
    old_style(IncomingDocument, document.pk, document.search_text)
    visible = queries.incoming_visible_to(office.clerk)
    assert list(queries.search(visible, "ubnd")) == ([] if POSTGRES else [document])
    run_migration("documents", "0010_search_vectors_from_words")
    assert list(queries.search(visible, "ubnd")) == [document]


def test_an_old_procedure_vector_is_rebuilt_from_words():
    procedure = Procedure.objects.create(
        code="1.009994",
        name="Cấp giấy phép (Mẫu 12/QĐ-UBND)",
        field=Field.objects.create(code="XD", name="Xây dựng"),
        handling_level="commune",
    )
    old_style(Procedure, procedure.pk, procedure.search_text)
    assert list(search_catalogue(Procedure.objects.all(), "ubnd")) == ([] if POSTGRES else [procedure])
    run_migration("services", "0006_search_vectors_from_words")
    assert list(search_catalogue(Procedure.objects.all(), "ubnd")) == [procedure]
