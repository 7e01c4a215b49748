"""Read-only catalogue API: administrative units on a date, and agencies. Public data, open to anyone."""

import datetime

import django_filters
from django.db.models import Prefetch, Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError

from ..models import AdministrativeUnit, Agency, Level
from .serializers import AdministrativeUnitSerializer, AgencySerializer

# ids are 64-bit: a larger number is refused with a 400 like any malformed one (SQLite cannot bind it)
ID_RANGE = {"min_value": -(2**63), "max_value": 2**63 - 1}


class UnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    kind = django_filters.ChoiceFilter(choices=AdministrativeUnit.Kind.choices)
    parent = django_filters.NumberFilter(field_name="parent_id", **ID_RANGE)
    parent_code = django_filters.CharFilter(field_name="parent__code")
    code = django_filters.CharFilter()
    q = django_filters.CharFilter(method="search", label="Tên hoặc mã")

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "kind", "parent", "parent_code", "code"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code=value))


DATE_PARAMETER = OpenApiParameter(
    "date",
    OpenApiTypes.DATE,
    description=(
        "Ngày hiệu lực (YYYY-MM-DD), mặc định hôm nay. Trước 01/07/2025: ba cấp; từ 01/07/2025: hai cấp."
    ),
)


@extend_schema_view(list=extend_schema(parameters=[DATE_PARAMETER]))
class AdministrativeUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative units. The list shows the units in force on `date` (default today); a unit's detail
    is available whatever its dates."""

    serializer_class = AdministrativeUnitSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = UnitFilter
    queryset = AdministrativeUnit.objects.select_related("parent").order_by("path", "valid_from")

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action != "list":
            return queryset
        raw = self.request.query_params.get("date")
        try:
            day = datetime.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError as error:
            raise ValidationError({"date": ["Ngày không hợp lệ, cần dạng YYYY-MM-DD."]}) from error
        return queryset.on(day)


class AgencyFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices)
    unit = django_filters.NumberFilter(field_name="unit_id", **ID_RANGE)
    parent = django_filters.NumberFilter(field_name="parent_id", **ID_RANGE)
    code = django_filters.CharFilter(
        field_name="codes__code", distinct=True, label="Mã định danh (kể cả mã cũ)"
    )
    q = django_filters.CharFilter(method="search", label="Tên, tên viết tắt hoặc mã")

    class Meta:
        model = Agency
        fields = ["level", "unit", "parent", "is_active", "code"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__iexact=value) | Q(code=value))


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies with their current e-ID code, the code history and their departments."""

    serializer_class = AgencySerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = AgencyFilter
    queryset = (
        Agency.objects.select_related("unit")
        .prefetch_related("codes", Prefetch("departments"))
        .order_by("pk")
    )
