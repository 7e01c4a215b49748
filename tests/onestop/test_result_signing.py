"""The result is signed by the competent agency's leader and sealed by its clerk (regulations §2): both
signatures validate, the public verification page knows the sealed file by upload and by its QR token, and
every refusal (wrong PIN, another agency's leader or clerk, a file changed while signing) writes nothing."""

import io

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.audit.models import AuditEntry
from egov.errors import DomainError, NotPermitted, TransitionNotAllowed
from egov.pdf.render import render_pdf
from egov.signing.demo_pki import DEMO_PIN
from egov.signing.models import RegisteredDocument
from egov.signing.registry import verification_url
from egov.signing.validation import validate_pdf
from onestop import queries, services
from onestop.models import DossierStep, ReturnMethod, Status

from .conftest import at, processing
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
    assert dossier in queries.results_to_seal(sotp.clerk)
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
