"""The gateway's server-to-server notification (IPN). Unauthenticated by design: the signature is the
authentication. VNPay calls it with GET; POST (form or query) is accepted too. Always a JSON answer."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..services import handle_ipn


@csrf_exempt
@require_http_methods(["GET", "POST"])
def ipn(request):
    params = request.GET if request.method == "GET" or not request.POST else request.POST
    code, message = handle_ipn(
        {key: params.getlist(key) for key in params},
        method=request.method,
        remote_addr=request.META.get("REMOTE_ADDR", ""),
    )
    return JsonResponse({"RspCode": code, "Message": message})
