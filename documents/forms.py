from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from egov.directory.models import Agency, Department
from egov.forms import DayField, DayInput
from egov.once import OnceForm

from .models import Channel, DocType, IncomingDocument, OutgoingDocument, Recipient, SignAuthority
from .services import DRAFT_FIELDS, INCOMING_FIELDS

# the authority as the drafter chooses it; the printed abbreviation is SignAuthority's own label
SIGN_AUTHORITY_CHOICES = [
    (SignAuthority.NONE, _("Ký trực tiếp")),
    (SignAuthority.KT, _("Ký thay (KT.)")),
    (SignAuthority.Q, _("Quyền (Q.)")),
    (SignAuthority.TL, _("Thừa lệnh (TL.)")),
    (SignAuthority.TUQ, _("Thừa ủy quyền (TUQ.)")),
]


class IncomingForm(OnceForm, forms.ModelForm):
    """Vào sổ văn bản đến: the Phụ lục VI metadata (fields: services.INCOMING_FIELDS), the scan, the
    leader it is presented to."""

    channel = forms.ChoiceField(
        label=_("Hình thức nhận"),
        choices=[(Channel.PAPER, _("Văn bản giấy (bản quét)")), (Channel.ELECTRONIC, _("Văn bản điện tử"))],
    )
    presented_to = forms.ModelChoiceField(label=_("Trình lãnh đạo"), queryset=None, required=False)
    file = forms.FileField(label=_("Tệp văn bản (PDF)"), required=False)
    confirm_duplicate = forms.BooleanField(label=_("Xác nhận vẫn vào sổ dù có thể trùng"), required=False)

    class Meta:
        model = IncomingDocument
        fields = INCOMING_FIELDS
        field_classes = {"issued_date": DayField, "due_date": DayField}
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 3}),
            "issued_date": DayInput,
            "due_date": DayInput,
        }
        labels = {
            "doc_type": _("Loại văn bản"),
            "number": _("Số"),
            "notation": _("Ký hiệu"),
            "issued_date": _("Ngày văn bản"),
            "issuing_organ": _("Cơ quan ban hành"),
            "subject": _("Trích yếu"),
            "signer_name": _("Người ký"),
            "signer_position": _("Chức vụ người ký"),
            "urgency": _("Độ khẩn"),
            "secrecy": _("Độ mật"),
            "due_date": _("Hạn giải quyết"),
            "pages": _("Số trang"),
            "attachments_note": _("Tài liệu kèm theo"),
            "description": _("Ghi chú"),
        }

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        from egov.accounts.models import User

        self.fields["presented_to"].queryset = leaders if leaders is not None else User.objects.none()
        self.fields["pages"].validators.append(MinValueValidator(1))
        self.fields["pages"].widget.attrs["min"] = 1


