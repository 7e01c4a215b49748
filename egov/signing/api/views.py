import base64
import hashlib
from dataclasses import asdict

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from egov import ratelimit
from egov.errors import NotPermitted
from egov.files import download

from .. import authority, services
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
        responses={
            200: s.VerifyResultSerializer,
            400: OpenApiResponse(description="Tệp không hợp lệ"),
            429: OpenApiResponse(
                response=s.DetailSerializer,
                description="Quá nhiều yêu cầu từ một địa chỉ; thử lại sau số giây ở Retry-After",
            ),
        },
        parameters=[
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=[429],
                description="Số giây cần chờ trước khi gửi lại",
            )
        ],
        tags=["chu-ky-so"],
    )
    def post(self, request):
        ratelimit.enforce_api(request, "verify")  # as the page: each check costs up to seconds of CPU
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
        responses={
            201: s.PrepareResponseSerializer,
            400: OpenApiResponse(description="Tệp hoặc tham số không hợp lệ"),
            403: OpenApiResponse(
                description="Chữ ký cá nhân chỉ của lãnh đạo có thẩm quyền phê duyệt; chữ ký cơ quan chỉ do "
                "văn thư của chính cơ quan đó"
            ),
        },
        tags=["chu-ky-so"],
    )
    def post(self, request):
        form = s.PrepareRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        agency = _signing_agency(request.user, data["kind"], data.get("agency"))
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


def _signing_agency(user, kind, agency_id):
    """The same rules as the staff pages: a person signs as the leader who approves (documents.services
    .approve), the organisation's signature is applied by a clerk of that agency (documents.services.issue).
    Answers the agency whose seal is used, None for a personal signature."""
    from egov.directory.models import Agency

    access = authority.current()

    if kind == PendingSignature.Kind.PERSON:
        if not (user.is_superuser or access.led_agency_ids(user)):
            raise NotPermitted("Chỉ lãnh đạo có thẩm quyền phê duyệt văn bản mới được ký số cá nhân tại đây.")
        return None
    if agency_id is None:
        own = access.clerk_agency_ids(user)
        if len(own) != 1:
            raise NotPermitted("Cần chọn cơ quan (agency) mà bạn là văn thư để ký số của cơ quan.")
        (agency_id,) = own
    # refused before looking the agency up: another agency's id tells nothing about it
    if not (user.is_superuser or access.is_clerk_of(user, agency_id)):
        raise NotPermitted("Chỉ văn thư của cơ quan mới được ký số của cơ quan đó.")
    return get_object_or_404(Agency, pk=agency_id)


class FinishRemoteView(APIView):
    """Embed the signature returned by the external signer; answers the signed PDF."""

    parser_classes = [JSONParser]

    @extend_schema(
        summary="Hoàn tất ký từ xa",
        request=s.FinishRequestSerializer,
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Chữ ký không hợp lệ, phiên đã hoàn tất hoặc hết hạn"),
            404: OpenApiResponse(description="Không có phiên ký này của bạn"),
        },
        tags=["chu-ky-so"],
    )
    def post(self, request, pk):
        # someone else's session is not found: its id tells nothing
        pending = get_object_or_404(
            PendingSignature.objects.select_related("certificate"), pk=pk, created_by=request.user
        )
        form = s.FinishRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        signed = services.finish_remote_signature(pending, user=request.user, **form.validated_data)
        response = download(signed, f"da-ky-{pending.id}.pdf", content_type="application/pdf")
        response["X-Content-SHA256"] = hashlib.sha256(signed).hexdigest()
        return response
