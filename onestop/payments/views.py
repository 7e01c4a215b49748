"""The pages of online payment: the applicant starts an attempt and comes back to its outcome, downloads
receipts; staff with the permission read their agency's reconciliation; and the local test gateway's own
pages. Every change is a call of onestop.payments.services (or of the local gateway)."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required
from egov.errors import DomainError
from egov.files import download
from onestop import queries as onestop_queries

from . import local_gateway, queries, receipts, services
from .models import GatewayTransaction, Payment

PAGE_SIZE = 50


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "127.0.0.1"


@login_required
@require_POST
def pay(request, dossier):
    """“Thanh toán trực tuyến”: an attempt (the open one on a second click) and off to the gateway."""
    found = get_object_or_404(onestop_queries.own_dossiers(request.user), pk=dossier)
    try:
        payment = services.start_payment(request.user, found)
        url = services.gateway().payment_url(
            payment, request.build_absolute_uri(reverse("payments:result")), _client_ip(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("onestop:citizen-dossier", found.pk)
    return redirect(url)


@login_required
def result(request):
    """Where the gateway sends the payer back. It shows the attempt as the portal knows it (only the
    gateway's notification changes it), so a return that arrives first says the payment is awaited."""
    params = request.GET
    txn_ref = params.get("vnp_TxnRef", "")
    payment = queries.visible_to(request.user).filter(txn_ref=txn_ref, payer=request.user).first()
    if payment is None:
        raise Http404
    context = {
        "payment": payment,
        "dossier": payment.dossier,
        "genuine": services.gateway().verify(params.dict()),
        "nav": "my-dossiers",
    }
    return render(request, "payments/result.html", context)


@login_required
def receipt(request, pk):
    """The electronic receipt (biên lai điện tử) of a paid attempt: for its applicant and the dossier's
    agencies' staff."""
    payment = get_object_or_404(queries.visible_to(request.user), pk=pk, status=Payment.Status.PAID)
    pdf = receipts.render(payment)
    return download(pdf, f"bien-lai-{payment.receipt_year}-{payment.receipt_number:07d}.pdf", inline=True)


@staff_required
def reconciliation(request):
    if not request.user.has_perm("payments.view_reconciliation"):
        raise PermissionDenied
    rows = queries.mismatches_for(request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "payments/reconciliation.html", {"page": page, "nav": "reconciliation"})


# --- the local test gateway ----------------------------------------------------------------------------
def _local_only():
    if not settings.PAYMENT_LOCAL_GATEWAY:
        raise Http404


def gateway_order(request):
    """The gateway's page for the order the portal signed: pay or cancel."""
    _local_only()
    try:
        row = local_gateway.open_order(request.GET.dict())
    except DomainError as error:
        return render(request, "payments/gateway.html", {"error": str(error)}, status=400)
    return render(request, "payments/gateway.html", {"row": row, "now": timezone.now()})


@require_POST
def gateway_finish(request, txn_ref, pay):
    _local_only()
    row = GatewayTransaction.objects.filter(txn_ref=txn_ref).first()
    try:
        row, params = local_gateway.finish(txn_ref, pay=pay)
    except DomainError as error:
        return render(request, "payments/gateway.html", {"error": str(error), "row": row}, status=409)
    separator = "&" if "?" in row.return_url else "?"
    return redirect(f"{row.return_url}{separator}{urlencode(params)}")


@csrf_exempt
@require_POST
def gateway_querydr(request):
    _local_only()
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        body = None
    return JsonResponse(local_gateway.answer_querydr(body))
