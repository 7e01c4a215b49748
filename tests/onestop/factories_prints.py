"""Dossiers as the desk records them, built straight in the tables, for the printed forms' tests."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from egov.accounts.roles import Role
from egov.directory.models import Agency, Department, Position
from egov.workdays.clock import TimeUnit
from onestop.models import (
    Channel,
    Dossier,
    DossierApology,
    DossierEvent,
    DossierPaper,
    DossierPause,
    DossierStep,
    ReturnMethod,
    Status,
    StepClass,
)
from services.models import Field, Procedure, ProcedureVersion, RequiredPaper
from tests.documents.factories import person

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=VN)


class Desk:
    """A commune's public service centre (the desk) under its People's Committee, which decides."""

    def __init__(
        self, code="H15.50.05.13", name="Trung tâm Phục vụ hành chính công xã Hy Cương", procedure="1.009994"
    ):
        self.committee = Agency.objects.create(
            name="Ủy ban nhân dân xã Hy Cương", short_name="UBND", place_name="Hy Cương", level="commune"
        )
        self.agency = Agency.objects.create(
            name=name,
            short_name="TTPVHCC",
            code=code,
            parent=self.committee,
            place_name="Hy Cương",
            level="commune",
            phone="0210 3846 123",
        )
        self.department = Department.objects.create(
            agency=self.committee, name="Phòng Kinh tế", abbreviation="KT"
        )
        self.officer = person(
            self.agency, Role.ONESTOP_OFFICER, full_name="Nguyễn Thị Hằng", position="Công chức"
        )
        self.head = person(
            self.committee,
            Role.SPECIALIST,
            department=self.department,
            rank=Position.Rank.DEPARTMENT_HEAD,
            position="Trưởng phòng",
            full_name="Trần Văn Bình",
        )
        self.specialist = person(
            self.committee, Role.SPECIALIST, department=self.department, full_name="Lê Thị Mai"
        )
        self.leader = person(
            self.committee,
            Role.LEADER,
            rank=Position.Rank.AGENCY_LEADER,
            position="Chủ tịch",
            full_name="Phạm Quốc Hùng",
        )
        field, _ = Field.objects.get_or_create(code="XD", defaults={"name": "Xây dựng"})
        procedure = Procedure.objects.create(
            code=procedure,
            name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
            field=field,
            handling_level="commune",
            online_level=4,
            classification="toan_trinh",
            accepts_online=True,
            returns_online=True,
            competent_agency=self.committee,
        )
        self.version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=1,
            effective_from=datetime.date(2025, 7, 1),
            time_limit_amount=Decimal(5),
            time_limit_unit=TimeUnit.DAYS,
            result_name="Giấy phép xây dựng",
        )
        self.application = RequiredPaper.objects.create(
            version=self.version, order=1, key="don", name="Đơn đề nghị cấp giấy phép xây dựng"
        )
        self.drawings = RequiredPaper.objects.create(
            version=self.version, order=2, key="ban_ve", name="Bản vẽ thiết kế xây dựng", quantity=2
        )
        self.certificate = RequiredPaper.objects.create(
            version=self.version, order=3, key="gcn", name="Giấy chứng nhận quyền sử dụng đất"
        )

    def dossier(self, *, status=Status.PROCESSING, accepted=True, **fields):
        values = {
            "version": self.version,
            "status": status,
            "channel": Channel.DIRECT,
            "applicant_name": "Hoàng Văn Đức",
            "applicant_personal_id": "025090001234",
            "applicant_address": "Thôn Hy Cương, xã Hy Cương, tỉnh Phú Thọ",
            "applicant_phone": "0912345678",
            "applicant_email": "duc.hoang@example.vn",
            "receiving_agency": self.agency,
            "competent_agency": self.committee,
            "copies": 1,
            "received_by": self.officer,
            "submitted_at": at(5, 9, 0),
            "return_method": ReturnMethod.COUNTER,
        }
        if accepted:
            values.update(
                code="H15.50.05.13-260105-0001",
                accepted_at=at(5, 9, 5),
                original_due_at=at(12, 16, 30),
                due_at=at(12, 16, 30),
            )
        values.update(fields)
        dossier = Dossier.objects.create(**values)
        papers = [(self.application, "original", 1), (self.drawings, "copy", 2)]
        if accepted:
            papers.append((self.certificate, "certified_copy", 1))
        for paper, kind, count in papers:
            DossierPaper.objects.create(
                dossier=dossier, required_paper=paper, name=paper.name, kind=kind, count=count
            )
        return dossier

    def hand_overs(self, dossier):
        """Desk → department head (early), head → specialist (on time), specialist → leader (late), and
        the leader's step still open."""
        # giver, from department, from agency, receiver, to department, given, received, due, done, class
        # fmt: off
        rows = [
            (self.officer, None, self.agency, self.head, self.department, at(5, 9, 10), at(5, 9, 40),
             at(5, 16, 30), at(5, 14, 0), StepClass.EARLY, DossierStep.Kind.HAND_OVER),
            (self.head, self.department, self.committee, self.specialist, self.department, at(5, 14, 0),
             at(5, 14, 15), at(7, 16, 30), at(7, 16, 30), StepClass.ON_TIME, DossierStep.Kind.ASSIGN),
            (self.specialist, self.department, self.committee, self.leader, None, at(8, 8, 0), at(8, 8, 20),
             at(8, 16, 30), at(9, 10, 45), StepClass.LATE, DossierStep.Kind.APPROVE),
            (self.leader, None, self.committee, self.officer, None, at(9, 11, 0), None,
             at(12, 16, 30), None, "", DossierStep.Kind.RETURN),
        ]
        # fmt: on
        for order, row in enumerate(rows, start=1):
            giver, from_dep, from_agency, taker, to_dep, given, received, due, done, klass, kind = row
            DossierStep.objects.create(
                dossier=dossier,
                order=order,
                kind=kind,
                from_user=giver,
                from_department=from_dep,
                from_agency=from_agency,
                to_user=taker,
                to_department=to_dep,
                to_agency=self.committee,
                given_at=given,
                received_at=received,
                due_at=due,
                done_at=done,
                step_class=klass,
            )

    def decided(self, dossier, action, actor, when):
        """The timeline's record of a decision (services write one with every action)."""
        DossierEvent.objects.create(dossier=dossier, at=when, actor=actor, action=action, label=action)

    def pause(self, dossier, reason):
        return DossierPause.objects.create(
            dossier=dossier,
            agency=self.committee,
            reason=reason,
            started_at=at(7, 10, 0),
            requested_by=self.specialist,
        )

    def apology(self, dossier, reason):
        return DossierApology.objects.create(
            dossier=dossier,
            agency=self.committee,
            reason=reason,
            previous_due_at=at(12, 16, 30),
            new_due_at=at(16, 16, 30),
            created_at=at(9, 15, 0),
            created_by=self.leader,
        )
