"""The satisfaction rating (regulations §2.6): once per returned dossier, online by its applicant or at the
desk on the tablet page its officer opens; anything else is refused with a reason and writes nothing."""

# ruff: noqa: F811  (the imported fixtures are taken as arguments)

import pytest
from django.urls import reverse

from egov.audit.models import AuditEntry
from egov.errors import DomainError, NotPermitted
from onestop import ratings, services
from onestop.models import DossierRating, Rating, ReturnMethod, Status
from tests.concurrency import at_once
from tests.documents.conftest import login  # noqa: F401 (fixture)

from .conftest import pay_fees, scan
from .signers import demo_pki, result_ready, signers  # noqa: F401 (fixture)
from .test_citizen_pages import _submitted

pytestmark = pytest.mark.usefixtures("demo_pki")


def _ready(world, dossier):
    d = signers(world.sotp)
    services.accept_dossier(d.officer, dossier)
    services.hand_over(d.officer, dossier, d.department)
    services.assign(d.head, dossier, d.specialist)
    services.record_appraisal(d.specialist, dossier, "Đủ điều kiện.")
    services.approve(d.leader, dossier)
    return pay_fees(
        d, result_ready(d, dossier, result_file=scan("kq.pdf"), result_name="Phiếu lý lịch tư pháp")
    )


@pytest.fixture
def returned(world, login):
    """A dossier the citizen submitted online, its result returned online; the citizen's client."""
    client, dossier = _submitted(world, login)
    dossier = _ready(world, dossier)
    dossier = services.return_result(world.citizen, dossier, ReturnMethod.ONLINE)
    assert dossier.status == Status.RETURNED
    return client, dossier


def _page(dossier):
    return reverse("onestop:citizen-dossier", args=[dossier.pk])


def _rate_url(dossier):
    return reverse("onestop:citizen-rate", args=[dossier.pk])


def test_the_applicant_rates_once_from_the_dossier_page(world, returned):
    client, dossier = returned
    page = client.get(_page(dossier)).content.decode()
    assert 'id="rating"' in page and "Rất hài lòng" in page and "Không hài lòng" in page
    response = client.post(_rate_url(dossier), {"score": "3", "comment": "Cán bộ hướng dẫn tận tình."})
    assert response.status_code == 302
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.score, rating.source, rating.officer) == (Rating.SATISFIED, "online", None)
    assert rating.comment == "Cán bộ hướng dẫn tận tình."
    assert AuditEntry.objects.filter(action="onestop.rate", target_id=str(dossier.pk)).count() == 1
    # the form is gone; the page shows what was given
    page = client.get(_page(dossier)).content.decode()
    assert 'name="score"' not in page and "Ông/bà đã đánh giá" in page and "Hài lòng" in page
    # a second post (another tab, a double click) is refused and changes nothing
    response = client.post(_rate_url(dossier), {"score": "1"}, follow=True)
    assert "chỉ đánh giá một lần" in response.content.decode()
    assert DossierRating.objects.get(dossier=dossier).score == Rating.SATISFIED


@pytest.mark.parametrize("score", ["", "0", "5", "-1", "3.5", "ba", "9" * 40])
def test_a_score_off_the_scale_is_refused(world, returned, score):
    client, dossier = returned
    response = client.post(_rate_url(dossier), {"score": score})
    assert response.status_code == 400
    assert "Hãy chọn một mức độ hài lòng" in response.content.decode()
    assert not DossierRating.objects.exists()


def test_a_comment_too_long_or_with_nul_is_refused(world, returned):
    client, dossier = returned
    assert client.post(_rate_url(dossier), {"score": "4", "comment": "x" * 1001}).status_code == 400
    assert client.post(_rate_url(dossier), {"score": "4", "comment": "tốt\x00"}).status_code == 400
    assert not DossierRating.objects.exists()


