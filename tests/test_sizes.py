"""Small modules and short functions: no product function over 60 lines and no product module over 400 lines,
unless its docstring says why (a line starting "Size:") and it is on the short list below."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "indexer", "search", "web")
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400
# Modules and functions allowed to be longer; each states its reason in its own docstring ("Size: ...").
LONG_MODULES: set[str] = set()
LONG_FUNCTIONS: set[str] = set()


def product_modules() -> list[Path]:
    return [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))] + [ROOT / "app.py"]


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _states_size(doc: str | None) -> bool:
    return any(line.strip().startswith("Size:") for line in (doc or "").splitlines())


def long_modules() -> dict[str, ast.Module]:
    out = {}
    for path in product_modules():
        src = path.read_text(encoding="utf-8")
        if len(src.splitlines()) > MAX_MODULE_LINES:
            out[_name(path)] = ast.parse(src)
    return out


def long_functions() -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    out = {}
    for path in product_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    out[f"{_name(path)}:{node.name}"] = node
    return out


def test_no_long_module_without_a_stated_reason() -> None:
    found = long_modules()
    extra = sorted(set(found) - LONG_MODULES)
    assert not extra, f"modules over {MAX_MODULE_LINES} lines: {extra}"
    unstated = [name for name, tree in found.items() if not _states_size(ast.get_docstring(tree))]
    assert not unstated, f"say why in the module docstring ('Size: ...'): {unstated}"


def test_no_long_function_without_a_stated_reason() -> None:
    found = long_functions()
    extra = sorted(set(found) - LONG_FUNCTIONS)
    assert not extra, f"functions over {MAX_FUNCTION_LINES} lines: {extra}"
    unstated = [name for name, node in found.items() if not _states_size(ast.get_docstring(node))]
    assert not unstated, f"say why in the function docstring ('Size: ...'): {unstated}"


def test_the_allow_lists_hold_only_what_is_still_long() -> None:
    """An entry stays on a list only while it is long: a split module or function leaves it."""
    assert LONG_MODULES <= set(long_modules()) and LONG_FUNCTIONS <= set(long_functions())
