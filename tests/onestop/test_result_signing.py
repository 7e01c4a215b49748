"""The result is signed by the competent agency's leader and sealed by its clerk (regulations §2): both
signatures validate, the public verification page knows the sealed file by upload and by its QR token, and
every refusal (wrong PIN, another agency's leader or clerk, a file changed while signing) writes nothing."""

# ruff: noqa: F811  (the `login` fixture, imported from the documents tests, is taken as an argument)
import datetime
import io

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from egov.audit.models import AuditEntry
from egov.errors import DomainError, NotPermitted, TransitionNotAllowed
from egov.pdf.render import render_pdf
from egov.signing.demo_pki import DEMO_PIN
from egov.signing.models import RegisteredDocument
from egov.signing.registry import verification_url
from egov.signing.validation import validate_pdf
from egov.workdays import clock
from onestop import queries, services
from onestop.models import DossierStep, ReturnMethod, Status
from tests.documents.conftest import login  # noqa: F401 (fixture)

from .conftest import at, pay_fees, processing
from .signers import demo_pki, signers  # noqa: F401 (the fixture)

pytestmark = pytest.mark.usefixtures("demo_pki")


@pytest.fixture
def sotp(world):
    return signers(world.sotp)


def approved(world):
    d = world.sotp
    dossier = services.record_appraisal(d.specialist, processing(world), "Đủ điều kiện", at=at(3, 10))
    return services.approve(d.leader, dossier, at=at(4, 10))


def uploaded_result() -> SimpleUploadedFile:
    pdf = render_pdf(
        "pdf/sample.html", {"doc_type": "Giấy phép", "abstract": "Giấy phép xây dựng số 12/GPXD"}
    )
    return SimpleUploadedFile("kq.pdf", pdf, content_type="application/pdf")


def _bytes(dossier) -> bytes:
    dossier.refresh_from_db()
    with dossier.result_file.open("rb") as handle:
        return handle.read()


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("upload", [False, True], ids=["from the template", "uploaded"])
def test_signed_by_the_leader_sealed_by_the_clerk_and_verifiable(world, sotp, client, upload):
    dossier = approved(world)
    dossier = services.attach_result(
        sotp.leader, dossier, result_file=uploaded_result() if upload else None, at=at(5, 9)
    )
    assert dossier.status == Status.RESULT_SIGNING and dossier.result_ready_at is None
    token = dossier.result_verify_token
    unsigned = _text(_bytes(dossier))
    assert "Xác thực kết quả điện tử" in unsigned and token in unsigned.replace("\n", "")
    if upload:
        assert "Giấy phép xây dựng số 12/GPXD" in unsigned
    else:
        assert "Kết quả giải quyết thủ tục hành chính".upper() in unsigned.upper()
        assert all(part in unsigned for part in (dossier.code, "Lê Văn Hùng", "Cấp phiếu lý lịch tư pháp"))
    assert dossier in queries.leader_queue(sotp.leader)

    dossier = services.sign_result(sotp.leader, dossier, DEMO_PIN, at=at(5, 10))
    assert dossier.status == Status.RESULT_SEALING
    assert dossier in queries.results_to_seal(sotp.clerk) and dossier in queries.visible_to(sotp.clerk)
    assert dossier not in queries.desk_results_to_return(sotp.officer)
    dossier = services.seal_result(sotp.clerk, dossier, DEMO_PIN, at=at(5, 11))
    assert dossier.status == Status.RESULT_READY and dossier.result_ready_at == at(5, 11)
    assert dossier.steps.filter(kind=DossierStep.Kind.RETURN, done_at__isnull=True).count() == 1
    assert dossier in queries.desk_results_to_return(sotp.officer)

    sealed = _bytes(dossier)
    report = validate_pdf(sealed)
    assert len(report.signatures) == 2 and report.all_ok, report.summary
    assert [s.signer_name for s in report.signatures] == [sotp.leader.full_name, sotp.agency.name]
    registered = RegisteredDocument.objects.get(verify_token=token)
    assert registered.agency == sotp.agency and registered.notation == dossier.code
    by_upload = client.post(
        "/chu-ky-so/xac-thuc/", {"file": SimpleUploadedFile("kq.pdf", sealed, content_type="application/pdf")}
    )
    assert by_upload.status_code == 200 and by_upload.context["registered"] == registered
    path = reverse("signing:verify-token", args=[token])
    assert verification_url(token).endswith(path)
    by_token = client.get(path)
    assert by_token.status_code == 200 and by_token.context["registered"] == registered
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions[-3:] == ["attach_result", "sign_result", "seal_result"]
    assert AuditEntry.objects.filter(action__in=["onestop.sign_result", "onestop.seal_result"]).count() == 2
    dossier = pay_fees(sotp, dossier, at=at(6, 9))
    dossier = services.return_result(
        sotp.officer, dossier, ReturnMethod.COUNTER, received_by_name="Lê Văn Hùng", at=at(6, 9)
    )
    assert dossier.status == Status.RETURNED


