"""The documents app's modules import one another without a cycle (models never import workflow or
services; services never import tasks), counting imports inside functions too: a lazy import only hides
a cycle."""

import ast
from pathlib import Path

import documents

ROOT = Path(documents.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """The documents modules `path` imports; `from x import y` counts x.y when that is a module, and an
    import of a.b.c imports the packages a.b and a too (their __init__ runs first), except the importer's
    own packages."""
    is_package = path.name == "__init__.py"
    base = name.split(".") if is_package else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                source = ".".join(anchor + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [source] + [f"{source}.{alias.name}" for alias in node.names]
        for target in targets:
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                candidate = ".".join(parts[:i])
                own_package = name.startswith(candidate + ".")  # already importing, not an edge
                if candidate in known and candidate != name and not own_package:
                    found.add(candidate)
    return found


def graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}
    known = set(paths)
    return {name: imported(path, name, known) for name, path in paths.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle_among_the_documents_modules():
    assert find_cycle(graph()) is None


def test_the_layers_point_one_way():
    edges = graph()
    assert not {"documents.workflow", "documents.services"} & edges["documents.models"]
    assert "documents.tasks" not in set().union(
        *(v for k, v in edges.items() if k.startswith("documents.services"))
    )


def test_the_checker_sees_a_lazy_cycle():
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
