"""One-stop API (/api/v1/ho-so/): the dossiers the user may see (`queries.visible_to`) and their actions,
through the same forms and `onestop.services` calls as the staff pages. Refusals of the services become
4xx answers in egov.api.exception_handler."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from documents.api.views import IsStaffMember

from .. import forms, queries, services
from ..models import Dossier
from . import serializers as s

ACTION_PARAMETER = OpenApiParameter(
    "name", str, OpenApiParameter.PATH, enum=sorted(forms.ACTION_FORMS), description="Thao tác"
)


@extend_schema_view(
    list=extend_schema(summary="Hồ sơ thủ tục hành chính tôi thấy được"),
    retrieve=extend_schema(summary="Chi tiết hồ sơ", responses=s.DossierDetailSerializer),
)
class DossierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaffMember]
    serializer_class = s.DossierSerializer
    queryset = Dossier.objects.none()
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = []

    def get_queryset(self):
        return queries.visible_to(self.request.user).order_by("-submitted_at", "-pk")

    def _detail(self, dossier):
        dossier.allowed_actions = services.allowed_actions(self.request.user, dossier)
        left = queries.remaining_working_time(dossier)
        dossier.remaining_working_seconds = int(left.total_seconds()) if left is not None else None
        return Response(s.DossierDetailSerializer(dossier).data)

    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Thực hiện một thao tác trên hồ sơ",
        parameters=[ACTION_PARAMETER],
        request=s.DossierActionSerializer,
        responses=s.DossierDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path=r"thao-tac/(?P<name>[a-z_]+)")
    def perform(self, request, pk=None, name=None):
        dossier = self.get_object()
        if name not in forms.ACTION_FORMS:
            raise Http404
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": "Nội dung yêu cầu phải là một đối tượng."})
        data = {f"{name}-{key}": value for key, value in request.data.items() if not hasattr(value, "read")}
        files = {f"{name}-{key}": value for key, value in request.FILES.items()}
        form = forms.action_form(name, dossier, data, files)
        if not form.is_valid():
            raise ValidationError({key: [str(e) for e in errors] for key, errors in form.errors.items()})
        forms.perform(name, request.user, dossier, form.cleaned_data)
        return self._detail(self.get_queryset().get(pk=dossier.pk))
