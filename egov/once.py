"""One submission per form: a create form carries a one-time token (OnceForm), and the view runs its
action through create_once, so a double click, a request sent again or two at once create one object."""

import re
import secrets
import time

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError

FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


class OnceForm(forms.Form):
    """A create form with a one-time token (create_once): a second submission of the same page (a
    double click, a request sent again) leads to what the first one created instead of a second copy."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.add_prefix("form_token")
        self.token_missing = False
        if not self.is_bound:
            self.initial["form_token"] = new_form_token()
        elif not FORM_TOKEN.fullmatch(self.data.get(name) or ""):
            # a page without its token (a tab from before, a hand-made request): refused and shown again
            # with a fresh token, so the next submission is the one that counts
            self.data = self.data.copy()
            self.data[name] = new_form_token()
            self.token_missing = True

    def clean(self):
        data = super().clean()
        if self.token_missing:
            raise ValidationError(gettext_lazy("Trang này đã cũ: hãy kiểm tra lại thông tin rồi gửi lại."))
        return data


ONCE_TTL = 24 * 3600  # how long a used form token leads to what it created
ONCE_WAIT = 15  # seconds a second submission waits for the first one to finish
_PENDING = "pending"


def create_once(request, form, url_name, create):
    """Runs create() (which returns the new object) for the first submission of the form's one-time token
    and redirects to url_name of the object; a later or simultaneous submission of the same token
    redirects there too, with a message, and creates nothing. When create() raises (a DomainError: the
    reason is shown with the form again), the token stays usable for the corrected submission."""
    key = f"once:{request.user.pk}:{form.cleaned_data['form_token']}"
    waited_until = time.monotonic() + ONCE_WAIT
    while not cache.add(key, _PENDING, ONCE_TTL):
        url = cache.get(key)
        if url not in (None, _PENDING):
            messages.info(request, _("Biểu mẫu này đã được gửi; đây là kết quả của lần gửi đó."))
            return redirect(url)
        if time.monotonic() > waited_until:
            raise DomainError(_("Biểu mẫu này đang được xử lý ở lần gửi trước; hãy chờ một lát."))
        time.sleep(0.1)
    try:
        created = create()
    except BaseException:
        cache.delete(key)
        raise
    url = reverse(url_name, args=[created.pk])
    cache.set(key, url, ONCE_TTL)
    return redirect(url)
