import pytest
from django.db import connection

from services.models import Procedure
from services.queries import catalogue
from services.search import search_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_data(make_procedure):
    make_procedure()
    make_procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=("HT", "Hộ tịch"),
        online_level=4,
        days=0,
    )
    make_procedure(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        field=("CT", "Chứng thực"),
        online_level=2,
        classification="thong_tin",
        days=0,
    )
    make_procedure(
        code="2.000488",
        name="Cấp Phiếu lý lịch tư pháp",
        field=("LLTP", "Lý lịch tư pháp"),
        level="province",
        online_level=3,
        classification="mot_phan",
        days=10,
    )
    make_procedure(code="1.000001", name="Thủ tục chưa công bố xây dựng", publish=False)


@pytest.mark.parametrize(
    "query", ["giay phep xay dung", "Giấy phép xây dựng", "GIAY PHEP XAY", "giay phep xay d"]
)
def test_accent_insensitive_search_finds_construction_permit(catalogue_data, query):
    found = list(catalogue({"q": query})[0])
    assert [p.code for p in found] == ["1.009994"], connection.vendor


def test_search_uses_full_text_on_postgres_and_text_column_elsewhere(catalogue_data):
    queryset = search_catalogue(Procedure.objects.all(), "giay phep xay dung")
    sql = str(queryset.query)
    if connection.vendor == "postgresql":
        assert "vn_unaccent" in sql and "@@" in sql
        vector = Procedure.objects.filter(code="1.009994").values_list("search_vector", flat=True).get()
        assert "giay" in vector and "dung" in vector
    else:
        assert "search_text" in sql
    assert [p.code for p in queryset] == ["1.009994"]


def test_search_every_word_must_match(catalogue_data):
    assert list(catalogue({"q": "khai sinh xay dung"})[0]) == []
    assert [p.code for p in catalogue({"q": "khai sinh"})[0]] == ["1.001193"]
    assert [p.code for p in catalogue({"q": "ly lich tu phap"})[0]] == ["2.000488"]


def test_unpublished_procedures_are_not_in_the_catalogue(catalogue_data):
    codes = {p.code for p in catalogue({})[0]}
    assert "1.000001" not in codes
    assert codes == {"1.009994", "1.001193", "2.000815", "2.000488"}


def test_filters(catalogue_data):
    def codes(**params):
        return {p.code for p in catalogue(params)[0]}

    assert codes(linh_vuc="HT") == {"1.001193"}
    assert codes(cap="province") == {"2.000488"}
    assert codes(phan_loai="mot_phan") == {"2.000488"}
    assert codes(phan_loai="toan_trinh") == {"1.009994", "1.001193"}
    assert codes(muc_do="2") == {"2.000815"}
    assert codes(cap="commune", muc_do="4", q="xay dung") == {"1.009994"}
    assert codes(cap="bogus") == codes()  # an unknown value is ignored, not an error


def test_agency_filter(make_procedure):
    from egov.directory.models import Agency

    agency = Agency.objects.create(name="Ủy ban nhân dân phường Việt Trì", short_name="UBND", level="commune")
    make_procedure(agency=agency)
    make_procedure(code="1.001193", name="Đăng ký khai sinh", days=0)
    other = Procedure.objects.get(code="1.001193")
    assert {p.code for p in catalogue({"co_quan": str(agency.pk)})[0]} == {"1.009994"}
    other.receiving_agencies.add(agency)
    assert {p.code for p in catalogue({"co_quan": str(agency.pk)})[0]} == {"1.009994", "1.001193"}


def test_catalogue_page_search_and_pagination(client, make_procedure, catalogue_data):
    response = client.get("/dich-vu-cong/", {"q": "giay phep xay dung"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in html
    assert "Đăng ký khai sinh" not in html
    for number in range(25):
        make_procedure(code=f"9.{number:06d}", name=f"Thủ tục mẫu số {number}", days=5)
    first = client.get("/dich-vu-cong/").content.decode()
    second = client.get("/dich-vu-cong/", {"trang": 2}).content.decode()
    assert "Trang 1/2" in first and "Trang 2/2" in second
    assert "Tìm thấy 29 thủ tục" in first


def test_api_list_search_and_detail(client, catalogue_data):
    response = client.get("/api/v1/dich-vu-cong/thu-tuc/", {"q": "giay phep xay dung"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["results"][0]["code"] == "1.009994"
    detail = client.get("/api/v1/dich-vu-cong/thu-tuc/1.009994/").json()
    version = detail["current_version"]
    assert version["time_limit"] == "15 ngày làm việc"
    assert [p["key"] for p in version["papers"]] == ["don_de_nghi", "ban_ve", "cam_ket_lien_ke"]
    assert version["fees"][0]["amount"] == 75000
    assert [s["kind"] for s in version["steps"]] == ["receive", "appraise", "sign", "return"]
    assert client.get("/api/v1/dich-vu-cong/thu-tuc/1.000001/").status_code == 404  # not published
    assert client.get("/api/v1/dich-vu-cong/thu-tuc/", {"phan_loai": "mot_phan"}).json()["count"] == 1


def test_api_is_in_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/dich-vu-cong/thu-tuc/" in schema
    assert "/api/v1/dich-vu-cong/thu-tuc/{code}/" in schema


def test_the_procedure_named_by_the_query_comes_before_one_that_only_shares_its_field(make_procedure):
    make_procedure(code="1.009995", name="Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ")
    make_procedure()  # Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ, field Xây dựng
    found = [p.code for p in catalogue({"q": "giay phep xay dung"})[0]]
    assert found == ["1.009994", "1.009995"], connection.vendor


@pytest.mark.parametrize("value", ["99999999999999999999999", "١٢", "abc", "-1"])
def test_a_malformed_agency_filter_is_ignored_not_an_error(client, catalogue_data, value):
    assert client.get("/dich-vu-cong/", {"co_quan": value}).status_code == 200
    assert client.get("/api/v1/dich-vu-cong/thu-tuc/", {"co_quan": value}).json()["count"] == 4


@pytest.mark.parametrize("pk", ["99999999999999999999999", "0"])
def test_a_huge_draft_or_file_number_is_not_found(client, make_user, pk):
    from egov.accounts.roles import Role

    client.force_login(make_user(Role.CITIZEN))
    assert client.get(f"/dich-vu-cong/ho-so-nhap/{pk}/").status_code == 404
    assert client.get(f"/dich-vu-cong/ho-so-nhap/{pk}/tep/{pk}/").status_code == 404
    assert client.post(f"/dich-vu-cong/ho-so-nhap/{pk}/xoa/").status_code == 404
    assert client.get(f"/dich-vu-cong/thu-tuc/1.009994/mau/{pk}/").status_code == 404
