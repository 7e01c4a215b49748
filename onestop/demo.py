"""Demo dossiers: a few hundred over the last four months at the demo desks (the province's service centre
and two communes), in every state, both channels, some late, some with supplements, apologies and
cross-boundary intake; every one made through the services, with its business times. Idempotent: a second
run finds the demo dossiers and adds nothing."""

import contextlib
import datetime
import random
from functools import cache

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from egov.accounts.roles import Role
from egov.directory.models import Agency, Level, Position, StaffAssignment
from egov.errors import DomainError
from egov.signing.demo_pki import DEMO_PIN
from egov.workdays import clock
from services import services as catalogue
from services.forms_schema import profile_initial
from services.models import DraftFile, FormDraft, HandlingLevel, ProcedureVersion

from . import fees, services
from .models import Dossier, ReturnMethod, Status
from .services import Applicant, PaperIn

COUNT = 420
DAYS_BACK = 120

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Hữu", "Đức", "Ngọc", "Thanh", "Quang", "Thị Thu", "Gia", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Hà",
    "Hải",
    "Hạnh",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vinh",
    "Yến",
]
STREETS = [
    "Khu 1",
    "Khu 3",
    "Tổ 5",
    "Tổ 12",
    "Xóm Đồng",
    "Thôn Trung",
    "Số 25 đường Hùng Vương",
    "Số 8 phố Nguyễn Tất Thành",
]
COMPANIES = [
    "Công ty TNHH Xây dựng Hòa Phát",
    "Công ty CP Chè Phú Thọ",
    "HTX Nông nghiệp Thanh Ba",
    "Công ty TNHH Thương mại Đất Tổ",
]
REASONS_SUPPLEMENT = [
    "Bản vẽ chưa có chữ ký của chủ đầu tư",
    "Thiếu bản sao giấy chứng nhận quyền sử dụng đất",
    "Tờ khai ghi sai ngày sinh, đề nghị khai lại",
]
ONLINE_EXEMPTION = "qua mạng điện tử"  # in a fee's exemptions: waived for a dossier filed online
REASONS_APOLOGY = ["Chờ ý kiến xác minh của cơ quan liên quan", "Cần kiểm tra thực địa bổ sung"]
# final state → weight
PLAN = {
    "returned": 40,
    "result_ready": 6,
    "result_signing": 2,
    "result_sealing": 2,
    "approved": 3,
    "awaiting_approval": 5,
    "processing": 8,
    "transferred": 4,
    "accepted": 4,
    "supplement": 4,
    "at_other_agency": 2,
    "waiting_check": 5,
    "needs_completion": 3,
    "refused_intake": 3,
    "stopped": 2,
    "refused": 3,
    "withdrawn": 3,
}


@cache
def _pdf() -> bytes:
    """One small real PDF for every demo scan and result (uploads are checked as PDFs)."""
    from egov.pdf.render import render_html_to_pdf

    return render_html_to_pdf("<p>Bản quét minh họa (dữ liệu mẫu)</p>")


def _team(agency: Agency) -> dict | None:
    """The agency's desk officer, leader, clerk, a specialist and the specialist's department head (or
    leader)."""
    posts = (
        StaffAssignment.objects.current()
        .filter(agency=agency, user__is_active=True)
        .select_related("user", "department", "position")
    )
    team = {}
    for post in posts:
        roles = post.user.role_names
        if Role.ONESTOP_OFFICER.value in roles:
            team.setdefault("officer", post.user)
        if Role.LEADER.value in roles or post.position.rank == Position.Rank.AGENCY_LEADER:
            team.setdefault("leader", post.user)
        if Role.CLERK.value in roles:
            team.setdefault("clerk", post.user)
        if (
            Role.SPECIALIST.value in roles
            and post.department_id
            and post.position.rank == Position.Rank.STAFF
        ):
            team.setdefault("specialist", post.user)
            team.setdefault("department", post.department)
    if not {"leader", "clerk", "specialist"} <= team.keys():
        return None
    heads = posts.filter(department=team["department"], position__rank=Position.Rank.DEPARTMENT_HEAD)
    team["head"] = heads[0].user if heads else team["leader"]
    return team


