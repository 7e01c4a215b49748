"""Demo periodic reports: the monthly report on administrative procedures from every commune to the
province (ND 09 closing periods, 2 working days to send), with last month's instances in three states:
one commune's sent and signed on time, one sent late, one still a draft. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from egov.directory.demo import DEMO_COMMUNES, commune_slug
from egov.directory.models import Agency, Level
from egov.signing.demo_pki import DEMO_PIN

from . import services
from .models import ReportInstance, ReportRegime, Status, TemplateCell

NAME = "Báo cáo tình hình giải quyết TTHC hằng tháng"
CELLS = [
    # code, label, unit, source, statistic or formula
    ("A1", "Số hồ sơ kỳ trước chuyển qua", "hồ sơ", "statistic", "dossiers.carried_over"),
    ("A2", "Số hồ sơ mới tiếp nhận trong kỳ", "hồ sơ", "statistic", "dossiers.new_total"),
    ("A3", "Tổng số hồ sơ tiếp nhận", "hồ sơ", "formula", "A1 + A2"),
    ("B1", "Số hồ sơ đã giải quyết đúng hạn", "hồ sơ", "statistic", "dossiers.resolved_in_time"),
    ("B2", "Số hồ sơ đã giải quyết quá hạn", "hồ sơ", "statistic", "dossiers.resolved_late"),
    ("B3", "Tỷ lệ giải quyết đúng hạn", "%", "formula", "B1 * 100 / (B1 + B2)"),
    ("C1", "Số phản ánh, kiến nghị về TTHC đã tiếp nhận", "phản ánh", "typed", ""),
    ("C2", "Số phản ánh, kiến nghị đã xử lý xong", "phản ánh", "typed", ""),
]
VALID_FROM = datetime.date(2026, 9, 15)


def _regime(province_ubnd) -> ReportRegime:
    regime = ReportRegime.objects.filter(name=NAME, recipient=province_ubnd).first()
    if regime is not None:
        return regime
    regime = ReportRegime.objects.create(
        name=NAME,
        content=(
            "Báo cáo số liệu tiếp nhận, giải quyết thủ tục hành chính và phản ánh, kiến nghị của người dân "
            "trong kỳ (Nghị định 09/2019/NĐ-CP; số liệu chốt từ ngày 15 tháng trước đến ngày 14)."
        ),
        recipient=province_ubnd,
        frequency="month",
        deadline_days=2,
        valid_from=VALID_FROM,
    )
    for order, (code, label, unit, source, extra) in enumerate(CELLS):
        TemplateCell.objects.create(
            regime=regime,
            order=order,
            code=code,
            label=label,
            unit=unit,
            source=source,
            statistic=extra if source == "statistic" else "",
            formula=extra if source == "formula" else "",
        )
    return regime


def _user(username):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _walk(instance, slug: str, *, late: bool, stdout) -> str:
    """Fill, send for signature and sign one commune's instance (late: signed after the deadline)."""
    officer, leader = _user(f"chuyenvien.{slug}"), _user(f"lanhdao.{slug}")
    if officer is None or leader is None:
        return "no staff"
    if instance.status == Status.DRAFT:
        services.send_for_signature(officer, instance, {"C1": "4", "C2": "3"})
    instance.refresh_from_db()
    if instance.status == Status.AWAITING_SIGNATURE:
        deadline = datetime.datetime.combine(instance.deadline, datetime.time(9, 0))
        at = min(timezone.make_aware(deadline + datetime.timedelta(days=2 if late else -1)), timezone.now())
        services.sign(leader, instance, DEMO_PIN, at=at)
    instance.refresh_from_db()
    return instance.get_status_display() + (" (muộn)" if instance.is_late else "")


def seed(stdout) -> None:
    province_ubnd = Agency.objects.filter(
        level=Level.PROVINCE, parent__isnull=True, short_name="UBND"
    ).first()
    if province_ubnd is None:
        stdout.write("  report_regimes: no province People's Committee (directory demo missing)")
        return
    regime = _regime(province_ubnd)
    created = services.ensure_instances(regime)
    today = timezone.localdate()
    last = ReportInstance.objects.filter(regime=regime, deadline__lt=today).order_by("-period_start").first()
    states = []
    if last is not None:
        communes = {}
        for agency in Agency.objects.filter(level=Level.COMMUNE, unit__isnull=False).select_related("unit"):
            communes[agency.unit.name] = agency
        for index, name in enumerate(DEMO_COMMUNES):
            agency = communes.get(name)
            if agency is None:
                continue
            instance = ReportInstance.objects.filter(
                regime=regime, reporter=agency, period_start=last.period_start
            ).first()
            if instance is None:
                continue
            if index < 2:
                state = _walk(instance, commune_slug(agency.unit), late=index == 1, stdout=stdout)
            else:
                state = instance.get_status_display()
            states.append(f"{agency.name}: {state}")
    stdout.write(
        f"  report_regimes: “{NAME}” → {province_ubnd.name}; {created} instances created; "
        f"{last.period_label if last else '-'}: {'; '.join(states)}"
    )
