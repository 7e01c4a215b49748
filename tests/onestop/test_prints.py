"""The desk's printed forms, read back from real PDFs: pdftotext for the words, zbarimg for the QR code,
pypdf for the page size, openpyxl for the register's workbook."""

import datetime
import io
import subprocess
from decimal import Decimal

import pypdf
import pytest
from openpyxl import load_workbook

from onestop import prints
from onestop.models import Channel, ReturnMethod, Status
from tests.onestop.factories_prints import Desk, at
from tests.spreadsheets import FORMULA_LIKE, cells_holding, is_text

A5 = (420, 595)
A4_LANDSCAPE = (842, 595)
AGENCY_COLUMN = (0, 0, 195, 80)  # points from the top left of an A5 slip
CODE = "H15.50.05.13-260105-0001"


@pytest.fixture(autouse=True)
def _public_base(settings):
    settings.PUBLIC_BASE_URL = "https://dichvucong.phutho.gov.vn"


@pytest.fixture
def desk(db):
    return Desk()


def text_of(pdf: bytes, tmp_path, box: tuple[int, int, int, int] | None = None) -> str:
    """The PDF's text as pdftotext reads it (only inside `box`, x y width height in points, if given),
    white space folded: cells wrap inside narrow columns."""
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    crop = []
    if box is not None:
        crop = [arg for flag, value in zip("xyWH", box, strict=True) for arg in (f"-{flag}", str(value))]
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *crop, str(path), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def qr_of(pdf: bytes, tmp_path) -> list[str]:
    """Every QR code zbarimg finds on the first page rendered at 200 dpi."""
    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    image = next(tmp_path.glob("page*.png"))
    out = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True)
    return out.stdout.decode().split()


def page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]


def slip_text(pdf: bytes, tmp_path, title: str, date_line: str) -> str:
    """The slip's text, once what every slip carries is checked: one A5 page, the motto, the title, the
    date line, the code, and the QR code of the dossier's public page."""
    text = text_of(pdf, tmp_path)
    assert page_sizes(pdf) == [A5]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert title in text
    assert date_line in text
    assert f"Mã hồ sơ: {CODE}" in text
    url = f"https://dichvucong.phutho.gov.vn/tra-cuu-ho-so/{CODE}/"
    assert url in text.replace(" ", "")  # printed beside the QR, where it may wrap
    assert qr_of(pdf, tmp_path) == [url]
    return text


def test_public_url_is_absolute_and_quoted(settings):
    settings.PUBLIC_BASE_URL = "https://dvc.example.vn/"
    assert prints.public_url(CODE) == f"https://dvc.example.vn/tra-cuu-ho-so/{CODE}/"
    assert prints.public_url("A/B C") == "https://dvc.example.vn/tra-cuu-ho-so/A%2FB%20C/"


def test_moment_is_local_time_in_the_forms_words():
    utc = datetime.datetime(2026, 1, 5, 2, 5, tzinfo=datetime.UTC)
    assert prints.moment(utc) == "09 giờ 05 phút, ngày 05/01/2026"
    assert prints.moment(None) == ""


def test_form_01_receipt(desk, tmp_path):
    dossier = desk.dossier(status=Status.ACCEPTED, return_method=ReturnMethod.POST)
    pdf = prints.receipt(dossier)
    text = slip_text(
        pdf, tmp_path, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Hy Cương, ngày 05 tháng 01 năm 2026"
    )
    # The header's left column: the desk under its parent body.
    assert text_of(pdf, tmp_path, AGENCY_COLUMN) == (
        "ỦY BAN NHÂN DÂN XÃ HY CƯƠNG TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HY CƯƠNG"
    )
    assert "tiếp nhận hồ sơ của: Hoàng Văn Đức" in text
    assert "Thôn Hy Cương, xã Hy Cương, tỉnh Phú Thọ" in text
    assert "0912345678" in text and "duc.hoang@example.vn" in text
    assert "Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in text
    assert "1 Đơn đề nghị cấp giấy phép xây dựng Bản chính 1" in text
    assert "2 Bản vẽ thiết kế xây dựng Bản sao 2" in text
    assert "3 Giấy chứng nhận quyền sử dụng đất Bản sao có chứng thực 1" in text
    assert "Số lượng hồ sơ: 01 (bộ)" in text
    assert "theo quy định là: 5 ngày làm việc" in text
    assert "Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 05/01/2026" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 12/01/2026" in text
    assert "Đăng ký nhận kết quả tại: Qua bưu chính công ích" in text
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert text.rstrip().count("Nguyễn Thị Hằng") == 1  # the receiving officer signs


