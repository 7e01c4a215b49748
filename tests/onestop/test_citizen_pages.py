"""The citizen's pages of the one-stop desk: submitting a checked draft from its page, the list of one's
own dossiers, a dossier's page and the applicant's actions (resubmit, withdraw, download the result)."""

# ruff: noqa: F811  (the `login` fixture, imported from the documents tests, is taken as an argument)

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from egov.accounts.roles import Role
from egov.signing import images
from egov.signing.demo_pki import DEMO_PIN, issue_demo_certificate
from egov.signing.models import SealImage, SignatureImage
from onestop import services
from onestop.models import Dossier, DossierEvent, ReturnMethod, Status
from tests.documents.conftest import login  # noqa: F401 (fixture)
from tests.documents.factories import person

from .conftest import PDF, accepted, pay_fees, walk_in
from .test_intake import checked_draft


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def _submit_url(draft):
    return reverse("onestop:citizen-submit", args=[draft.pk])


def _page(dossier):
    return reverse("onestop:citizen-dossier", args=[dossier.pk])


def _submitted(world, login, version=None, **extra):
    draft = checked_draft(world, version)
    client = login(world.citizen)
    token = _token(client.get(reverse("services:draft", args=[draft.pk])).content.decode())
    response = client.post(_submit_url(draft), {"form_token": token, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client, Dossier.objects.get(draft=draft)


def signers(desk, settings, ca_dir):
    """The desk's leader and a clerk of its agency, each with a demo certificate (the leader's signature
    image, the agency's seal): who signs and seals its results. Returns the clerk."""
    settings.DEBUG = True  # demo certificates, and their root trusted by the verification page
    settings.SIGNING_DEMO_DIR = ca_dir
    leader, agency = desk.leader, desk.agency
    SignatureImage(user=leader).image.save("s.png", ContentFile(images.signature_png(leader.full_name)))
    SealImage(agency=agency).image.save("c.png", ContentFile(images.seal_png(agency.name, agency.place_name)))
    issue_demo_certificate(user=leader, position="Chủ tịch")
    issue_demo_certificate(agency=agency)
    return person(agency, Role.CLERK, department=desk.desk_unit, position="Văn thư")


def _approved(world, dossier):
    d = world.sotp
    services.accept_dossier(d.officer, dossier)
    services.hand_over(d.officer, dossier, d.department)
    services.assign(d.head, dossier, d.specialist)
    services.record_appraisal(d.specialist, dossier, "Đủ điều kiện.")
    services.approve(d.leader, dossier)
    result = SimpleUploadedFile("ket-qua.pdf", PDF, content_type="application/pdf")
    return services.attach_result(d.leader, dossier, result_file=result, result_name="Phiếu lý lịch tư pháp")


# --- submitting ----------------------------------------------------------------------------------------
def test_a_checked_draft_is_submitted_from_its_page_once_even_when_posted_twice(world, login):
    draft = checked_draft(world)
    client = login(world.citizen)
    page = client.get(reverse("services:draft", args=[draft.pk])).content.decode()
    assert 'id="submit-dossier"' in page and "Nộp hồ sơ" in page
    token = _token(page)
    first = client.post(_submit_url(draft), {"form_token": token})
    again = client.post(_submit_url(draft), {"form_token": token}, follow=True)
    dossier = Dossier.objects.get()
    assert first.url == _page(dossier)
    assert again.redirect_chain[-1][0] == _page(dossier)
    assert any("đã được nộp" in m for m in _messages(again))
    # another token (the page opened again in a second tab): still the one dossier of the draft
    other = client.post(_submit_url(draft), {"form_token": "x" * 32})
    assert other.url == _page(dossier) and Dossier.objects.count() == 1
    assert dossier.status == Status.WAITING_CHECK and dossier.receiving_agency == world.sotp.agency
    landed = client.get(_page(dossier)).content.decode()
    assert "Chờ kiểm tra (nộp trực tuyến)" in landed and "Nộp hồ sơ trực tuyến" in landed
    # the draft's page now leads to the dossier instead of offering to submit it again
    page = client.get(reverse("services:draft", args=[draft.pk])).content.decode()
    assert 'id="submit-dossier"' not in page and _page(dossier) in page
    assert _page(dossier) in client.get(reverse("services:drafts")).content.decode()


def test_a_draft_not_checked_has_no_submit_button_and_a_hand_made_post_is_refused(world, login):
    draft = checked_draft(world)
    draft.checked_ok_at = None
    draft.save(update_fields=["checked_ok_at"])
    client = login(world.citizen)
    assert (
        'id="submit-dossier"' not in client.get(reverse("services:draft", args=[draft.pk])).content.decode()
    )
    response = client.post(_submit_url(draft), {"form_token": "y" * 32})
    assert response.status_code == 400
    assert any("Kiểm tra hồ sơ" in m for m in _messages(response))
    assert not Dossier.objects.exists()
    # a post without its token is refused and shown again with a fresh one
    response = client.post(_submit_url(draft), {})
    assert response.status_code == 400 and "Trang này đã cũ" in response.content.decode()


def test_a_commune_procedure_asks_for_the_commune_that_decides(world, login):
    draft = checked_draft(world, world.commune_version)
    client = login(world.citizen)
    page = client.get(reverse("services:draft", args=[draft.pk])).content.decode()
    assert 'name="commune"' in page and world.xa_b.agency.name in page
    token = _token(page)
    missing = client.post(_submit_url(draft), {"form_token": token})
    assert missing.status_code == 400
    assert "Thủ tục cấp xã: hãy chọn xã, phường giải quyết hồ sơ." in missing.content.decode()
    not_a_commune = client.post(_submit_url(draft), {"form_token": token, "commune": world.sotp.agency.pk})
    assert not_a_commune.status_code == 400
    assert "không phải xã, phường đang hoạt động" in not_a_commune.content.decode()
    assert not Dossier.objects.exists()
    done = client.post(_submit_url(draft), {"form_token": token, "commune": world.xa_b.agency.pk})
    dossier = Dossier.objects.get()
    assert done.url == _page(dossier)
    assert dossier.competent_agency == world.xa_b.agency == dossier.receiving_agency


def test_the_receiving_agency_is_asked_for_when_the_procedure_names_several(world, login):
    world.province_procedure.receiving_agencies.set([world.sotp.agency, world.xa_a.agency])
    draft = checked_draft(world)
    client = login(world.citizen)
    token = _token(client.get(reverse("services:draft", args=[draft.pk])).content.decode())
    response = client.post(_submit_url(draft), {"form_token": token})
    assert response.status_code == 400 and "Hãy chọn cơ quan tiếp nhận hồ sơ." in response.content.decode()
    client.post(_submit_url(draft), {"form_token": token, "agency": world.xa_a.agency.pk})
    dossier = Dossier.objects.get()
    assert dossier.receiving_agency == world.xa_a.agency and dossier.competent_agency == world.sotp.agency


def test_another_citizens_draft_cannot_be_submitted(world, login):
    draft = checked_draft(world)
    response = login(world.other_citizen).post(_submit_url(draft), {"form_token": "z" * 32})
    assert response.status_code == 404 and not Dossier.objects.exists()


# --- who sees the pages --------------------------------------------------------------------------------
def test_my_dossiers_lists_only_my_own(world, login):
    client, mine = _submitted(world, login)
    services.accept_dossier(world.sotp.officer, mine)
    mine.refresh_from_db()
    theirs = services.submit_online(world.other_citizen, _other_draft(world))
    html = client.get(reverse("onestop:citizen-dossiers")).content.decode()
    assert mine.code in html and world.version.procedure.name in html and "Đã tiếp nhận" in html
    assert mine.due_at is not None and _page(mine) in html
    assert _page(theirs) not in html
    assert reverse("onestop:citizen-dossiers") in client.get("/").content.decode()  # the menu's link


def _other_draft(world):
    draft = checked_draft(world)
    draft.user = world.other_citizen
    draft.save(update_fields=["user"])
    return draft


@pytest.mark.parametrize("name", ["detail", "result", "paper", "resubmit", "withdraw"])
def test_another_citizens_dossier_is_not_found(world, login, name):
    _client, dossier = _submitted(world, login)
    paper = dossier.papers.exclude(file="").first()
    url = {
        "detail": _page(dossier),
        "result": reverse("onestop:citizen-result-file", args=[dossier.pk]),
        "paper": reverse("onestop:citizen-paper-file", args=[dossier.pk, paper.pk]),
        "resubmit": reverse("onestop:citizen-resubmit", args=[dossier.pk]),
        "withdraw": reverse("onestop:citizen-withdraw", args=[dossier.pk]),
    }[name]
    client = login(world.other_citizen)
    response = (
        client.post(url, {"withdraw-reason": "x"}) if name in {"resubmit", "withdraw"} else client.get(url)
    )
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_CHECK


def test_staff_who_see_the_dossier_cannot_use_the_citizen_pages_for_it_and_anonymous_must_sign_in(
    world, login
):
    _client, dossier = _submitted(world, login)
    officer = login(world.sotp.officer)
    assert officer.get(reverse("onestop:dossier", args=[dossier.pk])).status_code == 200  # the staff page
    assert officer.get(_page(dossier)).status_code == 404
    response = officer.post(reverse("onestop:citizen-withdraw", args=[dossier.pk]), {"withdraw-reason": "x"})
    assert response.status_code == 404
    assert _page(dossier) not in officer.get(reverse("onestop:citizen-dossiers")).content.decode()
    withdraw = reverse("onestop:citizen-withdraw", args=[dossier.pk])
    for url in [_page(dossier), reverse("onestop:citizen-dossiers"), withdraw]:
        response = Client().post(url, {"withdraw-reason": "x"}) if url == withdraw else Client().get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response.url
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_CHECK


# --- the applicant's actions ---------------------------------------------------------------------------
def test_resubmit_after_the_desk_asks_to_complete_the_dossier(world, login):
    client, dossier = _submitted(world, login)
    services.request_completion(world.sotp.officer, dossier, "Bản vẽ thiếu mặt cắt.")
    page = client.get(_page(dossier)).content.decode()
    assert "Bản vẽ thiếu mặt cắt." in page and 'id="action-resubmit"' in page
    url = reverse("onestop:citizen-resubmit", args=[dossier.pk])
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Hãy đính kèm ít nhất một giấy tờ" in empty.content.decode()
    paper = world.version.papers.get(key="ban_ve")
    fake = SimpleUploadedFile("ban-ve.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(url, {f"resubmit-paper_{paper.pk}": fake}, follow=True)
    dossier.refresh_from_db()
    assert dossier.status == Status.NEEDS_COMPLETION and refused.status_code == 200
    assert _messages(refused) and not dossier.papers.filter(is_supplement=True).exists()
    good = SimpleUploadedFile("ban-ve.pdf", PDF, content_type="application/pdf")
    done = client.post(url, {f"resubmit-paper_{paper.pk}": good}, follow=True)
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_CHECK
    assert any("Đã nộp lại" in m for m in _messages(done))
    assert dossier.papers.get(is_supplement=True).required_paper == paper
    assert 'id="action-resubmit"' not in done.content.decode()


def test_the_applicant_supplies_the_papers_online_and_the_clock_resumes(world, login):
    client, dossier = _submitted(world, login)
    desk = world.sotp
    dossier = services.accept_dossier(desk.officer, dossier)
    dossier = services.hand_over(desk.officer, dossier, desk.department)
    dossier = services.assign(desk.head, dossier, desk.specialist)
    dossier = services.request_supplement(desk.specialist, dossier, "Thiếu bản vẽ mặt cắt.")
    page = client.get(_page(dossier)).content.decode()
    assert "Thiếu bản vẽ mặt cắt." in page and 'id="action-receive_supplement"' in page
    url = reverse("onestop:citizen-supplement", args=[dossier.pk])
    assert client.post(url, {}).status_code == 400  # no paper attached: shown again, nothing written
    paper = world.version.papers.get(key="ban_ve")
    other = login(world.other_citizen)
    good = SimpleUploadedFile("ban-ve.pdf", PDF, content_type="application/pdf")
    assert other.post(url, {f"receive_supplement-paper_{paper.pk}": good}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT and dossier.pauses.get().ended_at is None
    good = SimpleUploadedFile("ban-ve.pdf", PDF, content_type="application/pdf")
    done = client.post(url, {f"receive_supplement-paper_{paper.pk}": good}, follow=True)
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.pauses.get().ended_at is not None
    assert any("Đã nộp hồ sơ bổ sung" in m for m in _messages(done))
    assert dossier.papers.get(is_supplement=True).required_paper == paper
    again = client.post(url, {f"receive_supplement-paper_{paper.pk}": good}, follow=True)
    assert _messages(again) and dossier.papers.filter(is_supplement=True).count() == 1  # pressed twice


def test_withdraw_with_a_reason(world, login):
    client, dossier = _submitted(world, login)
    url = reverse("onestop:citizen-withdraw", args=[dossier.pk])
    assert 'id="action-withdraw"' in client.get(_page(dossier)).content.decode()
    empty = client.post(url, {"withdraw-reason": "   "})
    assert empty.status_code == 400
    assert "Hãy kiểm tra lại thông tin của thao tác." in _messages(empty)
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_CHECK
    done = client.post(url, {"withdraw-reason": "Tôi nộp nhầm thủ tục."}, follow=True)
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN and dossier.decision_reason == "Tôi nộp nhầm thủ tục."
    assert "Tôi nộp nhầm thủ tục." in done.content.decode()
    again = client.post(url, {"withdraw-reason": "Lần nữa."}, follow=True)
    assert again.status_code == 200 and any("không" in m.lower() for m in _messages(again))
    assert DossierEvent.objects.filter(dossier=dossier, action="withdraw").count() == 1


def test_nul_characters_are_refused_and_nothing_changes(world, login):
    client, dossier = _submitted(world, login)
    response = client.post(
        reverse("onestop:citizen-withdraw", args=[dossier.pk]), {"withdraw-reason": "a\x00b"}
    )
    assert response.status_code == 400 and "ký tự NUL" in response.content.decode()
    draft = checked_draft(world, world.commune_version)
    response = client.post(
        _submit_url(draft), {"form_token": "q" * 32, "commune": f"{world.xa_a.agency.pk}\x00"}
    )
    assert response.status_code == 400 and "ký tự NUL" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_CHECK and Dossier.objects.count() == 1


def test_the_result_is_downloaded_once_signed_and_sealed_and_the_first_download_returns_it(
    world, login, settings, tmp_path
):
    clerk = signers(world.sotp, settings, tmp_path / "ca")
    client, dossier = _submitted(world, login)
    url = reverse("onestop:citizen-result-file", args=[dossier.pk])
    assert client.get(url).status_code == 404  # no result yet
    _approved(world, dossier)
    services.sign_result(world.sotp.leader, dossier, DEMO_PIN)
    assert client.get(url).status_code == 404  # signed, not yet sealed: not the result yet
    assert url not in client.get(_page(dossier)).content.decode()
    pay_fees(world.sotp, services.seal_result(clerk, dossier, DEMO_PIN))
    page = client.get(_page(dossier)).content.decode()
    assert url in page and 'id="action-withdraw"' not in page
    first = client.get(url)
    assert first.status_code == 200 and b"".join(first.streaming_content).startswith(b"%PDF")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.return_method == ReturnMethod.ONLINE
    assert dossier.returned_to == dossier.applicant_name
    second = client.get(url)
    assert second.status_code == 200
    assert DossierEvent.objects.filter(dossier=dossier, action="return_result").count() == 1


def test_the_timeline_shows_the_applicant_what_concerns_them_only(world, login):
    client, dossier = _submitted(world, login)
    services.accept_dossier(world.sotp.officer, dossier)
    services.hand_over(world.sotp.officer, dossier, world.sotp.department, note="Ghi chú nội bộ của phòng")
    html = client.get(_page(dossier)).content.decode()
    assert "Tiếp nhận hồ sơ, hẹn trả" in html
    assert f"Chuyển {world.sotp.department.name}" in html  # where it went ...
    assert "Ghi chú nội bộ của phòng" not in html  # ... not what was written with it
    services.assign(world.sotp.head, dossier, world.sotp.specialist, note="Giao anh Minh")
    assert "Giao anh Minh" not in client.get(_page(dossier)).content.decode()


def test_my_dossiers_shows_the_working_time_left_in_a_constant_number_of_queries(world, login):
    client = login(world.citizen)
    url = reverse("onestop:citizen-dossiers")
    mine = walk_in(name=world.citizen.full_name, personal_id=world.citizen.personal_id, user=world.citizen)
    accepted(world, when=timezone.now(), applicant=mine)
    with CaptureQueriesContext(connection) as one:
        html = client.get(url).content.decode()
    assert "làm việc" in html  # "còn 2 ngày 3 giờ làm việc"
    for _ in range(4):
        accepted(world, when=timezone.now(), applicant=mine)
    with CaptureQueriesContext(connection) as five:
        html = client.get(url).content.decode()
    assert html.count('class="row-title"') == 5
    assert len(five) == len(one)
