"""Every setting is declared once, in egov/settings.py (with its environment variable and documented in the
README): no code reads one with a default of its own, every `settings.NAME` the code reads exists, and
the time zone is named in the settings only."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", "tests", "bench", "var", "staticfiles", "migrations"}
# the project's settings and Django's own defaults
DECLARED = {name for name in dir(settings) if name.isupper()}


def places(matches) -> list[str]:
    """'path:line code' of every node of the first-party code for which `matches(node)` holds."""
    found = []
    tops = [top for top in ROOT.iterdir() if top.name not in SKIPPED and not top.name.startswith(".")]
    sources = [path for top in tops for path in ([top] if top.is_file() else top.rglob("*.py"))]
    for path in sorted(path for path in sources if path.suffix == ".py"):
        if SKIPPED.intersection(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if matches(node):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    return found


def _is_settings(node) -> bool:
    return isinstance(node, ast.Name) and node.id == "settings"


def test_no_setting_is_read_with_a_default_of_its_own():
    hidden = places(
        lambda node: (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and bool(node.args)
            and _is_settings(node.args[0])
        )
    )
    assert hidden == [], "declare these in egov/settings.py and read settings.NAME:\n" + "\n".join(hidden)


def test_every_setting_the_code_reads_is_declared():
    undeclared = places(
        lambda node: (
            isinstance(node, ast.Attribute)
            and _is_settings(node.value)
            and node.attr.isupper()
            and node.attr not in DECLARED
        )
    )
    assert undeclared == []


def test_every_environment_variable_of_the_settings_is_in_the_readme():
    source = (ROOT / "egov" / "settings.py").read_text()
    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', source))
    readme = (ROOT / "README.md").read_text()
    assert names and sorted(name for name in names if f"`{name}`" not in readme) == []


def test_the_time_zone_is_named_once():
    named = places(lambda node: isinstance(node, ast.Constant) and node.value == "Asia/Ho_Chi_Minh")
    assert len(named) == 1 and named[0].startswith("egov/settings.py:"), named
