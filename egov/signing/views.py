"""Public verification page "Xác thực văn bản": upload a PDF, or follow the QR link printed on a document."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from egov.ratelimit import limit

from .forms import VerifyUploadForm
from .models import RegisteredDocument
from .validation import registered_match, validate_pdf


@require_http_methods(["GET", "POST"])
@limit("verify")
def verify(request):
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    report = registered = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = validate_pdf(form.pdf_bytes)
            registered = registered_match(report)
        else:
            status = 400
    return render(
        request,
        "signing/verify.html",
        {"form": form, "report": report, "registered": registered, "nav": "verify"},
        status=status,
    )


def verify_token(request, token: str):
    """The QR code's target: the registered document, by its token (or its SHA-256 hash)."""
    lookup = {"sha256": token.lower()} if len(token) == 64 else {"verify_token": token}
    registered = get_object_or_404(RegisteredDocument.objects.select_related("agency"), **lookup)
    form = VerifyUploadForm()
    return render(
        request,
        "signing/verify.html",
        {"form": form, "registered": registered, "from_qr": True, "nav": "verify"},
    )
