"""The shape of the code, printed as figures: how the apps import each other, and how big the pieces are.

    uv run python benchmarks/structure.py

Reads src/kasane with Python's own parser (nothing is imported or run) and prints:
- the import graph between apps (every import, including those inside functions), its loops (groups of
  apps that reach each other) and the imports that run against the layer order of docs/architecture.md;
- imports inside functions that are not marked as deliberate (``# noqa: PLC0415 - <why>``);
- modules over 400 lines (migrations left out) and view functions over 30 lines.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "kasane"

# The layers, bottom first; an app may import from its own layer and those below (docs/architecture.md).
LAYERS: list[set[str]] = [
    {"lib"},
    {"tenancy", "audit", "accounts", "core"},
    {"resources"},
    {"agencies", "staff"},
    {"casework"},
    {"meetings", "governance", "imports"},
    {"outreach", "participation"},
    {"readiness", "events", "questionnaires", "dispatch"},
    {"community"},
    {"annual_report", "api", "home", "programme"},
    {"demo"},
]
TOP_LEVEL_MODULES = {"settings", "urls", "wsgi", "cli", "__main__", "__init__"}
LONG_MODULE = 400
LONG_VIEW = 30


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "kasane" or len(parts) < 2:
        return None
    return None if parts[1] in TOP_LEVEL_MODULES else parts[1]


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(node: ast.ImportFrom, current: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(tree: ast.Module, current: str, is_package: bool) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function?) for every import of the file."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                target = resolve(child, current, is_package)
                found.extend((f"{target}.{alias.name}", child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                continue  # imports for type checkers only
            visit(child, inner)

    visit(tree, False)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def layer_of(app: str) -> int | None:
    return next((i for i, layer in enumerate(LAYERS) if app in layer), None)


def loops(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            strong(v)
    return found


def long_views(tree: ast.Module) -> list[tuple[str, int]]:
    return [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and not node.name.startswith("_")
        and (node.end_lineno or node.lineno) - node.lineno + 1 > LONG_VIEW
    ]


def main() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    upward: set[str] = set()
    lazy: set[str] = set()
    big: list[tuple[int, str]] = []
    views: list[tuple[int, str]] = []
    apps: set[str] = set()
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        rel = str(path.relative_to(ROOT.parents[1]))
        if len(lines) > LONG_MODULE:
            big.append((len(lines), rel))
        current = module_name(path)
        here = app_of(current)
        if here:
            apps.add(here)
        tree = ast.parse(source)
        if "views" in path.stem or path.parent.name == "views":
            views += [(n, f"{rel}:{name}") for name, n in long_views(tree)]
        for target, line, in_function in imports(tree, current, path.name == "__init__.py"):
            there = app_of(target)
            if in_function and target.startswith("kasane.") and "noqa: PLC0415" not in lines[line - 1]:
                lazy.add(f"{rel}:{line}")
            if not here or not there or here == there:
                continue
            edges[here].add(there)
            low, high = layer_of(here), layer_of(there)
            if low is not None and high is not None and high > low:
                upward.add(f"{here} -> {there} ({rel}:{line})")
    groups = loops(edges)
    print(f"apps: {len(apps)}; imports between apps: {sum(len(v) for v in edges.values())} app pairs")
    print(f"apps in loops: {sum(len(g) for g in groups)} in {len(groups)} loop(s)")
    for group in groups:
        print("  loop: " + ", ".join(group))
    unplaced = sorted(a for a in apps if layer_of(a) is None)
    if unplaced:
        print("apps outside the layer order: " + ", ".join(unplaced))
    print(f"imports running up the layers: {len(upward)}")
    for line in sorted(upward):
        print("  " + line)
    print(f"imports inside functions, unmarked: {len(lazy)}")
    for line in sorted(lazy):
        print("  " + line)
    print(f"modules over {LONG_MODULE} lines: {len(big)}")
    for n, rel in sorted(big, reverse=True):
        print(f"  {n:5d}  {rel}")
    print(f"views over {LONG_VIEW} lines: {len(views)}")
    for n, rel in sorted(views, reverse=True):
        print(f"  {n:5d}  {rel}")


if __name__ == "__main__":
    main()
