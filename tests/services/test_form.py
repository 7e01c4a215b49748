import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.accounts.roles import Role
from services import forms_schema
from services.models import DraftFile, FormDraft
from services.services import complete_draft_check

from .conftest import CONSTRUCTION_LAYOUT, CONSTRUCTION_SCHEMA, JPEG, PDF, PNG

pytestmark = pytest.mark.django_db
APPLY = "/dich-vu-cong/thu-tuc/1.009994/nop-truc-tuyen/"


@pytest.fixture
def citizen_client(client, make_user):
    user = make_user(Role.CITIZEN)
    client.force_login(user)
    client.user = user
    return client


def test_validation_messages_are_vietnamese():
    data = forms_schema.coerce(
        CONSTRUCTION_SCHEMA,
        {
            "ho_ten": "Nguyễn Văn A",
            "dia_chi_thua_dat": "abc",
            "dien_tich_san": "-3",
            "so_tang": "hai",
            "email": "khong-phai-email",
        },
    )
    assert data["so_tang"] == "hai" and data["dien_tich_san"] == -3 and data["cam_ket"] is False
    errors = forms_schema.validate(CONSTRUCTION_SCHEMA, CONSTRUCTION_LAYOUT, data)
    assert errors == {
        "so_giay_chung_nhan": ["Vui lòng nhập “Số giấy chứng nhận”."],
        "dia_chi_thua_dat": ["“Địa chỉ lô đất” phải có ít nhất 5 ký tự."],
        "dien_tich_san": ["“Tổng diện tích sàn (m²)” phải lớn hơn 0."],
        "email": ["“Thư điện tử” phải là địa chỉ thư điện tử hợp lệ."],
        "so_tang": ["“Số tầng” phải là số nguyên."],
        "cam_ket": ["Vui lòng đánh dấu “Tôi cam kết”."],
    }
    ok = forms_schema.coerce(
        CONSTRUCTION_SCHEMA,
        {
            "ho_ten": "A",
            "dia_chi_thua_dat": "Thửa 12, phường Việt Trì",
            "so_giay_chung_nhan": "CS 01234",
            "dien_tich_san": "120,5",
            "so_tang": "3",
            "cam_ket": "on",
        },
    )
    assert ok["dien_tich_san"] == 120.5 and ok["so_tang"] == 3
    assert forms_schema.validate(CONSTRUCTION_SCHEMA, CONSTRUCTION_LAYOUT, ok) == {}


def test_schema_problems_are_reported():
    assert forms_schema.schema_problems({"type": "object", "properties": {"a": {"type": "array"}}})
    assert forms_schema.schema_problems({"type": "objekt"})[0].startswith("Không phải JSON Schema hợp lệ")
    assert forms_schema.schema_problems(CONSTRUCTION_SCHEMA, {"order": ["khong_co"]}) == [
        "Bố cục nhắc tới trường “khong_co” không có trong biểu mẫu."
    ]
    assert forms_schema.schema_problems(CONSTRUCTION_SCHEMA, CONSTRUCTION_LAYOUT) == []


def test_form_requires_a_citizen_login(client, make_procedure, make_user):
    make_procedure()
    response = client.get(APPLY)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    client.force_login(make_user(Role.CLERK))
    assert client.get(APPLY).status_code == 403


def test_form_renders_accessibly(citizen_client, make_procedure):
    make_procedure()
    html = citizen_client.get(APPLY).content.decode()
    assert '<label for="f-dia_chi_thua_dat">Địa chỉ lô đất' in html
    assert "<legend>Lô đất và công trình</legend>" in html
    assert 'aria-describedby="f-so_tang-help' in html and "Kể cả tầng lửng." in html
    assert 'type="email"' in html and 'type="checkbox"' in html
    assert 'name="file_don_de_nghi"' in html and 'name="file_ban_ve"' in html
    assert 'accept=".pdf,.jpg,.jpeg,.png' in html
    assert "Lưu nháp" in html and "Kiểm tra hồ sơ" in html


