from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from egov.forms import DayField

from .models import User
from .personal_id import validate_personal_id


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập, số định danh hoặc thư điện tử"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


class OTPTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Mã xác thực 6 chữ số"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Mã xác thực gồm đúng 6 chữ số.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class CitizenRegistrationForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    class Meta:
        model = User
        fields = ["full_name", "personal_id", "birth_date", "sex", "email", "phone"]
        field_classes = {"birth_date": DayField}
        help_texts = {"personal_id": _("12 chữ số in trên thẻ căn cước; dùng làm tên đăng nhập.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the e-mail is where registration is confirmed (egov.accounts.registration)
        for name in ["full_name", "personal_id", "birth_date", "sex", "email"]:
            self.fields[name].required = True
        self.fields["email"].help_text = _("Chúng tôi gửi thư để bạn hoàn tất đăng ký.")

    def clean_personal_id(self):
        # whether the ID or the e-mail already has an account is never said here (registration.start)
        value = (self.cleaned_data.get("personal_id") or "").strip()
        validate_personal_id(value)
        return value

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip()

    # saying "already taken" would tell who has an account: uniqueness is checked when the link is confirmed
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except ValidationError as error:
                self.add_error("password1", error)
