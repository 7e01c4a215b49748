"""Demo catalogue: real procedures of commune and province level in Phú Thọ, with papers, fees, time
limits, steps and online forms. National codes are plausible values in the national database's format;
fees and time limits follow the published procedure records as closely as a demo needs. Idempotent: a
procedure that already has a version is left alone."""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.core.files.base import ContentFile

from egov.accounts.roles import Role
from egov.workdays.clock import TimeUnit

from . import services
from .models import (
    Classification,
    Fee,
    Field,
    HandlingLevel,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredPaper,
)

EFFECTIVE = datetime.date(2025, 7, 1)
FIELDS = {
    "HT": "Hộ tịch",
    "CT": "Chứng thực",
    "XD": "Xây dựng",
    "LLTP": "Lý lịch tư pháp",
    "HKD": "Thành lập và hoạt động của hộ kinh doanh",
    "DD": "Đất đai",
    "BTXH": "Bảo trợ xã hội",
    "TG": "Tín ngưỡng, tôn giáo",
    "VH": "Văn hóa cơ sở",
}
FULL, PART, INFO = Classification.FULL, Classification.PARTIAL, Classification.INFO_ONLY
COMMUNE, PROVINCE = HandlingLevel.COMMUNE, HandlingLevel.PROVINCE
O, C, CC, OC = (  # noqa: E741
    RequiredPaper.Kind.ORIGINAL,
    RequiredPaper.Kind.COPY,
    RequiredPaper.Kind.CERTIFIED_COPY,
    RequiredPaper.Kind.ORIGINAL_OR_COPY,
)
HOTICH_BASIS = (
    "Luật Hộ tịch số 60/2014/QH13;\nNghị định số 123/2015/NĐ-CP;\nThông tư số 04/2020/TT-BTP;\n"
    "Thông tư số 85/2019/TT-BTC về phí, lệ phí thuộc thẩm quyền HĐND cấp tỉnh."
)
CHUNGTHUC_BASIS = (
    "Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký "
    "và chứng thực hợp đồng, giao dịch;\nThông tư số 01/2020/TT-BTP;\nThông tư số 226/2016/TT-BTC."
)
XAYDUNG_BASIS = (
    "Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14;\nNghị định số 175/2024/NĐ-CP;\n"
    "Nghị định số 140/2025/NĐ-CP về phân định thẩm quyền của chính quyền địa phương hai cấp."
)
LLTP_BASIS = (
    "Luật Lý lịch tư pháp số 28/2009/QH12;\nNghị định số 111/2010/NĐ-CP;\nThông tư số 244/2016/TT-BTC."
)
HKD_BASIS = "Nghị định số 01/2021/NĐ-CP về đăng ký doanh nghiệp;\nThông tư số 02/2023/TT-BKHĐT."
DATDAI_BASIS = "Luật Đất đai số 31/2024/QH15;\nNghị định số 101/2024/NĐ-CP;\nNghị định số 151/2025/NĐ-CP."

APPLICANT = {
    "ho_ten": {"type": "string", "title": "Họ và tên người nộp", "minLength": 1, "maxLength": 150},
    "so_dinh_danh": {
        "type": "string",
        "title": "Số định danh cá nhân",
        "format": "personal-id",
    },
    "dien_thoai": {
        "type": "string",
        "title": "Điện thoại",
        "pattern": "^0[0-9]{9,10}$",
        "x-error": "Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0.",
    },
    "email": {"type": "string", "title": "Thư điện tử", "format": "email"},
    "dia_chi": {"type": "string", "title": "Địa chỉ liên hệ", "maxLength": 300},
}
APPLICANT_REQUIRED = ["ho_ten", "so_dinh_danh", "dien_thoai", "dia_chi"]
APPLICANT_HELP = {
    "so_dinh_danh": {"help": "12 chữ số trên thẻ căn cước.", "widget": "text"},
    "dien_thoai": {"widget": "tel"},
}


def _form(
    extra: dict, required: list, extra_title: str, layout_fields: dict | None = None
) -> tuple[dict, dict]:
    schema = {
        "type": "object",
        "properties": {**APPLICANT, **extra},
        "required": APPLICANT_REQUIRED + required,
    }
    layout = {
        "sections": [
            {"title": "Thông tin người nộp hồ sơ", "fields": list(APPLICANT)},
            {"title": extra_title, "fields": list(extra)},
        ],
        "fields": {**APPLICANT_HELP, **(layout_fields or {})},
    }
    return schema, layout


