"""The catalogue's search index (egov.search): a procedure's code and name weigh most, its field less.

Migration 0002 creates the `vn_unaccent` configuration and the GIN index on Procedure.search_vector, which
is refreshed on every save. Procedure.search_text (the folded code, name and field, in that order) is the
SQLite fallback: "giay phep xay dung" puts "Cấp giấy phép xây dựng..." before a repair permit that only
shares the field "Xây dựng"."""

from egov.search import is_postgres, search, vector


def refresh_search_vector(procedure) -> None:
    if not is_postgres() or procedure.pk is None:
        return
    field_name = procedure.field.name if procedure.field_id else ""
    type(procedure).objects.using(procedure._state.db).filter(pk=procedure.pk).update(
        search_vector=vector((procedure.code, "A"), (procedure.name, "A"), (field_name, "C"))
    )


def search_catalogue(queryset, query: str):
    """Procedures matching every word of `query` (or whose code starts with it), best matches first."""
    return search(queryset, query, code_field="code", ranked=True)
