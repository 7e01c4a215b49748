from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from egov.files import check_upload


def verify_max_bytes() -> int:
    """VERIFY_MAX_BYTES (10 MB): the public check costs CPU in proportion to the file."""
    return min(settings.VERIFY_MAX_BYTES, settings.UPLOAD_MAX_BYTES)


def _mb(size: int) -> str:
    return f"{size / 1048576:.3g}".replace(".", ",")


def check_pdf_upload(upload, limit: int | None = None) -> bytes:
    """The uploaded PDF's bytes, or ValidationError in Vietnamese (egov.files.check_upload: size first,
    then whether it parses as a PDF: a file that merely starts with %PDF- is refused)."""
    if upload is None:
        raise forms.ValidationError(_("Hãy chọn tệp PDF cần xác thực."))
    return check_upload(upload, limit=limit).data


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Tệp văn bản (PDF, tối đa %(limit)s MB)") % {
            "limit": _mb(verify_max_bytes())
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        self.pdf_bytes = check_pdf_upload(upload, verify_max_bytes())
        return upload


class Pkcs12ImportForm(forms.Form):
    holder_kind = forms.ChoiceField(
        label=_("Chủ thể"),
        choices=[("user", _("Cá nhân (người ký)")), ("agency", _("Cơ quan (chữ ký cơ quan)"))],
    )
    user = forms.ModelChoiceField(label=_("Người ký"), queryset=None, required=False)
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=None, required=False)
    position = forms.CharField(label=_("Chức vụ hiển thị"), required=False, max_length=150)
    file = forms.FileField(label=_("Tệp PKCS#12 (.p12, .pfx)"))
    password = forms.CharField(label=_("Mật khẩu tệp"), widget=forms.PasswordInput, required=False)
    pin = forms.CharField(
        label=_("Mã PIN mới để mở khóa khi ký (ít nhất 6 ký tự)"), widget=forms.PasswordInput, min_length=6
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from egov.directory.models import Agency

        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True)
        self.fields["agency"].queryset = Agency.objects.all()

    def clean(self):
        data = super().clean()
        kind = data.get("holder_kind")
        if kind == "user" and not data.get("user"):
            self.add_error("user", _("Chọn người ký."))
        if kind == "agency" and not data.get("agency"):
            self.add_error("agency", _("Chọn cơ quan."))
        upload = data.get("file")
        if upload is not None and upload.size > 1024 * 1024:
            self.add_error("file", _("Tệp PKCS#12 quá lớn."))
        return data
