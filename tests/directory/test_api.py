import pytest
from rest_framework.test import APIClient

from egov.directory.models import REORGANISATION_DATE, AdministrativeUnit, AgencyCode

from .factories import AgencyFactory, DepartmentFactory

pytestmark = pytest.mark.usefixtures("units")
UNITS = "/api/v1/danh-muc/don-vi/"
AGENCIES = "/api/v1/danh-muc/co-quan/"


@pytest.fixture
def api():
    return APIClient()


def test_units_by_date_and_level(api):
    assert api.get(UNITS, {"date": "2025-06-30", "level": "province"}).json()["count"] == 63
    assert api.get(UNITS, {"date": "2025-07-01", "level": "province"}).json()["count"] == 34
    assert api.get(UNITS, {"date": "2025-07-01", "level": "district"}).json()["count"] == 0
    assert api.get(UNITS, {"date": "2025-06-30", "level": "district"}).json()["count"] == 696


def test_units_by_parent(api):
    phu_tho = AdministrativeUnit.objects.get(code="25", valid_from=REORGANISATION_DATE)
    data = api.get(UNITS, {"date": "2025-07-01", "parent": phu_tho.pk}).json()
    assert data["count"] == 148
    first = data["results"][0]
    assert first["parent_code"] == "25" and first["level"] == "commune" and len(first["code"]) == 5
    by_code = api.get(UNITS, {"date": "2025-06-30", "parent_code": "25", "level": "district"}).json()
    assert {r["name"] for r in by_code["results"]} >= {"Thành phố Việt Trì", "Huyện Lâm Thao"}


def test_unit_detail_and_bad_date(api):
    unit = AdministrativeUnit.objects.get(code="26", valid_to__isnull=False)
    assert api.get(f"{UNITS}{unit.pk}/").json()["name"] == "Tỉnh Vĩnh Phúc"
    response = api.get(UNITS, {"date": "30/06/2025"})
    assert response.status_code == 400 and "date" in response.json()


def test_api_is_read_only(api, make_user):
    api.force_authenticate(make_user())
    assert api.post(UNITS, {"code": "99", "name": "X"}).status_code == 405
    assert api.post(AGENCIES, {"name": "X"}).status_code == 405


def test_agencies_with_codes_and_departments(api):
    agency = AgencyFactory(name="Sở Tư pháp tỉnh Phú Thọ", short_name="STP", code="000.00.12.H25")
    AgencyCode.objects.create(
        agency=agency, code="000.00.12.H42", valid_from="2016-01-01", valid_to="2025-06-30"
    )
    DepartmentFactory(agency=agency, name="Phòng Hành chính tư pháp", abbreviation="HCTP")
    AgencyFactory(name="Sở Nội vụ tỉnh Phú Thọ", short_name="SNV")
    data = api.get(AGENCIES, {"q": "STP"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["code"] == "000.00.12.H25"
    assert {c["code"] for c in row["codes"]} == {"000.00.12.H25", "000.00.12.H42"}
    assert row["departments"][0]["abbreviation"] == "HCTP"
    # A closed code still finds the agency.
    assert api.get(AGENCIES, {"code": "000.00.12.H42"}).json()["count"] == 1


def test_schema_lists_the_endpoints(api, make_user):
    api.force_authenticate(make_user())
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/danh-muc/don-vi/" in schema["paths"]
    assert "/api/v1/danh-muc/co-quan/" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/v1/danh-muc/don-vi/"]["get"]["parameters"]}
    assert {"date", "level", "parent"} <= names
