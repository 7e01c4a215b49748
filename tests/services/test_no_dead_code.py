"""Every top-level function and class of the catalogue, directory, workdays and accounts apps is used
somewhere in the repository (code, templates or tests), beyond its own definition."""

import ast
import re
import subprocess
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["services", "egov/directory", "egov/workdays", "egov/accounts"]


def _definitions():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if not isinstance(node, ast.FunctionDef | ast.ClassDef) or node.decorator_list:
                    continue  # a decorated one is registered (admin, signal receivers, template tags)
                if isinstance(node, ast.ClassDef) and any(
                    getattr(b, "id", "") == "AppConfig" for b in node.bases
                ):
                    continue
                yield node.name, path.relative_to(ROOT)


def test_no_unused_definitions():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py", "*.html"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    words = Counter()
    for name in listed:
        if (ROOT / name).exists():
            words.update(re.findall(r"\w+", (ROOT / name).read_text(encoding="utf-8", errors="ignore")))
    unused = [f"{path}: {name}" for name, path in _definitions() if words[name] < 2]
    assert unused == []
