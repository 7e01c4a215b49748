"""API shapes of the periodic reports: an instance in lists and in detail (its cells), and the bodies of
the submit and sign actions."""

from rest_framework import serializers

from ..models import ReportInstance


class ReportInstanceSerializer(serializers.ModelSerializer):
    regime = serializers.CharField(source="regime.name", read_only=True)
    regime_id = serializers.IntegerField(read_only=True)
    reporter = serializers.CharField(source="reporter.name", read_only=True)
    recipient = serializers.CharField(source="regime.recipient.name", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ReportInstance
        fields = (
            "id",
            "regime_id",
            "regime",
            "reporter",
            "recipient",
            "period",
            "year",
            "number",
            "period_start",
            "period_end",
            "deadline",
            "status",
            "status_label",
            "is_late",
            "submissions",
            "submitted_at",
        )
        read_only_fields = fields


class ReportCellSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    source = serializers.CharField()
    formula = serializers.CharField()
    value = serializers.JSONField(allow_null=True, help_text="Số nguyên, số thập phân (công thức) hoặc null.")


class ReportInstanceDetailSerializer(ReportInstanceSerializer):
    cells = ReportCellSerializer(many=True, read_only=True)
    allowed_actions = serializers.ListField(child=serializers.CharField(), read_only=True)
    return_reason = serializers.CharField(read_only=True)
    has_signed_file = serializers.BooleanField(read_only=True)

    class Meta(ReportInstanceSerializer.Meta):
        fields = (
            *ReportInstanceSerializer.Meta.fields,
            "return_reason",
            "cells",
            "allowed_actions",
            "has_signed_file",
        )
        read_only_fields = fields


class ReportSubmitSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=20),
        required=False,
        help_text='Số liệu các chỉ tiêu nhập tay, theo mã chỉ tiêu (ví dụ {"A4": "12"}).',
    )


class ReportSignSerializer(serializers.Serializer):
    pin = serializers.CharField(max_length=64, help_text="Mã PIN chữ ký số của lãnh đạo.")


class ReportReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