def test_time_limit_in_the_forms_words(desk):
    version = desk.version
    for amount, unit, words in [
        ("5", "days", "5 ngày làm việc"),
        ("0.5", "days", "0,5 ngày làm việc"),
        ("4", "hours", "4 giờ làm việc"),
        ("0", "days", "trong ngày làm việc"),
    ]:
        version.time_limit_amount, version.time_limit_unit = Decimal(amount), unit
        assert prints.time_limit_words(version) == words


def test_form_01_keeps_the_appointment_given_at_the_counter(desk, tmp_path):
    """An apology moves due_at; the receipt still shows what the applicant was told at intake."""
    dossier = desk.dossier(due_at=at(16, 16, 30))
    text = text_of(prints.receipt(dossier), tmp_path)
    assert "16 giờ 30 phút, ngày 12/01/2026" in text
    assert "16/01/2026" not in text


def test_form_01_without_a_chosen_return_method_returns_the_way_the_dossier_came(desk, tmp_path):
    dossier = desk.dossier(status=Status.ACCEPTED, channel=Channel.ONLINE, return_method="")
    assert "Đăng ký nhận kết quả tại: Trực tuyến" in text_of(prints.receipt(dossier), tmp_path)


def test_form_02_at_intake_lists_the_missing_mandatory_papers_and_the_officers_reasons(desk, tmp_path):
    dossier = desk.dossier(
        status=Status.NEEDS_COMPLETION,
        accepted=False,
        completion_requested_at=at(5, 9, 20),
        decision_reason="Đơn đề nghị chưa có chữ ký của người đề nghị.\nBản vẽ thiếu mặt cắt công trình.",
        channel=Channel.ONLINE,
        received_by=None,  # checked online: the officer is the one who asked
    )
    desk.decided(dossier, "request_completion", desk.officer, at(5, 9, 20))
    pdf = prints.supplement_request(dossier)
    text = text_of(pdf, tmp_path)
    assert page_sizes(pdf) == [A5]
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Hy Cương, ngày 05 tháng 01 năm 2026" in text
    assert "Mã hồ sơ: (chưa cấp mã)" in text  # not accepted: no code, so no QR either
    assert "tra-cuu-ho-so" not in text and qr_of(pdf, tmp_path) == []
    assert "một lần, đầy đủ" in text
    assert "1. Giấy chứng nhận quyền sử dụng đất: thành phần hồ sơ bắt buộc, chưa nộp." in text
    assert "2. Đơn đề nghị chưa có chữ ký của người đề nghị." in text
    assert "3. Bản vẽ thiếu mặt cắt công trình." in text
    assert "NGƯỜI HƯỚNG DẪN" in text and "Nguyễn Thị Hằng" in text
    assert "0210 3846 123" in text  # the desk's telephone for questions


def test_form_02_during_processing_is_the_pause_of_the_processing_body(desk, tmp_path):
    dossier = desk.dossier(status=Status.SUPPLEMENT)
    desk.pause(dossier, "Bổ sung bản vẽ mặt bằng móng có chữ ký của đơn vị thiết kế.")
    text = slip_text(
        prints.supplement_request(dossier),
        tmp_path,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Hy Cương, ngày 07 tháng 01 năm 2026",
    )
    assert "Ủy ban nhân dân xã Hy Cương yêu cầu bổ sung, hoàn thiện hồ sơ một lần" in text
    assert "1. Bổ sung bản vẽ mặt bằng móng có chữ ký của đơn vị thiết kế." in text
    assert "chưa nộp" not in text  # every mandatory paper is held
    assert "Lê Thị Mai" in text  # the specialist who asked


