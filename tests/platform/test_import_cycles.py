"""No import cycles among the portal's own modules: each layer imports only the layers below it.

Read from the source with `ast` (nothing is imported): every `import` and `from ... import` of a
first-party module counts, at the top of a module or inside a function (an import moved into a function
hides a cycle, it does not break it); imports under `if TYPE_CHECKING:` do not run and do not count. A
package's `__init__` stands for the package. A cycle is a strongly connected group of two or more
modules. (documents.services, signing_hooks and tasks; documents.models and workflow;
egov.workdays.clock and models were such cycles.)
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("egov", "documents", "services", "onestop", "reporting")
SKIPPED = {"migrations", "__pycache__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def first_party_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if not SKIPPED.intersection(path.parts):
                modules[_module_name(path)] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported_names(tree: ast.AST, module: str, is_package: bool):
    """The dotted names an `import` brings in (for `from x import y`: x.y and x)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    modules = first_party_modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        targets = set()
        for name in _imported_names(tree, module, path.name == "__init__.py"):
            # the longest first-party module the name is, or lies in
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def _path_through(graph, group) -> str:
    """One cycle inside a group, for the message: a -> b -> ... -> a."""
    members = set(group)
    start = group[0]
    path, seen = [start], {start}
    node = start
    while True:
        following = sorted(graph[node] & members)
        if start in following and len(path) > 1:
            return " -> ".join([*path, start])
        nxt = next((n for n in following if n not in seen), None)
        if nxt is None:
            return " <-> ".join(group)
        path.append(nxt)
        seen.add(nxt)
        node = nxt


def test_the_graph_is_read():
    graph = import_graph()
    assert "documents.services.incoming" in graph["documents.services"]
    assert "egov.text" in graph["egov.files"]


def test_no_import_cycles():
    graph = import_graph()
    found = [_path_through(graph, group) for group in cycles(graph)]
    assert found == [], "import cycles:\n" + "\n".join(found)


def test_the_cycle_finder_sees_a_cycle_hidden_in_a_function():
    tree = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(tree) == [["a", "b", "c"]]
    assert _path_through(tree, ["a", "b", "c"]) == "a -> b -> c -> a"


# Layers point one way: (importer prefix, imported prefix) pairs that must never appear as a direct import.
FORBIDDEN = [
    ("documents.models", "documents.workflow"),
    ("documents.models", "documents.services"),
    ("documents.services", "documents.tasks"),
    ("egov.workdays.models", "egov.workdays.clock"),
    ("egov.signing", "documents"),  # documents calls signing, never the reverse
    ("egov", "onestop"),  # the platform serves the apps and knows none of them
]


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_the_layers_point_one_way():
    graph = import_graph()
    offenders = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        for importer, imported in FORBIDDEN
        if _under(module, importer) and _under(target, imported)
    )
    assert offenders == []
    assert any(_under(t, "egov.signing") for m, ts in graph.items() if _under(m, "documents") for t in ts)
