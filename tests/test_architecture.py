"""The layering ARCHITECTURE.md promises, read from the code's imports: no import circle
anywhere in the package, and front ends (the CLI, its commands, the web app) that import
nothing below the public API."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sensegrep"

FRONT_ENDS = ("sensegrep.cli", "sensegrep.commands", "sensegrep.web", "sensegrep.session")
# What a front end may import from the package: the facade, the API and the small
# public modules beside it.
PUBLIC = (
    "sensegrep",
    "sensegrep.api",
    "sensegrep.errors",
    "sensegrep.choices",
    "sensegrep.request",
    "sensegrep.output",
    "sensegrep.version",
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _target(name: str) -> str | None:
    """The package's module that an import of ``name`` loads (its nearest known one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """Every sensegrep module ``module`` imports, at the top, in a function or for type
    checking alike (a lazy import is still an arrow of the design)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # `from pkg import sub` imports the submodule pkg.sub when there is one.
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                     for a in node.names]  # fmt: skip
        else:
            continue
        found |= {t for n in names if n.startswith("sensegrep") and (t := _target(n))}
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def _circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(GRAPH[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def test_the_package_has_no_import_circle():
    assert _circles() == []


def _is_front_end(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FRONT_ENDS)


def _is_public(module: str) -> bool:
    return module in PUBLIC or module.startswith("sensegrep.api.") or _is_front_end(module)


def test_front_ends_import_only_the_public_api():
    below = {
        module: sorted(m for m in GRAPH[module] if not _is_public(m))
        for module in GRAPH
        if _is_front_end(module)
    }
    assert {m: found for m, found in below.items() if found} == {}


def test_the_import_reader_sees_lazy_and_relative_imports():
    """The checks above are only as good as the graph: it must see the arrows that the
    lazy imports of the API and the commands draw."""
    assert "sensegrep.api" in GRAPH["sensegrep"]  # the facade's __getattr__
    assert "sensegrep.request" in GRAPH["sensegrep.commands.search"]
    assert "sensegrep.api.index" in GRAPH["sensegrep.api"]
    assert any(m.startswith("sensegrep.search") for m in GRAPH["sensegrep.api.index"])