def test_form_03_refusal_lists_every_reason(desk, tmp_path):
    dossier = desk.dossier(
        status=Status.REFUSED_INTAKE,
        code=CODE,
        accepted=False,
        closed_at=at(5, 9, 30),
        decision_reason="Thửa đất nằm trong quy hoạch giao thông.\nKhông thuộc thẩm quyền của xã.",
        received_by=None,
    )
    desk.decided(dossier, "refuse_intake", desk.officer, at(5, 9, 30))
    text = slip_text(
        prints.refusal(dossier),
        tmp_path,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Hy Cương, ngày 05 tháng 01 năm 2026",
    )
    assert "tiếp nhận hồ sơ của: Hoàng Văn Đức" in text
    assert "1. Thửa đất nằm trong quy hoạch giao thông." in text
    assert "2. Không thuộc thẩm quyền của xã." in text
    assert "Nguyễn Thị Hằng" in text


def test_form_04_apology_gives_the_reason_and_both_dates(desk, tmp_path):
    dossier = desk.dossier(due_at=at(16, 16, 30))
    desk.apology(dossier, "Cần lấy ý kiến của Sở Xây dựng về chỉ giới xây dựng.")
    text = slip_text(
        prints.apology(dossier),
        tmp_path,
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Hy Cương, ngày 09 tháng 01 năm 2026",
    )
    assert "Kính gửi: Hoàng Văn Đức" in text
    assert "Ngày 05/01/2026" in text
    assert "16 giờ 30 phút, ngày 12/01/2026" in text
    assert "vì lý do: Cần lấy ý kiến của Sở Xây dựng về chỉ giới xây dựng." in text
    assert "đến: 16 giờ 30 phút, ngày 16/01/2026" in text
    assert "Phạm Quốc Hùng" in text


def test_form_04_without_an_apology_is_refused(desk):
    with pytest.raises(ValueError, match="chưa có văn bản xin lỗi"):
        prints.apology(desk.dossier())


def test_form_05_stop_notice(desk, tmp_path):
    dossier = desk.dossier(
        status=Status.STOPPED,
        closed_at=at(8, 10, 0),
        decision_reason="Người nộp đề nghị dừng để điều chỉnh thiết kế.",
    )
    desk.decided(dossier, "stop", desk.leader, at(8, 10, 0))
    text = slip_text(
        prints.stop_notice(dossier),
        tmp_path,
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Hy Cương, ngày 08 tháng 01 năm 2026",
    )
    assert "Kính gửi: Hoàng Văn Đức" in text
    assert "với lý do: Người nộp đề nghị dừng để điều chỉnh thiết kế." in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text and "Phạm Quốc Hùng" in text  # the leader who stopped it