def _state(dossier):
    dossier.refresh_from_db()
    return dossier.status, dossier.result_file.name, dossier.events.count(), AuditEntry.objects.count()


def test_a_wrong_pin_writes_nothing(world, sotp):
    dossier = services.attach_result(sotp.leader, approved(world))
    before = _state(dossier)
    with pytest.raises(DomainError, match="PIN"):
        services.sign_result(sotp.leader, dossier, "000000")
    assert _state(dossier) == before
    dossier = services.sign_result(sotp.leader, dossier, DEMO_PIN)
    before = _state(dossier)
    with pytest.raises(DomainError, match="PIN"):
        services.seal_result(sotp.clerk, dossier, "000000")
    assert _state(dossier) == before and not RegisteredDocument.objects.exists()


def test_another_agencys_leader_and_clerk_are_refused(world, sotp):
    other = signers(world.xa_a)
    dossier = services.attach_result(sotp.leader, approved(world))
    before = _state(dossier)
    for who in (other.leader, sotp.clerk, sotp.specialist):
        with pytest.raises(NotPermitted):
            services.sign_result(who, dossier, DEMO_PIN)
    assert _state(dossier) == before
    with pytest.raises(TransitionNotAllowed):
        services.seal_result(sotp.clerk, dossier, DEMO_PIN)
    dossier = services.sign_result(sotp.leader, dossier, DEMO_PIN)
    before = _state(dossier)
    for who in (other.clerk, sotp.leader, sotp.officer):
        with pytest.raises(NotPermitted):
            services.seal_result(who, dossier, DEMO_PIN)
    assert _state(dossier) == before


def test_a_result_changed_while_signing_is_refused(world, sotp, monkeypatch):
    """Another request replaces the result file between the read and the lock: the signature is not kept."""
    dossier = services.attach_result(sotp.leader, approved(world))
    sign = services.signing.sign_as_person

    def sign_while_replaced(pdf, **kwargs):
        signed = sign(pdf, **kwargs)
        fresh = type(dossier).objects.get(pk=dossier.pk)
        fresh.result_file.save("khac.pdf", ContentFile(uploaded_result().read()), save=True)
        return signed

    monkeypatch.setattr(services.signing, "sign_as_person", sign_while_replaced)
    with pytest.raises(DomainError, match="vừa được thay đổi"):
        services.sign_result(sotp.leader, dossier, DEMO_PIN)
    dossier.refresh_from_db()
    assert dossier.status == Status.RESULT_SIGNING
    assert not dossier.events.filter(action="sign_result").exists()