def _person(rng) -> Applicant:
    if rng.random() < 0.12:
        return Applicant(
            name=rng.choice(COMPANIES),
            kind="organisation",
            org_code=f"26{rng.randrange(10**8):08d}",
            address=f"{rng.choice(STREETS)}, tỉnh Phú Thọ",
            phone=f"0210{rng.randrange(10**6):06d}",
        )
    female = rng.random() < 0.5
    middle = "Thị" if female else rng.choice([m for m in MIDDLE if "Thị" not in m])
    year = rng.randrange(1950, 2005)
    digit = (0 if year < 2000 else 2) + (1 if female else 0)
    personal_id = f"025{digit}{year % 100:02d}{rng.randrange(10**6):06d}"
    return Applicant(
        name=f"{rng.choice(SURNAMES)} {middle} {rng.choice(GIVEN)}",
        personal_id=personal_id,
        address=f"{rng.choice(STREETS)}, tỉnh Phú Thọ",
        phone=f"09{rng.randrange(10**8):08d}",
    )


def _sample(schema: dict, user) -> dict:
    """Plausible answers for a form, starting with the citizen's own details."""
    data = profile_initial(schema, user)
    for name, spec in schema.get("properties", {}).items():
        if name in data:
            continue
        kind = spec.get("type")
        if "enum" in spec:
            data[name] = spec["enum"][0]
        elif kind == "boolean":
            data[name] = True
        elif kind in ("integer", "number"):
            data[name] = max(spec.get("minimum", 1), 1)
        elif "dien_thoai" in name:
            data[name] = "0912345678"
        elif spec.get("format") == "date":
            data[name] = "2026-01-15"
        elif spec.get("format") == "email":
            data[name] = user.email or "congdan@example.vn"
        elif kind == "string":
            data[name] = ("Khu 3, phường Việt Trì, tỉnh Phú Thọ" * 2)[: max(spec.get("minLength", 5), 12)]
    return data


def _online(rng, citizen, version, desk, commune, at):
    """A citizen's draft, checked and submitted; None when the demo cannot fill this form."""
    draft = FormDraft.objects.create(
        user=citizen, version=version, data=_sample(version.form_schema, citizen)
    )
    for paper in version.papers.filter(is_mandatory=True):
        DraftFile.objects.create(
            draft=draft,
            slot=paper.key,
            file=ContentFile(_pdf(), name=f"{paper.key}.pdf"),
            original_name=f"{paper.key}.pdf",
            content_type="application/pdf",
            size=len(_pdf()),
        )
    if catalogue.check_draft(citizen, draft):
        draft.delete()
        return None
    draft.refresh_from_db()
    return services.submit_online(citizen, draft, agency=desk, commune=commune, at=at)


