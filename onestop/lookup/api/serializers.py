from rest_framework import serializers

from ..public import Stage


class TimelineRowSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    label = serializers.CharField()
    at = serializers.DateTimeField(allow_null=True)
    current = serializers.BooleanField()


class PublicDossierSerializer(serializers.Serializer):
    """What the public page shows: the applicant's name masked, no contact details, files or reasons."""

    code = serializers.CharField()
    procedure = serializers.CharField()
    receiving_agency = serializers.CharField()
    applicant = serializers.CharField(help_text="Họ tên đã che: giữ họ, các tên còn lại viết tắt")
    status = serializers.ChoiceField(choices=Stage.choices)
    status_label = serializers.CharField()
    overdue = serializers.BooleanField()
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    original_due_at = serializers.DateTimeField(
        allow_null=True, help_text="Ngày hẹn ban đầu, khi đã hẹn lại hoặc tạm dừng để bổ sung"
    )
    returned_at = serializers.DateTimeField(allow_null=True)
    timeline = TimelineRowSerializer(many=True)
