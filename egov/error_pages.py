"""The portal's own error answers: Vietnamese pages in the portal's layout, and JSON `{"detail": ...}`
under /api/ (where DRF's views answer the same shape). Mounted as handler400/403/404/500 in egov.urls,
and as CSRF_FAILURE_VIEW."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _answer(request, status: int, detail: str, template: str):
    if _is_api(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, template, {"detail": detail}, status=status)


def bad_request(request, exception=None):
    return _answer(request, 400, _("Yêu cầu không hợp lệ."), "400.html")


def permission_denied(request, exception=None):
    return _answer(request, 403, _("Bạn không có quyền thực hiện thao tác này."), "403.html")


def page_not_found(request, exception=None):
    return _answer(request, 404, _("Không tìm thấy trang hoặc dữ liệu yêu cầu."), "404.html")


def csrf_failure(request, reason=""):
    detail = _("Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và gửi lại.")
    return _answer(request, 403, detail, "403.html")


def server_error(request=None):
    """Rendered without the request's context and without the database: whatever failed (the database
    included) must not also break the page that says so."""
    detail = _("Hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.")
    if request is not None and _is_api(request):
        return JsonResponse({"detail": detail}, status=500)
    try:
        html = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME, "detail": detail})
    except Exception:  # a broken template or static manifest: still answer, in Vietnamese
        html = f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>{detail}</title><p>{detail}</p>'
    return HttpResponse(html, status=500)
