"""Public pages, no login: the dossier lookup (/tra-cuu-ho-so/, the QR on every slip points at
/tra-cuu-ho-so/<mã hồ sơ>/) and the board (/bang-theo-doi/).

The dossier page is the portal's most visited: one indexed query, and a small page of its own (not on
base.html) rendered without the context processors: no session read, no CSRF token, no staff menu. Its
fixed text and static file addresses are worked out once per language and process (`_page_text`): the
translate and static tags were two thirds of the page's rendering time (bench/onestop_lookup.py).

It is sent `Cache-Control: private, max-age=0`: the status changes at any moment (the desk returns the
result while the citizen waits and reloads), and the page names a person, masked as it is, which a
shared cache has no business keeping. The board is computed once a minute and may be kept that long by
the browser."""

import functools

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from egov import ratelimit

from . import public, queries

EXAMPLE = "H25.50.01-260302-0001"
# the status badge's colour (portal.css)
BADGE = {
    public.Stage.RESULT_READY: "badge-ok",
    public.Stage.RETURNED: "badge-ok",
    public.Stage.SUPPLEMENT: "badge-warn",
    public.Stage.AWAITING_PAYMENT: "badge-warn",
    public.Stage.STOPPED: "badge-red",
    public.Stage.REFUSED: "badge-red",
    public.Stage.WITHDRAWN: "badge-red",
}
PAGE_TEXT = {
    "dossier": gettext_lazy("Hồ sơ"),
    "skip": gettext_lazy("Bỏ qua, đến nội dung chính"),
    "portal": gettext_lazy("Cổng dịch vụ công"),
    "late": gettext_lazy("Trễ hẹn"),
    "procedure": gettext_lazy("Thủ tục"),
    "applicant": gettext_lazy("Người nộp"),
    "desk": gettext_lazy("Nơi tiếp nhận"),
    "received": gettext_lazy("Tiếp nhận lúc"),
    "due": gettext_lazy("Hẹn trả kết quả"),
    "first_due": gettext_lazy("hẹn ban đầu"),
    "returned": gettext_lazy("Trả kết quả lúc"),
    "timeline": gettext_lazy("Quá trình giải quyết"),
    "again": gettext_lazy("Tra cứu hồ sơ khác"),
    "home": gettext_lazy("Về trang chủ"),
}
# a typed value is shown back in the form at most this long
SHOWN_MAX = public.CODE_MAX_LENGTH + 10


def malformed_message() -> str:
    return _(
        "Mã hồ sơ không đúng dạng. Mã in trên giấy tiếp nhận hồ sơ và hẹn trả kết quả, gồm mã cơ quan, "
        "ngày tiếp nhận (năm tháng ngày) và số thứ tự, ví dụ %(example)s."
    ) % {"example": EXAMPLE}


def not_found_message(code: str) -> str:
    return _(
        "Không tìm thấy hồ sơ có mã %(code)s. Hãy kiểm tra lại mã trên giấy tiếp nhận; hồ sơ nộp trực tuyến "
        "chỉ có mã sau khi Bộ phận Một cửa tiếp nhận."
    ) % {"code": code}


@functools.cache
def _page_text(language: str) -> dict:
    """The dossier page's fixed text in `language` (the active one), its links and static files."""
    return {
        **{key: str(text) for key, text in PAGE_TEXT.items()},
        "language": language,
        "site_name": settings.SITE_NAME,
        "lookup_url": reverse("lookup:lookup"),
        "css": static("css/portal.css"),
        "icon": static("favicon.svg"),
    }


def _form(request, value: str = "", error: str = "", status: int = 200) -> HttpResponse:
    context = {"value": value[:SHOWN_MAX], "error": error, "example": EXAMPLE, "nav": "lookup"}
    return render(request, "lookup/lookup.html", context, status=status)


def _throttled(request) -> HttpResponse | None:
    """The lookup's limit per client address (on reads, before the code is even parsed)."""
    wait = ratelimit.wait_seconds(request, "lookup")
    return ratelimit.refusal(request, wait) if wait else None


@require_safe
def lookup(request):
    """The form; `?ma=<code>` (the home page's tile, a typed code) goes to the dossier's page."""
    raw = request.GET.get("ma")
    if raw is None:
        return _form(request)
    code = public.normalise_code(raw)
    if not code:
        return _form(request, error=_("Hãy nhập mã hồ sơ in trên giấy tiếp nhận hồ sơ."), status=400)
    if not public.is_dossier_code(code):
        return _form(request, raw, malformed_message(), status=400)
    return redirect("lookup:detail", code=code)


@require_safe
@cache_control(private=True, max_age=0)
def detail(request, code):
    if refused := _throttled(request):
        return refused
    code = public.normalise_code(code)
    if not public.is_dossier_code(code):
        return _form(request, code, malformed_message(), status=400)
    dossier = queries.find(code)
    if dossier is None:
        return _form(request, code, not_found_message(code), status=404)
    summary = public.summary(dossier)
    context = {"d": summary, "badge": BADGE.get(summary["status"], ""), "t": _page_text(get_language())}
    return HttpResponse(render_to_string("lookup/detail.html", context))


@require_safe
@cache_control(private=True, max_age=queries.BOARD_SECONDS)
def board(request):
    figures = queries.board()
    context = {"figures": figures, "agencies": figures["agencies"], "selected": None}
    raw = request.GET.get("co-quan", "")
    if raw:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
            context["error"] = _("Mã cơ quan cần xem không hợp lệ.")
            return render(request, "lookup/board.html", context, status=400)
        row = queries.agency_figures(figures, int(raw))
        if row is None:
            context["error"] = _("Không có cơ quan này.")
            return render(request, "lookup/board.html", context, status=404)
        context.update(selected=row, agencies=[row])
    return render(request, "lookup/board.html", context)
