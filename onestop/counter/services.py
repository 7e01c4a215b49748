"""Every action of the counter queue, one function each.

    register_device(actor, agency, name) -> (KioskDevice, raw token)   the token is shown once
    revoke_device(actor, device) -> KioskDevice
    device_for_token(device_id, raw_token) -> KioskDevice               activation of a kiosk
    issue_ticket(device, area, priority_kind=None, *, at=None) -> Ticket
    take_seat(officer, counter) / leave_seat(officer)
    call_next(officer, counter, *, at=None) -> Ticket     priority first, then the oldest
    recall(officer, counter, ticket, *, at=None) -> Ticket
    skip(officer, counter, ticket, *, at=None) -> Ticket
    start(officer, counter, ticket, *, at=None) -> Ticket
    done(officer, counter, ticket, *, dossier=None, at=None) -> Ticket
    close_past_days(*, today=None, agency=None) -> int    yesterday's leftovers closed

Officers act only at a counter of their own agency where they sit, holding `counter.call_ticket`.
Locks are taken in one order, the counter row first and then the ticket row, each for milliseconds; the
next ticket is picked with SKIP LOCKED and taken by an UPDATE that only matches a waiting ticket, so two
officers calling at once never get the same one. Refusals are DomainErrors with a Vietnamese message."""

import datetime
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from documents import access
from egov.admin_scoping import admin_agency_ids, is_province_wide
from egov.audit.services import record
from egov.errors import DomainError, NotPermitted
from egov.numbering.services import next_number
from egov.text import clean, vnd

from . import queries
from .models import Counter, KioskDevice, PriorityKind, Status, Ticket
from .workflow import TICKET

SCOPE = "counter.ticket:{area}"  # one gap-free sequence per area and local day
MAX_DAILY = 9999


def _now(at=None) -> datetime.datetime:
    return at or timezone.now()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


# --- kiosk devices ----------------------------------------------------------------------------------
def _require_device_admin(actor, agency_id: int, perm: str) -> None:
    if not (actor.is_active and actor.has_perm(perm)):
        raise NotPermitted("Bạn không có quyền quản lý máy lấy số.")
    if not is_province_wide(actor) and agency_id not in admin_agency_ids(actor):
        raise NotPermitted("Bạn chỉ quản lý được máy lấy số của cơ quan mình.")


def register_device(actor, agency, name: str) -> tuple[KioskDevice, str]:
    """A new kiosk and its raw token, which is not kept: show it once."""
    _require_device_admin(actor, agency.pk, "counter.add_kioskdevice")
    name = " ".join(clean(name or "", multiline=False).split())[:100]
    if not name:
        raise DomainError("Hãy đặt tên cho máy lấy số (ví dụ: Máy lấy số sảnh tầng 1).")
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        device = KioskDevice.objects.create(agency=agency, name=name, token_hash=hash_token(raw))
        record(actor, "counter.register_device", device, agency=agency.pk)
    return device, raw


def revoke_device(actor, device: KioskDevice, *, at=None) -> KioskDevice:
    _require_device_admin(actor, device.agency_id, "counter.change_kioskdevice")
    with transaction.atomic():
        device = KioskDevice.objects.select_for_update().get(pk=device.pk)
        if device.revoked_at is None:
            device.revoked_at = _now(at)
            device.save(update_fields=["revoked_at"])
            record(actor, "counter.revoke_device", device)
    return device


def device_for_token(device_id, raw_token: str) -> KioskDevice:
    """The kiosk a token opens, or NotPermitted (unknown device, wrong token, revoked)."""
    device = KioskDevice.objects.filter(pk=device_id).select_related("agency").first()
    given = hash_token(raw_token or "")
    if device is None or not raw_token or not hmac.compare_digest(given, device.token_hash):
        raise NotPermitted("Mã kích hoạt máy lấy số không đúng.")
    if device.revoked:
        raise NotPermitted("Máy lấy số này đã bị thu hồi; hãy liên hệ quản trị của cơ quan.")
    return device


