"""Accent-insensitive search, one mechanism for every app (documents, the catalogue).

A searchable model keeps two columns: a folded copy of its text (`egov.text.fold`, every database) and,
on PostgreSQL, a tsvector in the `vn_unaccent` configuration (simple + unaccent, created by the apps'
migrations, GIN-indexed). The query is folded and cut into words (at most 10: a search box is not a
document); every word must match:
- PostgreSQL: as a prefix term of the vector, so "giay phep xay d" already finds "Cấp giấy phép xây dựng";
- SQLite: as a part of the folded column.
The vector is built from the same words (`vector`), not from the raw text: PostgreSQL's parser would keep
"12/qđ-ubnd" as one token, and "ubnd" would not find it.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from egov.text import fold

CONFIG = "vn_unaccent"
MAX_WORDS = 10
_WORD = re.compile(r"\w+")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def words(text: str) -> list[str]:
    """'Quyết định 12/QĐ-UBND' -> ['quyet', 'dinh', '12', 'qd', 'ubnd']."""
    return _WORD.findall(fold(text))


def vector(*parts: str | tuple[str, str]) -> SearchVector:
    """The tsvector of some texts, each a string or (text, weight 'A'..'D'), for an UPDATE on PostgreSQL."""
    weighted = [part if isinstance(part, tuple) else (part, None) for part in parts]
    vectors = [
        SearchVector(Value(" ".join(words(text))), config=CONFIG, weight=weight) for text, weight in weighted
    ]
    combined = vectors[0]
    for item in vectors[1:]:
        combined = combined + item
    return combined


def search(
    queryset,
    text: str,
    *,
    vector_field: str = "search_vector",
    folded_field: str = "search_text",
    code_field: str | None = None,
    ranked: bool = False,
):
    """Rows matching every word of `text`, accents and case ignored. `code_field` may also be typed as it
    is stored (a procedure's code). `ranked`: best matches first (PostgreSQL's rank; on SQLite the rows
    holding the words as one phrase first), else the queryset's own order is kept."""
    tokens = words(text)[:MAX_WORDS]
    if not tokens:
        return queryset
    tie_break = queryset.query.order_by or queryset.model._meta.ordering
    typed = Q(**{f"{code_field}__startswith": text.strip()}) if code_field else Q(pk__in=[])
    if is_postgres():
        # tokens are \w+ only, so the raw tsquery cannot be malformed
        ts_query = SearchQuery(" & ".join(f"{token}:*" for token in tokens), config=CONFIG, search_type="raw")
        queryset = queryset.filter(Q(**{vector_field: ts_query}) | typed)
        if ranked:
            queryset = queryset.annotate(search_rank=SearchRank(F(vector_field), ts_query)).order_by(
                "-search_rank", *tie_break
            )
        return queryset
    condition = Q()
    for token in tokens:
        condition &= Q(**{f"{folded_field}__contains": token})
    queryset = queryset.filter(condition | typed)
    if ranked:
        phrase = Case(
            When(**{f"{folded_field}__contains": " ".join(tokens)}, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        queryset = queryset.annotate(phrase_miss=phrase).order_by("phrase_miss", *tie_break)
    return queryset
