from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from .. import queries
from .serializers import ProcedureDetailSerializer, ProcedureListSerializer

FILTER_PARAMETERS = [
    OpenApiParameter(
        "q", OpenApiTypes.STR, description="Tìm kiếm không phân biệt dấu, ví dụ “giay phep xay dung”."
    ),
    OpenApiParameter("linh_vuc", OpenApiTypes.STR, description="Mã lĩnh vực."),
    OpenApiParameter("co_quan", OpenApiTypes.INT, description="Mã (id) cơ quan thực hiện hoặc tiếp nhận."),
    OpenApiParameter(
        "cap", OpenApiTypes.STR, enum=["province", "district", "commune"], description="Cấp thực hiện."
    ),
    OpenApiParameter("phan_loai", OpenApiTypes.STR, enum=["toan_trinh", "mot_phan", "thong_tin"]),
    OpenApiParameter(
        "muc_do", OpenApiTypes.INT, enum=[1, 2, 3, 4], description="Mức độ trực tuyến (NĐ 43/2011)."
    ),
]


@extend_schema_view(
    list=extend_schema(summary="Danh mục thủ tục hành chính đang áp dụng", parameters=FILTER_PARAMETERS),
    retrieve=extend_schema(summary="Chi tiết thủ tục: giấy tờ, lệ phí, thời hạn, quy trình, biểu mẫu"),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    """Public, read-only catalogue of procedures in force today."""

    permission_classes = [AllowAny]
    authentication_classes = []
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z.]+"
    filter_backends = []

    def get_queryset(self):
        if self.action == "list":
            return queries.catalogue(self.request.query_params)[0]
        return queries.public_procedures().prefetch_related("receiving_agencies")

    def get_serializer_class(self):
        return ProcedureListSerializer if self.action == "list" else ProcedureDetailSerializer
