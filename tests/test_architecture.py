"""The product's shape: which package may import which (read from the source with `ast`, imports inside
functions included). Data flows corpus -> indexer -> archive (the index format) -> search -> web."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "indexer", "search", "web")
WEB_FRAMEWORK = {"flask", "werkzeug", "jinja2", "waitress"}
# package -> top-level names it must never import
FORBIDDEN = {
    "archive": {"indexer", "search", "web", "app", *WEB_FRAMEWORK},
    "indexer": {"search", "web", "app", *WEB_FRAMEWORK},
    "search": {"indexer", "web", "app", *WEB_FRAMEWORK},
    "web": {"indexer"},
    "app": {"indexer"},
}


def product_files() -> list[tuple[str, Path]]:
    files = [(pkg, path) for pkg in PACKAGES for path in sorted((ROOT / pkg).rglob("*.py"))]
    return [*files, ("app", ROOT / "app.py")]


def imported_packages(path: Path, package: str) -> set[str]:
    """Top-level names a module imports; a relative import stays inside its own package."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            out.add(package if node.level else (node.module or "").split(".")[0])
    return out


def import_edges() -> set[tuple[str, str]]:
    """(package, imported product package) pairs, e.g. ("search", "archive")."""
    edges = set()
    for package, path in product_files():
        for name in imported_packages(path, package):
            if name in (*PACKAGES, "app") and name != package:
                edges.add((package, name))
    return edges


@pytest.mark.parametrize(("package", "path"), product_files(), ids=lambda v: str(v).replace(str(ROOT) + "/", ""))
def test_no_forbidden_import(package: str, path: Path) -> None:
    bad = imported_packages(path, package) & FORBIDDEN[package]
    assert not bad, f"{path.relative_to(ROOT)} ({package}) imports {sorted(bad)}"


def test_the_graph_flows_one_way() -> None:
    edges = import_edges()
    assert ("search", "archive") in edges and ("indexer", "archive") in edges  # both sides use the format
    assert not {("search", "indexer"), ("indexer", "search"), ("indexer", "web"), ("archive", "indexer"),
                ("archive", "search"), ("web", "indexer")} & edges


def test_the_checker_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    mod = tmp_path / "m.py"
    mod.write_text("def f():\n    from indexer.canon import build_canon\n    from . import x\n", encoding="utf-8")
    assert imported_packages(mod, "search") == {"indexer", "search"}
