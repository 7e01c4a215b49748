"""The one-stop desk's staff forms: one small form per action of the dossier page, and the counter intake."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.directory.models import Agency, Department, StaffAssignment
from egov.forms import DayField
from egov.once import OnceForm
from egov.text import vnd

from . import fees, queries, services
from .models import DossierPaper, Rating, ReturnMethod


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do, nội dung"), widget=forms.Textarea(attrs={"rows": 2}))


class RatingForm(forms.Form):
    """Đánh giá mức độ hài lòng: a score of the short scale, most satisfied first, and a comment."""

    score = forms.TypedChoiceField(
        label=_("Mức độ hài lòng"),
        choices=sorted(Rating.choices, reverse=True),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn một mức độ hài lòng.")},
    )
    comment = forms.CharField(
        label=_("Góp ý (không bắt buộc)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Ý kiến thẩm định"), widget=forms.Textarea(attrs={"rows": 3}))


class HandOverForm(NoteForm):
    department = forms.ModelChoiceField(label=_("Phòng chuyên môn"), queryset=Department.objects.none())
    field_order = ["department", "note"]

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        # a dossier received at another desk is handed to a department of the agency that decides it
        self.fields["department"].queryset = Department.objects.filter(
            agency_id=dossier.competent_agency_id, is_active=True
        ).order_by("name")


class AssignForm(NoteForm):
    specialist = forms.ModelChoiceField(label=_("Chuyên viên thẩm định"), queryset=None)
    field_order = ["specialist", "note"]

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        posts = StaffAssignment.objects.on(timezone.localdate()).filter(
            department_id=dossier.holder_department_id
        )
        self.fields["specialist"].queryset = (
            get_user_model()
            .objects.filter(pk__in=posts.values("user_id"), is_active=True)
            .order_by("full_name", "pk")
        )


class SendToAgencyForm(NoteForm):
    """Liên thông: the province's other agency that does its part, and its time budget."""

    agency = forms.ModelChoiceField(
        label=_("Cơ quan liên thông"),
        queryset=Agency.objects.none(),
        error_messages={"invalid_choice": _("Hãy chọn một cơ quan khác của tỉnh, đang hoạt động.")},
    )
    budget = forms.IntegerField(
        label=_("Thời gian giải quyết của cơ quan liên thông (ngày làm việc)"),
        min_value=1,
        max_value=services.MAX_INTERAGENCY_DAYS,
        error_messages={
            "invalid": _("Thời gian giải quyết phải là một số nguyên ngày làm việc."),
            "min_value": _("Thời gian giải quyết phải từ %(limit_value)s ngày làm việc trở lên."),
            "max_value": _("Thời gian giải quyết không quá %(limit_value)s ngày làm việc."),
        },
    )
    field_order = ["agency", "budget", "note"]

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        holder = dossier.holder_agency_id or dossier.competent_agency_id
        self.fields["agency"].queryset = (
            Agency.objects.filter(is_active=True).exclude(pk=holder).order_by("level", "name")
        )


class ResultForm(forms.Form):
    result_name = forms.CharField(label=_("Tên kết quả"), max_length=300)
    result_file = forms.FileField(label=_("Tệp kết quả (PDF)"), required=False)


