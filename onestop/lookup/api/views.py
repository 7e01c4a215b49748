"""GET /api/v1/tra-cuu-ho-so/<code>/: the public page's fields, anonymous, under the same limit."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from egov import ratelimit
from egov.signing.api.serializers import DetailSerializer

from .. import public, queries
from ..views import malformed_message, not_found_message
from . import serializers as s


class PublicDossierView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # the same answer for everyone: no session read, no CSRF

    @extend_schema(
        summary="Tra cứu tình trạng hồ sơ theo mã hồ sơ (công khai)",
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="Mã hồ sơ, ví dụ H25.50.01-260302-0001",
                pattern=public.CODE_PATTERN,
            ),
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=[429],
                description="Số giây cần chờ trước khi gửi lại",
            ),
        ],
        responses={
            200: s.PublicDossierSerializer,
            400: OpenApiResponse(response=DetailSerializer, description="Mã hồ sơ không đúng dạng"),
            404: OpenApiResponse(response=DetailSerializer, description="Không có hồ sơ mang mã này"),
            429: OpenApiResponse(
                response=DetailSerializer,
                description="Quá nhiều yêu cầu từ một địa chỉ; thử lại sau số giây ở Retry-After",
            ),
        },
        tags=["tra-cuu-ho-so"],
    )
    def get(self, request, code):
        ratelimit.enforce_api(request, "lookup")
        code = public.normalise_code(code)
        if not public.is_dossier_code(code):
            raise ParseError(malformed_message())
        dossier = queries.find(code)
        if dossier is None:
            raise NotFound(not_found_message(code))
        response = Response(s.PublicDossierSerializer(public.summary(dossier)).data)
        response["Cache-Control"] = "private, max-age=0"  # as the page: the status changes at any moment
        return response
