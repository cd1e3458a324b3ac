"""Finding templates, and telling what a template needs.

TEMPLATE on the command line is a built-in name (`giao-uoc`) or a path to a .docx. The
built-ins live in `templates/docx/` (installed as `toolkit/_templates/docx/`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import meta, nodes

from .. import vn
from ..errors import ThiduaError
from .catalog import BUILTIN, TemplateSpec
from .engine import Template, compile_template, make_environment

_PACKAGE = Path(__file__).resolve().parent.parent  # toolkit/


def builtin_dir() -> Path:
    installed = _PACKAGE / "_templates" / "docx"
    return installed if installed.is_dir() else _PACKAGE.parent / "templates" / "docx"


def samples_dir() -> Path:
    installed = _PACKAGE / "_samples"
    return installed if installed.is_dir() else _PACKAGE.parent / "samples"


def resolve(name: str) -> tuple[Path, TemplateSpec | None]:
    """The .docx path and, for a built-in, its spec."""
    if name in BUILTIN:
        return builtin_dir() / f"{name}.docx", BUILTIN[name]
    path = Path(name)
    if path.suffix.lower() == ".docx" and path.is_file():
        return path, None
    if path.suffix.lower() == ".docx":
        raise ThiduaError("không tìm thấy tệp mẫu.", file=name)
    guess = vn.closest(name, BUILTIN)
    hint = f" Có phải '{guess}'?" if guess else ""
    raise ThiduaError(f"không có mẫu '{name}'. Các mẫu có sẵn: {', '.join(BUILTIN)}; "
                      f"hoặc đưa đường dẫn tới tệp .docx.{hint}")


@dataclass
class Usage:
    """What a template reads: single fields, and tables with the columns used of each row."""

    fields: set[str] = field(default_factory=set)
    tables: dict[str, set[str]] = field(default_factory=dict)


def usage(template: Template) -> Usage:
    """Walk the compiled Jinja trees: `{% for r in chi_tieu %}…{{ r.noi_dung }}` → chi_tieu: noi_dung.

    A loop variable belongs to the loop it is bound in (two loops may both call theirs `r`),
    and a field used only under `{% if field %}` is optional: it is not reported as missing.
    """
    env = make_environment()
    result = Usage()
    for part in template.parts.values():
        tree = env.parse(part.source)
        declared = template_variables(tree)
        required: set[str] = set()
        _walk(tree, declared, {}, frozenset(), result, required)
        result.fields |= (declared & required) - set(result.tables)
    return result


def _walk(node, declared: set[str], loops: dict[str, str], guarded: frozenset[str],
          result: Usage, required: set[str]) -> None:
    """Record what `node` reads: tables and their columns through loop variables in scope
    (`loops`), fields outside a test on themselves (`guarded`)."""
    if isinstance(node, nodes.For):
        _walk(node.iter, declared, loops, guarded, result, required)
        table = _table_of(node.iter, declared, loops)
        inner = dict(loops)
        if table:
            result.tables.setdefault(table, set())
            for target in _names(node.target):
                inner[target] = table
        for child in [*node.body, *(node.test and [node.test] or [])]:
            _walk(child, declared, inner, guarded, result, required)
        for child in node.else_:
            _walk(child, declared, loops, guarded, result, required)
        return
    if isinstance(node, nodes.If):
        tested = guarded | {n.name for n in [node.test, *node.test.find_all(nodes.Name)] if isinstance(n, nodes.Name)}
        _walk(node.test, declared, loops, tested, result, required)
        for child in node.body:
            _walk(child, declared, loops, tested, result, required)
        for child in [*node.elif_, *node.else_]:
            _walk(child, declared, loops, guarded, result, required)
        return
    if isinstance(node, nodes.Assign):
        _walk(node.node, declared, loops, guarded, result, required)
        table = _table_of(node.node, declared, loops)
        if table:
            result.tables.setdefault(table, set())
            for target in _names(node.target):
                loops[target] = table
        return
    if isinstance(node, nodes.Getattr):
        root = _root_name(node.node)
        if root in loops:
            result.tables[loops[root]].add(node.attr)
    if isinstance(node, nodes.Filter) and node.name == "theo_nhom" and node.args \
            and isinstance(node.args[0], nodes.Const):
        source = _root_name(node.node)
        if source in declared:
            result.tables.setdefault(source, set()).add(node.args[0].value)
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name not in guarded:
        required.add(node.name)
    for child in node.iter_child_nodes():
        _walk(child, declared, loops, guarded, result, required)


def _table_of(value, declared: set[str], loops: dict[str, str]) -> str | None:
    root = _root_name(value)
    return root if root in declared else loops.get(root)


def _names(target) -> list[str]:
    return [target.name] if isinstance(target, nodes.Name) else [n.name for n in target.find_all(nodes.Name)]


def template_variables(tree) -> set[str]:
    return meta.find_undeclared_variables(tree)


def _root_name(node) -> str | None:
    """The variable a loop ultimately iterates (`chi_tieu|theo_nhom('nhom')` → chi_tieu)."""
    while True:
        if isinstance(node, nodes.Name):
            return node.name
        if isinstance(node, (nodes.Filter, nodes.Getattr, nodes.Getitem, nodes.Test)):
            node = node.node
        else:
            return None


def load(name: str) -> tuple[Template, TemplateSpec | None]:
    path, spec = resolve(name)
    return compile_template(path), spec


def check(template: Template, spec: TemplateSpec | None, workbook=None) -> list[ThiduaError]:
    """Variables, tables and columns the template reads that the spec or workbook lacks."""
    use = usage(template)
    problems = []
    where = {"file": str(template.path)}
    if workbook is not None:
        fields = set(workbook.info) | set(workbook.sheets)
        computed = {t.name: set(t.computed) for t in spec.tables} if spec else {}
        columns = {name: set(s.columns) | computed.get(name, set()) for name, s in workbook.sheets.items()}
        source = f"tệp dữ liệu {workbook.path.name}"
    elif spec is not None:
        fields = {f.name for f in spec.thong_tin} | {t.name for t in spec.tables}
        columns = {t.name: {c.name for c in t.columns} | set(t.computed) for t in spec.tables}
        source = f"mẫu {spec.name}"
    else:
        return problems
    for name in sorted(use.fields - fields - {"loop", "range", "namespace", "lipsum", "dict", "cycler", "joiner"}):
        guess = vn.closest(name, fields)
        hint = f" Có phải '{guess}'?" if guess else ""
        problems.append(ThiduaError(f"biến '{name}' không có trong {source}.{hint}", **where))
    for table, used in sorted(use.tables.items()):
        if table not in columns:
            if table not in fields:
                problems.append(ThiduaError(f"mẫu cần trang tính '{table}' mà {source} không có.", **where))
            continue
        for col in sorted(used - columns[table]):
            guess = vn.closest(col, columns[table])
            hint = f" Có phải '{guess}'?" if guess else ""
            problems.append(ThiduaError(f"mẫu dùng cột '{col}' của trang '{table}' mà {source} không có.{hint}",
                                        **where))
    return problems
