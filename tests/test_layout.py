"""The packages of kg/ are the stages of the pipeline, and imports only point down it.

A stage may import an earlier stage or itself, never a later one: `rules` importing `graph`,
or anything but the command line importing `cli`, fails here with the file and line.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"
# in pipeline order; `model` (the records) and `files` (atomic writes) serve every stage
STAGES = ["model", "files", "ingest", "text", "rules", "events", "graph", "views", "sparql", "build", "cli"]


def stage_of(module: str) -> str | None:
    """The stage of a dotted module under kg, or None for the package itself and __main__."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "kg" and parts[1] in STAGES else None


def imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute dotted module) of every kg import in a source file under root, relative ones resolved."""
    package = list(path.relative_to(root).parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                names = [f"{module}.{a.name}" for a in node.names] if not node.module else [module]
            else:
                names = [node.module or ""]
            out += [(node.lineno, m) for m in names]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
    return [(line, m) for line, m in out if m == "kg" or m.startswith("kg.")]


SOURCES = sorted(p for p in KG.rglob("*.py") if p.name != "__main__.py")


def test_every_module_belongs_to_a_stage():
    loose = [str(p.relative_to(KG)) for p in SOURCES
             if p.parent == KG and p.name != "__init__.py" and p.stem not in STAGES]
    assert not loose, f"modules outside the stage packages: {loose}"


def backward_imports(path: Path, root: Path) -> list[str]:
    """The imports of a module of kg (under root) that reach a later stage than its own."""
    here = stage_of(".".join(path.relative_to(root).with_suffix("").parts))
    if here is None:
        return []
    return [f"{path.relative_to(root)}:{line} imports {module}"
            for line, module in imports(path, root)
            if (there := stage_of(module)) and STAGES.index(there) > STAGES.index(here)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(KG)))
def test_imports_point_down_the_pipeline(path):
    backward = backward_imports(path, KG.parent)
    assert not backward, "\n".join(backward)


@pytest.mark.parametrize("source, backward", [
    ("from ..graph.vocab import KGO\n", ["kg/rules/probe.py:1 imports kg.graph.vocab"]),
    ("from ..cli import main\n", ["kg/rules/probe.py:1 imports kg.cli"]),
    ("import kg.views.draw\n", ["kg/rules/probe.py:1 imports kg.views.draw"]),
    ("from ..text.morph import parses\nfrom .base import Doc\n", []),
])
def test_the_walk_sees_backward_imports(tmp_path, source, backward):
    """A rule importing a later stage is reported, in every import form; earlier stages are not."""
    probe = tmp_path / "kg" / "rules" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(source, encoding="utf-8")
    assert backward_imports(probe, tmp_path) == backward