# --- tickets ----------------------------------------------------------------------------------------
def issue_ticket(device: KioskDevice, area, priority_kind=None, *, at=None) -> Ticket:
    at = _now(at)
    if device.revoked:
        raise NotPermitted("Máy lấy số này đã bị thu hồi; hãy liên hệ quản trị của cơ quan.")
    if area.agency_id != device.agency_id or not area.is_active:
        raise DomainError("Khu vực này không lấy số tại máy này.")
    kind = priority_kind or ""
    if kind and kind not in PriorityKind.values:
        raise DomainError("Đối tượng ưu tiên không hợp lệ.")
    day = timezone.localdate(at)
    with transaction.atomic():
        number = next_number(SCOPE.format(area=area.pk), day.isoformat())
        if number > MAX_DAILY:
            raise DomainError(f"Khu vực này đã hết số trong ngày (tối đa {vnd(MAX_DAILY)} số).")
        if number == 1:  # the area's first ticket of the day closes what the previous days left behind
            close_past_days(today=day, agency=area.agency_id)
        ticket = Ticket.objects.create(
            agency_id=area.agency_id,
            area=area,
            day=day,
            number=number,
            code=f"{area.prefix}{number:03d}",
            is_priority=bool(kind),
            priority_kind=kind,
            device=device,
            issued_at=at,
        )
        KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=at)
    return ticket


def _require_officer(officer, counter: Counter) -> None:
    if not (
        officer.is_active
        and officer.has_perm("counter.call_ticket")
        and counter.agency_id in access.agency_ids(officer)
    ):
        raise NotPermitted("Chỉ cán bộ một cửa của cơ quan này mới được gọi số tại quầy của cơ quan.")
    if not counter.is_active:
        raise DomainError("Quầy này đã ngừng sử dụng.")


def _lock_seat(officer, counter: Counter) -> Counter:
    """The counter row, locked, after checking the officer may work there and sits there."""
    counter = Counter.objects.select_for_update().get(pk=counter.pk)
    _require_officer(officer, counter)
    if counter.officer_id != officer.pk:
        raise NotPermitted("Bạn chưa ngồi quầy này; hãy chọn quầy trước khi gọi số.")
    return counter


def take_seat(officer, counter: Counter) -> Counter:
    """The officer sits at `counter` (leaving any other); whoever sat there before is moved off it."""
    with transaction.atomic():
        counter = Counter.objects.select_for_update().get(pk=counter.pk)
        _require_officer(officer, counter)
        if counter.officer_id == officer.pk:
            return counter
        before = counter.officer_id
        Counter.objects.filter(officer=officer).update(officer=None)
        counter.officer = officer
        counter.save(update_fields=["officer"])
        record(officer, "counter.take_seat", counter, before=before)
    return counter


def leave_seat(officer) -> None:
    with transaction.atomic():
        for counter in Counter.objects.select_for_update().filter(officer=officer):
            counter.officer = None
            counter.save(update_fields=["officer"])
            record(officer, "counter.leave_seat", counter)


def _busy_refusal(ticket: Ticket) -> DomainError:
    return DomainError(
        f"Quầy đang có số {ticket.code} ({ticket.get_status_display().lower()}): "
        "hãy bấm “Xong” hoặc “Bỏ qua” trước khi gọi số khác."
    )


