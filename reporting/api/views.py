"""The dossier statistics over the API (/api/v1/bao-cao/ho-so/): the same report as the pages, by the same
`reporting.stats` calls, for the scope the user may see (403 outside it)."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.api.views import IsStaffMember
from onestop.queries import visible_to

from .. import stats
from . import serializers as s

FORBIDDEN = "Bạn không có quyền xem thống kê của đơn vị hoặc cơ quan này."


def _scope(request, data):
    unit, agency = data.get("unit_obj"), data.get("agency_obj")
    if unit is None and agency is None:
        unit, agency = stats.scope_for(request.user)
        if unit is None and agency is None and not stats.can_view(request.user):
            raise PermissionDenied(FORBIDDEN)
    if not stats.can_view(request.user, unit=unit, agency=agency):
        raise PermissionDenied(FORBIDDEN)
    return unit, agency


class DossierReportView(APIView):
    permission_classes = [IsStaffMember]

    @extend_schema(
        summary="Thống kê tình hình giải quyết hồ sơ thủ tục hành chính",
        description=(
            "Bảng số liệu theo mẫu: kỳ trước chuyển qua, mới tiếp nhận (trực tuyến, trực tiếp, "
            "bưu chính), đã giải quyết (trước hạn, đúng hạn, quá hạn), đang giải quyết (trong hạn, "
            "quá hạn), chờ bổ sung, rút, từ chối, dừng, nộp phí, số hóa, đánh giá và các tỷ lệ; nhóm "
            "theo thủ tục, lĩnh vực, cơ quan, đơn vị hành chính hoặc tháng."
        ),
        parameters=[s.ReportQuerySerializer],
        responses=s.ReportSerializer,
    )
    def get(self, request):
        query = s.ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        unit, agency = _scope(request, data)
        report = stats.dossier_report(data["period"], unit=unit, agency=agency, by=data["by"])
        return Response(s.report_data(report))


class BehindPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class DossiersBehindView(APIView):
    permission_classes = [IsStaffMember]

    @extend_schema(
        summary="Danh sách hồ sơ của một ô số liệu",
        parameters=[s.BehindQuerySerializer],
        responses=s.BehindDossierSerializer(many=True),
    )
    def get(self, request):
        query = s.BehindQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        unit, agency = _scope(request, data)
        filters = {k: data[k] for k in ("procedure", "field", "month") if k in data}
        found = stats.dossiers_behind(
            data["period"], data["figure"], unit=unit, agency=agency, filters=filters
        )
        found = found.filter(pk__in=visible_to(request.user).values("pk")).select_related(
            "version__procedure"
        )
        pages = BehindPagination()
        page = pages.paginate_queryset(found, request, view=self)
        return pages.get_paginated_response(s.BehindDossierSerializer(page, many=True).data)