class Walk:
    """One dossier's path through the services, its clock moving forward and never past now."""

    def __init__(self, rng, now):
        self.rng, self.now = rng, now

    def later(self, at, low=1, high=16):
        return clock.add_working_hours(at, datetime.timedelta(hours=self.rng.uniform(low, high)))

    def run(self, target, dossier, team, desk_team, at):
        rng = self.rng
        steps = [
            "hand_over",
            "assign",
            "supplement",
            "apology",
            "liaison",
            "appraise",
            "approve",
            "result",
            "return",
        ]
        stops = {
            "accepted": 0,
            "transferred": 1,
            "processing": 2,
            "supplement": 3,
            "at_other_agency": 5,
            "awaiting_approval": 6,
            "approved": 7,
            "result_signing": 8,
            "result_sealing": 8,
            "result_ready": 8,
            "returned": 9,
            "stopped": 4,
            "refused": 6,
        }
        end = stops[target]
        for step in steps[:end]:
            at = self.later(at, 2, 30 if rng.random() < 0.15 else 12)
            if at > self.now:
                return dossier
            if step == "hand_over":
                dossier = services.hand_over(desk_team["officer"], dossier, team["department"], at=at)
            elif step == "assign":
                dossier = services.assign(team["head"], dossier, team["specialist"], at=at)
            elif step == "supplement" and (target == "supplement" or rng.random() < 0.15):
                dossier = services.request_supplement(
                    team["specialist"], dossier, rng.choice(REASONS_SUPPLEMENT), at=at
                )
                if target == "supplement":
                    return dossier
                at = self.later(at, 8, 40)
                if at > self.now:
                    return dossier
                paper = dossier.version.papers.order_by("order").first()
                dossier = services.receive_supplement(desk_team["officer"], dossier, [PaperIn(paper)], at=at)
            elif step == "apology":
                if rng.random() < 0.12:
                    new_due = clock.due_at(dossier.due_at, 3, clock.TimeUnit.DAYS)
                    # too close to the due time for an apology: the dossier simply runs late
                    with contextlib.suppress(DomainError):
                        services.apologise_and_reschedule(
                            team["leader"], dossier, rng.choice(REASONS_APOLOGY), new_due, at=at
                        )
                if target == "stopped":
                    return services.stop(
                        team["leader"], dossier, "Người nộp không bổ sung hồ sơ theo yêu cầu", at=at
                    )
            elif step == "liaison" and (target == "at_other_agency" or rng.random() < 0.08):
                other = (
                    Agency.objects.filter(is_active=True, level=Level.PROVINCE)
                    .exclude(pk=dossier.competent_agency_id)
                    .order_by("pk")
                    .first()
                )
                if other is None:
                    continue
                dossier = services.send_to_agency(team["specialist"], dossier, other, 2, at=at)
                if target == "at_other_agency":
                    return dossier
                at = self.later(at, 4, 20)
                if at > self.now:
                    return dossier
                dossier = services.receive_back(team["leader"], dossier, at=at)
            elif step == "appraise":
                if target == "refused":
                    return services.refuse_after_review(
                        team["leader"], dossier, "Không đủ điều kiện theo quy định", at=at
                    )
                dossier = services.record_appraisal(team["specialist"], dossier, "Hồ sơ đủ điều kiện", at=at)
            elif step == "approve":
                dossier = services.approve(team["leader"], dossier, at=at)
            elif step == "result":
                dossier = services.attach_result(
                    team["leader"], dossier, result_file=ContentFile(_pdf(), name="kq.pdf"), at=at
                )
                if target == "result_signing":
                    return dossier
                # signed and sealed for real with the demo certificates (egov.signing.demo, seeded first)
                at = self.later(at, 1, 4)
                dossier = services.sign_result(team["leader"], dossier, DEMO_PIN, at=at)
                if target == "result_sealing":
                    return dossier
                at = self.later(at, 1, 4)
                dossier = services.seal_result(team["clerk"], dossier, DEMO_PIN, at=at)
            elif step == "return":
                method = (
                    ReturnMethod.ONLINE
                    if dossier.applicant_user_id
                    else rng.choice([ReturnMethod.COUNTER, ReturnMethod.COUNTER, ReturnMethod.POST])
                )
                owed = fees.dues(dossier).outstanding
                if owed:
                    # a result leaves the desk once its fees are paid: in cash at the desk, where the
                    # applicant then receives it
                    dossier = services.record_fee_payment(desk_team["officer"], dossier, owed, at=at)
                    method = ReturnMethod.COUNTER if method == ReturnMethod.ONLINE else method
                actor = dossier.applicant_user if method == ReturnMethod.ONLINE else desk_team["officer"]
                dossier = services.return_result(
                    actor,
                    dossier,
                    method,
                    received_by_name=dossier.applicant_name,
                    post_dispatch=f"EB{rng.randrange(10**9):09d}VN",
                    at=at,
                )
        return dossier


def seed(stdout) -> None:
    if Dossier.objects.exists():
        stdout.write(f"  onestop: {Dossier.objects.count()} dossiers already, none added")
        return
    desks = {}
    for post in StaffAssignment.objects.current().filter(user__groups__name=Role.ONESTOP_OFFICER.value):
        team = _team(post.agency) or {}
        desks.setdefault(post.agency_id, {"agency": post.agency, "officer": post.user, **team})
    communes = [d for d in desks.values() if d["agency"].level == Level.COMMUNE and "specialist" in d]
    centre = next((d for d in desks.values() if d["agency"].level == Level.PROVINCE), None)
    versions = list(
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED).select_related("procedure")
    )
    commune_versions = [v for v in versions if v.procedure.handling_level == HandlingLevel.COMMUNE]
    province_versions = []
    for version in versions:
        agency = version.procedure.competent_agency
        if version.procedure.handling_level != HandlingLevel.COMMUNE and agency is not None and _team(agency):
            province_versions.append((version, _team(agency)))
    if not communes or not commune_versions:
        stdout.write("  onestop: no demo desks or procedures (directory or catalogue demo missing)")
        return
    User = get_user_model()
    citizen = User.objects.filter(username="congdan").first()
    rng = random.Random(2026)  # noqa: S311 (repeatable demo data, not secrets)
    now = timezone.now()
    made = 0
    for number in range(COUNT):
        target = rng.choices(list(PLAN), weights=list(PLAN.values()))[0]
        back = DAYS_BACK * (1 - number / COUNT) if target not in ("waiting_check",) else rng.uniform(0, 3)
        at = clock.next_working_instant(now - datetime.timedelta(days=back, hours=rng.uniform(0, 8)))
        if at > now:
            continue
        if province_versions and centre and rng.random() < 0.25:
            version, team = rng.choice(province_versions)
            desk, commune = centre, None
        else:
            version = rng.choice(commune_versions)
            home = rng.choice(communes)
            desk = (
                home if rng.random() < 0.8 else rng.choice(communes)
            )  # some filed at another commune's desk
            team, commune = home, home["agency"]
        with transaction.atomic():
            dossier = _one(rng, target, version, desk, team, commune, citizen, at, now)
        made += dossier is not None
    made += _awaiting_payment(citizen, desks, now) is not None
    stdout.write(f"  onestop: {made} demo dossiers at {len(communes) + bool(centre)} desks")


