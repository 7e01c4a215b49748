from rest_framework import serializers

from ..models import AdministrativeUnit, Agency, AgencyCode, Department


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None, allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "level",
            "parent",
            "parent_code",
            "path",
            "valid_from",
            "valid_to",
            "legal_basis",
        ]


class AgencyCodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencyCode
        fields = ["code", "valid_from", "valid_to", "legal_basis"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "abbreviation", "is_active"]


class AgencySerializer(serializers.ModelSerializer):
    codes = AgencyCodeSerializer(many=True, read_only=True)
    departments = DepartmentSerializer(many=True, read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "codes",
            "level",
            "unit",
            "unit_code",
            "parent",
            "place_name",
            "address",
            "phone",
            "email",
            "is_active",
            "departments",
        ]
