"""The tree keeps the shape docs/design.md (*Architecture*) describes: layers without import
cycles, one hardened XML parser, one place that starts LibreOffice, docstrings that point
at documents the repository has."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "toolkit"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every module of ours that `name` imports, at module level or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            out.update(submodules if len(submodules) == len(node.names) else [target, *submodules])
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m in known and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
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

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_itself_in_a_circle():
    known = modules()
    graph = {name: imports_of(name, path, known) for name, path in known.items()}
    assert cycles(graph) == []


def test_the_office_layer_knows_no_feature():
    known = modules()
    features = ("toolkit.generate", "toolkit.forms", "toolkit.readers", "toolkit.extract", "toolkit.summary",
                "toolkit.convert", "toolkit.parse", "toolkit.store", "toolkit.cli", "toolkit.demo")
    for name, path in known.items():
        if name.startswith("toolkit.office"):
            assert not {m for m in imports_of(name, path, known) if m.startswith(features)}, name


def test_untrusted_xml_is_parsed_one_way_and_libreoffice_started_in_one_place():
    sources = {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}
    parsers = [p for p, text in sources.items() if "XMLParser(" in text or "resolve_entities=" in text]
    assert parsers == [PACKAGE / "office" / "xml.py"]
    starts = [p for p, text in sources.items() if "subprocess.Popen(" in text and "soffice" in text]
    assert starts == [PACKAGE / "office" / "libreoffice.py"]


def test_docstrings_point_at_the_documents_of_the_repository():
    sections = {}
    for doc in ("design.md", "formats.md"):
        text = (REPO / "docs" / doc).read_text(encoding="utf-8")
        sections[doc] = set(re.findall(r"^##+ (.+)$", text, re.M))
    for path in [*PACKAGE.rglob("*.py"), REPO / "templates" / "build.py"]:
        text = path.read_text(encoding="utf-8")
        assert "DESIGN" not in text and "van-ban.md" not in text, path
        for doc, section in re.findall(r"docs/(design\.md|formats\.md),\s*\*([^*]+)\*", text):
            assert section in sections[doc], f"{path.name}: docs/{doc} has no section '{section}'"


def test_distributed_is_imported_only_by_the_cluster_modules_inside_functions():
    """An optional dependency (`pip install thidua[cluster]`): the toolkit imports without it."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(n.split(".")[0] in ("distributed", "dask") for n in names):
                assert id(node) not in top, f"{path.name} imports distributed at module level"
                found.setdefault(path.name, 0)
    assert set(found) == {"cluster.py", "cluster_groups.py"}
