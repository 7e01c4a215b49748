"""The work statistics over the API: /api/v1/bao-cao/cong-viec/van-ban/ and .../cong-viec/nhiem-vu/.
The period takes the dossier statistics API's parameters, checked by the same serializer
(reporting.api.serializers.PeriodQuerySerializer), with the work statistics' own `agency`, `department`
and `by` (reporting.work.params). Staff in scope only (reporting.work.scope); a bad value is a 400 naming
the parameter with the reason, a scope the user does not have a 403. Counts only: no subject or title of
any document or task is ever returned."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.api.views import IsStaffMember
from egov.errors import NotPermitted
from egov.signing.api.serializers import DetailSerializer

from . import params, queries, scope
from .views import check_group


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="Ngày cuối kỳ, tính cả ngày này")


class DocumentFiguresSerializer(serializers.Serializer):
    incoming = serializers.IntegerField(help_text="Văn bản đến vào sổ trong kỳ")
    incoming_electronic = serializers.IntegerField(help_text="Nhận điện tử (qua trục và trong hệ thống)")
    incoming_exchange = serializers.IntegerField(help_text="Nhận qua trục liên thông")
    incoming_portal = serializers.IntegerField(help_text="Nhận liên thông trong hệ thống")
    incoming_paper = serializers.IntegerField(help_text="Văn bản giấy")
    incoming_secret = serializers.IntegerField(help_text="Văn bản mật (chỉ đếm)")
    incoming_electronic_rate = serializers.FloatField(allow_null=True, help_text="% nhận điện tử; null khi 0")
    outgoing = serializers.IntegerField(help_text="Văn bản đi ban hành trong kỳ")
    outgoing_electronic = serializers.IntegerField(help_text="Mọi nơi nhận đã nhận bằng đường điện tử")
    outgoing_waiting = serializers.IntegerField(help_text="Còn thư chờ gửi (hoặc lỗi) qua trục liên thông")
    outgoing_electronic_rate = serializers.FloatField(allow_null=True, help_text="% gửi điện tử")
    outgoing_leader_signed = serializers.IntegerField(help_text="Lãnh đạo đã ký số")
    leader_signed_rate = serializers.FloatField(allow_null=True)
    outgoing_sealed = serializers.IntegerField(help_text="Có chữ ký số của cơ quan")
    sealed_rate = serializers.FloatField(allow_null=True)
    outgoing_secret = serializers.IntegerField(help_text="Văn bản mật (chỉ đếm)")


class TaskFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField(help_text="Hoàn thành trong kỳ")
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    in_progress = serializers.IntegerField(help_text="Chưa hoàn thành vào ngày cuối kỳ (hoặc hôm nay)")
    in_progress_within = serializers.IntegerField()
    overdue = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="% hoàn thành đúng hạn; null khi 0")


def _table_serializer(name: str, figures):
    row = type(
        f"{name}RowSerializer",
        (serializers.Serializer,),
        {
            "key": serializers.CharField(help_text="Mã cơ quan, phòng, ban hoặc cán bộ; “none”: không có"),
            "label": serializers.CharField(),
            "figures": figures(),
        },
    )
    return type(
        f"{name}TableSerializer",
        (serializers.Serializer,),
        {
            "period": PeriodSerializer(),
            "scope": serializers.CharField(help_text="Tên phạm vi thống kê"),
            "by": serializers.ChoiceField(choices=list(params.GROUPS)),
            "rows": row(many=True),
            "total": figures(),
            "notes": serializers.ListField(child=serializers.CharField()),
        },
    )


DocumentTableSerializer = _table_serializer("WorkDocument", DocumentFiguresSerializer)
TaskTableSerializer = _table_serializer("WorkTask", TaskFiguresSerializer)

ERRORS = {
    400: OpenApiResponse(
        response=OpenApiTypes.OBJECT,
        description="Tham số không hợp lệ: mỗi tham số sai kèm danh sách lý do, lỗi chung của kỳ báo cáo "
        "trong non_field_errors (như API thống kê hồ sơ)",
    ),
    403: OpenApiResponse(
        response=DetailSerializer,
        description="Chưa đăng nhập, không phải cán bộ, hoặc ngoài phạm vi được xem",
    ),
}


def _data(table: queries.Table) -> dict:
    return {
        "period": {"start": table.period.start, "end": table.period.end},
        "scope": table.scope_label,
        "by": table.by,
        "rows": [{"key": r.key, "label": r.label, "figures": r.figures.as_dict()} for r in table.rows],
        "total": table.total.as_dict(),
        "notes": [str(n) for n in table.notes],
    }


class _WorkView(APIView):
    permission_classes = [IsStaffMember]
    query_serializer = None  # the period with the table's own filters (reporting.work.params)
    serializer = None  # subclasses also define build(period, selection, by)

    def get(self, request):
        if not scope.scope_for(request.user).allowed:  # refused before any parameter is looked at
            raise NotPermitted(scope.refusal())
        query = self.query_serializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        selection = scope.select(
            request.user, agency_id=data.get("agency"), department_id=data.get("department")
        )
        by = check_group(selection, data.get("by"))
        return Response(self.serializer(_data(self.build(data["period"], selection, by))).data)


class DocumentStatisticsView(_WorkView):
    query_serializer = params.DocumentQuerySerializer
    serializer = DocumentTableSerializer

    def build(self, period, selection, by):
        return queries.document_table(period, selection, by)

    @extend_schema(
        summary="Thống kê văn bản đến, văn bản đi (số lượng, tỷ lệ điện tử, tỷ lệ ký số)",
        parameters=[params.DocumentQuerySerializer],
        responses={200: DocumentTableSerializer, **ERRORS},
        tags=["bao-cao"],
    )
    def get(self, request):
        return super().get(request)


class TaskStatisticsView(_WorkView):
    query_serializer = params.TaskQuerySerializer
    serializer = TaskTableSerializer

    def build(self, period, selection, by):
        return queries.task_table(period, selection, by)

    @extend_schema(
        summary="Thống kê nhiệm vụ: hoàn thành đúng hạn, quá hạn, đang thực hiện trong hạn, quá hạn",
        parameters=[params.TaskQuerySerializer],
        responses={200: TaskTableSerializer, **ERRORS},
        tags=["bao-cao"],
    )
    def get(self, request):
        return super().get(request)


# mounted at /api/v1/bao-cao/cong-viec/ by reporting/api/urls.py
app_name = "work"
urlpatterns = [
    path("van-ban/", DocumentStatisticsView.as_view(), name="documents"),
    path("nhiem-vu/", TaskStatisticsView.as_view(), name="tasks"),
]
