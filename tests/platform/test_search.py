"""One search mechanism (egov.search) for documents and the catalogue, on SQLite and on PostgreSQL alike:
an accentless query finds the accented title, every word must match, a document number's parts match."""

import pytest
from django.db import connection

from documents import queries, services
from egov.search import search, words
from services.models import Field, Procedure
from services.search import search_catalogue
from tests.documents.factories import Office, incoming_data

pytestmark = pytest.mark.django_db

ACCENTLESS = ["giay phep xay dung", "GIAY PHEP XAY", "giấy phép xây dựng", "giay phep xay d", "quyet dinh"]


@pytest.fixture
def permit():
    field = Field.objects.create(code="XD", name="Xây dựng")
    Procedure.objects.create(
        code="2.000999",
        name="Cấp giấy phép khai thác nước",
        field=Field.objects.create(code="TN", name="Tài nguyên"),
    )
    return Procedure.objects.create(
        code="1.009994",
        name="Quyết định cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        field=field,
        handling_level="commune",
    )


@pytest.fixture
def incoming():
    office = Office()
    services.register_incoming(office.clerk, office.agency, incoming_data(subject="Báo cáo tình hình"))
    document = services.register_incoming(
        office.clerk,
        office.agency,
        incoming_data(
            number="12", notation="QĐ-UBND", subject="Quyết định cấp giấy phép xây dựng trường học"
        ),
    )
    return office, document


@pytest.mark.parametrize("query", ACCENTLESS)
def test_accentless_query_finds_accented_procedure(permit, query):
    assert list(search_catalogue(Procedure.objects.all(), query)) == [permit], connection.vendor


@pytest.mark.parametrize("query", ACCENTLESS)
def test_accentless_query_finds_accented_document(incoming, query):
    office, document = incoming
    assert list(queries.search(queries.incoming_visible_to(office.clerk), query)) == [document], (
        connection.vendor
    )


def test_every_word_must_match_in_both_apps(permit, incoming):
    office, _document = incoming
    assert list(search_catalogue(Procedure.objects.all(), "giay phep xay truong")) == []
    assert list(queries.search(queries.incoming_visible_to(office.clerk), "giay phep nha o")) == []


@pytest.mark.parametrize("query", ["12/QĐ-UBND", "ubnd", "qd ubnd", "12"])
def test_a_document_numbers_parts_are_words(incoming, query):
    """PostgreSQL's parser would keep '12/qd-ubnd' as one token: the index holds its words."""
    office, document = incoming
    assert list(queries.search(queries.incoming_visible_to(office.clerk), query)) == [document], (
        connection.vendor
    )


def test_same_mechanism_picks_the_database_path():
    sql = str(search(Procedure.objects.all(), "giay phep").query)
    if connection.vendor == "postgresql":
        assert "vn_unaccent" in sql and "@@" in sql
    else:
        assert "search_text" in sql and "@@" not in sql


def test_query_words_are_folded_and_bounded(permit):
    assert words("Quyết định 12/QĐ-UBND") == ["quyet", "dinh", "12", "qd", "ubnd"]
    # words past the tenth are not asked for: an eleventh unmatched word still finds the procedure
    query = "quyet dinh cap giay phep xay dung moi doi voi khongco"
    assert list(search_catalogue(Procedure.objects.all(), query)) == [permit]


def test_empty_query_keeps_everything(permit):
    assert search(Procedure.objects.all(), "  ,; ").count() == Procedure.objects.count()
