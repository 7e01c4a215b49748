"""Accent-insensitive search over the catalogue.

PostgreSQL: real full-text search. Migration 0002 creates the `unaccent` extension and the `vn_unaccent`
text-search configuration (simple + unaccent), and a GIN index on Procedure.search_vector, which is
refreshed on every save. Each query word becomes a prefix term, so "giay phep xay d" already finds
"Cấp giấy phép xây dựng". Results are ranked with SearchRank.

SQLite: every query word must occur in Procedure.search_text, an accent-free copy computed in Python;
procedures whose text holds the query words as one phrase come first (the name is at the start of the text,
the field's name at the end, so "giay phep xay dung" puts "Cấp giấy phép xây dựng..." before a repair permit
that only shares the field "Xây dựng")."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from .text import search_tokens

CONFIG = "vn_unaccent"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vector(procedure) -> None:
    if not is_postgres() or procedure.pk is None:
        return
    field_name = procedure.field.name if procedure.field_id else ""
    type(procedure).objects.filter(pk=procedure.pk).update(
        search_vector=SearchVector(Value(procedure.code), config=CONFIG, weight="A")
        + SearchVector(Value(procedure.name), config=CONFIG, weight="A")
        + SearchVector(Value(field_name), config=CONFIG, weight="C")
    )


def search(queryset, query: str):
    """Procedures matching every word of `query`, accents and case ignored; best matches first on PG."""
    tokens = search_tokens(query)
    if not tokens:
        return queryset
    if is_postgres():
        # tokens are \w+ only, so the raw tsquery cannot be malformed
        ts_query = SearchQuery(" & ".join(f"{token}:*" for token in tokens), config=CONFIG, search_type="raw")
        return (
            queryset.filter(Q(search_vector=ts_query) | Q(code__startswith=query.strip()))
            .annotate(rank=SearchRank(F("search_vector"), ts_query))
            .order_by("-rank", "name")
        )
    condition = Q()
    for token in tokens:
        condition &= Q(search_text__icontains=token)
    phrase = Case(
        When(search_text__icontains=" ".join(tokens), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.filter(condition).annotate(phrase_miss=phrase).order_by("phrase_miss", "name")