def test_another_citizen_cannot_rate_and_a_dossier_not_returned_cannot_be_rated(world, login):
    client, dossier = _submitted(world, login)
    # not returned yet: no form, and a hand-made post is refused
    assert 'name="score"' not in client.get(_page(dossier)).content.decode()
    response = client.post(_rate_url(dossier), {"score": "4"}, follow=True)
    assert "Chỉ đánh giá được hồ sơ đã trả kết quả" in response.content.decode()
    dossier = services.return_result(world.citizen, _ready(world, dossier), ReturnMethod.ONLINE)
    stranger = login(world.other_citizen)
    assert stranger.post(_rate_url(dossier), {"score": "1"}).status_code == 404
    with pytest.raises(NotPermitted):
        ratings.rate(world.other_citizen, dossier, 1)
    # an officer cannot rate "online" in the applicant's place
    with pytest.raises(NotPermitted):
        ratings.rate(world.sotp.officer, dossier, 4)
    assert not DossierRating.objects.exists()


def test_the_desk_tablet_page_records_a_desk_rating_with_the_officer(world, returned, login):
    _, dossier = returned
    officer = login(world.sotp.officer)
    detail = officer.get(reverse("onestop:dossier", args=[dossier.pk])).content.decode()
    tablet_url = reverse("onestop:desk-rating", args=[dossier.pk])
    assert tablet_url in detail
    tablet = officer.get(tablet_url).content.decode()
    # the applicant holds the tablet: the code and the procedure, nothing personal
    assert dossier.code in tablet and dossier.applicant_personal_id not in tablet
    assert officer.post(tablet_url, {"score": "4"}).status_code == 200
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.score, rating.source, rating.officer) == (4, "desk", world.sotp.officer)
    again = officer.post(tablet_url, {"score": "1"})
    assert again.status_code == 200 and "Cảm ơn ông/bà đã đánh giá" in again.content.decode()
    assert DossierRating.objects.get(dossier=dossier).score == 4


def test_an_officer_of_another_desk_cannot_open_the_tablet_page(world, returned, login):
    _, dossier = returned
    tablet_url = reverse("onestop:desk-rating", args=[dossier.pk])
    assert login(world.xa_a.officer).get(tablet_url).status_code == 404  # not a dossier they see
    # a specialist who sees the dossier is not the desk
    response = login(world.sotp.specialist).get(tablet_url)
    assert response.status_code == 302 and not DossierRating.objects.exists()
    with pytest.raises(NotPermitted):
        ratings.rate(world.sotp.specialist, dossier, 4, source=DossierRating.Source.DESK)
    with pytest.raises(DomainError, match="Nơi đánh giá"):
        ratings.rate(world.sotp.officer, dossier, 4, source="kiosk")


def test_the_citizen_api_lists_own_dossiers_and_rates_once(world, returned, login):
    _, dossier = returned
    api = login(world.citizen, api=True)
    listing = api.get("/api/v1/ho-so/cua-toi/").json()
    assert [row["code"] for row in listing["results"]] == [dossier.code]
    assert listing["results"][0]["rating"] is None
    detail = api.get(f"/api/v1/ho-so/cua-toi/{dossier.pk}/").json()
    assert detail["status"] == "returned" and "applicant_personal_id" not in detail
    assert [e["action"] for e in detail["timeline"]][:2] == ["submit_online", "accept"]
    assert "actor" not in detail["timeline"][0]
    url = f"/api/v1/ho-so/cua-toi/{dossier.pk}/danh-gia/"
    assert api.post(url, {"score": 7}, format="json").status_code == 400
    assert api.post(url, ["score"], format="json").status_code == 400
    created = api.post(url, {"score": 2, "comment": "Chờ hơi lâu"}, format="json")
    assert created.status_code == 201 and created.json()["score_label"] == "Bình thường"
    again = api.post(url, {"score": 4}, format="json")
    assert again.status_code == 400 and "một lần" in again.json()["detail"]
    stranger = login(world.other_citizen, api=True)
    assert stranger.get("/api/v1/ho-so/cua-toi/").json()["results"] == []
    assert stranger.get(f"/api/v1/ho-so/cua-toi/{dossier.pk}/").status_code == 404
    assert stranger.post(url, {"score": 1}, format="json").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_ratings_at_once_make_one(world, returned):
    _, dossier = returned
    results, errors = at_once(
        [lambda score=score: ratings.rate(world.citizen, dossier, score) for score in (1, 4)]
    )
    assert len(results) == 1 and [type(e) for e in errors] == [DomainError]
    assert DossierRating.objects.get(dossier=dossier).score == results[0].score
