"""Read side of online payment: who sees which payments, receipts and mismatches."""

from django.db.models import Q, QuerySet

from documents import access
from egov.admin_scoping import is_province_wide

from .models import Mismatch, Payment


def visible_to(user) -> QuerySet[Payment]:
    """The applicant sees their dossiers' payments; staff of the receiving or competent agency see that
    agency's; the province-wide admin sees all."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Payment.objects.none()
    rows = Payment.objects.select_related("dossier__version__procedure", "agency", "payer")
    if is_province_wide(user):
        return rows
    agencies = access.agency_ids(user)
    return rows.filter(
        Q(dossier__applicant_user=user)
        | Q(dossier__receiving_agency__in=agencies)
        | Q(dossier__competent_agency__in=agencies)
    )


def receipts(dossier) -> QuerySet[Payment]:
    return dossier.payments.filter(status=Payment.Status.PAID).order_by("settled_at", "pk")


def mismatches_for(user) -> QuerySet[Mismatch]:
    """The reconciliation's findings a holder of payments.view_reconciliation may read: their agencies'
    (a transaction the portal does not know has no agency: only the province-wide admin sees it)."""
    if not (user and user.is_active and user.has_perm("payments.view_reconciliation")):
        return Mismatch.objects.none()
    rows = Mismatch.objects.select_related("agency", "payment__dossier")
    if is_province_wide(user):
        return rows
    return rows.filter(agency__in=access.agency_ids(user))
