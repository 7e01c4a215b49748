"""Hostile text: one layer refuses NUL and removes other control characters from every request.

PostgreSQL refuses NUL in text, so a NUL anywhere in the path, the query, a form field or a JSON body is
answered with a 400 and a reason before any view runs. The other C0 control characters (and DEL) are
removed, except tab, line feed and carriage return; Word's Shift+Enter (vertical tab) and page break
(form feed) become a line feed. Query parameters are one line. Text that goes into a mail header passes
through `one_line`. Search compares text through `fold`.
"""

import io
import json
import re
import unicodedata

from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from num2words import num2words

NUL = "\x00"
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def vnd(amount: int) -> str:
    """75000 -> '75.000': an amount of đồng with the Vietnamese thousands separator. Format the number
    alone: a sentence around it keeps its own commas."""
    return f"{int(amount):,}".replace(",", ".")


def vnd_in_words(amount: int) -> str:
    """75000 -> 'Bảy mươi lăm nghìn đồng': the amount as a receipt writes it out ("Số tiền bằng chữ")."""
    words = num2words(int(amount), lang="vi")
    return f"{words[0].upper()}{words[1:]} đồng"


def fold(text: str) -> str:
    """'Quyết định ĐĂNG KÝ' -> 'quyet dinh dang ky': the one accent-free form that search compares (NFC and
    NFD input alike; đ/Đ -> d, lower case, whitespace runs to one space)."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "d").lower().split())


def clean(value: str, *, multiline: bool = True) -> str:
    """Control characters removed; a one-line value also loses its line breaks and tabs (to a space)."""
    value = _CONTROL.sub("", value.translate(_LINE_BREAKS))
    if not multiline:
        value = re.sub(r"[\t\n\r]+", " ", value)
    return value


def one_line(text: str, limit: int = 120) -> str:
    """Whitespace (line breaks included) flattened to single spaces, cut at `limit` with an ellipsis:
    for mail subjects and other headers, where a line break is refused."""
    text = " ".join(clean(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clean_data(value, *, multiline: bool = True):
    """A parsed JSON (or form) value with every string cleaned; ValueError on a NUL."""
    if isinstance(value, str):
        if NUL in value:
            raise ValueError(NUL)
        return clean(value, multiline=multiline)
    if isinstance(value, dict):
        return {clean_data(k, multiline=False): clean_data(v, multiline=multiline) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_data(item, multiline=multiline) for item in value]
    return value


def _clean_querydict(data: QueryDict, *, multiline: bool) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(
            clean_data(key, multiline=False), [clean_data(v, multiline=multiline) for v in values]
        )
    cleaned._mutable = False
    return cleaned


def _refusal(request):
    reason = _("Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL hoặc ký tự điều khiển).")
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": reason, "code": "invalid_characters"}, status=400)
    return render(request, "400.html", {"detail": reason}, status=400)


class HostileTextMiddleware:
    """Refuses NUL in a header or a cookie (and any control character in the path); cleans query, form
    and JSON values in place. A cleaned urlencoded or JSON body replaces the raw one, since DRF parses
    the body itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _ANY_CONTROL.search(request.path_info) or _nul_in_headers(request):
            return _refusal(request)
        try:
            request.GET = _clean_querydict(request.GET, multiline=False)
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                _clean_body(request)
        except ValueError:
            return _refusal(request)
        return self.get_response(request)


def _nul_in_headers(request) -> bool:
    """Cookies (the session key), Authorization (the token), User-Agent and X-Forwarded-For (stored by
    the login throttle) reach the database too."""
    headers = [value for key, value in request.META.items() if key.startswith("HTTP_")]
    # a quoted cookie's \000 is a NUL once parsed: look at the parsed cookies too
    return any(NUL in value for value in headers + list(request.COOKIES.values()))


def _clean_body(request) -> None:
    if "json" in request.content_type:
        if b"\x00" in request.body:
            raise ValueError(NUL)
        try:
            data = json.loads(request.body)
        except ValueError:
            return  # not JSON: the view answers its own 400
        cleaned = clean_data(data)
        if cleaned != data:
            _replace_body(request, json.dumps(cleaned, ensure_ascii=False).encode())
    elif request.content_type == "application/x-www-form-urlencoded":
        request.POST = _clean_querydict(request.POST, multiline=True)
        _replace_body(request, request.POST.urlencode().encode("ascii"))
    elif request.content_type == "multipart/form-data":
        request.POST = _clean_querydict(request.POST, multiline=True)


def _replace_body(request, body: bytes) -> None:
    request._body = body
    request._stream = io.BytesIO(body)
    request.META["CONTENT_LENGTH"] = str(len(body))
