"""Every action the code writes to the audit trail has a Vietnamese label in the admin's audit list."""

import ast
from pathlib import Path

from egov.audit.admin import ACTION_LABELS

ROOT = Path(__file__).resolve().parents[2]
RECORDERS = {"record", "_record_with_request"}


def _recorded_actions() -> set[str]:
    actions = set()
    for app in ("egov", "documents", "services", "onestop", "reporting"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or len(node.args) < 2:
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                action = node.args[1]
                if name in RECORDERS and isinstance(action, ast.Constant) and isinstance(action.value, str):
                    actions.add(action.value)
    return actions


def test_the_walk_finds_the_actions():
    assert {"documents.issue", "accounts.login_failed", "admin.delete"} <= _recorded_actions()


def test_every_recorded_action_has_a_vietnamese_label():
    assert sorted(_recorded_actions() - ACTION_LABELS.keys()) == []
