"""The module map of docs/architecture.md is the rule: every import between packages is one the
page allows, and no module imports itself back through others (no cycle, lazy imports included).
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import networkx as nx
import pytest

from tests.support.paths import DOCS, ROOT

# the folders mapped into policykg (pyproject.toml's package-dir), as the installed package has them
CODE = {
    package: Path(importlib.import_module(package).__path__[0])
    for package in ("policykg", "policykg.loaders", "policykg.api", "policykg.cli")
}


def _module_name(package: str, folder: Path, path: Path) -> str:
    parts = list(path.relative_to(folder).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts])


def _modules() -> dict[str, Path]:
    found = {}
    for package, folder in CODE.items():
        for path in folder.rglob("*.py"):
            found[_module_name(package, folder, path)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The policykg modules ``name`` imports, at the top or inside functions."""
    out = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:  # `from policykg.model import iri` imports a module
                full = f"{base}.{alias.name}"
                out.add(full if full in MODULES else base)
    return {m for m in out if m.split(".")[0] == "policykg"}


GRAPH = nx.DiGraph(
    (name, target)
    for name, path in MODULES.items()
    for target in _imports(name, path)
    if target != name
)


def _layer(module: str) -> str:
    """The row of the module map a module belongs to: the longest package named in it."""
    return max((p for p in RULES if module == p or module.startswith(p + ".")), key=len)


def _rules() -> dict[str, set[str]]:
    """package -> the packages it may import, from the table of docs/architecture.md."""
    text = (DOCS / "architecture.md").read_text("utf-8")
    table = text[text.index("| package | holds | may import |") :].split("\n\n")[0]
    rules = {}
    for row in table.splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        rules[cells[0].strip("`")] = set(re.findall(r"`(policykg[\w.]*)`", cells[2]))
    return rules


RULES = _rules()


def test_the_map_names_every_package():
    assert set(RULES) >= {
        "policykg",
        "policykg.model",
        "policykg.reference",
        "policykg.store",
        "policykg.build",
        "policykg.analysis",
        "policykg.graph",
        "policykg.loaders",
        "policykg.api",
        "policykg.cli",
    }
    assert len(MODULES) > 100 and GRAPH.number_of_edges() > 200  # every module was read


@pytest.mark.parametrize("layer", sorted(RULES))
def test_imports_follow_the_module_map(layer):
    allowed = RULES[layer] | {layer}
    wrong = sorted(
        f"{a} imports {b}"
        for a, b in GRAPH.edges
        if _layer(a) == layer and _layer(b) not in allowed
    )
    assert not wrong, f"{layer} may import only {sorted(allowed)}"


def test_no_import_cycles():
    cycles = list(nx.simple_cycles(GRAPH))
    assert not cycles, [" → ".join([*c, c[0]]) for c in cycles[:5]]


def test_the_core_imports_no_loader_server_or_command():
    core = [
        m for m in GRAPH if _layer(m) not in ("policykg.loaders", "policykg.api", "policykg.cli")
    ]
    for module in core:
        assert not any(
            _layer(t) in ("policykg.loaders", "policykg.api", "policykg.cli")
            for t in GRAPH.successors(module)
        ), module


def test_benchmarks_do_not_import_each_other_in_a_circle():
    bench = ROOT / "benchmarks"
    graph = nx.DiGraph()
    for path in bench.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                graph.add_edge(path.stem, node.module)
    assert graph.number_of_edges() > 0 and nx.is_directed_acyclic_graph(graph)
