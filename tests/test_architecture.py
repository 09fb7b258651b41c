"""The package keeps its shape (issue 14): one place per stage, no cycles, a pure core.

These read the source, not the running program, so a change that quietly undoes the layout
fails here with the module and the import that broke it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "workflow"
MAX_LINES = 420

# The pure core: units, catalogs, merge, segmentation, glossary matching, checks, protection.
PURE = ("model", "merge", "locales", "errors", "segment", "protect", "glossary", "check.base",
        "check.values", "check.text", "check.prose", "check.runner", "extract.template",
        "export.localize", "align.beads", "check.quantities", "check.names", "inline", "check.wording", "check.memo",
        "check.across")
# What the pure core may never reach: files, processes, the network, the project layout.
IO_MODULES = {"project", "os", "pathlib", "tempfile", "shutil", "subprocess", "socket",
              "sqlite3", "fcntl", "urllib", "http", "requests", "flask", "io"}


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> list[tuple[str, list[str], int]]:
    """(module imported, names taken from it, line) for every import, at any depth."""
    path = MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                names = [a.name for a in node.names]
                if not node.module:   # "from . import x": x is a module, or a name of the package
                    for n in names:
                        sub = f"{target}.{n}".strip(".")
                        out.append((sub, [], node.lineno) if sub in MODULES
                                   else (target, [n], node.lineno))
                    continue
                out.append((target, names, node.lineno))
            else:
                out.append((f"~{node.module}", [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            out += [(f"~{a.name}", [], node.lineno) for a in node.names]
    return out


def _ours(target: str) -> str | None:
    """The module of ours an import names (a package resolves to its __init__)."""
    return target if target in MODULES else None


def _graph() -> dict[str, set[str]]:
    return {name: {t for t, _, _ in _imports(name) if _ours(t) and t != name}
            for name in MODULES}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_relative_import_names_a_module_of_ours(name):
    """Also the imports inside functions, which only fail when that function runs."""
    for target, names, line in _imports(name):
        if target.startswith("~"):
            continue
        assert target in MODULES or (target.rsplit(".", 1)[0] in MODULES and names == []), (
            f"{MODULES[name]}:{line}: imports {target!r}, which is not a module of ours")


def test_no_import_cycles():
    graph = _graph()
    # a package's __init__ importing its own submodules is how a package presents itself
    for name in graph:
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_too_long(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name]}: {lines} lines; split it by what it holds"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_a_private_name_of_another(name):
    for target, names, line in _imports(name):
        if not _ours(target):
            continue
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not private, f"{MODULES[name]}:{line}: imports private {private} from {target}"


def _reach(name: str, graph: dict[str, set[str]]) -> set[str]:
    todo, seen = [name], set()
    while todo:
        node = todo.pop()
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@pytest.mark.parametrize("name", PURE)
def test_the_pure_core_reaches_no_io(name):
    graph = _graph()
    for module in {name} | _reach(name, graph):
        for target, _, line in _imports(module):
            top = target.lstrip("~").split(".")[0] if target.startswith("~") else target
            assert top not in IO_MODULES, (
                f"{MODULES[module]}:{line}: the pure core ({name}) reaches {target.lstrip('~')}")
            assert not (target in MODULES and target.split(".")[0] in
                        {"project", "cli", "web", "formats", "engines"}), (
                f"{MODULES[module]}:{line}: the pure core ({name}) reaches {target}")


def test_engines_never_import_the_stages():
    stages = {"extract", "stats", "review", "compile", "interchange", "web", "cli", "project"}
    for name in MODULES:
        if not name.startswith("engines"):
            continue
        for target, _, line in _imports(name):
            top = target.split(".")[0]
            assert top not in stages | {"pretranslate", "check", "export"}, (
                f"{MODULES[name]}:{line}: an engine imports the stage {target}")
