"""The citizen's own dossiers over the API (/api/v1/ho-so/cua-toi/), by session or token: the list, a
dossier with the timeline the applicant reads, and the satisfaction rating. Reads go through
`queries.own_dossiers` (another person's dossier is a 404 whoever asks); the rating is `ratings.rate`."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import queries, ratings
from ..forms import RatingForm
from ..models import Dossier, DossierEvent, DossierPaper, DossierRating


class RatingSerializer(serializers.ModelSerializer):
    score_label = serializers.CharField(source="get_score_display", read_only=True)

    class Meta:
        model = DossierRating
        fields = ("score", "score_label", "comment", "source", "created_at")
        read_only_fields = fields


class RatingInSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text="4 Rất hài lòng, 3 Hài lòng, 2 Bình thường, 1 Không hài lòng")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class OwnDossierSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(read_only=True)
    procedure_code = serializers.CharField(source="version.procedure.code", read_only=True)
    procedure_name = serializers.CharField(source="version.procedure.name", read_only=True)
    receiving_agency = serializers.CharField(source="receiving_agency.name", read_only=True)
    remaining_working_seconds = serializers.SerializerMethodField()
    rating = RatingSerializer(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Dossier
        fields = (
            "id",
            "code",
            "status",
            "status_label",
            "channel",
            "procedure_code",
            "procedure_name",
            "receiving_agency",
            "submitted_at",
            "accepted_at",
            "due_at",
            "returned_at",
            "remaining_working_seconds",
            "fees_due",
            "fees_paid",
            "rating",
        )
        read_only_fields = fields

    def get_remaining_working_seconds(self, dossier) -> int | None:
        left = queries.remaining_working_time(dossier)
        return int(left.total_seconds()) if left is not None else None


class TimelineSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierEvent
        fields = ("at", "action", "label", "note", "status")
        read_only_fields = fields


class OwnPaperSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierPaper
        fields = ("id", "name", "is_supplement", "received_at")
        read_only_fields = fields


class OwnDossierDetailSerializer(OwnDossierSerializer):
    timeline = serializers.SerializerMethodField()
    papers = OwnPaperSerializer(many=True, read_only=True)
    decision_reason = serializers.CharField(read_only=True)
    result_name = serializers.CharField(read_only=True)

    class Meta(OwnDossierSerializer.Meta):
        fields = (*OwnDossierSerializer.Meta.fields, "decision_reason", "result_name", "papers", "timeline")
        read_only_fields = fields

    def get_timeline(self, dossier) -> list[dict]:
        return TimelineSerializer(queries.applicant_timeline(dossier), many=True).data


@extend_schema_view(
    list=extend_schema(summary="Hồ sơ của tôi (người nộp)"),
    retrieve=extend_schema(
        summary="Hồ sơ của tôi: chi tiết và diễn biến", responses=OwnDossierDetailSerializer
    ),
)
class OwnDossierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OwnDossierSerializer
    queryset = Dossier.objects.none()
    filter_backends = []

    def get_queryset(self):
        if self.action == "list":
            return queries.own_dossier_list(self.request.user)
        return queries.own_dossiers(self.request.user).select_related(
            "version__procedure", "receiving_agency", "rating"
        )

    def retrieve(self, request, pk=None):
        return Response(OwnDossierDetailSerializer(self.get_object()).data)

    @extend_schema(
        summary="Đánh giá mức độ hài lòng (một lần, sau khi trả kết quả)",
        request=RatingInSerializer,
        responses={201: RatingSerializer},
    )
    @action(detail=True, methods=["post"], url_path="danh-gia")
    def rate(self, request, pk=None):
        dossier = self.get_object()
        if not isinstance(request.data, dict):
            raise ValidationError({"detail": "Nội dung yêu cầu phải là một đối tượng."})
        form = RatingForm(request.data)
        if not form.is_valid():
            raise ValidationError({key: [str(e) for e in errors] for key, errors in form.errors.items()})
        rating = ratings.rate(request.user, dossier, form.cleaned_data["score"], form.cleaned_data["comment"])
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)