def test_procedure_page_offers_online_submission_only_for_level_3_4(client, make_procedure):
    make_procedure()
    make_procedure(
        code="2.000815", name="Chứng thực bản sao", online_level=2, classification="thong_tin", days=0
    )
    page = client.get("/dich-vu-cong/thu-tuc/1.009994/").content.decode()
    assert "Nộp hồ sơ trực tuyến" in page and APPLY in page
    assert "Đơn đề nghị" in page and "75.000 đồng" in page and "15 ngày làm việc" in page
    assert "Luật Xây dựng 2014" in page and "Giấy phép xây dựng" in page
    other = client.get("/dich-vu-cong/thu-tuc/2.000815/").content.decode()
    assert "nop-truc-tuyen" not in other
    assert client.get("/dich-vu-cong/thu-tuc/2.000815/nop-truc-tuyen/").status_code == 302  # login first


def test_save_partial_draft_then_continue(citizen_client, make_procedure):
    make_procedure()
    response = citizen_client.post(
        APPLY,
        {
            "action": "save",
            "ho_ten": "Nguyễn Thị Lan",
            "so_tang": "3",
            "file_don_de_nghi": SimpleUploadedFile("don.pdf", PDF, "application/pdf"),
        },
    )
    draft = FormDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dich-vu-cong/ho-so-nhap/{draft.pk}/"
    assert draft.user == citizen_client.user
    assert draft.data == {"ho_ten": "Nguyễn Thị Lan", "so_tang": 3, "cam_ket": False}
    attached = draft.files.get()
    assert (attached.slot, attached.content_type, attached.original_name) == (
        "don_de_nghi",
        "application/pdf",
        "don.pdf",
    )
    page = citizen_client.get(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/").content.decode()
    assert 'value="Nguyễn Thị Lan"' in page and "don.pdf" in page
    # continue: a second save keeps the file and replaces a slot's file with the new upload
    citizen_client.post(
        f"/dich-vu-cong/ho-so-nhap/{draft.pk}/",
        {
            "action": "save",
            "ho_ten": "Nguyễn Thị Lan",
            "dia_chi_thua_dat": "Thửa 12, tờ 3, phường Việt Trì",
            "file_ban_ve": SimpleUploadedFile("ban-ve.png", PNG, "image/png"),
            "file_don_de_nghi": SimpleUploadedFile("don-moi.jpg", JPEG, "image/jpeg"),
        },
    )
    draft.refresh_from_db()
    assert draft.data["dia_chi_thua_dat"] == "Thửa 12, tờ 3, phường Việt Trì"
    assert dict(draft.files.values_list("slot", "original_name")) == {
        "don_de_nghi": "don-moi.jpg",
        "ban_ve": "ban-ve.png",
    }
    drafts_page = citizen_client.get("/dich-vu-cong/ho-so-nhap/").content.decode()
    assert (
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in drafts_page and "2 tệp đính kèm" in drafts_page
    )


def test_check_reports_missing_fields_and_papers_then_passes(citizen_client, make_procedure):
    make_procedure()
    citizen_client.post(APPLY, {"action": "save", "ho_ten": "Nguyễn Thị Lan"})
    draft = FormDraft.objects.get()
    response = citizen_client.post(
        f"/dich-vu-cong/ho-so-nhap/{draft.pk}/", {"action": "check", "ho_ten": "Nguyễn Thị Lan"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng nhập “Địa chỉ lô đất”." in html
    assert "Chưa đính kèm “Đơn đề nghị”." in html and "Chưa đính kèm “Bản vẽ thiết kế”." in html
    assert "Cam kết liền kề" not in {str(e) for e in complete_draft_check(draft)}  # optional paper
    full = {
        "action": "check",
        "ho_ten": "Nguyễn Thị Lan",
        "dia_chi_thua_dat": "Thửa 12, phường Việt Trì",
        "so_giay_chung_nhan": "CS 01234",
        "dien_tich_san": "120,5",
        "so_tang": "3",
        "cam_ket": "on",
        "file_don_de_nghi": SimpleUploadedFile("don.pdf", PDF),
        "file_ban_ve": SimpleUploadedFile("bv.pdf", PDF),
    }
    html = citizen_client.post(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/", full).content.decode()
    assert "Hồ sơ đã đầy đủ và hợp lệ" in html
    draft.refresh_from_db()
    assert complete_draft_check(draft) == [] and draft.checked_ok_at is not None
    assert draft.passed_check
    fields = {key: value for key, value in full.items() if not key.startswith("file_")}
    citizen_client.post(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/", {**fields, "action": "save", "so_tang": "4"})
    draft.refresh_from_db()
    assert not draft.passed_check  # saved again after the check: to be checked again before submitting


def test_wrong_file_type_is_refused_by_content_and_nothing_is_written(citizen_client, make_procedure):
    make_procedure()
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 this is an exe", "application/pdf")
    response = citizen_client.post(APPLY, {"action": "save", "ho_ten": "Lan", "file_don_de_nghi": fake})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tệp “virus.pdf” không phải PDF, JPEG hoặc PNG." in html
    assert 'value="Lan"' in html  # what was typed is shown again
    assert FormDraft.objects.count() == 0 and DraftFile.objects.count() == 0
    renamed = SimpleUploadedFile("anh.pdf", PNG, "application/pdf")  # a PNG named .pdf
    html = citizen_client.post(APPLY, {"action": "save", "file_ban_ve": renamed}).content.decode()
    assert "phần mở rộng không khớp với nội dung tệp" in html
    assert FormDraft.objects.count() == 0


def test_oversize_file_is_refused(citizen_client, make_procedure, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    make_procedure()
    big = SimpleUploadedFile("ban-ve.pdf", PDF + b"0" * 2048, "application/pdf")
    response = citizen_client.post(APPLY, {"action": "save", "file_ban_ve": big})
    assert response.status_code == 400
    size = forms_schema.human_size(len(PDF) + 2048)
    assert f"Tệp “ban-ve.pdf” dung lượng {size}, vượt quá mức tối đa 1 KB." in response.content.decode()
    assert DraftFile.objects.count() == 0


def test_only_the_owner_sees_a_draft(client, citizen_client, make_procedure, make_user):
    make_procedure()
    citizen_client.post(
        APPLY, {"action": "save", "ho_ten": "Bí mật", "file_don_de_nghi": SimpleUploadedFile("d.pdf", PDF)}
    )
    draft = FormDraft.objects.get()
    attached = draft.files.get()
    citizen_client.logout()
    other = make_user(Role.CITIZEN)
    client.force_login(other)
    assert client.get(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/").status_code == 404
    assert (
        client.post(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/", {"action": "save", "ho_ten": "x"}).status_code
        == 404
    )
    assert client.get(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/tep/{attached.pk}/").status_code == 404
    assert client.post(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/xoa/").status_code == 404
    assert "Bí mật" not in client.get("/dich-vu-cong/ho-so-nhap/").content.decode()
    draft.refresh_from_db()
    assert draft.data["ho_ten"] == "Bí mật"
    client.force_login(draft.user)
    download = client.get(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/tep/{attached.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client.post(f"/dich-vu-cong/ho-so-nhap/{draft.pk}/xoa/").status_code == 302
    assert FormDraft.objects.count() == 0


def test_check_flags_a_draft_whose_procedure_changed(citizen_client, make_procedure):
    import datetime

    from services import services

    procedure = make_procedure()
    citizen_client.post(APPLY, {"action": "save", "ho_ten": "Lan"})
    draft = FormDraft.objects.get()
    newer = services.create_version(None, procedure, datetime.date(2026, 1, 1))
    services.publish_version(None, newer)
    messages = [str(e) for e in complete_draft_check(draft)]
    assert any("Thủ tục đã có quy định mới từ ngày 01/01/2026" in m for m in messages)


DATED_SCHEMA = {
    "type": "object",
    "properties": {"ngay_khoi_cong": {"type": "string", "title": "Ngày khởi công", "format": "date"}},
    "required": ["ngay_khoi_cong"],
}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("05/01/2026", "2026-01-05"),
        ("5/1/2026", "2026-01-05"),
        ("05-01-2026", "2026-01-05"),
        ("2026-01-05", "2026-01-05"),
        ("31/02/2026", "31/02/2026"),
        ("mai", "mai"),
    ],
)
def test_dates_are_typed_day_first_and_stored_iso(typed, stored):
    data = forms_schema.coerce(DATED_SCHEMA, {"ngay_khoi_cong": typed})
    assert data == {"ngay_khoi_cong": stored}
    errors = forms_schema.validate(DATED_SCHEMA, {}, data)
    if stored == typed and "-" not in typed:  # not a real day: kept as typed and explained in Vietnamese
        assert errors == {
            "ngay_khoi_cong": [
                "“Ngày khởi công” phải là một ngày hợp lệ, dạng ngày/tháng/năm, ví dụ 05/01/2026."
            ]
        }
    else:
        assert errors == {}
    ((_title, (field,)),) = forms_schema.render_fields(DATED_SCHEMA, {}, data, {})
    assert field.display_value == ("05/01/2026" if stored == "2026-01-05" else typed)


def test_date_field_renders_as_day_first_text(citizen_client, make_procedure):
    schema = {
        **CONSTRUCTION_SCHEMA,
        "properties": {**CONSTRUCTION_SCHEMA["properties"], **DATED_SCHEMA["properties"]},
    }
    make_procedure(schema=schema, layout={})
    html = citizen_client.get(APPLY).content.decode()
    field = html.split('id="f-ngay_khoi_cong"')[1].split(">")[0]
    assert 'type="text"' in field and 'placeholder="ngày/tháng/năm"' in field and 'type="date"' not in field
    assert 'id="f-ngay_khoi_cong-help">Ví dụ: 05/01/2026' in html


def test_a_new_form_starts_with_the_citizens_account_details(client, make_procedure, make_user):
    schema = {
        **CONSTRUCTION_SCHEMA,
        "properties": {
            **CONSTRUCTION_SCHEMA["properties"],
            "so_dinh_danh": {"type": "string", "title": "Số định danh"},
            "dien_thoai": {"type": "string", "title": "Điện thoại"},
        },
    }
    make_procedure(schema=schema, layout={})
    user = make_user(Role.CITIZEN, full_name="Nguyễn Thị Lan", phone="0912345678", email="lan@example.vn")
    client.force_login(user)
    html = client.get(APPLY).content.decode()
    assert 'name="ho_ten" value="Nguyễn Thị Lan"' in html
    assert 'name="dien_thoai" value="0912345678"' in html
    assert 'name="email" value="lan@example.vn"' in html
    assert 'name="so_dinh_danh" value=""' in html  # no personal ID on the account: left empty
    assert not FormDraft.objects.exists()  # prefilling saves nothing


def test_profile_initial_takes_only_string_fields_of_the_schema(make_user):
    user = make_user(Role.CITIZEN, full_name="Trần Văn Minh", phone="0987654321")
    schema = {
        "type": "object",
        "properties": {"ho_ten": {"type": "string"}, "dien_thoai": {"type": "integer"}},
    }
    assert forms_schema.profile_initial(schema, user) == {"ho_ten": "Trần Văn Minh"}


def test_a_required_checkbox_shows_its_error_below_with_a_screen_reader_marker(
    citizen_client, make_procedure
):
    make_procedure()
    response = citizen_client.post(APPLY, {"action": "check", "ho_ten": "Lan"})
    html = response.content.decode()
    field = html.split('id="f-cam_ket"')[1].split("</div>")[0]
    assert "(bắt buộc)" in field
    assert '<ul class="errorlist" id="f-cam_ket-err"><li>Vui lòng đánh dấu “Tôi cam kết”.</li></ul>' in field
