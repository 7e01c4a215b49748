from rest_framework import serializers

from ..models import (
    FEE_FIELDS,
    PAPER_FIELDS,
    PROCEDURE_FIELDS,
    STEP_FIELDS,
    VERSION_CONTENT_FIELDS,
    Fee,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredPaper,
)


class PaperSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    template_url = serializers.SerializerMethodField()

    class Meta:
        model = RequiredPaper
        fields = [*PAPER_FIELDS, "kind_display", "template_url"]

    def get_template_url(self, paper) -> str | None:
        if not paper.template_file:
            return None
        from django.urls import reverse

        url = reverse("services:paper-template", args=[paper.version.procedure.code, paper.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fee
        fields = FEE_FIELDS


class StepSerializer(serializers.ModelSerializer):
    department = serializers.CharField(
        source="department.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = ProcessingStep
        fields = STEP_FIELDS


class VersionSerializer(serializers.ModelSerializer):
    papers = PaperSerializer(many=True, read_only=True)
    fees = FeeSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    time_limit = serializers.CharField(source="time_limit_display", read_only=True)

    class Meta:
        model = ProcedureVersion
        fields = [
            "number",
            "effective_from",
            "time_limit",
            *VERSION_CONTENT_FIELDS,
            "papers",
            "fees",
            "steps",
        ]


class ProcedureListSerializer(serializers.ModelSerializer):
    field = serializers.CharField(source="field.name", read_only=True)
    field_code = serializers.CharField(source="field.code", read_only=True)
    competent_agency = serializers.CharField(
        source="competent_agency.name", default=None, read_only=True, allow_null=True
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "field_code",
            "handling_level",
            "online_level",
            "classification",
            "competent_agency",
            "url",
        ]

    def get_url(self, procedure) -> str:
        from django.urls import reverse

        url = reverse("services:procedure", args=[procedure.code])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ProcedureDetailSerializer(ProcedureListSerializer):
    receiving_agencies = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    current_version = VersionSerializer(read_only=True)

    class Meta(ProcedureListSerializer.Meta):
        fields = [*PROCEDURE_FIELDS, "field_code", "url", "current_version"]
