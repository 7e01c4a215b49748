"""The applicant's satisfaction with a returned dossier (regulations §2.6): one rating per dossier, given
online by the applicant from their dossier's page, or at the desk on a tablet page that an officer of the
receiving desk opens for that dossier and hands to the applicant. Kept for the reports."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.errors import DomainError, NotPermitted
from egov.text import clean

from .models import Dossier, DossierRating, Rating, Status
from .services import _audit, _is_applicant, _is_officer
from .signals import dossier_changed

COMMENT_MAX = 1000


def may_rate_online(user, dossier: Dossier) -> bool:
    """The applicant, on their own returned dossier that has no rating yet."""
    return dossier.status == Status.RETURNED and _is_applicant(user, dossier) and not _rated(dossier)


def may_open_desk_rating(user, dossier: Dossier) -> bool:
    """An officer of the receiving desk, for a returned dossier that has no rating yet."""
    return (
        dossier.status == Status.RETURNED
        and _is_officer(user, dossier.receiving_agency_id)
        and not _rated(dossier)
    )


def _rated(dossier: Dossier) -> bool:
    return DossierRating.objects.filter(dossier_id=dossier.pk).exists()


def _score(value) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = 0
    if score not in Rating.values:
        raise DomainError("Hãy chọn một mức độ hài lòng.")
    return score


def _comment(value: str) -> str:
    comment = clean(value or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(f"Góp ý dài tối đa {COMMENT_MAX} ký tự.")
    return comment


def rate(
    user,
    dossier: Dossier,
    score,
    comment: str = "",
    *,
    source: str = DossierRating.Source.ONLINE,
    at: datetime.datetime | None = None,
) -> DossierRating:
    """Record the rating. Online, `user` is the applicant; at the desk, `user` is the officer who opened
    the tablet page (the applicant taps the score). A second rating, a dossier not yet returned or someone
    else's dossier is refused and nothing is written."""
    score, comment = _score(score), _comment(comment)
    if dossier.status != Status.RETURNED:
        raise DomainError("Chỉ đánh giá được hồ sơ đã trả kết quả.")
    if source == DossierRating.Source.ONLINE:
        allowed, officer = _is_applicant(user, dossier), None
    elif source == DossierRating.Source.DESK:
        allowed, officer = _is_officer(user, dossier.receiving_agency_id), user
    else:
        raise DomainError("Nơi đánh giá không hợp lệ.")
    if not allowed:
        raise NotPermitted("Bạn không có quyền đánh giá hồ sơ này.")
    try:
        with transaction.atomic():
            rating = DossierRating.objects.create(
                dossier=dossier,
                score=score,
                comment=comment,
                source=source,
                officer=officer,
                created_at=at or timezone.now(),
            )
            dossier_changed.send(
                Dossier, dossier=dossier, action="rate", status=dossier.status, at=rating.created_at
            )
    except IntegrityError:
        # the one-to-one row: rated meanwhile (another tab, the desk's tablet, a double submit)
        raise DomainError("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.") from None
    _audit(user, "rate", dossier, score=score, source=source)
    return rating
