"""egov.signing is a layer under the apps: its modules import one another without a cycle (lazy imports
inside functions count too, they only hide a cycle), and it never imports documents, which calls it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIGNING = "egov.signing"


def _modules(package: str) -> dict[str, Path]:
    base = ROOT.joinpath(*package.split("."))
    found = {}
    for path in base.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The known modules `module` imports, anywhere in its body."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            while name and name not in known:  # `from egov.signing.models import X` -> egov.signing.models
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
    return targets


def _graph(*packages: str) -> dict[str, set[str]]:
    modules = {}
    for package in packages:
        modules.update(_modules(package))
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_cycle_finder_sees_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_cycle_among_signing_modules():
    graph = _graph(SIGNING)
    signing_only = {name: {t for t in targets if t.startswith(SIGNING)} for name, targets in graph.items()}
    assert _cycle(signing_only) is None


def test_signing_never_imports_documents():
    graph = _graph(SIGNING, "documents")
    documents_uses_signing = any(
        t.startswith(SIGNING)
        for name, targets in graph.items()
        if name.startswith("documents")
        for t in targets
    )
    assert documents_uses_signing  # the direction that exists: documents calls signing
    offenders = sorted(
        f"{name} -> {t}"
        for name, targets in graph.items()
        if name.startswith(SIGNING)
        for t in targets
        if t.startswith("documents")
    )
    assert offenders == []
