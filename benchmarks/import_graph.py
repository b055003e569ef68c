"""Print jixiao's import graph by stage and fail on an upward import or a module cycle.

Stages, lowest first: extract (PDF → cells) ← parsers (cells → rows and fields) ← schema
(pydantic models, outputs) ← the root (``__init__.py`` public API, ``cli.py``). A module may
import its own stage or a lower one, never a higher one, and no two modules may import each
other, directly or round a longer loop: a lazy import inside a function counts too, since it
couples the modules all the same.

Run from the repository root: ``python benchmarks/import_graph.py`` (exit status 1 on a
violation). Reads the source with :mod:`ast`; nothing is imported.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGES = ("extract", "parsers", "schema", "root")
RANK = {stage: i for i, stage in enumerate(STAGES)}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["jixiao", *parts])


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else "root"


def package_modules() -> dict[str, Path]:
    files = [REPO / "__init__.py", REPO / "cli.py"]
    for stage in STAGES[:-1]:
        files += sorted((REPO / stage).glob("*.py"))
    return {module_name(f): f for f in files}


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """jixiao modules ``module`` imports, anywhere in its body."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names]
            hits = {n for n in names if n in known}
            found |= hits or ({target} if target in known else set())
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
    found.discard(module)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
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
                out.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def main() -> int:
    modules = package_modules()
    known = set(modules)
    graph = {m: imports_of(m, p, known) for m, p in modules.items()}
    edges = Counter((stage_of(a), stage_of(b)) for a, targets in graph.items() for b in targets)
    print("stage → stage imports (module pairs):")
    for (a, b), n in sorted(edges.items(), key=lambda e: (RANK[e[0][0]], RANK[e[0][1]])):
        print(f"  {a:8} → {b:8} {n:3}")
    upward = sorted(
        (a, b)
        for a, targets in graph.items()
        for b in targets
        if RANK[stage_of(b)] > RANK[stage_of(a)]
    )
    loops = cycles(graph)
    for a, b in upward:
        print(f"upward import: {a} → {b}")
    for loop in loops:
        print("cycle: " + " ↔ ".join(loop))
    print(f"{len(modules)} modules, {sum(map(len, graph.values()))} imports, "
          f"{len(upward)} upward, {len(loops)} cycles")  # fmt: skip
    return 1 if upward or loops else 0


if __name__ == "__main__":
    sys.exit(main())
