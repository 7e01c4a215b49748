"""Demo data for the directory: the units of both eras (from vietnam-provinces), the agencies of Phú Thọ
with departments and positions, and who works where. Idempotent.

The e-ID codes below have the valid forms of §5.4 but are DEMO VALUES, not the province's real codes.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
from egov.accounts.roles import Role

from . import services
from .models import (
    LEGACY_VALID_TO,
    REORGANISATION_DATE,
    Agency,
    AgencyCode,
    Department,
    Level,
    Position,
    StaffAssignment,
)
from .queries import children, unit_by_code

PROVINCE_CODE = "25"  # Phú Thọ: kept its code when Vĩnh Phúc (26) and Hòa Bình (17) merged into it
DEMO_COMMUNES = ["Phường Việt Trì", "Phường Vĩnh Yên", "Phường Hòa Bình"]  # the first two get demo staff
MERGER_BASIS = "NQ 202/2025/QH15"

POSITIONS = [
    ("Chủ tịch", Position.Rank.AGENCY_LEADER),
    ("Phó Chủ tịch", Position.Rank.AGENCY_LEADER),
    ("Giám đốc", Position.Rank.AGENCY_LEADER),
    ("Phó Giám đốc", Position.Rank.AGENCY_LEADER),
    ("Chánh Văn phòng", Position.Rank.DEPARTMENT_HEAD),
    ("Phó Chánh Văn phòng", Position.Rank.DEPARTMENT_HEAD),
    ("Trưởng phòng", Position.Rank.DEPARTMENT_HEAD),
    ("Phó Trưởng phòng", Position.Rank.DEPARTMENT_HEAD),
    ("Chuyên viên", Position.Rank.STAFF),
    ("Văn thư", Position.Rank.STAFF),
    ("Công chức một cửa", Position.Rank.STAFF),
    ("Quản trị hệ thống", Position.Rank.STAFF),
]

PROVINCE_DEPARTMENTS = {
    "UBND": [
        ("Văn phòng", "VP"),
        ("Phòng Kinh tế", "KT"),
        ("Phòng Văn hóa - Xã hội", "VX"),
        ("Phòng Tổ chức cán bộ", "TCCB"),
    ],
    "VP": [("Phòng Hành chính - Tổ chức", "HCTC"), ("Phòng Tổng hợp", "TH")],
    "STP": [
        ("Văn phòng Sở", "VP"),
        ("Phòng Hành chính tư pháp", "HCTP"),
        ("Phòng Xây dựng và Kiểm tra văn bản", "XDKTVB"),
    ],
    "SNV": [
        ("Văn phòng Sở", "VP"),
        ("Phòng Tổ chức, biên chế", "TCBC"),
        ("Phòng Công chức, viên chức", "CCVC"),
    ],
    "SXD": [
        ("Văn phòng Sở", "VP"),
        ("Phòng Quản lý xây dựng", "QLXD"),
        ("Phòng Quy hoạch - Kiến trúc", "QHKT"),
    ],
    "TTPVHCC": [("Bộ phận Tiếp nhận và Trả kết quả", "TNTKQ"), ("Phòng Hành chính - Tổng hợp", "HCTH")],
}
COMMUNE_DEPARTMENTS = [
    ("Văn phòng HĐND và UBND", "VP"),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", "KT"),
    ("Phòng Văn hóa - Xã hội", "VHXH"),
    ("Trung tâm Phục vụ hành chính công", "TTPVHCC"),
]

# Demo e-ID codes (valid formats, invented values). UBND tỉnh shows a closed code and its successor.
PROVINCE_AGENCIES = [
    # key, name, short name, old-form code
    ("UBND", "Ủy ban nhân dân tỉnh Phú Thọ", "UBND", "000.00.00.H25"),
    ("VP", "Văn phòng Ủy ban nhân dân tỉnh Phú Thọ", "VP", "000.00.01.H25"),
    ("STP", "Sở Tư pháp tỉnh Phú Thọ", "STP", "000.00.12.H25"),
    ("SNV", "Sở Nội vụ tỉnh Phú Thọ", "SNV", "000.00.13.H25"),
    ("SXD", "Sở Xây dựng tỉnh Phú Thọ", "SXD", "000.00.14.H25"),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh Phú Thọ", "TTPVHCC", "000.00.20.H25"),
]
UBND_PREVIOUS_CODE = ("000.00.00.H42", datetime.date(2016, 1, 1))  # demo: closed on the 2025 merger

EXTRA_USERS = [
    # username, full name, role
    ("truongphong", "Nguyễn Văn Thành", Role.SPECIALIST),
]
COMMUNE_STAFF = [
    # prefix, role, position, department abbreviation, full names for the two communes
    ("vanthu", Role.CLERK, "Văn thư", "VP", ["Đinh Thị Ngọc", "Bùi Thị Hằng"]),
    ("lanhdao", Role.LEADER, "Chủ tịch", None, ["Trịnh Văn Hùng", "Lương Văn Dũng"]),
    ("chuyenvien", Role.SPECIALIST, "Chuyên viên", "VHXH", ["Kiều Thị Phương", "Tạ Minh Tuấn"]),
    ("motcua", Role.ONESTOP_OFFICER, "Công chức một cửa", "TTPVHCC", ["Phùng Thị Yến", "Hà Văn Long"]),
]


def commune_slug(unit) -> str:
    """'phuong_viet_tri' → 'viet-tri' (used in demo usernames such as vanthu.viet-tri)."""
    codename = unit.codename or unit.code
    for prefix in ("phuong_", "xa_", "thi_tran_", "dac_khu_"):
        if codename.startswith(prefix):
            codename = codename[len(prefix) :]
            break
    return codename.replace("_", "-")


def _position(name: str, rank: str) -> Position:
    position = Position.objects.filter(name=name).order_by("pk").first()
    if position is None:
        position = services.save_entry(None, Position(name=name, rank=rank))
    return position


def _commune(province, name: str):
    return children(province, REORGANISATION_DATE).filter(name=name).first()


def _agency(name: str, **fields) -> Agency:
    agency = Agency.objects.filter(name=name).order_by("pk").first()
    if agency is None:
        return services.save_entry(None, Agency(name=name, **fields))
    if any(getattr(agency, key) != value for key, value in fields.items()):
        for key, value in fields.items():
            setattr(agency, key, value)
        services.save_entry(None, agency, changed=fields)
    return agency


def _code(agency: Agency, code: str, valid_from: datetime.date, valid_to=None, basis="") -> None:
    if not AgencyCode.objects.filter(agency=agency, code=code, valid_from=valid_from).exists():
        services.save_entry(
            None,
            AgencyCode(agency=agency, code=code, valid_from=valid_from, valid_to=valid_to, legal_basis=basis),
        )
    agency.sync_code()


def _departments(agency: Agency, rows) -> dict[str, Department]:
    found = {}
    for name, abbreviation in rows:
        department = Department.objects.filter(agency=agency, abbreviation=abbreviation).first()
        if department is None:
            department = services.save_entry(
                None, Department(agency=agency, name=name, abbreviation=abbreviation)
            )
        found[abbreviation] = department
    return found


def _user(username: str, full_name: str, role: Role):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": f"{username}@example.vn"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    if role == Role.LEADER:
        TOTPDevice.objects.get_or_create(
            user=user, name="Demo", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
        )
    return user


def _assign(user, agency, position, department=None) -> None:
    held = dict(user=user, agency=agency, department=department, position=position)
    if not StaffAssignment.objects.filter(**held).exists():
        services.save_entry(None, StaffAssignment(**held, valid_from=REORGANISATION_DATE, is_primary=True))


def seed(stdout) -> None:
    loaded = services.ensure_units_loaded()
    if loaded is not None:
        stdout.write(f"  directory: {loaded.created} administrative units loaded from vietnam-provinces")
    province = unit_by_code(PROVINCE_CODE, REORGANISATION_DATE)
    positions = {name: _position(name, rank) for name, rank in POSITIONS}

    agencies = {}
    for key, name, short, code in PROVINCE_AGENCIES:
        agencies[key] = _agency(
            name,
            short_name=short,
            level=Level.PROVINCE,
            unit=province,
            parent=None if key == "UBND" else agencies["UBND"],
            place_name="Phú Thọ",
            address="Số 1 đường Trần Phú, phường Việt Trì, tỉnh Phú Thọ",
            phone="0210 3846 222",
            email=f"{short.lower()}@phutho.gov.vn",
        )
        _code(agencies[key], code, REORGANISATION_DATE, basis=MERGER_BASIS)
    old_code, old_from = UBND_PREVIOUS_CODE
    _code(
        agencies["UBND"], old_code, old_from, valid_to=LEGACY_VALID_TO, basis="Mã trước sắp xếp (dữ liệu mẫu)"
    )
    departments = {key: _departments(agencies[key], rows) for key, rows in PROVINCE_DEPARTMENTS.items()}

    communes = []
    for index, commune_name in enumerate(DEMO_COMMUNES, start=1):
        unit = _commune(province, commune_name) if province else None
        if unit is None:
            continue
        agency = _agency(
            f"Ủy ban nhân dân {unit.name[0].lower()}{unit.name[1:]}",
            short_name="UBND",
            level=Level.COMMUNE,
            unit=unit,
            parent=agencies["UBND"],
            place_name=unit.short_name,
            address=f"{unit.name}, tỉnh Phú Thọ",
        )
        _code(agency, f"H25.{100 + index}", REORGANISATION_DATE, basis=MERGER_BASIS)
        communes.append((unit, agency, _departments(agency, COMMUNE_DEPARTMENTS)))

    User = get_user_model()
    existing = {
        u.username: u
        for u in User.objects.filter(username__in=["lanhdao", "vanthu", "chuyenvien", "quantri", "motcua"])
    }
    ubnd, vp_dep = agencies["UBND"], departments["UBND"]
    plan = [
        ("lanhdao", ubnd, "Phó Chủ tịch", None),
        ("vanthu", ubnd, "Văn thư", vp_dep["VP"]),
        ("chuyenvien", ubnd, "Chuyên viên", vp_dep["VX"]),
        ("quantri", ubnd, "Quản trị hệ thống", vp_dep["VP"]),
        ("motcua", agencies["TTPVHCC"], "Công chức một cửa", departments["TTPVHCC"]["TNTKQ"]),
    ]
    for username, agency, position, department in plan:
        if username in existing:
            _assign(existing[username], agency, positions[position], department)
    for username, full_name, role in EXTRA_USERS:
        _assign(_user(username, full_name, role), ubnd, positions["Trưởng phòng"], vp_dep["VX"])

    created_staff = []
    for slot, (unit, agency, commune_departments) in enumerate(communes[:2]):
        slug = commune_slug(unit)
        for prefix, role, position, abbreviation, names in COMMUNE_STAFF:
            user = _user(f"{prefix}.{slug}", names[slot], role)
            _assign(
                user,
                agency,
                positions[position],
                commune_departments.get(abbreviation) if abbreviation else None,
            )
            created_staff.append(user.username)

    stdout.write(
        f"  directory: {len(agencies) + len(communes)} agencies of Phú Thọ (demo e-ID codes), "
        f"{StaffAssignment.objects.count()} staff assignments; commune staff: {', '.join(created_staff)} "
        f"(password {DEMO_PASSWORD})"
    )
