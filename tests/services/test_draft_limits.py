"""A citizen's draft keeps to the limits its form shows, on every save and not only on the full check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.accounts.roles import Role
from services import forms_schema
from services.models import DraftFile, FormDraft

from .conftest import CONSTRUCTION_LAYOUT, CONSTRUCTION_SCHEMA, PDF

pytestmark = pytest.mark.django_db
APPLY = "/dich-vu-cong/thu-tuc/1.009994/nop-truc-tuyen/"
SCHEMA = {
    **CONSTRUCTION_SCHEMA,
    "properties": {
        **CONSTRUCTION_SCHEMA["properties"],
        "mo_ta": {"type": "string", "title": "Mô tả công trình", "maxLength": 2000},
        "ngay_khoi_cong": {"type": "string", "title": "Ngày khởi công", "format": "date"},
        "loai_nha": {"type": "string", "title": "Loại nhà", "enum": ["nha_o", "biet_thu"]},
    },
}


@pytest.fixture
def citizen_client(client, make_user, make_procedure):
    make_procedure(schema=SCHEMA, layout=CONSTRUCTION_LAYOUT)
    user = make_user(Role.CITIZEN)
    client.force_login(user)
    client.user = user
    return client


def test_five_million_characters_where_the_form_says_2000_are_refused_and_nothing_is_written(citizen_client):
    response = citizen_client.post(
        APPLY,
        {
            "action": "save",
            "ho_ten": "Lan",
            "mo_ta": "x" * 5_000_000,
            "file_don_de_nghi": SimpleUploadedFile("don.pdf", PDF, "application/pdf"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "“Mô tả công trình” không được dài quá 2000 ký tự." in html
    assert len(html) < 200_000  # the huge value is not sent back whole
    assert FormDraft.objects.count() == 0 and DraftFile.objects.count() == 0


def test_a_saved_draft_is_not_overwritten_by_a_refused_save(citizen_client):
    citizen_client.post(APPLY, {"action": "save", "ho_ten": "Lan", "mo_ta": "Nhà hai tầng"})
    draft = FormDraft.objects.get()
    response = citizen_client.post(
        f"/dich-vu-cong/ho-so-nhap/{draft.pk}/", {"action": "check", "ho_ten": "Lan", "mo_ta": "y" * 2001}
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.data["mo_ta"] == "Nhà hai tầng"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("so_tang", "1" * 23, "“Số tầng” không được có quá 15 chữ số."),
        ("dien_tich_san", "1" * 23, "“Tổng diện tích sàn (m²)” không được có quá 15 chữ số."),
        ("dien_tich_san", "1e999999999", "“Tổng diện tích sàn (m²)” không được có quá 15 chữ số."),
        ("so_tang", "40", "“Số tầng” phải nhỏ hơn hoặc bằng 15."),
        ("so_tang", "ba", "“Số tầng” phải là số nguyên."),
        ("ngay_khoi_cong", "31/02/2026", "“Ngày khởi công” phải là một ngày hợp lệ"),
        ("loai_nha", "lau_dai", "“Loại nhà”: hãy chọn một giá trị trong danh sách."),
        ("so_giay_chung_nhan", "z" * 10_001, "“Số giấy chứng nhận” không được dài quá 10000 ký tự."),
    ],
)
def test_each_limit_of_the_form_is_enforced_when_saving_a_draft(citizen_client, field, typed, message):
    response = citizen_client.post(APPLY, {"action": "save", field: typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert FormDraft.objects.count() == 0


def test_what_is_only_missing_or_short_can_still_be_saved(citizen_client):
    response = citizen_client.post(APPLY, {"action": "save", "dia_chi_thua_dat": "Ab", "so_tang": "3"})
    assert response.status_code == 302
    assert FormDraft.objects.get().data["dia_chi_thua_dat"] == "Ab"


def test_the_form_shows_the_default_text_limit(citizen_client):
    html = citizen_client.get(APPLY).content.decode()
    assert 'maxlength="10000"' in html and 'maxlength="2000"' in html


def test_the_draft_as_a_whole_has_a_size_cap(citizen_client, settings):
    settings.FORM_DRAFT_MAX_BYTES = 4096
    response = citizen_client.post(
        APPLY, {"action": "save", "mo_ta": "ê" * 1500, "so_giay_chung_nhan": "ê" * 1500}
    )
    assert response.status_code == 400
    assert "tối đa 4 KB cho toàn bộ biểu mẫu" in response.content.decode()
    assert FormDraft.objects.count() == 0


def test_a_citizen_has_a_cap_on_open_drafts(citizen_client, settings):
    settings.FORM_DRAFTS_MAX_PER_USER = 3
    for _ in range(3):
        assert citizen_client.post(APPLY, {"action": "save", "ho_ten": "Lan"}).status_code == 302
    response = citizen_client.post(APPLY, {"action": "save", "ho_ten": "Lan"}, follow=True)
    assert "Bạn đã có 3 hồ sơ nháp, mức tối đa" in response.content.decode()
    assert FormDraft.objects.count() == 3
    # an existing draft can still be saved
    draft = FormDraft.objects.first()
    assert citizen_client.post(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/", {"ho_ten": "Lan"}).status_code == 302


def test_the_full_check_applies_the_same_bounds():
    errors = forms_schema.validate(SCHEMA, {}, {"so_tang": 10**22, "mo_ta": "x" * 2001})
    assert "“Số tầng” không được có quá 15 chữ số." in errors["so_tang"]
    assert errors["mo_ta"] == ["“Mô tả công trình” không được dài quá 2000 ký tự."]