def test_form_06_control_slip_prints_every_hand_over_with_its_class(desk, tmp_path):
    dossier = desk.dossier()
    desk.hand_overs(dossier)
    text = slip_text(
        prints.control_slip(dossier),
        tmp_path,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Hy Cương, ngày 05 tháng 01 năm 2026",
    )
    for heading in ("TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "Người giao", "Người nhận", "KẾT QUẢ"):
        assert heading in text
    for name in ("Nguyễn Thị Hằng", "Trần Văn Bình", "Lê Thị Mai", "Phạm Quốc Hùng"):
        assert name in text
    assert "1. Giao: Trung tâm Phục vụ hành chính công xã Hy Cương" in text
    assert "Nhận: Phòng Kinh tế" in text
    assert "Phòng Kinh tế, Ủy ban" not in text  # the competent agency's own department, by its name
    steps = [
        (
            "Giao: 09:10, 05/01/2026",
            "Nhận: 09:40, 05/01/2026",
            "Hạn: 16:30, 05/01/2026",
            "Xong: 14:00, 05/01/2026",
        ),
        (
            "Giao: 14:00, 05/01/2026",
            "Nhận: 14:15, 05/01/2026",
            "Hạn: 16:30, 07/01/2026",
            "Xong: 16:30, 07/01/2026",
        ),
        (
            "Giao: 08:00, 08/01/2026",
            "Nhận: 08:20, 08/01/2026",
            "Hạn: 16:30, 08/01/2026",
            "Xong: 10:45, 09/01/2026",
        ),
        ("Giao: 11:00, 09/01/2026", "Hạn: 16:30, 12/01/2026"),
    ]
    for row in steps:
        for part in row:
            assert part in text, part
    # The classes in step order, and the open step has none yet.
    assert [w for w in ("Trước hạn", "Đúng hạn", "Quá hạn") if w in text] == [
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
    ]
    assert text.index("Trước hạn") < text.index("Đúng hạn") < text.index("Quá hạn")
    assert text.count("Quá hạn") == 1 and text.count("Trước hạn") == 1 and text.count("Đúng hạn") == 1
    assert "4. Giao: Ủy ban nhân dân xã Hy Cương" in text


def test_form_06_without_hand_overs_says_so(desk, tmp_path):
    text = text_of(prints.control_slip(desk.dossier(status=Status.ACCEPTED)), tmp_path)
    assert "Hồ sơ chưa được chuyển giao." in text


# --- Mẫu 07 -------------------------------------------------------------------------------------------
@pytest.fixture
def register(desk):
    """Four dossiers at the desk in January (one returned late, one returned on time, one open and
    overdue, one on the last evening) and one just after the period; one at another desk."""
    late = desk.dossier(
        code="H15.50.05.13-260105-0001",
        status=Status.RETURNED,
        result_ready_at=at(13, 9, 0),
        returned_at=at(13, 10, 0),
        returned_to="Hoàng Văn Đức",
    )
    desk.hand_overs(late)
    desk.dossier(
        code="H15.50.05.13-260106-0001",
        status=Status.RETURNED,
        applicant_name='=HYPERLINK("http://x")',
        accepted_at=at(6, 8, 0),
        submitted_at=at(6, 7, 50),
        result_ready_at=at(9, 9, 0),
        returned_at=at(9, 10, 0),
        returned_to="Người được ủy quyền",
    )
    desk.dossier(
        code="H15.50.05.13-260107-0001",
        status=Status.PROCESSING,
        accepted_at=at(7, 8, 0),
        submitted_at=at(7, 7, 0),
        applicant_name="Vũ Thị Lan",
    )
    # The period's edges are local midnights: 23:30 on the 31st is in, 00:10 on 1 February (still
    # 31 January in UTC) is out.
    desk.dossier(
        code="H15.50.05.13-260131-0001",
        submitted_at=at(31, 23, 20),
        accepted_at=at(31, 23, 30),
        applicant_name="Cuối kỳ",
    )
    desk.dossier(
        code="H15.50.05.13-260201-0001",
        submitted_at=at(1, 0, 5, month=2),
        accepted_at=at(1, 0, 10, month=2),
        applicant_name="Ngoài kỳ",
    )
    other = Desk(code="H15.50.05.14", name="Trung tâm Phục vụ hành chính công xã Khác", procedure="1.009995")
    other.dossier(code="H15.50.05.14-260105-0001", applicant_name="Bàn khác")
    return desk


PERIOD = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))


def test_register_rows_are_the_desks_dossiers_of_the_period(register):
    rows = prints.register_rows(register.agency, *PERIOD)
    assert [r[1] for r in rows] == [
        "H15.50.05.13-260105-0001",
        "H15.50.05.13-260106-0001",
        "H15.50.05.13-260107-0001",
        "H15.50.05.13-260131-0001",
    ]
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert len(rows[0]) == len(prints.REGISTER_COLUMNS)
    first = dict(zip(prints.REGISTER_COLUMNS, rows[0], strict=True))
    assert first["Tên thủ tục hành chính"] == "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
    assert first["Số lượng hồ sơ (bộ)"] == 1
    assert first["Tên người nộp hồ sơ"] == "Hoàng Văn Đức"
    assert first["Địa chỉ, số điện thoại"] == "Thôn Hy Cương, xã Hy Cương, tỉnh Phú Thọ, 0912345678"
    assert first["Cơ quan chủ trì giải quyết"] == "Ủy ban nhân dân xã Hy Cương"
    assert first["Nhận hồ sơ"] == "05/01/2026"
    assert first["Hẹn trả kết quả"] == "12/01/2026"
    assert first["Chuyển hồ sơ đến cơ quan giải quyết"] == "05/01/2026"
    assert first["Nhận kết quả từ cơ quan giải quyết"] == "13/01/2026"
    assert first["Trả kết quả cho cá nhân, tổ chức"] == "13/01/2026"
    assert first["Người nhận kết quả (ký nhận)"] == "Hoàng Văn Đức"
    assert first["Ghi chú"] == "Trả quá hạn"
    assert rows[1][-1] == ""  # returned on time
    assert rows[2][-1] == "Đang thẩm định (quá hạn)"
    assert rows[2][9] == ""  # never handed over


