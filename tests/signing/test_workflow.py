"""Every status in signing moves only through the tables of egov/signing/workflow.py: each (state, action)
pair is either in the table (it succeeds, to the listed state) or refused."""

import ast
from pathlib import Path

import pytest
from django.utils import timezone

from egov.errors import TransitionNotAllowed
from egov.signing import certificates
from egov.signing.models import ExpiryWarning, PendingSignature, SigningCertificate
from egov.signing.workflow import (
    CERTIFICATE_WORKFLOW,
    EXPIRY_WARNING_WORKFLOW,
    REMOTE_SIGNATURE_WORKFLOW,
    advance,
)

# (machine, model status choices, {(state, action): target}) — everything else must be refused
TABLES = [
    (CERTIFICATE_WORKFLOW, SigningCertificate.Status, {("active", "revoke"): "revoked"}),
    (REMOTE_SIGNATURE_WORKFLOW, PendingSignature.Status, {("prepared", "complete"): "completed"}),
    (
        EXPIRY_WARNING_WORKFLOW,
        ExpiryWarning.Status,
        {("sending", "deliver"): "sent", ("sending", "fail"): "failed", ("failed", "retry"): "sending"},
    ),
]
PAIRS = [
    pytest.param(machine, state, action, allowed.get((state, action)), id=f"{state}-{action}")
    for machine, statuses, allowed in TABLES
    for state in statuses.values
    for action in machine.transitions
]


@pytest.mark.parametrize(("machine", "state", "action", "target"), PAIRS)
def test_each_state_and_action(machine, state, action, target):
    if target is None:
        with pytest.raises(TransitionNotAllowed):
            machine.target(state, action)
    else:
        assert machine.target(state, action) == target


@pytest.mark.parametrize(("machine", "statuses", "allowed"), TABLES)
def test_the_tables_name_only_real_statuses(machine, statuses, allowed):
    states = set(statuses.values)
    for transition in machine.transitions.values():
        assert transition.sources <= states and transition.target in states
    assert set(machine.labels) == states
    assert {(s, t.action) for t in machine.transitions.values() for s in t.sources} == set(allowed)


@pytest.mark.django_db
def test_a_revoked_certificate_cannot_be_revoked_again_and_a_stale_copy_loses(leader_cert, leader):
    stale = SigningCertificate.objects.get(pk=leader_cert.pk)
    certificates.revoke_certificate(leader_cert, reason="Lộ khóa", actor=leader)
    leader_cert.refresh_from_db()
    assert leader_cert.status == "revoked" and leader_cert.revoked_reason == "Lộ khóa"
    with pytest.raises(TransitionNotAllowed):
        certificates.revoke_certificate(leader_cert, reason="Lần nữa", actor=leader)
    with pytest.raises(TransitionNotAllowed):  # read before the revocation: the row has moved on
        advance(CERTIFICATE_WORKFLOW, stale, "revoke", revoked_reason="x", revoked_at=timezone.now())
    leader_cert.refresh_from_db()
    assert leader_cert.revoked_reason == "Lộ khóa"


def _status_writes(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign) else []
        for target in targets:
            for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(element, ast.Attribute) and element.attr == "status":
                    found.append(f"{path.name}:{node.lineno}")
        writes = isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"update", "create"}
        if writes and any(k.arg == "status" for k in node.keywords):
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_status_is_written_outside_the_workflow():
    package = Path(certificates.__file__).parent
    writes = [
        w
        for path in package.rglob("*.py")
        if "migrations" not in path.parts and path.name != "workflow.py"
        for w in _status_writes(path)
    ]
    assert writes == []


def test_the_status_writer_finder_sees_a_write(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("obj.status = 'revoked'\nModel.objects.filter().update(status='x')\n")
    assert _status_writes(sample) == ["x.py:1", "x.py:2"]
