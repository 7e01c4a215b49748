"""Read side of the catalogue: what the public sees, filtered and searched; a citizen's own drafts."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import Classification, FormDraft, HandlingLevel, Procedure
from .search import search_catalogue

FILTERS = ("linh_vuc", "co_quan", "cap", "phan_loai", "muc_do")


def public_procedures():
    """Procedures with a version in force today, with what a list row needs."""
    return Procedure.objects.published(timezone.localdate()).select_related("field", "competent_agency")


def catalogue(params) -> tuple:
    """(queryset, cleaned filters) for the catalogue page and the API, from GET parameters:
    q (accent-insensitive), linh_vuc (field code), co_quan (agency id), cap (handling level),
    phan_loai (classification), muc_do (online level)."""
    queryset = public_procedures()
    chosen = {}
    if code := (params.get("linh_vuc") or "").strip():
        queryset = queryset.filter(field__code=code)
        chosen["linh_vuc"] = code
    agency = (params.get("co_quan") or "").strip()
    if agency.isascii() and agency.isdigit() and len(agency) <= 18:  # a database integer, not any digits
        queryset = queryset.filter(
            Q(competent_agency_id=int(agency)) | Q(receiving_agencies__id=int(agency))
        ).distinct()
        chosen["co_quan"] = agency
    if (level := params.get("cap")) in HandlingLevel.values:
        queryset = queryset.filter(handling_level=level)
        chosen["cap"] = level
    if (kind := params.get("phan_loai")) in Classification.values:
        queryset = queryset.filter(classification=kind)
        chosen["phan_loai"] = kind
    if (online := params.get("muc_do") or "") in {"1", "2", "3", "4"}:
        queryset = queryset.filter(online_level=int(online))
        chosen["muc_do"] = online
    query = (params.get("q") or "").strip()[:200]
    if query:
        queryset = search_catalogue(queryset, query)
        chosen["q"] = query
    else:
        queryset = queryset.order_by("field__name", "name")
    return queryset, chosen


def drafts_of(user):
    """Only the owner's drafts, newest first."""
    if not getattr(user, "is_authenticated", False):
        return FormDraft.objects.none()
    return (
        FormDraft.objects.filter(user=user)
        .select_related("version__procedure")
        .prefetch_related(Prefetch("files"))
        .order_by("-updated_at")
    )