def test_register_pdf_is_a4_landscape_with_the_forms_columns(register, tmp_path):
    pdf = prints.register_pdf(register.agency, *PERIOD)
    assert set(page_sizes(pdf)) == {A4_LANDSCAPE}
    text = text_of(pdf, tmp_path)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Từ ngày 01/01/2026 đến ngày 31/01/2026" in text
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HY CƯƠNG" in text
    assert "Ngày, tháng, năm" in text
    for column in prints.REGISTER_COLUMNS:
        assert column in text, column
    for code in ("H15.50.05.13-260105-0001", "H15.50.05.13-260106-0001", "H15.50.05.13-260107-0001"):
        assert code in text
    assert "Vũ Thị Lan" in text
    assert "Ngoài kỳ" not in text and "Bàn khác" not in text


def test_register_pdf_of_an_empty_period(register, tmp_path):
    pdf = prints.register_pdf(register.agency, datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    assert "Không có hồ sơ tiếp nhận trong kỳ." in text_of(pdf, tmp_path)


def test_register_xlsx_reads_back_with_text_cells_never_formulas(register):
    book = load_workbook(io.BytesIO(prints.register_xlsx(register.agency, *PERIOD)))
    sheet = book.active
    assert sheet.title == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["A1"].value == "Trung tâm Phục vụ hành chính công xã Hy Cương"
    assert sheet["A3"].value == "Từ ngày 01/01/2026 đến ngày 31/01/2026"
    assert [c.value for c in sheet[4]] == prints.REGISTER_COLUMNS
    data = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[1] for r in data] == [
        "H15.50.05.13-260105-0001",
        "H15.50.05.13-260106-0001",
        "H15.50.05.13-260107-0001",
        "H15.50.05.13-260131-0001",
    ]
    assert data[0][0] == 1 and data[0][3] == 1  # numbers stay numbers
    hostile = sheet.cell(row=6, column=5)
    assert hostile.value == '=HYPERLINK("http://x")' and hostile.data_type == "s" and hostile.quotePrefix
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_register_xlsx_writes_a_name_that_looks_like_a_formula_as_text(desk, text):
    desk.dossier(applicant_name=text)
    cells = cells_holding(prints.register_xlsx(desk.agency, *PERIOD), text)
    assert cells and all(is_text(cell) for cell in cells)


def test_each_form_keeps_its_own_page_and_fonts_when_renders_reuse_the_parsed_styles(register, tmp_path):
    """egov.pdf.render keeps each template's parsed <style> and the fonts between renders: a slip printed
    after the register, and the register after it, still have their own page size and the Tinos faces."""
    slip = register.dossier(status=Status.ACCEPTED, code="H15.50.05.13-260108-0001")
    pages = []
    for pdf in (
        prints.register_pdf(register.agency, *PERIOD),
        prints.receipt(slip),
        prints.register_pdf(register.agency, *PERIOD),
        prints.receipt(slip),
    ):
        pages.append(page_sizes(pdf)[0])
        listing = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout
        fonts = {line.split()[0].partition("+")[2] for line in listing.decode().splitlines()[2:]}
        assert {"Tinos", "Tinos-Bold"} <= fonts, fonts
    assert pages == [A4_LANDSCAPE, A5, A4_LANDSCAPE, A5]
    assert prints.receipt(slip) == prints.receipt(slip)
