"""API shapes of the one-stop desk: a dossier in lists and in detail, and the body of an action."""

from rest_framework import serializers

from ..models import Dossier, DossierEvent, DossierPaper, DossierStep, ReturnMethod

SUMMARY_FIELDS = (
    "id",
    "code",
    "status",
    "status_label",
    "channel",
    "procedure_code",
    "procedure_name",
    "version",
    "applicant_name",
    "receiving_agency",
    "competent_agency",
    "submitted_at",
    "accepted_at",
    "due_at",
    "returned_at",
)


class DossierSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(read_only=True)
    procedure_code = serializers.CharField(source="version.procedure.code", read_only=True)
    procedure_name = serializers.CharField(source="version.procedure.name", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    receiving_agency = serializers.StringRelatedField()
    competent_agency = serializers.StringRelatedField()

    class Meta:
        model = Dossier
        fields = SUMMARY_FIELDS
        read_only_fields = fields


class DossierPaperSerializer(serializers.ModelSerializer):
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = DossierPaper
        fields = ("id", "name", "kind", "count", "is_supplement", "received_at", "has_scan")
        read_only_fields = fields

    def get_has_scan(self, paper) -> bool:
        return bool(paper.file)


class DossierStepSerializer(serializers.ModelSerializer):
    to_user = serializers.StringRelatedField(allow_null=True)
    to_department = serializers.StringRelatedField(allow_null=True)
    to_agency = serializers.StringRelatedField()

    class Meta:
        model = DossierStep
        fields = (
            "order",
            "kind",
            "to_user",
            "to_department",
            "to_agency",
            "given_at",
            "due_at",
            "done_at",
            "step_class",
        )
        read_only_fields = fields


class DossierEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = DossierEvent
        fields = ("at", "actor", "action", "label", "note", "status")
        read_only_fields = fields


class DossierDetailSerializer(DossierSerializer):
    papers = DossierPaperSerializer(many=True, read_only=True)
    steps = DossierStepSerializer(many=True, read_only=True)
    events = DossierEventSerializer(many=True, read_only=True)
    allowed_actions = serializers.ListField(child=serializers.CharField(), read_only=True)
    remaining_working_seconds = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = (
            *SUMMARY_FIELDS,
            "applicant_personal_id",
            "decision_reason",
            "result_name",
            "allowed_actions",
            "remaining_working_seconds",
            "papers",
            "steps",
            "events",
        )
        read_only_fields = fields


class DossierActionSerializer(serializers.Serializer):
    """The body of an action; which fields it needs depends on the action (the page's form checks them)."""

    reason = serializers.CharField(
        required=False,
        help_text="Lý do, nội dung (từ chối, yêu cầu bổ sung, dừng, rút, trả lại; lý do chậm trả: apologise)",
    )
    note = serializers.CharField(required=False, help_text="Ghi chú (chuyển, phân công, phê duyệt, nhận lại)")
    opinion = serializers.CharField(required=False, help_text="Ý kiến thẩm định (record_appraisal)")
    department = serializers.IntegerField(required=False, help_text="Phòng chuyên môn (hand_over)")
    specialist = serializers.IntegerField(required=False, help_text="Chuyên viên thẩm định (assign)")
    result_name = serializers.CharField(required=False, help_text="Tên kết quả (attach_result)")
    result_file = serializers.FileField(
        required=False,
        help_text="Tệp kết quả PDF (attach_result); không gửi tệp thì kết quả được lập từ mẫu của hồ sơ",
    )
    pin = serializers.CharField(
        required=False, help_text="Mã PIN chữ ký số: của lãnh đạo (sign_result), của cơ quan (seal_result)"
    )
    new_due_day = serializers.CharField(
        required=False, help_text="Ngày hẹn trả mới, ngày/tháng/năm, ví dụ 05/03/2026 (apologise, Mẫu 04)"
    )
    new_due_time = serializers.CharField(
        required=False, help_text="Giờ hẹn trả mới, dạng giờ:phút trong giờ làm việc, ví dụ 16:00 (apologise)"
    )
    paper = serializers.IntegerField(
        required=False, help_text="Giấy tờ bổ sung: mã dòng của danh mục giấy tờ (receive_supplement)"
    )
    count = serializers.IntegerField(required=False, min_value=1, help_text="Số lượng (receive_supplement)")
    upload = serializers.FileField(required=False, help_text="Bản quét giấy tờ bổ sung (receive_supplement)")
    method = serializers.ChoiceField(choices=ReturnMethod.choices, required=False, help_text="return_result")
    received_by_name = serializers.CharField(required=False)
    post_dispatch = serializers.CharField(required=False)