def _awaiting_payment(citizen, desks, now):
    """The demo citizen's online dossier, accepted and waiting for its fees, to pay at the local gateway."""
    versions = ProcedureVersion.objects.filter(
        status=ProcedureVersion.Status.PUBLISHED, procedure__online_level=4, fees__amount__gt=0
    ).select_related("procedure")
    communes = [d for d in desks.values() if d["agency"].level == Level.COMMUNE]
    for version in versions.order_by("procedure__code"):
        if version.procedure.handling_level == HandlingLevel.COMMUNE:
            desk, commune = (communes[0], communes[0]["agency"]) if communes else (None, None)
        else:
            agency = version.procedure.competent_agency
            desk, commune = desks.get(agency.pk) if agency else None, None
        if citizen is None or desk is None:
            continue
        with transaction.atomic():
            dossier = _online(random.Random(1), citizen, version, desk["agency"], commune, now)  # noqa: S311
            if dossier is None:
                continue
            dossier = services.accept_dossier(desk["officer"], dossier, at=now)
            if dossier.status == Status.ACCEPTED:
                dossier = services.request_payment(desk["officer"], dossier, at=now)
            return dossier
    return None


def _waive_online_fees(officer, dossier, at):
    """The fees the catalogue waives for a dossier filed online (“Đăng ký qua mạng điện tử: miễn lệ
    phí”), recorded as an exemption when the desk accepts it."""
    waived = [line.pk for line in fees.lines(dossier.version) if ONLINE_EXEMPTION in line.exemptions]
    return services.grant_fee_exemption(officer, dossier, waived, at=at) if waived else dossier


def _one(rng, target, version, desk, team, commune, citizen, at, now):
    officer = desk["officer"]
    online = citizen is not None and version.procedure.is_online and rng.random() < 0.4
    dossier = None
    if online or target == "waiting_check":
        if citizen is None or not version.procedure.is_online:
            return None
        dossier = _online(rng, citizen, version, desk["agency"], commune, at)
        if dossier is None:
            return None
        if target == "waiting_check":
            return dossier
        at = Walk(rng, now).later(at, 1, 6)
    papers = [PaperIn(p, count=p.quantity) for p in version.papers.filter(is_mandatory=True)]
    if target in ("needs_completion", "refused_intake"):
        reason = (
            "Thiếu bản sao giấy tờ tùy thân" if target == "needs_completion" else "Không thuộc thẩm quyền"
        )
        if dossier is not None:
            act = services.request_completion if target == "needs_completion" else services.refuse_intake
            return act(officer, dossier, reason, at=at)
        decision = "complete" if target == "needs_completion" else "refuse"
        return services.receive_at_counter(
            officer, version, _person(rng), [], decision, reason=reason, commune=commune, at=at
        )
    if dossier is None:
        channel = "post" if rng.random() < 0.1 else "direct"
        dossier = services.receive_at_counter(
            officer, version, _person(rng), papers, "accept", commune=commune, channel=channel, at=at
        )
    else:
        dossier = _waive_online_fees(officer, services.accept_dossier(officer, dossier, at=at), at)
    if target == "withdrawn":
        return services.withdraw(
            officer, dossier, "Người nộp có đơn xin rút hồ sơ", at=min(Walk(rng, now).later(at, 1, 8), now)
        )
    return Walk(rng, now).run(target, dossier, team, desk, at)