def test_the_result_must_be_a_pdf(world, sotp):
    dossier = approved(world)
    png = SimpleUploadedFile("kq.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32, content_type="image/png")
    with pytest.raises(DomainError, match="PDF"):
        services.attach_result(sotp.leader, dossier, result_file=png)
    dossier.refresh_from_db()
    assert dossier.status == Status.APPROVED and not dossier.result_file


# --- the dossier page and the API ------------------------------------------------------------------------
def _post(client, dossier, action, data):
    response = client.post(reverse("onestop:dossier-action", args=[dossier.pk, action]), data, follow=True)
    assert response.status_code == 200
    dossier.refresh_from_db()
    return [str(m) for m in response.context["messages"]]


def test_the_leader_signs_and_the_clerk_seals_on_the_dossier_page(world, sotp, login):
    dossier = services.attach_result(sotp.leader, approved(world))
    leader = login(sotp.leader)
    assert list(leader.get(reverse("onestop:queue", args=["lanh-dao"])).context["page"]) == [dossier]
    page = leader.get(reverse("onestop:dossier", args=[dossier.pk])).content.decode()
    assert 'id="action-sign_result"' in page and 'type="password"' in page
    assert any("PIN" in m for m in _post(leader, dossier, "sign_result", {"sign_result-pin": "000000"}))
    assert dossier.status == Status.RESULT_SIGNING
    _post(leader, dossier, "sign_result", {"sign_result-pin": DEMO_PIN})
    assert dossier.status == Status.RESULT_SEALING
    clerk = login(sotp.clerk)
    # the clerk's menu leads to the seal queue, and only there: no desk, no other queues
    menu = clerk.get(reverse("staff-home")).content.decode()
    assert f'href="{reverse("onestop:queue-seal")}"' in menu
    assert f'href="{reverse("onestop:desk")}"' not in menu
    to_seal = clerk.get(reverse("onestop:queue-seal"))
    assert list(to_seal.context["page"]) == [dossier] and dossier.code in to_seal.content.decode()
    assert f'href="{reverse("onestop:queue", args=["lanh-dao"])}"' not in to_seal.content.decode()
    assert "không có quyền" in " ".join(_post(leader, dossier, "seal_result", {"seal_result-pin": DEMO_PIN}))
    _post(clerk, dossier, "seal_result", {"seal_result-pin": DEMO_PIN})
    assert dossier.status == Status.RESULT_READY
    assert len(validate_pdf(_bytes(dossier)).signatures) == 2


def test_the_api_signs_and_seals(world, sotp, login):
    dossier = services.attach_result(sotp.leader, approved(world))
    base = f"/api/v1/ho-so/{dossier.pk}/thao-tac/"
    leader = login(sotp.leader, api=True)
    missing = leader.post(f"{base}sign_result/", {}, format="json")
    assert missing.status_code == 400 and "pin" in missing.json()
    wrong = leader.post(f"{base}sign_result/", {"pin": "000000"}, format="json")
    assert wrong.status_code == 400 and "PIN" in wrong.json()["detail"]
    assert leader.post(f"{base}sign_result/", {"pin": DEMO_PIN}, format="json").json()["status"] == (
        Status.RESULT_SEALING
    )
    clerk = login(sotp.clerk, api=True)
    sealed = clerk.post(f"{base}seal_result/", {"pin": DEMO_PIN}, format="json")
    assert sealed.status_code == 200 and sealed.json()["status"] == Status.RESULT_READY
    schema = login(sotp.leader).get("/api/schema/").content.decode()
    assert "sign_result" in schema and "new_due_day" in schema


def _fields(action, **values):
    return {f"{action}-{key}": value for key, value in values.items()}


def test_supplement_and_apology_on_the_dossier_page(world, login):
    """Both pages act now (no `at=`): the dossier was received three hours ago."""
    d = world.sotp
    dossier = processing(world, when=timezone.now() - datetime.timedelta(hours=3))
    dossier = services.request_supplement(d.specialist, dossier, "Thiếu bản vẽ")
    officer = login(d.officer)
    paper = dossier.version.papers.order_by("pk").first()
    scan = SimpleUploadedFile("bo-sung.pdf", uploaded_result().read(), content_type="application/pdf")
    _post(
        officer,
        dossier,
        "receive_supplement",
        _fields("receive_supplement", paper=paper.pk, count=1, upload=scan),
    )
    assert dossier.status == Status.PROCESSING
    assert dossier.papers.filter(required_paper=paper).exclude(file="").exists()
    due = dossier.due_at
    later = f"{clock.add_working_days(timezone.localtime(due).date(), 3):%d/%m/%Y}"
    apology = {"reason": "Chờ xác minh", "new_due_day": later}
    messages = _post(officer, dossier, "apologise", _fields("apologise", new_due_time="23:00", **apology))
    assert any("giờ làm việc" in m for m in messages) and not dossier.apologies.exists()
    bad = officer.post(
        reverse("onestop:dossier-action", args=[dossier.pk, "apologise"]),
        _fields("apologise", reason="Chờ", new_due_day="31/02/2027", new_due_time="10:00"),
    )
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.content.decode()
    _post(officer, dossier, "apologise", _fields("apologise", new_due_time="10:00", **apology))
    assert dossier.apologies.count() == 1 and dossier.due_at > due
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y %H:%M") == f"{later} 10:00"