CONSTRUCTION_FORM = _form(
    {
        "dia_chi_thua_dat": {
            "type": "string",
            "title": "Địa chỉ lô đất xây dựng",
            "minLength": 5,
            "maxLength": 300,
        },
        "so_giay_chung_nhan": {
            "type": "string",
            "title": "Số giấy chứng nhận quyền sử dụng đất",
            "maxLength": 30,
        },
        "so_thua": {"type": "string", "title": "Thửa đất số", "maxLength": 20},
        "so_to_ban_do": {"type": "string", "title": "Tờ bản đồ số", "maxLength": 20},
        "dien_tich_xay_dung": {
            "type": "number",
            "title": "Diện tích xây dựng tầng 1 (m²)",
            "exclusiveMinimum": 0,
        },
        "tong_dien_tich_san": {"type": "number", "title": "Tổng diện tích sàn (m²)", "exclusiveMinimum": 0},
        "so_tang": {"type": "integer", "title": "Số tầng", "minimum": 1, "maximum": 15},
        "chieu_cao": {
            "type": "number",
            "title": "Chiều cao công trình (m)",
            "exclusiveMinimum": 0,
            "maximum": 60,
        },
        "ngay_khoi_cong": {"type": "string", "title": "Ngày dự kiến khởi công", "format": "date"},
        "cam_ket": {
            "type": "boolean",
            "title": "Tôi cam kết xây dựng đúng giấy phép và chịu trách nhiệm về nội dung kê khai",
        },
    },
    [
        "dia_chi_thua_dat",
        "so_giay_chung_nhan",
        "dien_tich_xay_dung",
        "tong_dien_tich_san",
        "so_tang",
        "cam_ket",
    ],
    "Thông tin lô đất và công trình",
    {"dien_tich_xay_dung": {"placeholder": "Ví dụ: 80,5"}, "so_tang": {"help": "Kể cả tầng hầm, tầng lửng."}},
)
BIRTH_FORM = _form(
    {
        "ho_ten_tre": {
            "type": "string",
            "title": "Họ, chữ đệm và tên của trẻ",
            "minLength": 1,
            "maxLength": 150,
        },
        "ngay_sinh": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
        "noi_sinh": {"type": "string", "title": "Nơi sinh", "maxLength": 300},
        "ho_ten_me": {"type": "string", "title": "Họ và tên mẹ", "maxLength": 150},
        "ho_ten_cha": {"type": "string", "title": "Họ và tên cha", "maxLength": 150},
        "quan_he": {
            "type": "string",
            "title": "Quan hệ với trẻ",
            "enum": ["Cha", "Mẹ", "Ông", "Bà", "Người thân khác"],
        },
    },
    ["ho_ten_tre", "ngay_sinh", "gioi_tinh", "noi_sinh", "ho_ten_me", "quan_he"],
    "Thông tin người được khai sinh",
)
DEATH_FORM = _form(
    {
        "ho_ten_nguoi_chet": {"type": "string", "title": "Họ và tên người đã chết", "minLength": 1},
        "ngay_chet": {"type": "string", "title": "Ngày chết", "format": "date"},
        "noi_chet": {"type": "string", "title": "Nơi chết", "maxLength": 300},
        "nguyen_nhan": {"type": "string", "title": "Nguyên nhân chết", "maxLength": 300},
        "quan_he": {"type": "string", "title": "Quan hệ với người đã chết", "maxLength": 50},
    },
    ["ho_ten_nguoi_chet", "ngay_chet", "noi_chet", "quan_he"],
    "Thông tin người đã chết",
)
MARRIAGE_FORM = _form(
    {
        "ho_ten_ben_nu": {"type": "string", "title": "Họ và tên bên nữ", "minLength": 1},
        "ngay_sinh_ben_nu": {"type": "string", "title": "Ngày sinh bên nữ", "format": "date"},
        "ho_ten_ben_nam": {"type": "string", "title": "Họ và tên bên nam", "minLength": 1},
        "ngay_sinh_ben_nam": {"type": "string", "title": "Ngày sinh bên nam", "format": "date"},
        "ngay_hen": {
            "type": "string",
            "title": "Ngày mong muốn đến ký Giấy chứng nhận kết hôn",
            "format": "date",
        },
    },
    ["ho_ten_ben_nu", "ngay_sinh_ben_nu", "ho_ten_ben_nam", "ngay_sinh_ben_nam"],
    "Thông tin hai bên kết hôn",
)
GENERIC_FORM = _form(
    {
        "noi_dung": {"type": "string", "title": "Nội dung đề nghị", "minLength": 1, "maxLength": 2000},
        "so_ban": {"type": "integer", "title": "Số bản đề nghị cấp", "minimum": 1, "maximum": 20},
    },
    ["noi_dung"],
    "Nội dung đề nghị",
    {"noi_dung": {"widget": "textarea"}},
)
LLTP_FORM = _form(
    {
        "ngay_sinh": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "noi_thuong_tru": {"type": "string", "title": "Nơi thường trú", "minLength": 1, "maxLength": 300},
        "loai_phieu": {"type": "string", "title": "Loại phiếu", "enum": ["Phiếu số 1", "Phiếu số 2"]},
        "muc_dich": {"type": "string", "title": "Mục đích sử dụng phiếu", "minLength": 1, "maxLength": 300},
        "so_ban": {"type": "integer", "title": "Số bản đề nghị cấp", "minimum": 1, "maximum": 10},
    },
    ["ngay_sinh", "noi_thuong_tru", "loai_phieu", "muc_dich", "so_ban"],
    "Nội dung yêu cầu cấp phiếu",
)
HKD_FORM = _form(
    {
        "ten_ho_kinh_doanh": {
            "type": "string",
            "title": "Tên hộ kinh doanh",
            "minLength": 3,
            "maxLength": 200,
        },
        "dia_diem": {"type": "string", "title": "Địa điểm kinh doanh", "minLength": 5, "maxLength": 300},
        "nganh_nghe": {
            "type": "string",
            "title": "Ngành, nghề kinh doanh",
            "minLength": 3,
            "maxLength": 1000,
        },
        "von_kinh_doanh": {"type": "integer", "title": "Vốn kinh doanh (đồng)", "minimum": 0},
        "so_lao_dong": {"type": "integer", "title": "Số lao động dự kiến", "minimum": 0},
    },
    ["ten_ho_kinh_doanh", "dia_diem", "nganh_nghe", "von_kinh_doanh"],
    "Thông tin hộ kinh doanh",
    {"nganh_nghe": {"widget": "textarea"}},
)
LAND_FORM = _form(
    {
        "so_giay_chung_nhan": {
            "type": "string",
            "title": "Số phát hành giấy chứng nhận",
            "minLength": 1,
            "maxLength": 30,
        },
        "so_thua": {"type": "string", "title": "Thửa đất số", "maxLength": 20},
        "so_to_ban_do": {"type": "string", "title": "Tờ bản đồ số", "maxLength": 20},
        "noi_dung_bien_dong": {
            "type": "string",
            "title": "Nội dung biến động",
            "enum": ["Chuyển nhượng", "Tặng cho", "Thừa kế", "Thế chấp", "Đổi tên", "Khác"],
        },
        "ly_do": {"type": "string", "title": "Lý do biến động", "maxLength": 1000},
    },
    ["so_giay_chung_nhan", "so_thua", "so_to_ban_do", "noi_dung_bien_dong"],
    "Thông tin thửa đất và biến động",
    {"ly_do": {"widget": "textarea"}},
)

