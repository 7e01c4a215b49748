"""The counter queue's pages: the kiosk (no login; a registered device), the officer's counter, the TV
board (no login, no personal data). Every change is one call of `counter.services`."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from egov.accounts.decorators import staff_required
from egov.directory.models import Agency
from egov.errors import DomainError
from egov.once import create_once

from . import queries, services
from .forms import KioskForm
from .models import Counter, KioskDevice, Ticket
from .workflow import TICKET

KIOSK_COOKIE = "counter_kiosk"
KIOSK_SALT = "onestop.counter.kiosk"
KIOSK_COOKIE_AGE = 365 * 24 * 3600
RETURN_AFTER_SECONDS = 20  # the ticket page goes back to the kiosk's buttons by itself


# --- the kiosk --------------------------------------------------------------------------------------
def _kiosk_refusal(request, reason: str):
    return render(request, "counter/kiosk_refused.html", {"reason": reason}, status=403)


def _cookie_value(device: KioskDevice) -> str:
    # a new token (a device registered again) or a revocation makes old cookies worthless
    return f"{device.pk}:{device.token_hash[:16]}"


def _kiosk_device(request) -> KioskDevice | None:
    """The activated kiosk this browser is, from its signed cookie; None when there is none."""
    value = request.get_signed_cookie(KIOSK_COOKIE, default=None, salt=KIOSK_SALT, max_age=KIOSK_COOKIE_AGE)
    device_id, _sep, _hash = (value or "").partition(":")
    if not device_id.isdigit():
        return None
    device = KioskDevice.objects.select_related("agency").filter(pk=int(device_id)).first()
    if device is None or _cookie_value(device) != value:
        return None
    return device


@never_cache
def kiosk(request, device):
    """`?token=` activates the device (a signed cookie, and the token leaves the address bar); then the
    page shows one big button per area and issues a ticket per tap, once per page (double taps too)."""
    if "token" in request.GET:
        try:
            activated = services.device_for_token(device, request.GET["token"])
        except DomainError as error:
            return _kiosk_refusal(request, str(error))
        response = redirect("counter:kiosk", device=activated.pk)
        response.set_signed_cookie(
            KIOSK_COOKIE,
            _cookie_value(activated),
            salt=KIOSK_SALT,
            max_age=KIOSK_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
    current = _kiosk_device(request)
    if current is None or current.pk != device:
        return _kiosk_refusal(request, _("Thiết bị này chưa được kích hoạt làm máy lấy số."))
    if current.revoked:
        return _kiosk_refusal(request, _("Máy lấy số này đã bị thu hồi; hãy liên hệ quản trị của cơ quan."))
    form = KioskForm(request.POST or None, agency=current.agency)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            area, kind = form.cleaned_data["area"], form.cleaned_data["priority_kind"]
            try:
                return create_once(
                    request, form, "counter:ticket", lambda: services.issue_ticket(current, area, kind)
                )
            except DomainError as error:
                form.add_error(None, str(error))
        status = 400
    areas = form.fields["area"].queryset
    context = {
        "device": current,
        "form": form,
        "areas": [{"area": a, "waiting": n} for a, n in _with_waiting(areas)],
    }
    return render(request, "counter/kiosk.html", context, status=status)


def _with_waiting(areas):
    counts = queries.waiting_counts(areas, timezone.localdate())
    return [(area, counts.get(area.pk, 0)) for area in areas]


@never_cache
def ticket(request, pk):
    """The printed receipt: only the kiosk that issued the ticket opens it."""
    current = _kiosk_device(request)
    if current is None or current.revoked:
        return _kiosk_refusal(request, _("Thiết bị này chưa được kích hoạt làm máy lấy số."))
    issued = get_object_or_404(Ticket.objects.select_related("area", "agency"), pk=pk, device=current)
    context = {
        "ticket": issued,
        "device": current,
        "ahead": queries.ahead_of(issued),
        "return_after": RETURN_AFTER_SECONDS,
    }
    return render(request, "counter/ticket.html", context)


# --- the officer's counter --------------------------------------------------------------------------
def _require_caller(request) -> None:
    if not request.user.has_perm("counter.call_ticket"):
        raise PermissionDenied(_("Trang này dành cho cán bộ một cửa."))


def _counter_or_404(request, pk) -> Counter:
    return get_object_or_404(queries.counters_for(request.user), pk=pk)


@staff_required
def desk(request):
    """Pick a counter, then call, recall, skip, start and finish tickets at it."""
    _require_caller(request)
    counters = list(queries.counters_for(request.user))
    seat = next((c for c in counters if c.officer_id == request.user.pk), None)
    context = {"nav": "counter-desk", "counters": counters, "seat": seat}
    if seat is not None:
        context.update(_seat_context(seat))
    return render(request, "counter/desk.html", context)


# the officer's buttons for the ticket at the counter: service function and label
ACTIONS = {
    "recall": (services.recall, gettext_lazy("Gọi lại")),
    "skip": (services.skip, gettext_lazy("Bỏ qua (vắng mặt)")),
    "start": (services.start, gettext_lazy("Bắt đầu phục vụ")),
    "done": (services.done, gettext_lazy("Xong")),
}


def _seat_context(seat: Counter) -> dict:
    today = timezone.localdate()
    current = queries.current_ticket(seat, today)
    areas = list(seat.areas.filter(is_active=True).order_by("order", "prefix"))
    return {
        "current": current,
        "actions": [
            {"action": t.action, "label": ACTIONS[t.action][1]}
            for t in (TICKET.allowed(current.status) if current else [])
            if t.action in ACTIONS
        ],
        "areas": [{"area": a, "waiting": n} for a, n in _with_waiting(areas)],
        "waiting_total": queries.next_in_line(seat, today).count(),
        "skipped": list(queries.skipped_today(seat, today)[:10]),
    }


@staff_required
def waiting(request, counter):
    """The fragment the counter page reloads every few seconds: how many wait."""
    _require_caller(request)
    seat = _counter_or_404(request, counter)
    return render(request, "counter/_waiting.html", _seat_context(seat))


@staff_required
@require_POST
def take_seat(request, counter):
    _require_caller(request)
    try:
        services.take_seat(request.user, _counter_or_404(request, counter))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("counter:desk")


@staff_required
@require_POST
def leave_seat(request):
    _require_caller(request)
    services.leave_seat(request.user)
    return redirect("counter:desk")


@staff_required
@require_POST
def act(request, counter, action):
    _require_caller(request)
    seat = _counter_or_404(request, counter)
    try:
        if action == "call_next":
            called = services.call_next(request.user, seat)
            messages.success(request, _("Đã gọi số %(code)s.") % {"code": called.code})
        elif action in ACTIONS:
            ticket_id = request.POST.get("ticket", "")
            if not ticket_id.isdigit():
                raise DomainError(_("Thiếu số cần thao tác."))
            target = get_object_or_404(Ticket, pk=int(ticket_id), agency=seat.agency_id)
            ACTIONS[action][0](request.user, seat, target)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("counter:desk")


# --- the TV board -----------------------------------------------------------------------------------
def _agency_or_404(pk) -> Agency:
    return get_object_or_404(Agency, pk=pk, is_active=True)


BOARD_REFRESH_SECONDS = 4


def board(request, agency, template="counter/board.html"):
    """The TV page, and (with the fragment's template) the part of it that reloads itself."""
    found = _agency_or_404(agency)
    context = {
        "agency": found,
        "refresh": BOARD_REFRESH_SECONDS,
        **queries.board(found, timezone.localdate()),
    }
    return render(request, template, context)
