"""An agency with departments and staff, built the way the directory demo does."""

import datetime

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from egov.accounts.roles import Role
from egov.directory.models import Agency, Department, Position, StaffAssignment
from tests.factories import UserFactory


def pdf_bytes(text: str = "Quyết định về việc đăng ký") -> bytes:
    from egov.pdf.render import render_html_to_pdf

    return render_html_to_pdf(f"<p>{text}</p>")


def pdf_upload(text: str = "Quyết định về việc đăng ký", name: str = "vb.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def person(agency, role, *, department=None, rank=Position.Rank.STAFF, position="Chuyên viên", **fields):
    user = UserFactory(**fields)
    if role is not None:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    pos, _ = Position.objects.get_or_create(name=position, rank=rank)
    StaffAssignment.objects.create(
        user=user, agency=agency, department=department, position=pos, valid_from=datetime.date(2020, 1, 1)
    )
    user.__dict__.pop("_role_names", None)
    return user


class Office:
    """UBND-like agency: clerk (VP), leader, VX head and specialist, KT specialist."""

    def __init__(self, name="Ủy ban nhân dân tỉnh Phú Thọ", short="UBND", place="Phú Thọ", parent=None):
        self.agency = Agency.objects.create(name=name, short_name=short, place_name=place, parent=parent)
        self.vp = Department.objects.create(agency=self.agency, name="Văn phòng", abbreviation="VP")
        self.vx = Department.objects.create(
            agency=self.agency, name="Phòng Văn hóa - Xã hội", abbreviation="VX"
        )
        self.kt = Department.objects.create(agency=self.agency, name="Phòng Kinh tế", abbreviation="KT")
        self.clerk = person(self.agency, Role.CLERK, department=self.vp, position="Văn thư")
        self.leader = person(
            self.agency, Role.LEADER, rank=Position.Rank.AGENCY_LEADER, position="Phó Chủ tịch"
        )
        self.head = person(
            self.agency,
            Role.SPECIALIST,
            department=self.vx,
            rank=Position.Rank.DEPARTMENT_HEAD,
            position="Trưởng phòng",
        )
        self.specialist = person(self.agency, Role.SPECIALIST, department=self.vx)
        self.kt_specialist = person(self.agency, Role.SPECIALIST, department=self.kt)


def incoming_data(**overrides):
    data = {
        "doc_type": "QĐ",
        "number": "15",
        "notation": "QĐ-BNV",
        "issued_date": datetime.date.today() - datetime.timedelta(days=2),
        "issuing_organ": "Bộ Nội vụ",
        "subject": "Quyết định về việc đăng ký thi đua năm 2026",
        "signer_name": "Nguyễn Văn A",
        "signer_position": "Thứ trưởng",
        "urgency": 0,
        "secrecy": 0,
        "pages": 2,
        "channel": "paper",
    }
    data.update(overrides)
    return data