class FeePaymentForm(forms.Form):
    """Phí, lệ phí nộp tại quầy (tiền mặt hoặc thẻ): the amount, at most what is still owed."""

    amount = forms.IntegerField(
        label=_("Số tiền nộp (đồng)"),
        min_value=1,
        error_messages={
            "invalid": _("Số tiền là một số nguyên đồng, chỉ gồm chữ số."),
            "min_value": _("Số tiền nộp phải lớn hơn 0."),
            "max_value": _("Số tiền nộp không quá số còn phải nộp (%(limit_value)s đồng)."),
        },
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        outstanding = max(dossier.fees_due - dossier.fees_paid, 0)
        field = self.fields["amount"]
        field.initial = outstanding
        field.max_value = outstanding
        field.validators.append(MaxValueValidator(outstanding))
        field.widget.attrs["max"] = outstanding


class FeeExemptionForm(forms.Form):
    """Miễn, giảm phí: the fee lines of the dossier's procedure whose catalogue entry names who is exempt."""

    fees = forms.TypedMultipleChoiceField(
        label=_("Khoản được miễn, giảm"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn khoản phí, lệ phí được miễn.")},
    )

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fees"].choices = [
            (
                line.pk,
                _("%(name)s (%(amount)s đồng) – %(who)s")
                % {"name": line.name, "amount": vnd(line.amount), "who": line.exemptions},
            )
            for line in fees.lines(dossier.version)
            if line.exemptions.strip()
        ]


class PinForm(forms.Form):
    """The leader's signature or the agency's seal on the result: the PIN of the certificate."""

    pin = forms.CharField(label=_("Mã PIN chữ ký số"), widget=forms.PasswordInput, max_length=64)


class ApologyForm(forms.Form):
    """Mẫu 04: why the result is late, and the new appointment (a day and a time of office hours)."""

    reason = forms.CharField(label=_("Lý do chậm trả kết quả"), widget=forms.Textarea(attrs={"rows": 2}))
    new_due_day = DayField(label=_("Ngày hẹn trả mới"))
    new_due_time = forms.TimeField(
        label=_("Giờ hẹn trả mới"),
        initial=datetime.time(16, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Giờ không hợp lệ: nhập theo dạng giờ:phút, ví dụ 16:00.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("new_due_day") and data.get("new_due_time"):
            naive = datetime.datetime.combine(data["new_due_day"], data["new_due_time"])
            data["new_due_at"] = timezone.make_aware(naive)
        return data


class SupplementForm(forms.Form):
    """The supplement received: which paper of the checklist, how many, and its scan if there is one."""

    paper = forms.ModelChoiceField(label=_("Giấy tờ bổ sung"), queryset=None)
    count = forms.IntegerField(label=_("Số lượng"), min_value=1, initial=1)
    upload = forms.FileField(label=_("Bản quét (không bắt buộc)"), required=False)

    def __init__(self, *args, dossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = dossier.version.papers.order_by("order", "pk")


class ReturnForm(forms.Form):
    method = forms.ChoiceField(label=_("Hình thức trả"), choices=ReturnMethod.choices)
    received_by_name = forms.CharField(label=_("Người nhận kết quả"), required=False, max_length=200)
    post_dispatch = forms.CharField(label=_("Số vận đơn bưu chính"), required=False, max_length=60)


# action -> (form class, button label); the view maps the cleaned data to the service's arguments
ACTION_FORMS = {
    "accept": (forms.Form, _("Tiếp nhận")),
    "request_completion": (ReasonForm, _("Yêu cầu hoàn thiện")),
    "refuse_intake": (ReasonForm, _("Từ chối tiếp nhận")),
    "hand_over": (HandOverForm, _("Chuyển phòng chuyên môn")),
    "assign": (AssignForm, _("Phân công")),
    "record_appraisal": (OpinionForm, _("Trình kết quả thẩm định")),
    "send_back": (ReasonForm, _("Trả lại để thẩm định lại")),
    "approve": (NoteForm, _("Phê duyệt")),
    "request_supplement": (ReasonForm, _("Yêu cầu bổ sung")),
    "receive_supplement": (SupplementForm, _("Đã nhận hồ sơ bổ sung")),
    "send_to_agency": (SendToAgencyForm, _("Chuyển cơ quan liên thông")),
    "receive_back": (NoteForm, _("Nhận lại từ cơ quan liên thông")),
    "stop": (ReasonForm, _("Dừng giải quyết")),
    "refuse": (ReasonForm, _("Từ chối giải quyết")),
    "withdraw": (ReasonForm, _("Rút hồ sơ")),
    "apologise": (ApologyForm, _("Xin lỗi và hẹn lại ngày trả (Mẫu 04)")),
    "attach_result": (ResultForm, _("Đính kèm kết quả")),
    "sign_result": (PinForm, _("Ký số kết quả")),
    "seal_result": (PinForm, _("Đóng dấu kết quả")),
    "return_result": (ReturnForm, _("Trả kết quả")),
}
NEEDS_DOSSIER = {HandOverForm, AssignForm, SendToAgencyForm, SupplementForm}


def action_form(action: str, dossier, data=None, files=None):
    form_class, _label = ACTION_FORMS[action]
    kwargs = {"dossier": dossier} if form_class in NEEDS_DOSSIER else {}
    return form_class(data, files, prefix=action, **kwargs)


def perform(action: str, user, dossier, data: dict):
    """The service call of one action (page or API), from its form's cleaned data."""
    s = services
    calls = {
        "accept": lambda: s.accept_dossier(user, dossier),
        "request_completion": lambda: s.request_completion(user, dossier, data["reason"]),
        "refuse_intake": lambda: s.refuse_intake(user, dossier, data["reason"]),
        "hand_over": lambda: s.hand_over(user, dossier, data["department"], note=data["note"]),
        "assign": lambda: s.assign(user, dossier, data["specialist"], note=data["note"]),
        "record_appraisal": lambda: s.record_appraisal(user, dossier, data["opinion"]),
        "send_back": lambda: s.send_back(user, dossier, data["reason"]),
        "approve": lambda: s.approve(user, dossier, note=data["note"]),
        "request_supplement": lambda: s.request_supplement(user, dossier, data["reason"]),
        "receive_supplement": lambda: s.receive_supplement(
            user, dossier, [services.PaperIn(data["paper"], count=data["count"], upload=data["upload"])]
        ),
        "send_to_agency": lambda: s.send_to_agency(
            user, dossier, data["agency"], data["budget"], note=data["note"]
        ),
        "receive_back": lambda: s.receive_back(user, dossier, note=data["note"]),
        "stop": lambda: s.stop(user, dossier, data["reason"]),
        "refuse": lambda: s.refuse_after_review(user, dossier, data["reason"]),
        "withdraw": lambda: s.withdraw(user, dossier, data["reason"]),
        "apologise": lambda: s.apologise_and_reschedule(user, dossier, data["reason"], data["new_due_at"]),
        "sign_result": lambda: s.sign_result(user, dossier, data["pin"]),
        "seal_result": lambda: s.seal_result(user, dossier, data["pin"]),
        "attach_result": lambda: s.attach_result(
            user, dossier, result_file=data["result_file"], result_name=data["result_name"]
        ),
        "return_result": lambda: s.return_result(
            user,
            dossier,
            data["method"],
            received_by_name=data["received_by_name"],
            post_dispatch=data["post_dispatch"],
        ),
    }
    return calls[action]()


class PaperRowForm(forms.Form):
    """One row of the version's checklist at the counter."""

    handed_in = forms.BooleanField(label=_("Có"), required=False)
    kind = forms.ChoiceField(label=_("Bản"), choices=DossierPaper.Kind.choices)
    count = forms.IntegerField(label=_("Số lượng"), min_value=1, initial=1)
    upload = forms.FileField(label=_("Bản quét"), required=False)


class RoutingForm(forms.Form):
    """Xã/phường giải quyết: for a commune-level procedure, the commune or ward the applicant names (any
    desk of the province receives it, NĐ 118/2025), grouped as phường / xã; the officer's own commune
    first when the desk is at one."""

    def __init__(self, *args, desk=None, note_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = forms.ModelChoiceField(
            label=_("Xã/phường giải quyết"),
            queryset=queries.communes(),
            empty_label=_("— Chọn xã, phường —"),
            error_messages={
                "required": _("Thủ tục cấp xã: hãy chọn xã, phường giải quyết hồ sơ."),
                "invalid_choice": _("Xã, phường đã chọn không phải xã, phường đang hoạt động của tỉnh."),
            },
        )
        groups = {}
        for agency in field.queryset:
            group = agency.unit.get_kind_display() if agency.unit else _("Xã, phường")
            name = (agency.unit.short_name or agency.unit.name) if agency.unit else agency.name
            groups.setdefault(group, []).append((agency.pk, name))  # "Việt Trì" under "Phường": typed to find
            if desk is not None and agency.pk == desk.pk:
                field.initial = desk.pk
        field.choices = [("", field.empty_label), *groups.items()]
        if note_url:  # on change, the page's note of the deciding agency is asked for again (htmx)
            note = "#route-note"
            field.widget.attrs.update(
                {"hx-get": note_url, "hx-target": note, "hx-select": note, "hx-swap": "outerHTML"}
            )
        self.fields["commune"] = field

    def chosen(self):
        """The commune chosen (sent, or the initial one), None while none valid is."""
        try:
            return self.fields["commune"].clean(self["commune"].value())
        except ValidationError:
            return None


class IntakeForm(OnceForm):
    """Tiếp nhận hồ sơ tại quầy: the applicant (a citizen's account found by personal ID, or walk-in)."""

    DECISIONS = [("accept", _("Tiếp nhận")), ("complete", _("Yêu cầu bổ sung")), ("refuse", _("Từ chối"))]

    personal_id = forms.CharField(label=_("Số định danh cá nhân"), max_length=12, required=False)
    name = forms.CharField(label=_("Họ và tên người nộp / tên tổ chức"), max_length=200, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    reason = forms.CharField(
        label=_("Lý do từ chối / nội dung cần bổ sung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput, required=False)