def call_next(officer, counter: Counter, *, at=None) -> Ticket:
    at = _now(at)
    day = timezone.localdate(at)
    with transaction.atomic():
        counter = _lock_seat(officer, counter)
        busy = queries.current_ticket(counter, day)
        if busy is not None:
            raise _busy_refusal(busy)
        waiting = queries.next_in_line(counter, day).select_for_update(skip_locked=True)
        while True:
            ticket = waiting.first()
            if ticket is None:
                raise DomainError("Không còn ai chờ ở các khu vực của quầy này.")
            TICKET.target(ticket.status, "call")
            # matches only a ticket still waiting: on SQLite, where FOR UPDATE is ignored, a ticket another
            # officer took in between is not taken twice; the loop picks the next one
            taken = Ticket.objects.filter(pk=ticket.pk, status=Status.WAITING).update(
                status=Status.CALLED,
                counter=counter,
                officer=officer,
                called_at=at,
                last_called_at=at,
                calls=1,
                wait_seconds=max(0, int((at - ticket.issued_at).total_seconds())),
            )
            if taken:
                return Ticket.objects.select_related("area", "counter").get(pk=ticket.pk)


def _act(officer, counter: Counter, ticket: Ticket, action: str, at, /, **changes) -> Ticket:
    """One move of a ticket at the officer's counter; a change given as a function gets the locked
    ticket. Only "recall" may bring a ticket from another counter (a no-show called back here)."""
    with transaction.atomic():
        counter = _lock_seat(officer, counter)
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if ticket.agency_id != counter.agency_id:
            raise NotPermitted("Số này không thuộc cơ quan của quầy.")
        if ticket.day != timezone.localdate(at):
            raise DomainError(f"Số {ticket.code} là số của ngày {ticket.day:%d/%m/%Y}, không còn dùng được.")
        ticket.status = TICKET.target(ticket.status, action)
        if action == "recall":
            busy = queries.current_ticket(counter, ticket.day)
            if busy is not None and busy.pk != ticket.pk:
                raise _busy_refusal(busy)
        elif ticket.counter_id != counter.pk:
            raise NotPermitted(f"Số {ticket.code} không được gọi tới quầy của bạn.")
        for name, value in changes.items():
            setattr(ticket, name, value(ticket) if callable(value) else value)
        ticket.save()
    return ticket


def recall(officer, counter: Counter, ticket: Ticket, *, at=None) -> Ticket:
    """Call the ticket once more: the one at the counter (not come yet), or a skipped one, to this counter."""
    at = _now(at)
    return _act(
        officer,
        counter,
        ticket,
        "recall",
        at,
        counter=counter,
        officer=officer,
        last_called_at=at,
        calls=lambda t: t.calls + 1,
        closed_at=None,
    )


def skip(officer, counter: Counter, ticket: Ticket, *, at=None) -> Ticket:
    at = _now(at)
    return _act(officer, counter, ticket, "skip", at, closed_at=at)


def start(officer, counter: Counter, ticket: Ticket, *, at=None) -> Ticket:
    at = _now(at)
    return _act(officer, counter, ticket, "start", at, served_at=at, officer=officer)


def done(officer, counter: Counter, ticket: Ticket, *, dossier=None, at=None) -> Ticket:
    """Served: the service time is written; `dossier`, when given, is one the desk received."""
    at = _now(at)
    if dossier is not None and dossier.receiving_agency_id != counter.agency_id:
        raise DomainError("Hồ sơ này không do cơ quan của quầy tiếp nhận.")
    return _act(
        officer,
        counter,
        ticket,
        "done",
        at,
        done_at=at,
        service_seconds=lambda t: max(0, int((at - t.served_at).total_seconds())),
        dossier=dossier,
    )


def close_past_days(*, today=None, agency=None) -> int:
    """Tickets of days before `today` (local) left open: the waiting ones are cancelled, the ones called
    and never marked are no-shows. Idempotent; `agency` (a pk) narrows it to one desk."""
    today = today or timezone.localdate()
    now = timezone.now()
    past = Ticket.objects.filter(day__lt=today)
    if agency is not None:
        past = past.filter(agency_id=agency)
    closed = 0
    for action, source in (("cancel", Status.WAITING), ("skip", Status.CALLED)):
        target = TICKET.target(source, action)
        closed += past.filter(status=source).update(status=target, closed_at=now)
    return closed
