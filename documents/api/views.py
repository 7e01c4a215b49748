"""Documents API (/api/v1/van-ban/): the same actions as the staff pages, through documents.services.

Every list and detail is scoped by documents.queries (the *_visible_to functions); refusals of the
services (DomainError, NotPermitted, TransitionNotAllowed) become 4xx answers in
egov.api.exception_handler."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from egov.errors import DomainError

from .. import access, queries, services
from ..models import IncomingDocument, Notification, OutgoingDocument, Task
from . import serializers as s


class IsStaffMember(permissions.BasePermission):
    """Staff only; a role that needs the second factor must have passed it (session clients)."""

    message = "Chỉ cán bộ đã đăng nhập (và xác thực hai lớp khi vai trò yêu cầu) mới dùng được API này."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and getattr(user, "is_staff_member", False)):
            return False
        if getattr(user, "requires_two_factor", False):
            verified = getattr(user, "is_verified", None)
            return bool(verified and verified())
        return True


def _user(pk):
    if pk in (None, ""):
        return None
    return get_object_or_404(get_user_model(), pk=pk)


def _target(data: dict) -> dict:
    return {
        "department": data.get("department"),
        "assignee": _user(data.get("assignee")),
        "deadline": data.get("deadline"),
        "working_days": data.get("working_days"),
        "instructions": data.get("instructions", ""),
    }


def _agency_of(user):
    post = access.primary_assignment(user)
    if post is None:
        raise DomainError("Tài khoản chưa được gán vào cơ quan nào.", code="no_agency")
    return post.agency


FILTERS = [
    OpenApiParameter("q", str, description="Tìm kiếm không dấu: trích yếu, ký hiệu, cơ quan, nội dung"),
    OpenApiParameter("date_from", str, description="Từ ngày (YYYY-MM-DD)"),
    OpenApiParameter("date_to", str, description="Đến ngày (YYYY-MM-DD)"),
    OpenApiParameter("doc_type", str, description="Loại văn bản (QĐ, CV, ...)"),
    OpenApiParameter("status", str, description="Trạng thái"),
    OpenApiParameter("urgency", int, description="Độ khẩn 0–3"),
]


class CappedPagination(PageNumberPagination):
    """Page-number pagination (`?page=`, 50 a page) that counts at most 1,000 matches
    (documents.queries.CappedPaginator): `count` is exact when `count_exact` is true, otherwise the list has
    more than `count` items; `next` is null on the last page either way. A broad full-text search thus never
    counts every match."""

    django_paginator_class = queries.CappedPaginator

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_exact": self.page.paginator.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "false: more than `count` results (at most 1,000 are counted)",
        }
        response["required"] = [*response.get("required", []), "count_exact"]
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Văn bản đến",
        parameters=[
            *FILTERS,
            OpenApiParameter("organ", str, description="Cơ quan ban hành"),
            OpenApiParameter("assignee", int, description="Người được giao"),
            OpenApiParameter("overdue", bool, description="Chỉ văn bản quá hạn"),
        ],
    ),
    retrieve=extend_schema(summary="Chi tiết văn bản đến", responses=s.IncomingDetailSerializer),
)
class IncomingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffMember]
    pagination_class = CappedPagination
    serializer_class = s.IncomingSerializer
    queryset = IncomingDocument.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = []

    def get_queryset(self):
        queryset = queries.incoming_visible_to(self.request.user).select_related("agency")
        if self.action == "list":
            queryset = queries.filter_incoming(queryset, self.request.query_params)
        return queryset.order_by("-urgency", "-arrived_at")

    def get_serializer_class(self):
        return s.IncomingDetailSerializer if self.action == "retrieve" else s.IncomingSerializer

    @extend_schema(
        summary="Vào sổ văn bản đến",
        request={
            "multipart/form-data": s.RegisterIncomingSerializer,
            "application/json": s.RegisterIncomingSerializer,
        },
        responses={201: s.IncomingDetailSerializer},
    )
    def create(self, request):
        form = s.RegisterIncomingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        upload = data.pop("file", None)
        confirm = data.pop("confirm_duplicate")
        presented_to = _user(data.pop("presented_to", None))
        document = services.register_incoming(
            request.user,
            _agency_of(request.user),
            data,
            upload=upload,
            confirm_duplicate=confirm,
            presented_to=presented_to,
        )
        return Response(s.IncomingDetailSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Phân công xử lý (lãnh đạo)",
        request=s.AssignSerializer,
        responses={201: s.TaskSerializer(many=True)},
    )
    # a plain list of the tasks created: not paged, so the schema must not describe a page
    @action(detail=True, methods=["post"], url_path="phan-cong", pagination_class=None)
    def assign(self, request, pk=None):
        document = self.get_object()
        form = s.AssignSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        tasks = services.assign(
            request.user,
            document,
            _target(data["lead"]),
            [_target(c) for c in data["coordinators"]],
            comment=data["comment"],
            due_date=data.get("due_date"),
        )
        return Response(s.TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Vào sổ văn bản điện tử đã đến (edXML 01 → 03)",
        request=s.ConfirmSerializer,
        responses=s.IncomingDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="vao-so")
    def register_arrived(self, request, pk=None):
        document = self.get_object()
        form = s.ConfirmSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        document = services.register_arrived(
            request.user, document, confirm_duplicate=form.validated_data["confirm_duplicate"]
        )
        return Response(s.IncomingDetailSerializer(document).data)

    @extend_schema(summary="Trả lại văn bản đến", request=s.ReasonSerializer, responses=s.IncomingSerializer)
    @action(detail=True, methods=["post"], url_path="tra-lai")
    def return_document(self, request, pk=None):
        document = self.get_object()
        form = s.ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        document = services.return_incoming(request.user, document, form.validated_data["reason"])
        return Response(s.IncomingSerializer(document).data)


@extend_schema_view(
    list=extend_schema(summary="Nhiệm vụ tôi thấy được"),
    retrieve=extend_schema(summary="Chi tiết nhiệm vụ"),
)
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffMember]
    serializer_class = s.TaskSerializer
    queryset = Task.objects.none()  # for the schema; get_queryset scopes every request
    filter_backends = []

    def get_queryset(self):
        return (
            queries.tasks_visible_to(self.request.user)
            .select_related("department", "assignee")
            .order_by("status", "deadline", "pk")
        )

    @extend_schema(
        summary="Giao nhiệm vụ độc lập (cơ quan mình hoặc cấp dưới trực tiếp)",
        request=s.StandaloneTaskSerializer,
        responses={201: s.TaskSerializer},
    )
    def create(self, request):
        form = s.StandaloneTaskSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        target = _target(data)
        task = services.create_task(request.user, agency=data["agency"], title=data["title"], **target)
        return Response(s.TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Cập nhật tiến độ", request=s.TextSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"], url_path="tien-do")
    def progress(self, request, pk=None):
        task = self.get_object()
        form = s.TextSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return Response(
            s.TaskSerializer(services.record_progress(request.user, task, form.validated_data["text"])).data
        )

    @extend_schema(
        summary="Chuyển xử lý trong đơn vị (trưởng phòng)",
        request=s.TargetSerializer,
        responses=s.TaskSerializer,
    )
    @action(detail=True, methods=["post"], url_path="giao-tiep")
    def delegate(self, request, pk=None):
        task = self.get_object()
        form = s.TargetSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        target = _target(form.validated_data)
        if target["assignee"] is None:
            raise ValidationError({"assignee": ["Hãy chọn người được giao."]})
        child = services.delegate(
            request.user,
            task,
            target["assignee"],
            deadline=target["deadline"],
            working_days=target["working_days"],
            instructions=target["instructions"],
        )
        return Response(s.TaskSerializer(child).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Hoàn thành nhiệm vụ", request=s.CompleteSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"], url_path="hoan-thanh")
    def complete(self, request, pk=None):
        task = self.get_object()
        form = s.CompleteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        reply_pk = form.validated_data.get("reply")
        reply = (
            get_object_or_404(queries.outgoing_visible_to(request.user), pk=reply_pk) if reply_pk else None
        )
        task = services.complete_task(request.user, task, form.validated_data["result"], reply=reply)
        return Response(s.TaskSerializer(task).data)


@extend_schema_view(
    list=extend_schema(summary="Văn bản đi", parameters=FILTERS),
    retrieve=extend_schema(summary="Chi tiết văn bản đi", responses=s.OutgoingDetailSerializer),
)
class OutgoingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffMember]
    pagination_class = CappedPagination
    serializer_class = s.OutgoingSerializer
    queryset = OutgoingDocument.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = []

    def get_queryset(self):
        queryset = queries.outgoing_visible_to(self.request.user).select_related("agency", "department")
        if self.action == "list":
            queryset = queries.filter_outgoing(queryset, self.request.query_params)
        return queryset.order_by("-urgency", "-created_at")

    def get_serializer_class(self):
        return s.OutgoingSerializer if self.action == "list" else s.OutgoingDetailSerializer

    def _answer(self, document, code=status.HTTP_200_OK):
        return Response(s.OutgoingDetailSerializer(document).data, status=code)

    @extend_schema(
        summary="Tạo dự thảo",
        request={"application/json": s.DraftSerializer, "multipart/form-data": s.DraftSerializer},
        responses={201: s.OutgoingDetailSerializer},
    )
    def create(self, request):
        form = s.DraftSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        upload = data.pop("file", None)
        recipients = data.pop("recipients", [])
        from django.db import transaction

        with transaction.atomic():
            document = services.create_draft(
                request.user, agency=_agency_of(request.user), data=data, upload=upload
            )
            for recipient in recipients:
                services.add_recipient(request.user, document, **recipient)
        return self._answer(document, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Thêm nơi nhận", request=s.RecipientSerializer, responses={201: s.RecipientSerializer}
    )
    @action(detail=True, methods=["post"], url_path="noi-nhan")
    def recipients(self, request, pk=None):
        document = self.get_object()
        form = s.RecipientSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        recipient = services.add_recipient(request.user, document, **form.validated_data)
        return Response(s.RecipientSerializer(recipient).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _valid(serializer, request) -> dict:
        form = serializer(data=request.data)
        form.is_valid(raise_exception=True)
        return form.validated_data

    def _step(self, request, function, serializer, field):
        document = self.get_object()
        return self._answer(function(request.user, document, self._valid(serializer, request)[field]))

    @extend_schema(summary="Trình duyệt", request=s.CommentSerializer, responses=s.OutgoingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="trinh")
    def submit(self, request, pk=None):
        return self._step(request, services.submit, s.CommentSerializer, "comment")

    @extend_schema(
        summary="Lãnh đạo phòng đồng ý", request=s.CommentSerializer, responses=s.OutgoingDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="duyet-phong")
    def review(self, request, pk=None):
        return self._step(request, services.review, s.CommentSerializer, "comment")

    @extend_schema(summary="Trả lại để sửa", request=s.ReasonSerializer, responses=s.OutgoingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="tra-lai")
    def return_draft(self, request, pk=None):
        return self._step(request, services.return_draft, s.ReasonSerializer, "reason")

    @extend_schema(
        summary="Lãnh đạo cơ quan phê duyệt (ký số khi có mã PIN)",
        request=s.SignSerializer,
        responses=s.OutgoingDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="phe-duyet")
    def approve(self, request, pk=None):
        data = self._valid(s.SignSerializer, request)
        document = self.get_object()
        document = services.approve(
            request.user,
            document,
            data["comment"],
            pin=data["pin"] or None,
            shown_version=data.get("version"),
        )
        return self._answer(document)

    @extend_schema(
        summary="Cấp số và phát hành (văn thư; ký số của cơ quan khi lãnh đạo đã ký)",
        request=s.SignSerializer,
        responses=s.OutgoingDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="phat-hanh")
    def issue(self, request, pk=None):
        data = self._valid(s.SignSerializer, request)
        return self._answer(services.issue(request.user, self.get_object(), pin=data["pin"] or None))

    @extend_schema(
        summary="Sửa dự thảo (phiên bản mới)",
        request={
            "application/json": s.DraftUpdateSerializer,
            "multipart/form-data": s.DraftUpdateSerializer,
        },
        responses=s.OutgoingDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="phien-ban")
    def new_version(self, request, pk=None):
        document = self.get_object()
        data = dict(self._valid(s.DraftUpdateSerializer, request))
        upload, note = data.pop("file", None), data.pop("note", "")
        return self._answer(
            services.update_draft(request.user, document, data=data, upload=upload, note=note)
        )

    @extend_schema(summary="Góp ý dự thảo", request=s.TextSerializer, responses={201: s.EventSerializer})
    @action(detail=True, methods=["post"], url_path="gop-y")
    def comment(self, request, pk=None):
        document = self.get_object()
        event = services.comment_outgoing(
            request.user, document, self._valid(s.TextSerializer, request)["text"]
        )
        return Response(s.EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Thêm phụ lục",
        request={"multipart/form-data": s.AppendixSerializer},
        responses={201: s.AppendixSerializer},
    )
    @action(detail=True, methods=["post"], url_path="phu-luc")
    def appendix(self, request, pk=None):
        document = self.get_object()
        data = self._valid(s.AppendixSerializer, request)
        appendix = services.add_appendix(request.user, document, data["title"], data["file"])
        return Response(s.AppendixSerializer(appendix).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Đính chính (tạo dự thảo công văn đính chính)",
        request=None,
        responses={201: s.OutgoingDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="dinh-chinh")
    def correction(self, request, pk=None):
        return self._answer(
            services.start_correction(request.user, self.get_object()), status.HTTP_201_CREATED
        )

    @extend_schema(summary="Thu hồi", request=s.ReasonSerializer, responses=s.OutgoingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="thu-hoi")
    def recall(self, request, pk=None):
        return self._step(request, services.recall, s.ReasonSerializer, "reason")


@extend_schema_view(list=extend_schema(summary="Thông báo của tôi"))
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffMember]
    serializer_class = s.NotificationSerializer
    queryset = Notification.objects.none()
    filter_backends = []

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user).order_by("-created_at")

    @extend_schema(summary="Đánh dấu đã đọc tất cả", request=None, responses={200: s.CountSerializer})
    @action(detail=False, methods=["post"], url_path="da-doc")
    def mark_read(self, request):
        return Response({"count": services.mark_notifications_read(request.user)})