APPLICATION = "Đơn (tờ khai) theo mẫu"
# code, name, field, level, online level, classification, days (or (amount, unit)), cutoff, result,
# papers [(key, name, kind, qty, mandatory, has template)], fees [(kind, name, amount, exemptions)],
# legal basis, form, agency key
PROCEDURES = [
    (
        "1.001193",
        "Đăng ký khai sinh",
        "HT",
        COMMUNE,
        4,
        FULL,
        0,
        "15:00",
        "Giấy khai sinh (bản chính)",
        [
            ("to_khai", "Tờ khai đăng ký khai sinh theo mẫu", O, 1, True, True),
            (
                "giay_chung_sinh",
                "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận việc sinh",
                O,
                1,
                True,
                False,
            ),
        ],
        [("le_phi", "Lệ phí đăng ký khai sinh đúng hạn", 0, "Miễn lệ phí đăng ký khai sinh đúng hạn")],
        HOTICH_BASIS,
        BIRTH_FORM,
        "commune",
    ),
    (
        "1.000894",
        "Đăng ký kết hôn",
        "HT",
        COMMUNE,
        3,
        PART,
        0,
        "15:00",
        "Giấy chứng nhận kết hôn (02 bản chính)",
        [
            ("to_khai", "Tờ khai đăng ký kết hôn theo mẫu", O, 1, True, True),
            (
                "xac_nhan_hon_nhan",
                "Giấy xác nhận tình trạng hôn nhân (nếu đăng ký thường trú ở xã khác)",
                O,
                1,
                False,
                False,
            ),
        ],
        [
            (
                "le_phi",
                "Lệ phí đăng ký kết hôn",
                0,
                "Miễn lệ phí đăng ký kết hôn của công dân Việt Nam cư trú ở trong nước",
            )
        ],
        HOTICH_BASIS,
        MARRIAGE_FORM,
        "commune",
    ),
    (
        "1.000656",
        "Đăng ký khai tử",
        "HT",
        COMMUNE,
        4,
        FULL,
        0,
        "15:00",
        "Trích lục khai tử (bản chính)",
        [
            ("to_khai", "Tờ khai khai tử theo mẫu", O, 1, True, True),
            ("giay_bao_tu", "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", O, 1, True, False),
        ],
        [("le_phi", "Lệ phí đăng ký khai tử đúng hạn", 0, "Miễn lệ phí đăng ký khai tử đúng hạn")],
        HOTICH_BASIS,
        DEATH_FORM,
        "commune",
    ),
    (
        "1.004873",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "HT",
        COMMUNE,
        4,
        FULL,
        3,
        None,
        "Giấy xác nhận tình trạng hôn nhân",
        [("to_khai", "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu", O, 1, True, True)],
        [
            (
                "le_phi",
                "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân",
                10000,
                "Người thuộc hộ nghèo, người khuyết tật",
            )
        ],
        HOTICH_BASIS,
        GENERIC_FORM,
        "commune",
    ),
    (
        "1.001022",
        "Cấp bản sao trích lục hộ tịch",
        "HT",
        COMMUNE,
        4,
        FULL,
        0,
        "15:00",
        "Bản sao trích lục hộ tịch",
        [("to_khai", "Tờ khai cấp bản sao trích lục hộ tịch theo mẫu", O, 1, True, True)],
        [("phi", "Phí cấp bản sao trích lục hộ tịch", 8000, "")],
        HOTICH_BASIS,
        GENERIC_FORM,
        "commune",
    ),
    (
        "1.004884",
        "Đăng ký lại khai sinh",
        "HT",
        COMMUNE,
        3,
        PART,
        5,
        None,
        "Giấy khai sinh (bản chính)",
        [
            ("to_khai", "Tờ khai đăng ký lại khai sinh theo mẫu", O, 1, True, True),
            ("giay_to_tuy_than", "Bản sao giấy tờ chứng minh nội dung khai sinh", C, 1, True, False),
        ],
        [("le_phi", "Lệ phí đăng ký lại khai sinh", 5000, "Trẻ em, người thuộc hộ nghèo")],
        HOTICH_BASIS,
        BIRTH_FORM,
        "commune",
    ),
    (
        "1.000689",
        "Thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "HT",
        COMMUNE,
        3,
        PART,
        3,
        None,
        "Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
        [
            ("to_khai", "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", O, 1, True, True),
            ("giay_to_lien_quan", "Giấy tờ liên quan làm căn cứ thay đổi, cải chính", CC, 1, True, False),
        ],
        [("le_phi", "Lệ phí thay đổi, cải chính hộ tịch", 15000, "Người thuộc hộ nghèo")],
        HOTICH_BASIS,
        GENERIC_FORM,
        "commune",
    ),
    (
        "1.004837",
        "Đăng ký giám hộ",
        "HT",
        COMMUNE,
        2,
        INFO,
        3,
        None,
        "Trích lục đăng ký giám hộ",
        [
            ("to_khai", "Tờ khai đăng ký giám hộ theo mẫu", O, 1, True, True),
            ("van_ban_cu", "Văn bản cử người giám hộ", O, 1, True, False),
        ],
        [("le_phi", "Lệ phí đăng ký giám hộ", 0, "Miễn lệ phí đăng ký giám hộ tại Ủy ban nhân dân cấp xã")],
        HOTICH_BASIS,
        None,
        "commune",
    ),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
        "CT",
        COMMUNE,
        2,
        INFO,
        0,
        "15:00",
        "Bản sao được chứng thực từ bản chính",
        [
            ("ban_chinh", "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", O, 1, True, False),
            ("ban_sao", "Bản sao cần chứng thực", C, 1, True, False),
        ],
        [
            (
                "phi",
                "Phí chứng thực bản sao từ bản chính",
                2000,
                "2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa 200.000 đồng/bản",
            )
        ],
        CHUNGTHUC_BASIS,
        None,
        "commune",
    ),
    (
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "CT",
        COMMUNE,
        2,
        INFO,
        0,
        "15:00",
        "Giấy tờ, văn bản được chứng thực chữ ký",
        [
            ("giay_to_tuy_than", "Thẻ căn cước hoặc hộ chiếu còn giá trị sử dụng", O, 1, True, False),
            ("van_ban", "Giấy tờ, văn bản mà mình sẽ ký", O, 1, True, False),
        ],
        [("phi", "Phí chứng thực chữ ký", 10000, "")],
        CHUNGTHUC_BASIS,
        None,
        "commune",
    ),
    (
        "2.001035",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "CT",
        COMMUNE,
        2,
        INFO,
        2,
        None,
        "Hợp đồng, giao dịch được chứng thực",
        [
            ("du_thao", "Dự thảo hợp đồng, giao dịch", O, 1, True, False),
            ("giay_to_tai_san", "Bản sao giấy chứng nhận quyền sở hữu tài sản", C, 1, True, False),
        ],
        [("phi", "Phí chứng thực hợp đồng, giao dịch", 50000, "")],
        CHUNGTHUC_BASIS,
        None,
        "commune",
    ),
    (
        "1.009994",
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "XD",
        COMMUNE,
        4,
        FULL,
        15,
        None,
        "Giấy phép xây dựng",
        [
            (
                "don_de_nghi",
                "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01 Phụ lục II Nghị định 175/2024/NĐ-CP)",
                O,
                1,
                True,
                True,
            ),
            ("giay_chung_nhan", "Giấy chứng nhận quyền sử dụng đất", CC, 1, True, False),
            (
                "ban_ve",
                "Bản vẽ thiết kế: mặt bằng, mặt cắt, mặt đứng, móng và đấu nối hạ tầng",
                O,
                2,
                True,
                False,
            ),
            ("cam_ket_lien_ke", "Bản cam kết bảo đảm an toàn công trình liền kề (nếu có)", O, 1, False, True),
        ],
        [("le_phi", "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000, "")],
        XAYDUNG_BASIS,
        CONSTRUCTION_FORM,
        "commune",
    ),
    (
        "1.009995",
        "Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ",
        "XD",
        COMMUNE,
        3,
        PART,
        15,
        None,
        "Giấy phép sửa chữa, cải tạo",
        [
            ("don_de_nghi", "Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", O, 1, True, True),
            ("giay_chung_nhan", "Giấy chứng nhận quyền sở hữu nhà ở", CC, 1, True, False),
            ("anh_hien_trang", "Ảnh chụp hiện trạng công trình", O, 1, True, False),
        ],
        [("le_phi", "Lệ phí cấp giấy phép xây dựng", 75000, "")],
        XAYDUNG_BASIS,
        CONSTRUCTION_FORM,
        "commune",
    ),
    (
        "1.009996",
        "Cấp lại giấy phép xây dựng đối với nhà ở riêng lẻ",
        "XD",
        COMMUNE,
        3,
        PART,
        5,
        None,
        "Giấy phép xây dựng (cấp lại)",
        [
            ("don_de_nghi", "Đơn đề nghị cấp lại giấy phép xây dựng", O, 1, True, True),
            (
                "giay_phep_cu",
                "Bản chính giấy phép xây dựng đã được cấp (trường hợp bị rách, nát)",
                O,
                1,
                False,
                False,
            ),
        ],
        [("le_phi", "Lệ phí cấp lại giấy phép xây dựng", 15000, "")],
        XAYDUNG_BASIS,
        GENERIC_FORM,
        "commune",
    ),
    (
        "1.009987",
        "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
        "XD",
        PROVINCE,
        4,
        FULL,
        20,
        None,
        "Chứng chỉ hành nghề hoạt động xây dựng",
        [
            ("don_de_nghi", "Đơn đề nghị cấp chứng chỉ hành nghề", O, 1, True, True),
            ("van_bang", "Văn bằng đào tạo chuyên môn", CC, 1, True, False),
            ("anh_the", "Ảnh màu cỡ 4x6 cm", O, 1, True, False),
        ],
        [("le_phi", "Lệ phí cấp chứng chỉ hành nghề", 300000, "")],
        XAYDUNG_BASIS,
        GENERIC_FORM,
        "SXD",
    ),
    (
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "LLTP",
        PROVINCE,
        4,
        FULL,
        10,
        None,
        "Phiếu lý lịch tư pháp",
        [
            ("to_khai", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", O, 1, True, True),
            ("giay_to_tuy_than", "Bản chụp thẻ căn cước hoặc hộ chiếu", C, 1, True, False),
        ],
        [
            (
                "phi",
                "Phí cung cấp thông tin lý lịch tư pháp",
                200000,
                "Trẻ em, người cao tuổi, người khuyết tật, người thuộc hộ nghèo, "
                "người có công với cách mạng; sinh viên, học sinh: 100.000 đồng",
            )
        ],
        LLTP_BASIS,
        LLTP_FORM,
        "STP",
    ),
    (
        "2.000505",
        "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
        "LLTP",
        PROVINCE,
        2,
        INFO,
        10,
        None,
        "Phiếu lý lịch tư pháp số 2",
        [("van_ban_yeu_cau", "Văn bản yêu cầu cấp Phiếu lý lịch tư pháp", O, 1, True, False)],
        [],
        LLTP_BASIS,
        None,
        "STP",
    ),
    (
        "2.000575",
        "Đăng ký thành lập hộ kinh doanh",
        "HKD",
        COMMUNE,
        4,
        FULL,
        3,
        None,
        "Giấy chứng nhận đăng ký hộ kinh doanh",
        [
            ("giay_de_nghi", "Giấy đề nghị đăng ký hộ kinh doanh", O, 1, True, True),
            (
                "bien_ban_hop",
                "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu có)",
                C,
                1,
                False,
                False,
            ),
        ],
        [("le_phi", "Lệ phí đăng ký hộ kinh doanh", 100000, "Đăng ký qua mạng điện tử: miễn lệ phí")],
        HKD_BASIS,
        HKD_FORM,
        "commune",
    ),
    (
        "2.000720",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "HKD",
        COMMUNE,
        4,
        FULL,
        3,
        None,
        "Giấy chứng nhận đăng ký hộ kinh doanh (thay đổi)",
        [("thong_bao", "Thông báo thay đổi nội dung đăng ký hộ kinh doanh", O, 1, True, True)],
        [("le_phi", "Lệ phí đăng ký thay đổi", 50000, "Đăng ký qua mạng điện tử: miễn lệ phí")],
        HKD_BASIS,
        HKD_FORM,
        "commune",
    ),
    (
        "2.000628",
        "Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
        "HKD",
        COMMUNE,
        4,
        FULL,
        3,
        None,
        "Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh",
        [("thong_bao", "Thông báo về việc tạm ngừng kinh doanh", O, 1, True, True)],
        [],
        HKD_BASIS,
        GENERIC_FORM,
        "commune",
    ),
    (
        "1.012765",
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "DD",
        PROVINCE,
        3,
        PART,
        10,
        None,
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (đã xác nhận thay đổi)",
        [
            (
                "don_dang_ky",
                "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)",
                O,
                1,
                True,
                True,
            ),
            ("giay_chung_nhan", "Bản gốc giấy chứng nhận đã cấp", O, 1, True, False),
            (
                "hop_dong",
                "Hợp đồng, văn bản về việc chuyển quyền đã được công chứng, chứng thực",
                O,
                1,
                True,
                False,
            ),
        ],
        [
            ("le_phi", "Lệ phí cấp giấy chứng nhận", 100000, "Hộ nghèo, người có công"),
            ("phi", "Phí thẩm định hồ sơ cấp giấy chứng nhận", 500000, ""),
        ],
        DATDAI_BASIS,
        LAND_FORM,
        "UBND",
    ),
    (
        "1.012766",
        "Đăng ký đất đai, tài sản gắn liền với đất lần đầu",
        "DD",
        COMMUNE,
        2,
        INFO,
        20,
        None,
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        [
            ("don_dang_ky", "Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)", O, 1, True, True),
            ("giay_to_nguon_goc", "Giấy tờ về quyền sử dụng đất", CC, 1, True, False),
        ],
        [("le_phi", "Lệ phí cấp giấy chứng nhận", 25000, "Hộ nghèo, người có công")],
        DATDAI_BASIS,
        None,
        "commune",
    ),
    (
        "1.012767",
        "Cấp đổi giấy chứng nhận quyền sử dụng đất",
        "DD",
        PROVINCE,
        3,
        PART,
        7,
        None,
        "Giấy chứng nhận quyền sử dụng đất (cấp đổi)",
        [
            ("don_de_nghi", "Đơn đề nghị cấp đổi giấy chứng nhận (Mẫu số 11/ĐK)", O, 1, True, True),
            ("giay_chung_nhan", "Bản gốc giấy chứng nhận đã cấp", O, 1, True, False),
        ],
        [("le_phi", "Lệ phí cấp đổi giấy chứng nhận", 50000, "")],
        DATDAI_BASIS,
        LAND_FORM,
        "UBND",
    ),
    (
        "1.001776",
        "Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội",
        "BTXH",
        COMMUNE,
        3,
        PART,
        15,
        None,
        "Quyết định trợ cấp xã hội hằng tháng",
        [
            ("to_khai", "Tờ khai đề nghị trợ giúp xã hội theo mẫu", O, 1, True, True),
            (
                "giay_xac_nhan",
                "Giấy xác nhận khuyết tật hoặc giấy tờ chứng minh đối tượng",
                C,
                1,
                True,
                False,
            ),
        ],
        [],
        "Nghị định số 20/2021/NĐ-CP;\nNghị định số 76/2024/NĐ-CP.",
        GENERIC_FORM,
        "commune",
    ),
    (
        "1.001055",
        "Đăng ký hoạt động tín ngưỡng",
        "TG",
        COMMUNE,
        2,
        INFO,
        15,
        None,
        "Văn bản chấp thuận đăng ký hoạt động tín ngưỡng",
        [("van_ban_dang_ky", "Văn bản đăng ký hoạt động tín ngưỡng", O, 1, True, True)],
        [],
        "Luật Tín ngưỡng, tôn giáo số 02/2016/QH14;\nNghị định số 95/2023/NĐ-CP.",
        None,
        "commune",
    ),
    (
        "1.003622",
        "Thông báo tổ chức lễ hội cấp xã",
        "VH",
        COMMUNE,
        2,
        INFO,
        5,
        None,
        "Văn bản trả lời",
        [("thong_bao", "Văn bản thông báo tổ chức lễ hội", O, 1, True, False)],
        [],
        "Nghị định số 110/2018/NĐ-CP quy định về quản lý và tổ chức lễ hội.",
        None,
        "commune",
    ),
    (
        "2.000528",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "HT",
        COMMUNE,
        3,
        PART,
        15,
        None,
        "Giấy khai sinh (bản chính)",
        [
            ("to_khai", "Tờ khai đăng ký khai sinh theo mẫu", O, 1, True, True),
            ("giay_chung_sinh", "Giấy chứng sinh", O, 1, True, False),
            (
                "thoa_thuan_quoc_tich",
                "Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con",
                O,
                1,
                False,
                False,
            ),
        ],
        [("le_phi", "Lệ phí đăng ký khai sinh có yếu tố nước ngoài", 75000, "")],
        HOTICH_BASIS,
        BIRTH_FORM,
        "commune",
    ),
]

# what each department does, by field (commune departments from the directory demo)
COMMUNE_DEPT = {
    "HT": "VP",
    "CT": "VP",
    "XD": "KT",
    "HKD": "KT",
    "DD": "KT",
    "BTXH": "VHXH",
    "TG": "VHXH",
    "VH": "VHXH",
}
PROVINCE_DEPT = {"STP": "HCTP", "SXD": "QLXD"}
STEP_SHARES = [
    (
        ProcessingStep.Kind.RECEIVE,
        "Tiếp nhận, kiểm tra hồ sơ tại Bộ phận Một cửa",
        Decimal("0.05"),
        Role.ONESTOP_OFFICER,
    ),
    (
        ProcessingStep.Kind.HAND_OVER,
        "Chuyển hồ sơ đến phòng chuyên môn",
        Decimal("0.05"),
        Role.ONESTOP_OFFICER,
    ),
    (ProcessingStep.Kind.APPRAISE, "Thẩm định hồ sơ, dự thảo kết quả", Decimal("0.60"), Role.SPECIALIST),
    (ProcessingStep.Kind.APPROVE, "Lãnh đạo phòng xem xét, trình ký", Decimal("0.10"), Role.LEADER),
    (ProcessingStep.Kind.SIGN, "Lãnh đạo cơ quan ký kết quả", Decimal("0.10"), Role.LEADER),
    (ProcessingStep.Kind.COLLECT_FEE, "Thu phí, lệ phí", Decimal("0"), Role.ONESTOP_OFFICER),
    (ProcessingStep.Kind.RETURN, "Trả kết quả cho người nộp", Decimal("0.05"), Role.ONESTOP_OFFICER),
]


def _budget(total: int, share: Decimal) -> Decimal:
    return (Decimal(total) * share * 2).to_integral_value(rounding=ROUND_DOWN) / 2


def _template_pdf(title: str) -> bytes:
    """A one-page form template (PDF) for download."""
    from django.conf import settings
    from weasyprint import HTML

    font = settings.FONT_DIR / "Tinos-Regular.ttf"
    html = (
        f"<style>@font-face{{font-family:T;src:url('file://{font}')}} body{{font-family:T;font-size:13pt}}"
        "h1{font-size:14pt;text-align:center} .r{text-align:center;font-weight:bold} p{line-height:2}</style>"
        "<p class='r'>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</p>"
        f"<h1>{title.upper()}</h1><p>Kính gửi: ......................................................</p>"
        "<p>Họ, chữ đệm, tên người yêu cầu: ......................................................</p>"
        "<p>Số định danh cá nhân: ......................................................</p>"
        "<p>Nơi cư trú: ......................................................</p>"
        "<p>Nội dung đề nghị: ......................................................</p>"
        "<p style='text-align:right'>......, ngày ..... tháng ..... năm ........<br><b>Người yêu cầu</b></p>"
    )
    return HTML(string=html).write_pdf()


def _agencies():
    """The directory demo's agencies, by key: commune UBNDs and the province's departments."""
    from egov.directory.models import Agency

    found = {}
    for key, name in (
        ("UBND", "Ủy ban nhân dân tỉnh Phú Thọ"),
        ("STP", "Sở Tư pháp tỉnh Phú Thọ"),
        ("SXD", "Sở Xây dựng tỉnh Phú Thọ"),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh Phú Thọ"),
    ):
        found[key] = (
            Agency.objects.filter(name=name).first()
            or Agency.objects.filter(short_name=key, level="province").first()
        )
    found["communes"] = list(Agency.objects.filter(level="commune", short_name="UBND").order_by("pk"))
    return found


def _department(agency, abbreviation):
    if agency is None or abbreviation is None:
        return None
    return agency.departments.filter(abbreviation=abbreviation).first()


def seed(stdout) -> None:
    fields = {
        code: Field.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in FIELDS.items()
    }
    agencies = _agencies()
    communes = agencies["communes"]
    have_directory = bool(communes) or any(agencies[k] for k in ("UBND", "STP", "SXD"))
    templates: dict[str, str] = {}
    created = 0
    for (
        code,
        name,
        field,
        level,
        online,
        kind,
        days,
        cutoff,
        result,
        papers,
        fees,
        basis,
        form,
        agency_key,
    ) in PROCEDURES:
        if Procedure.objects.filter(code=code, versions__isnull=False).exists():
            continue
        online_channels = online >= 3
        procedure, _new = Procedure.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "field": fields[field],
                "handling_level": level,
                "online_level": online,
                "classification": kind,
                "accepts_online": online_channels,
                "accepts_in_person": True,
                "accepts_postal": online_channels,
                "returns_online": kind == FULL,
                "returns_in_person": True,
                "returns_postal": online_channels,
                "applicants": "Công dân Việt Nam, người nước ngoài cư trú tại Việt Nam"
                if field in ("HT", "LLTP", "CT")
                else "Cá nhân, hộ gia đình, tổ chức",
            },
        )
        competent = None
        if have_directory:
            if agency_key == "commune":
                competent = communes[0] if communes else None
                procedure.receiving_agencies.set(communes)
            else:
                competent = agencies.get(agency_key)
                procedure.receiving_agencies.set([a for a in (agencies["TTPVHCC"], competent) if a])
            procedure.competent_agency = competent
            procedure.save(update_fields=["competent_agency"])
        schema, layout = form if form else ({}, {})
        version = services.save_version(
            None,
            ProcedureVersion(
                procedure=procedure,
                effective_from=EFFECTIVE,
                time_limit_amount=Decimal(days),
                time_limit_unit=TimeUnit.DAYS,
                cutoff_time=datetime.time.fromisoformat(cutoff) if cutoff else None,
                time_limit_note=(
                    "Trong ngày; tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo" if cutoff else ""
                ),
                result_name=result,
                legal_basis=basis,
                allows_supplement=True,
                allows_extension=days >= 10,
                form_schema=schema,
                form_layout=layout,
            ),
        )
        for order, (key, paper_name, paper_kind, quantity, mandatory, has_template) in enumerate(
            papers, start=1
        ):
            paper = RequiredPaper(
                version=version,
                order=order,
                key=key,
                name=paper_name,
                kind=paper_kind,
                quantity=quantity,
                is_mandatory=mandatory,
            )
            if has_template:
                if paper_name not in templates:
                    paper.template_file.save(
                        f"{code}-{key}.pdf", ContentFile(_template_pdf(paper_name)), save=False
                    )
                    templates[paper_name] = paper.template_file.name
                else:
                    paper.template_file.name = templates[paper_name]
            paper.save()
        for order, (fee_kind, fee_name, amount, exemptions) in enumerate(fees, start=1):
            Fee.objects.create(
                version=version,
                order=order,
                kind=fee_kind,
                name=fee_name,
                amount=amount,
                exemptions=exemptions,
            )
        department = _department(
            competent, COMMUNE_DEPT.get(field) if agency_key == "commune" else PROVINCE_DEPT.get(agency_key)
        )
        order = 0
        for step_kind, label, share, role in STEP_SHARES:
            if step_kind == ProcessingStep.Kind.COLLECT_FEE and not any(f[2] for f in fees):
                continue
            order += 1
            ProcessingStep.objects.create(
                version=version,
                order=order,
                kind=step_kind,
                name=label,
                budget=_budget(days, share),
                department=department
                if step_kind in (ProcessingStep.Kind.APPRAISE, ProcessingStep.Kind.APPROVE)
                else None,
                role=role,
            )
        services.publish_version(None, version)
        created += 1
    total = Procedure.objects.count()
    note = "" if have_directory else " (directory demo data missing: no agencies attached)"
    stdout.write(f"  services: {created} procedures created, {total} in the catalogue{note}")
