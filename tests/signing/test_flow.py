import pytest

from egov.audit.models import AuditEntry
from egov.signing.validation import validate_pdf

from .conftest import LEADER_BOX, PIN


@pytest.mark.django_db
def test_two_signatures_validate_with_demo_root(doubly_signed, tmp_path):
    (tmp_path / "signed.pdf").write_bytes(doubly_signed)
    open("/tmp/sigdev/signed.pdf", "wb").write(doubly_signed)
    report = validate_pdf(doubly_signed)
    assert [s.field_name for s in report.signatures] == ["ChuKyLanhDao", "ChuKyCoQuan"]
    leader, organisation = report.signatures
    for s in report.signatures:
        assert s.intact and s.valid_signature and s.trusted and s.cert_valid_at_signing, s
        assert s.ok
    assert leader.signer_name == "Hoàng Văn Đức"
    assert organisation.signer_name == "Ủy ban nhân dân tỉnh Phú Thọ"
    assert not leader.covers_entire_file and organisation.covers_entire_file
    assert report.all_ok
    assert AuditEntry.objects.filter(action="signing.sign_person").count() == 1
    assert AuditEntry.objects.filter(action="signing.seal_organisation").count() == 1
