"""Print every import cycle between modules of the project; exit 1 if there is one.

`make lint` runs it beside `lint-imports` (the layer contract in pyproject.toml). The graph is
grimp's (the library import-linter uses): every `import` statement, including those inside
functions and under `if TYPE_CHECKING:`. A cycle is a strongly connected component of two or
more modules (Tarjan's algorithm); each is printed with the imports that close it.

    .venv/bin/python scripts/import_cycles.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "common",
    "organisation",
    "notifications",
    "requests_desk",
    "roster",
    "approvals",
    "console",
    "demo",
    "config",
    "bench",
)


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on deep import chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def main() -> int:
    sys.path.insert(0, str(ROOT))
    packages = [name for name in PACKAGES if (ROOT / name / "__init__.py").exists()]
    import_graph = grimp.build_graph(*packages)
    graph = {
        module: set(import_graph.find_modules_directly_imported_by(module))
        for module in import_graph.modules
    }
    cycles = strongly_connected(graph)
    for members in cycles:
        inside = set(members)
        print(f"cycle of {len(members)} modules:")
        for module in members:
            for imported in sorted(graph[module] & inside):
                print(f"  {module} -> {imported}")
    print(f"{len(graph)} modules in {', '.join(packages)}: {len(cycles)} import cycles")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
