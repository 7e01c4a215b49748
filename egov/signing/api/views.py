import base64
import hashlib
from dataclasses import asdict

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..models import PendingSignature
from ..validation import registered_match, validate_pdf
from . import serializers as s


def report_payload(report) -> dict:
    registered = registered_match(report)
    signatures = []
    for sig in report.signatures:
        data = asdict(sig)
        data.update(ok=sig.ok, summary=sig.summary)
        signatures.append(data)
    return {
        "sha256": report.sha256,
        "size": report.size,
        "is_pdf": report.is_pdf,
        "malformed": report.malformed,
        "signed": report.signed,
        "all_ok": report.all_ok,
        "any_tampered": report.any_tampered,
        "summary": report.summary,
        "signatures": signatures,
        "registered": registered,
    }


class VerifyView(APIView):
    """Validate every signature of an uploaded PDF (public)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Xác thực chữ ký số của tệp PDF",
        request={"multipart/form-data": s.VerifyRequestSerializer},
        responses={200: s.VerifyResultSerializer, 400: OpenApiResponse(description="Tệp không hợp lệ")},
        tags=["chu-ky-so"],
    )
    def post(self, request):
        form = s.VerifyRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        report = validate_pdf(form.validated_data["file"])
        return Response(s.VerifyResultSerializer(report_payload(report)).data)


class PrepareRemoteView(APIView):
    """Prepare a remote (client-side) signature: the PDF with its placeholder stays on the server."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Chuẩn bị ký từ xa",
        request={"multipart/form-data": s.PrepareRequestSerializer},
        responses={201: s.PrepareResponseSerializer},
        tags=["chu-ky-so"],
    )
    def post(self, request):
        form = s.PrepareRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        agency = None
        if data.get("agency"):
            from egov.directory.models import Agency

            agency = get_object_or_404(Agency, pk=data["agency"])
        pending = services.prepare_remote_signature(
            data["file"],
            user=request.user,
            kind=data["kind"],
            agency=agency,
            box=tuple(data["box"]) if data.get("box") else None,
            page=data["page"],
            notation=data.get("notation", ""),
            reason=data.get("reason", ""),
        )
        tbs = bytes(pending.signed_attrs)
        payload = {
            "id": pending.id,
            "expires_at": pending.expires_at,
            "data_to_sign": base64.b64encode(tbs).decode(),
            "data_to_sign_sha256": base64.b64encode(hashlib.sha256(tbs).digest()).decode(),
            "digest_algorithm": "sha256",
            "certificate_sha256": pending.certificate.fingerprint,
        }
        return Response(s.PrepareResponseSerializer(payload).data, status=status.HTTP_201_CREATED)


class FinishRemoteView(APIView):
    """Embed the signature returned by the external signer; answers the signed PDF."""

    parser_classes = [JSONParser]

    @extend_schema(
        summary="Hoàn tất ký từ xa",
        request=s.FinishRequestSerializer,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        tags=["chu-ky-so"],
    )
    def post(self, request, pk):
        pending = get_object_or_404(PendingSignature.objects.select_related("certificate"), pk=pk)
        form = s.FinishRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        signed = services.finish_remote_signature(pending, user=request.user, **form.validated_data)
        response = HttpResponse(signed, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="da-ky-{pending.id}.pdf"'
        response["X-Content-SHA256"] = hashlib.sha256(signed).hexdigest()
        return response
