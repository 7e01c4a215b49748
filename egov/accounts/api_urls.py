from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.response import Response


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
    path("token/", ObtainAuthToken.as_view(), name="token"),
    path("me/", me, name="me"),
]
