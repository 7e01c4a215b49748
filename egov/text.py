"""Hostile text: one layer refuses NUL and removes other control characters from every request.

PostgreSQL refuses NUL in text, so a NUL anywhere in the path, the query, a form field or a JSON body is
answered with a 400 and a reason before any view runs. The other C0 control characters (and DEL) are
removed, except tab, line feed and carriage return; Word's Shift+Enter (vertical tab) and page break
(form feed) become a line feed. Query parameters are one line. Text that goes into a mail header passes
through `one_line`.
"""

import re

from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

NUL = "\x00"
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_JSON_NUL = re.compile(rb"(?<!\\)\\u0000", re.IGNORECASE)


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
    return render(request, "hostile_text.html", {"reason": reason}, status=400)


def _is_json(request) -> bool:
    return "json" in request.META.get("CONTENT_TYPE", "").lower()


class HostileTextMiddleware:
    """Refuses NUL (and any control character in the path); cleans query and form values in place."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _ANY_CONTROL.search(request.path_info):
            return _refusal(request)
        try:
            request.GET = _clean_querydict(request.GET, multiline=False)
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                if _is_json(request):
                    if b"\x00" in request.body or _JSON_NUL.search(request.body):
                        raise ValueError(NUL)
                elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                    request.POST = _clean_querydict(request.POST, multiline=True)
        except ValueError:
            return _refusal(request)
        return self.get_response(request)


# --- the API: DRF parses the body itself, so its parsers clean what they parse -------------------------
class _Cleaning:
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        try:
            if isinstance(parsed, parsers.DataAndFiles):
                return parsers.DataAndFiles(_clean_querydict(parsed.data, multiline=True), parsed.files)
            if isinstance(parsed, QueryDict):
                return _clean_querydict(parsed, multiline=True)
            return clean_data(parsed)
        except ValueError:
            raise ParseError(_("Dữ liệu có ký tự NUL không hợp lệ.")) from None


class JSONParser(_Cleaning, parsers.JSONParser):
    pass


class FormParser(_Cleaning, parsers.FormParser):
    pass


class MultiPartParser(_Cleaning, parsers.MultiPartParser):
    pass
