"""Who may import the web, and how the store's modules import one another, read from the source.

Only the web itself and the two commands that start it (``dudao serve``, ``dudao demo``) import
:mod:`dudao.web`: the library, the store and every other command never do, not even inside a
function. Inside the store, modules import one another in one direction, at the top: a module that
imports another inside a function to dodge a circle is a circle all the same.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SOURCE / "dudao"
MAY_IMPORT_THE_WEB = {"cli/serve.py", "cli/demo.py"}


def _module(path: Path, source: Path = SOURCE) -> str:
    parts = list(path.relative_to(source).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, source: Path = SOURCE) -> Iterator[tuple[str, ast.stmt, bool]]:
    """Every module ``path`` (under ``source``) imports, by its absolute name, with the statement
    and whether it is inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module(path, source)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inside.update(id(child) for child in ast.walk(node) if child is not node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node, id(node) in inside
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            yield base, node, id(node) in inside
            for alias in node.names:  # from dudao import web
                yield f"{base}.{alias.name}", node, id(node) in inside


def _sources(under: Path) -> list[Path]:
    return sorted(p for p in under.rglob("*.py") if "migrations" not in p.parts)


def _is_web(name: str) -> bool:
    return name == "dudao.web" or name.startswith("dudao.web.")


def test_only_the_web_and_the_commands_that_start_it_import_the_web() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}:{node.lineno} imports {name}"
        for path in _sources(PACKAGE)
        if path.relative_to(PACKAGE).parts[0] != "web"
        and str(path.relative_to(PACKAGE)) not in MAY_IMPORT_THE_WEB
        for name, node, _ in _imports(path)
        if _is_web(name)
    ]
    assert offenders == []


def test_the_scan_finds_an_import_of_the_web_wherever_it_is(tmp_path: Path) -> None:
    package = tmp_path / "dudao" / "cli"
    package.mkdir(parents=True)
    sneaky = package / "sneaky.py"
    sneaky.write_text(
        "from dudao import web\n"
        "def f():\n    from dudao.web.rounds import models\n    import dudao.web.server\n"
        "from .. import web as w\n",
        encoding="utf-8",
    )
    found = {(name, node.lineno, inside) for name, node, inside in _imports(sneaky, tmp_path) if _is_web(name)}
    assert ("dudao.web", 1, False) in found
    assert ("dudao.web.rounds", 3, True) in found and ("dudao.web.server", 4, True) in found
    assert ("dudao.web", 5, False) in found  # the relative import, resolved


def _store_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    modules = {_module(path): path for path in _sources(PACKAGE / "store")}
    for module, path in modules.items():
        graph[module] = {name for name, _, _ in _imports(path) if name in modules and name != module}
    return graph


def test_the_store_imports_nothing_of_its_own_inside_a_function() -> None:
    modules = {_module(path) for path in _sources(PACKAGE / "store")}
    hidden = [
        f"{path.relative_to(SOURCE)}:{node.lineno} imports {name} inside a function"
        for path in _sources(PACKAGE / "store")
        for name, node, inside in _imports(path)
        if inside and name in modules
    ]
    assert hidden == []


def test_the_stores_modules_import_one_another_without_a_circle() -> None:
    graph = _store_graph()
    assert "dudao.store.entry.models" in graph["dudao.store.rounds.engine"]  # the graph is read
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import circle: " + " → ".join([*path[path.index(module) :], module]))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
