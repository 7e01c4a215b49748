import base64
import binascii

from rest_framework import serializers

from ..forms import check_pdf_upload
from ..models import PendingSignature


class PdfUploadField(serializers.FileField):
    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        from django import forms

        try:
            return check_pdf_upload(upload)
        except forms.ValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class VerifyRequestSerializer(serializers.Serializer):
    file = PdfUploadField(help_text="Tệp PDF (tối đa 20 MB).")


class SignatureResultSerializer(serializers.Serializer):
    field_name = serializers.CharField()
    signer_name = serializers.CharField()
    organisation = serializers.CharField()
    issuer_name = serializers.CharField()
    signing_time = serializers.DateTimeField(allow_null=True)
    intact = serializers.BooleanField()
    valid_signature = serializers.BooleanField()
    trusted = serializers.BooleanField()
    covers_entire_file = serializers.BooleanField()
    coverage_text = serializers.CharField()
    modification_text = serializers.CharField()
    cert_valid_at_signing = serializers.BooleanField()
    revoked_in_portal = serializers.BooleanField()
    ok = serializers.BooleanField()
    summary = serializers.CharField()
    error = serializers.CharField()
    messages = serializers.ListField(child=serializers.CharField())


class RegisteredSerializer(serializers.Serializer):
    title = serializers.CharField()
    notation = serializers.CharField()
    issued_at = serializers.DateTimeField()
    agency = serializers.StringRelatedField()


class VerifyResultSerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    size = serializers.IntegerField()
    is_pdf = serializers.BooleanField()
    malformed = serializers.BooleanField()
    signed = serializers.BooleanField()
    all_ok = serializers.BooleanField()
    any_tampered = serializers.BooleanField()
    summary = serializers.CharField()
    signatures = SignatureResultSerializer(many=True)
    registered = RegisteredSerializer(allow_null=True)


class PrepareRequestSerializer(serializers.Serializer):
    file = PdfUploadField(help_text="Tệp PDF cần ký (tối đa 20 MB).")
    kind = serializers.ChoiceField(
        choices=PendingSignature.Kind.choices, default=PendingSignature.Kind.PERSON
    )
    box = serializers.ListField(
        child=serializers.FloatField(),
        min_length=4,
        max_length=4,
        required=False,
        help_text="Ô chữ ký x1,y1,x2,y2 (điểm PDF) cho chữ ký người có thẩm quyền.",
    )
    page = serializers.IntegerField(default=-1)
    agency = serializers.IntegerField(required=False, help_text="Mã cơ quan (chữ ký cơ quan, phụ lục).")
    notation = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PrepareResponseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    expires_at = serializers.DateTimeField()
    data_to_sign = serializers.CharField(help_text="Base64 của các thuộc tính cần ký (DER): ký bằng SHA-256.")
    data_to_sign_sha256 = serializers.CharField(
        help_text="Base64 của SHA-256(data_to_sign), cho thiết bị ký băm sẵn."
    )
    digest_algorithm = serializers.CharField()
    certificate_sha256 = serializers.CharField()


def _b64(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise serializers.ValidationError("Không phải chuỗi base64 hợp lệ.") from error


class FinishRequestSerializer(serializers.Serializer):
    signature = serializers.CharField(required=False, help_text="Base64 của chữ ký thô trên data_to_sign.")
    cms = serializers.CharField(
        required=False, help_text="Base64 của gói CMS SignedData (thay cho signature)."
    )

    def validate(self, attrs):
        if bool(attrs.get("signature")) == bool(attrs.get("cms")):
            raise serializers.ValidationError("Gửi đúng một trong hai: signature hoặc cms.")
        return {
            "signature": _b64(attrs["signature"]) if attrs.get("signature") else None,
            "cms_der": _b64(attrs["cms"]) if attrs.get("cms") else None,
        }