class TargetMixin:
    def target_fields(self, agency, prefix=""):
        from egov.accounts.models import User
        from egov.directory.queries import agency_staff

        self.fields[f"{prefix}department"] = forms.ModelChoiceField(
            label=_("Đơn vị"),
            queryset=Department.objects.filter(agency=agency, is_active=True),
            required=False,
        )
        self.fields[f"{prefix}assignee"] = forms.ModelChoiceField(
            label=_("Cá nhân"),
            queryset=agency_staff(agency) if agency else User.objects.none(),
            required=False,
        )
        self.fields[f"{prefix}deadline"] = DayField(label=_("Hạn xử lý"), required=False)
        self.fields[f"{prefix}working_days"] = forms.IntegerField(
            label=_("hoặc số ngày làm việc"), min_value=1, max_value=365, required=False
        )
        self.fields[f"{prefix}instructions"] = forms.CharField(
            label=_("Ý kiến chỉ đạo"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )


class AssignForm(TargetMixin, forms.Form):
    """Phiếu giải quyết: one lead (a unit or a person) and any number of coordinating units and people,
    who share one deadline and one instruction. The lead's deadline starts at the document's own due
    date: the leader changes it on purpose, never by leaving a field empty."""

    def __init__(self, *args, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        agency = document.agency if document else None
        # the document's own due date, shown and changed only when the leader sets another
        self.fields["due_date"] = DayField(
            label=_("Hạn giải quyết của văn bản"),
            required=False,
            initial=document.due_date if document else None,
            help_text=_("Giữ nguyên nếu không đổi hạn; hạn mới được ghi vào quá trình xử lý."),
        )
        self.target_fields(agency, "lead_")
        self.target_fields(agency, "co_")
        self.fields["lead_deadline"].initial = document.due_date if document else None
        self.fields["lead_deadline"].help_text = _("Mặc định là hạn giải quyết của văn bản.")
        fields = {}
        for name, field in self.fields.items():
            if name in ("co_department", "co_assignee"):  # several coordinating units and people
                many = forms.CheckboxSelectMultiple if name == "co_department" else forms.SelectMultiple
                field = forms.ModelMultipleChoiceField(
                    label=field.label, queryset=field.queryset, required=False, widget=many
                )
                name += "s"
            if name.startswith(("lead_", "co_")):
                lead = name.startswith("lead_")
                field.label = (_("Chủ trì – ") if lead else _("Phối hợp – ")) + str(field.label)
            fields[name] = field
        self.fields = fields

    def lead(self) -> dict:
        data = self.cleaned_data
        return {
            k: data.get("lead_" + k)
            for k in ("department", "assignee", "deadline", "working_days", "instructions")
        }

    def coordinators(self) -> list[dict]:
        data = self.cleaned_data
        shared = {k: data.get("co_" + k) for k in ("deadline", "working_days", "instructions")}
        return [{"department": d, **shared} for d in data.get("co_departments") or ()] + [
            {"assignee": u, **shared} for u in data.get("co_assignees") or ()
        ]


class DelegateForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=None)
    deadline = DayField(label=_("Hạn xử lý"))
    instructions = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        from egov.accounts.models import User
        from egov.directory.models import StaffAssignment

        users = StaffAssignment.objects.current().filter(department=department).values("user_id")
        self.fields["assignee"].queryset = User.objects.filter(pk__in=users)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Tiến độ"), widget=forms.Textarea(attrs={"rows": 2}))


class CompleteForm(forms.Form):
    result = forms.CharField(
        label=_("Kết quả giải quyết"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply = forms.ModelChoiceField(label=_("Văn bản trả lời"), queryset=None, required=False)

    def __init__(self, *args, replies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply"].queryset = replies


COUNTS = ("pages", "copies")


class DraftForm(forms.ModelForm):
    """A draft's text and metadata (fields: services.DRAFT_FIELDS), with its file and a version note."""

    file = forms.FileField(label=_("hoặc tệp dự thảo (.docx, PDF)"), required=False)
    note = forms.CharField(label=_("Ghi chú phiên bản"), max_length=500, required=False)

    class Meta:
        model = OutgoingDocument
        fields = DRAFT_FIELDS
        field_classes = {"due_date": DayField}
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 8}),
            "due_date": DayInput,
        }
        labels = {
            "doc_type": _("Loại văn bản"),
            "legal_normative": _("Văn bản quy phạm pháp luật"),
            "subject": _("Trích yếu"),
            "body": _("Nội dung"),
            "urgency": _("Độ khẩn"),
            "secrecy": _("Độ mật"),
            "due_date": _("Hạn trả lời"),
            "pages": _("Số trang"),
            "copies": _("Số lượng bản"),
            "sign_on_behalf": _("Thay mặt tập thể (TM.)"),
            "sign_authority": _("Thẩm quyền ký"),
            "sign_for_title": _("Chức danh người đứng đầu"),
        }
        help_texts = {
            "sign_on_behalf": _(
                "Khi ký thay mặt tập thể lãnh đạo: tên tập thể sau “TM.”, ví dụ ỦY BAN NHÂN DÂN."
            ),
            "sign_authority": _(
                "Để “Ký trực tiếp” khi người đứng đầu ký; cấp phó ký thay chọn “Ký thay (KT.)”."
            ),
            "sign_for_title": _("Chức danh ghi sau KT., Q., TL., TUQ., ví dụ CHỦ TỊCH."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].initial = DocType.CV
        self.fields["sign_authority"].choices = SIGN_AUTHORITY_CHOICES
        for name in COUNTS:
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        for name in COUNTS:  # left empty: the model's own default (one page, one copy)
            if data.get(name) is None:
                data[name] = OutgoingDocument._meta.get_field(name).default
        return data


class NewDraftForm(OnceForm, DraftForm):
    """The first version of a draft (later ones are the detail page's edit form)."""


class RecipientForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại nơi nhận"), choices=Recipient.Kind.choices)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan trong hệ thống"), queryset=Agency.objects.none(), required=False
    )
    name = forms.CharField(label=_("Tên (ngoài hệ thống)"), max_length=200, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)

    def __init__(self, *args, exclude_agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).exclude(pk=exclude_agency)


class TaskForm(TargetMixin, OnceForm):
    title = forms.CharField(label=_("Nội dung nhiệm vụ"), max_length=500)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"), queryset=Agency.objects.filter(is_active=True)
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_fields(agency)
        self.fields["assignee"].required = False


class RegisterExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Sổ"),
        choices=[
            ("den", _("Sổ đăng ký văn bản đến")),
            ("di", _("Sổ đăng ký văn bản đi")),
            ("giai-quyet", _("Sổ theo dõi giải quyết văn bản đến")),
        ],
    )
    date_from = DayField(label=_("Từ ngày"))
    date_to = DayField(label=_("Đến ngày"))
    fmt = forms.ChoiceField(label=_("Định dạng"), choices=[("xlsx", "Excel"), ("pdf", "PDF")])


class WorkFileForm(OnceForm):
    """Hồ sơ công việc (Phụ lục VI): FileNotation, Title, Maintenance, dates; code organ.year.notation."""

    notation = forms.CharField(label=_("Số và ký hiệu hồ sơ"), max_length=20)
    title = forms.CharField(label=_("Tiêu đề hồ sơ"), max_length=500)
    maintenance = forms.CharField(label=_("Thời hạn bảo quản"), max_length=30, initial="10 năm")
    start_date = DayField(label=_("Ngày bắt đầu"), required=False)
    end_date = DayField(label=_("Ngày kết thúc"), required=False)
    archive_due = DayField(
        label=_("Hạn nộp lưu"),
        required=False,
        help_text=_("Để trống: một năm sau ngày kết thúc (Điều 30)."),
    )
    description = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
