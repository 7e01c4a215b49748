"""Periodic reports API (/api/v1/bao-cao-dinh-ky/): the instances the user may see (`queries.visible_to`),
and their actions through the same `regimes.services` calls as the staff pages. Refusals become 4xx
answers with the reason (egov.api.exception_handler)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from documents.api.views import IsStaffMember

from .. import queries, services
from ..models import ReportInstance, Status
from . import serializers as s


def _valid(serializer_class, data):
    serializer = serializer_class(data=data if isinstance(data, dict) else {})
    if not isinstance(data, dict):
        raise ValidationError({"detail": "Nội dung yêu cầu phải là một đối tượng JSON."})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary="Báo cáo định kỳ tôi thấy được"),
    retrieve=extend_schema(
        summary="Chi tiết báo cáo định kỳ và số liệu", responses=s.ReportInstanceDetailSerializer
    ),
)
class InstanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffMember]
    serializer_class = s.ReportInstanceSerializer
    queryset = ReportInstance.objects.none()
    filter_backends = []

    def get_queryset(self):
        return queries.visible_to(self.request.user).order_by(
            "-period_start", "regime_id", "reporter__name", "pk"
        )

    def _detail(self, instance):
        instance = self.get_queryset().get(pk=instance.pk)
        if instance.status in queries.ARRIVED or instance.status == Status.AWAITING_SIGNATURE:
            values = instance.values or {}
        else:
            values = services.figures(instance).values
        instance.cells = [
            {
                "code": c.code,
                "label": c.label,
                "unit": c.unit,
                "source": c.source,
                "formula": c.formula,
                "value": values.get(c.code),
            }
            for c in services.cells_of(instance.regime)
        ]
        instance.allowed_actions = services.allowed_actions(self.request.user, instance)
        instance.has_signed_file = bool(instance.signed_file)
        return Response(s.ReportInstanceDetailSerializer(instance).data)

    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Kiểm tra số liệu và trình lãnh đạo ký (gửi báo cáo)",
        request=s.ReportSubmitSerializer,
        responses=s.ReportInstanceDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="gui")
    def submit(self, request, pk=None):
        data = _valid(s.ReportSubmitSerializer, request.data)
        instance = services.send_for_signature(request.user, self.get_object(), data.get("values"))
        return self._detail(instance)

    @extend_schema(
        summary="Lãnh đạo ký số và gửi báo cáo đến cơ quan nhận",
        request=s.ReportSignSerializer,
        responses=s.ReportInstanceDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="ky-so")
    def sign(self, request, pk=None):
        data = _valid(s.ReportSignSerializer, request.data)
        return self._detail(services.sign(request.user, self.get_object(), data["pin"]))

    @extend_schema(
        summary="Cơ quan nhận tiếp nhận báo cáo", request=None, responses=s.ReportInstanceDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="tiep-nhan")
    def accept(self, request, pk=None):
        return self._detail(services.accept(request.user, self.get_object()))

    @extend_schema(
        summary="Cơ quan nhận trả lại báo cáo để sửa",
        request=s.ReportReturnSerializer,
        responses=s.ReportInstanceDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="tra-lai")
    def give_back(self, request, pk=None):
        data = _valid(s.ReportReturnSerializer, request.data)
        return self._detail(services.return_for_correction(request.user, self.get_object(), data["reason"]))
