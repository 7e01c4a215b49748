"""API shapes of documents: read serializers for lists and details, input serializers for each action."""

from rest_framework import serializers

from egov.directory.models import Agency, Department

from ..models import (
    Appendix,
    Channel,
    DocType,
    Event,
    IncomingDocument,
    Notification,
    OutgoingDocument,
    OutgoingVersion,
    Recipient,
    Task,
)
from ..services import DRAFT_FIELDS, INCOMING_FIELDS


class TaskSerializer(serializers.ModelSerializer):
    # a task goes to a department or to a person: the other one is null
    department = serializers.StringRelatedField(allow_null=True)
    assignee = serializers.StringRelatedField(allow_null=True)
    tracking_state = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="open | done | cancelled")

    class Meta:
        model = Task
        fields = [
            "id",
            "incoming",
            "parent",
            "role",
            "title",
            "department",
            "assignee",
            "instructions",
            "deadline",
            "status",
            "progress",
            "result",
            "tracking_state",
        ]
        read_only_fields = fields


class IncomingSerializer(serializers.ModelSerializer):
    agency = serializers.StringRelatedField()
    code = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="arrived | returned | registered | assigned | processing | done | recalled"
    )
    channel = serializers.CharField(read_only=True, help_text="paper | electronic | portal")
    edxml_status = serializers.CharField(read_only=True, help_text="Mã trạng thái edXML 01–06")

    class Meta:
        model = IncomingDocument
        fields = [
            "id",
            "agency",
            "arrival_year",
            "arrival_number",
            "arrived_at",
            *INCOMING_FIELDS,
            "code",
            "status",
            "edxml_status",
            "is_overdue",
        ]
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField(allow_null=True)  # null: done by the system

    class Meta:
        model = Event
        fields = ["created_at", "actor", "action", "label", "comment"]
        read_only_fields = fields


class IncomingDetailSerializer(IncomingSerializer):
    tasks = TaskSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(IncomingSerializer.Meta):
        fields = [*IncomingSerializer.Meta.fields, "tasks", "events"]
        read_only_fields = fields


class RegisterIncomingSerializer(serializers.ModelSerializer):
    """Vào sổ văn bản đến (fields: services.INCOMING_FIELDS; multipart: the scanned PDF in `file`)."""

    channel = serializers.ChoiceField(
        choices=[Channel.PAPER, Channel.ELECTRONIC],
        default=Channel.PAPER,
        help_text="paper (giấy, bản quét) | electronic",
        error_messages={"invalid_choice": "Hình thức nhận phải là paper hoặc electronic."},
    )
    file = serializers.FileField(required=False, allow_null=True)
    confirm_duplicate = serializers.BooleanField(
        default=False, help_text="Vẫn vào sổ dù trùng số, ký hiệu và cơ quan ban hành trong năm."
    )
    presented_to = serializers.IntegerField(required=False, allow_null=True, help_text="Lãnh đạo được trình")

    class Meta:
        model = IncomingDocument
        fields = [*INCOMING_FIELDS, "file", "confirm_duplicate", "presented_to"]
        extra_kwargs = {"pages": {"min_value": 1, "max_value": 999}}


class TargetSerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    assignee = serializers.IntegerField(required=False, allow_null=True, help_text="Mã người được giao")
    deadline = serializers.DateField(required=False, allow_null=True)
    working_days = serializers.IntegerField(min_value=1, max_value=365, required=False, allow_null=True)
    instructions = serializers.CharField(required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    lead = TargetSerializer()
    coordinators = TargetSerializer(many=True, required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    due_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Hạn giải quyết mới của văn bản; bỏ trống: giữ hạn đang có.",
    )


class TextSerializer(serializers.Serializer):
    text = serializers.CharField()


class CompleteSerializer(serializers.Serializer):
    result = serializers.CharField(required=False, allow_blank=True, default="")
    reply = serializers.IntegerField(required=False, allow_null=True, help_text="Mã văn bản đi trả lời")


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SignSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    pin = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        help_text="PIN of the signing certificate: the leader's at approval, the agency's at issue.",
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="At approval: the draft version the leader was shown; a newer one exists: 400.",
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RecipientSerializer(serializers.ModelSerializer):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), required=False, allow_null=True
    )
    delivered = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # null until delivered

    class Meta:
        model = Recipient
        fields = ["id", "kind", "agency", "name", "email", "organ_id", "delivered"]
        read_only_fields = ["id", "delivered"]
        extra_kwargs = {"name": {"required": False}, "email": {"required": False}}


class OutgoingSerializer(serializers.ModelSerializer):
    agency = serializers.StringRelatedField()
    department = serializers.StringRelatedField(allow_null=True)
    code = serializers.CharField(read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text="draft | in_review | pending_approval | returned | approved | issued | recalled",
    )

    class Meta:
        model = OutgoingDocument
        fields = [
            "id",
            "agency",
            "department",
            *(name for name in DRAFT_FIELDS if name != "body"),  # the text: in the detail only
            "status",
            "number",
            "notation",
            "code",
            "issued_date",
            "place_date_line",
            "recall_reason",
            "created_at",
        ]
        read_only_fields = fields


class AppendixSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)

    class Meta:
        model = Appendix
        fields = ["id", "title", "file"]


class OutgoingVersionSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = OutgoingVersion
        fields = ["number", "author", "note", "created_at"]
        read_only_fields = fields


class OutgoingDetailSerializer(OutgoingSerializer):
    recipients = RecipientSerializer(many=True, read_only=True)
    appendices = AppendixSerializer(many=True, read_only=True)
    versions = OutgoingVersionSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta(OutgoingSerializer.Meta):
        fields = [*OutgoingSerializer.Meta.fields, "body", "recipients", "appendices", "versions", "events"]
        read_only_fields = fields


class DraftSerializer(serializers.ModelSerializer):
    """A draft (fields: services.DRAFT_FIELDS): `body` written in place, or a .docx/PDF in `file`
    (multipart). The signer block: `sign_on_behalf` (TM.), `sign_authority` ("" direct, KT, Q, TL, TUQ)
    and `sign_for_title` (the head's title after KT./Q./TL./TUQ.)."""

    doc_type = serializers.ChoiceField(choices=DocType.choices, default=DocType.CV)
    file = serializers.FileField(required=False, allow_null=True)
    recipients = RecipientSerializer(many=True, required=False, default=list)

    class Meta:
        model = OutgoingDocument
        fields = [*DRAFT_FIELDS, "file", "recipients"]


class DraftUpdateSerializer(serializers.ModelSerializer):
    """A new version of a draft: any of the fields, a new file, and a note."""

    file = serializers.FileField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    class Meta:
        model = OutgoingDocument
        fields = [*DRAFT_FIELDS, "file", "note"]
        extra_kwargs = {name: {"required": False} for name in DRAFT_FIELDS}


class StandaloneTaskSerializer(TargetSerializer):
    title = serializers.CharField(max_length=500)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(is_active=True))


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "text", "url", "urgent", "created_at", "read_at"]
        read_only_fields = fields


class ConfirmSerializer(serializers.Serializer):
    confirm_duplicate = serializers.BooleanField(default=False)


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
