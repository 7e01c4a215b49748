from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .second_factor import issue_token

ISSUING_RULES = (
    "Cấp mã truy cập API (header `Authorization: Token <mã>`). Vai trò cần xác thực hai lớp (lãnh đạo, "
    "quản trị cơ quan, quản trị hệ thống) phải gửi kèm mã xác thực 6 chữ số hiện tại trong trường `otp`; "
    "thiếu hoặc sai mã thì trả 400 kèm lý do. Mỗi lần cấp như vậy tạo mã truy cập mới và thu hồi mã cũ; "
    "mã cấp không qua xác thực hai lớp không được chấp nhận cho các vai trò này."
)


class TokenRequestSerializer(AuthTokenSerializer):
    token = None  # the answer, not part of the request
    otp = serializers.RegexField(
        r"^\d{6}$",
        required=False,
        allow_blank=True,
        write_only=True,
        error_messages={"invalid": "Mã xác thực gồm đúng 6 chữ số."},
        help_text="Mã xác thực 6 chữ số từ ứng dụng xác thực (bắt buộc với vai trò cần xác thực hai lớp).",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class ObtainTokenView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer
    authentication_classes = []  # its own credentials (password and code), never the session's

    @extend_schema(
        summary="Cấp mã truy cập API",
        description=ISSUING_RULES,
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Sai thông tin đăng nhập, thiếu hoặc sai mã xác thực (otp)"),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token = issue_token(data["user"], data.get("otp", ""))
        return Response({"token": token.key})


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    roles = serializers.ListField(child=serializers.CharField())


@extend_schema(responses=MeSerializer, summary="The authenticated user and their roles")
@api_view(["GET"])
def me(request):
    user = request.user
    return Response(
        {
            "username": user.username,
            "full_name": user.full_name,
            "email": user.email,
            "roles": sorted(user.role_names),
        }
    )


app_name = "auth-api"
urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="token"),
    path("me/", me, name="me"),
]
