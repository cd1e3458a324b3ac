"""Which of our own files a returned file is — a form or a generated document — and where
its fields are.

A form we write carries its identity — kind (`dang-ky-thi-dua`, `bao-cao-ket-qua`,
`bang-cham-diem`), form version, the unit it was made for and the year — so that `parse` can
recognise it and read it with confidence 1. People open the file in Excel, LibreOffice or Word
and save it again, and each program keeps some things and drops others, so an .xlsx form
carries its identity three ways; `read_identity` takes the first one it finds:

1. custom document properties (`docProps/custom.xml`, File ▸ Properties ▸ Custom):
   `thidua_kind`, `thidua_version`, `thidua_unit` (text) and `thidua_year` (integer, left
   out when the data has no year);
2. a workbook-level defined name `thidua_form` whose value is a string constant
   `"KIND|VERSION|UNIT|YEAR"` (`"` doubled inside, as in any Excel formula; the unit may itself
   contain `|`, so it is everything between the second and the last bar; YEAR may be empty;
   the unit is shortened so the constant stays within Excel's 255 characters);
3. a hidden sheet `_thidua` (`veryHidden` as written; LibreOffice re-saves it as `hidden`)
   with a header row `truong | gia_tri` and then one key/value row each, all values text:

   | key | value |
   |---|---|
   | `kind`, `version`, `unit`, `year` | the identity (`year` empty when unknown) |
   | `sheet` | title of the sheet that holds the form |
   | `sections` | the table sections, comma separated, top to bottom (`ca_nhan,tap_the`) |
   | `<section>.header_row` | sheet row of the section's column headers |
   | `<section>.first_row`, `<section>.last_row` | first and last sheet row of its data, inclusive (blank rows left for additions included) |
   | `<section>.columns` | the field in each column from A, comma separated, empty for a column that is not a field (`stt,ho_va_ten,…`) |
   | `<section>.group_rows` | rows inside first..last that are group headings or subtotals, not data (optional) |
   | `<section>.total_row` | the TỔNG CỘNG row (scoring sheet only) |
   | `cell.<field>` | a single input cell outside the tables, e.g. `cell.tu_xep_loai` → `E40` |

A .docx form (the registration list) carries the same identity properties plus
`thidua_layout`, a JSON object with the keys above except `sheet`; there rows are 0-based
indexes into `Document.tables[<section>.table].rows` (the header row is 0) and `<section>.table`
is the index of the section's table in `Document.tables`.

A document generated from a built-in template carries the same custom properties with
`thidua_kind` = `van-ban:<template>` (`KIND_PREFIX`) and `thidua_codes`, the metric code of
each pledged row (see `generate.properties`).

Reading never runs anything and never inflates more than a few small XML parts of the zip:
every part has a size limit and the XML parser resolves no entities and fetches nothing.
"""
from __future__ import annotations

import json
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.workbook.defined_name import DefinedName

from ..safety import looks_like_formula
from . import xml
from .parts import OFFICE_DOCUMENT as OFFICE_DOCUMENT_RT, ZIP_DAMAGE, part_rels, read_xml

VERSION = "1"
KIND_PREFIX = "van-ban:"  # the kind of a document generated from a built-in template
HIDDEN_SHEET = "_thidua"
DEFINED_NAME = "thidua_form"
PROPERTY_PREFIX = "thidua_"
LAYOUT_PROPERTY = "thidua_layout"

CUSTOM_PROPERTIES_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPERTIES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The format id every custom property uses (ECMA-376 Part 1, 22.3.2.2).
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

MAX_PART = 8 * 1024 * 1024  # custom.xml, workbook.xml, rels, the _thidua sheet: a few kB in practice
_MAX_NAME_CONSTANT = 255  # Excel's limit for a string constant in a formula


@dataclass(frozen=True)
class FormIdentity:
    kind: str
    version: str
    unit: str
    year: int | None


@dataclass(frozen=True)
class Section:
    """One table of a form: where its header and its data rows are."""

    name: str
    header_row: int
    first_row: int
    last_row: int
    columns: tuple[str, ...]
    group_rows: tuple[int, ...] = ()
    total_row: int | None = None
    table: int | None = None  # .docx only: index in Document.tables


@dataclass(frozen=True)
class FormLayout:
    identity: FormIdentity
    sheet: str | None = None
    sections: tuple[Section, ...] = ()
    cells: Mapping[str, str] = field(default_factory=dict)

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)


# --- key/value form ----------------------------------------------------------------------


def layout_pairs(layout: FormLayout) -> list[tuple[str, str]]:
    """The layout as the key/value rows of the `_thidua` sheet (see the module docstring)."""
    ident = layout.identity
    pairs = [("kind", ident.kind), ("version", ident.version), ("unit", ident.unit),
             ("year", "" if ident.year is None else str(ident.year))]
    if layout.sheet is not None:
        pairs.append(("sheet", layout.sheet))
    pairs.append(("sections", ",".join(s.name for s in layout.sections)))
    for s in layout.sections:
        if s.table is not None:
            pairs.append((f"{s.name}.table", str(s.table)))
        pairs += [(f"{s.name}.header_row", str(s.header_row)), (f"{s.name}.first_row", str(s.first_row)),
                  (f"{s.name}.last_row", str(s.last_row)), (f"{s.name}.columns", ",".join(s.columns))]
        if s.group_rows:
            pairs.append((f"{s.name}.group_rows", ",".join(map(str, s.group_rows))))
        if s.total_row is not None:
            pairs.append((f"{s.name}.total_row", str(s.total_row)))
    pairs += [(f"cell.{name}", ref) for name, ref in layout.cells.items()]
    return pairs


def layout_from_pairs(pairs: Iterable[tuple[str, str]]) -> FormLayout | None:
    values = {k.strip(): ("" if v is None else str(v)) for k, v in pairs if k}
    ident = _identity(values.get("kind"), values.get("version"), values.get("unit"), values.get("year"))
    if ident is None:
        return None
    sections = []
    for name in filter(None, (n.strip() for n in values.get("sections", "").split(","))):
        try:
            sections.append(Section(
                name,
                int(values[f"{name}.header_row"]),
                int(values[f"{name}.first_row"]),
                int(values[f"{name}.last_row"]),
                tuple(values.get(f"{name}.columns", "").split(",")),
                tuple(int(r) for r in values.get(f"{name}.group_rows", "").split(",") if r.strip()),
                int(values[f"{name}.total_row"]) if values.get(f"{name}.total_row") else None,
                int(values[f"{name}.table"]) if values.get(f"{name}.table") else None,
            ))
        except (KeyError, ValueError):
            continue  # a damaged entry: that section is read by its headers instead
    cells = {k[len("cell."):]: v for k, v in values.items() if k.startswith("cell.")}
    return FormLayout(ident, values.get("sheet") or None, tuple(sections), cells)


def _identity(kind, version, unit, year) -> FormIdentity | None:
    kind = str(kind or "").strip()
    if not kind:
        return None
    try:
        year_value = int(float(str(year).strip())) if year not in (None, "") and str(year).strip() else None
    except ValueError:
        year_value = None
    version = str(version or "").strip()
    if version.endswith(".0") and version[:-2].isdigit():  # a number re-saved as 1.0
        version = version[:-2]
    return FormIdentity(kind, version, str(unit or "").strip(), year_value)


# --- writing -----------------------------------------------------------------------------


def defined_name_value(identity: FormIdentity) -> str:
    """`"KIND|VERSION|UNIT|YEAR"` as an Excel string constant, within 255 characters."""
    def quoted(unit: str) -> str:
        text = f"{identity.kind}|{identity.version}|{unit}|{'' if identity.year is None else identity.year}"
        return text.replace('"', '""')

    unit = _one_line(identity.unit)
    while len(quoted(unit)) > _MAX_NAME_CONSTANT and unit:
        unit = unit[:-1]
    return f'"{quoted(unit)}"'


def write_xlsx_identity(wb, layout: FormLayout) -> None:
    """Put the identity into an openpyxl workbook three ways, and the layout into `_thidua`."""
    ident = layout.identity
    wb.custom_doc_props.append(StringProperty(name="thidua_kind", value=ident.kind))
    wb.custom_doc_props.append(StringProperty(name="thidua_version", value=ident.version))
    wb.custom_doc_props.append(StringProperty(name="thidua_unit", value=_one_line(ident.unit)))
    if ident.year is not None:
        wb.custom_doc_props.append(IntProperty(name="thidua_year", value=ident.year))
    wb.defined_names[DEFINED_NAME] = DefinedName(DEFINED_NAME, attr_text=defined_name_value(ident))

    ws = wb.create_sheet(HIDDEN_SHEET)
    ws.append(["truong", "gia_tri"])
    for key, value in layout_pairs(layout):
        ws.append([key, value])
        cell = ws.cell(ws.max_row, 2)
        if looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 24, 60
    ws.protection.sheet = True
    ws.sheet_state = "veryHidden"


def custom_properties_xml(properties: Iterable[tuple[str, str | int]]) -> bytes:
    """`docProps/custom.xml` holding the given properties (text or integer)."""
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(properties, start=2):  # pids start at 2 by the spec
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid), name=name)
        if isinstance(value, int):
            etree.SubElement(prop, f"{{{_VT_NS}}}i4").text = str(value)
        else:
            etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = _one_line(value)
    return xml.serialize(root)


def write_docx_identity(document, layout: FormLayout) -> None:
    """Add `docProps/custom.xml` with the identity and `thidua_layout` to a python-docx document."""
    ident = layout.identity
    props: list[tuple[str, str | int]] = [("thidua_kind", ident.kind), ("thidua_version", ident.version),
                                          ("thidua_unit", ident.unit)]
    if ident.year is not None:
        props.append(("thidua_year", ident.year))
    props.append((LAYOUT_PROPERTY, json.dumps(dict(layout_pairs(layout)), ensure_ascii=False)))
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == CUSTOM_PROPERTIES_RT:  # one set of custom properties per package
            del package.rels[rel_id]
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_PROPERTIES_CT, custom_properties_xml(props), package)
    package.relate_to(part, CUSTOM_PROPERTIES_RT)


def _one_line(text: str) -> str:
    # Control characters are not allowed in XML 1.0; a property is one line anyway.
    return re.sub(r"[\x00-\x1f\x7f]+", " ", str(text)).strip()


# --- reading -----------------------------------------------------------------------------


def read_identity(path: str | Path) -> FormIdentity | None:
    """The identity of a form we wrote (.xlsx or .docx), or None for any other file.

    Custom properties first, then the defined name, then the hidden sheet: whichever a
    program that re-saved the file kept.
    """
    with _Package.open(path) as pkg:
        if pkg is None:
            return None
        props = pkg.custom_properties()
        ident = _identity(props.get("thidua_kind"), props.get("thidua_version"), props.get("thidua_unit"),
                          props.get("thidua_year"))
        if ident is not None or pkg.workbook is None:
            return ident
        ident = pkg.identity_from_defined_name()
        if ident is not None:
            return ident
        layout = layout_from_pairs(pkg.hidden_sheet_pairs())
        return layout.identity if layout else None


def read_properties(path: str | Path) -> dict[str, str]:
    """Our `thidua_*` custom document properties of an .xlsx/.docx (empty for other files)."""
    with _Package.open(path) as pkg:
        return pkg.custom_properties() if pkg is not None else {}


def read_layout(path: str | Path) -> FormLayout | None:
    """Where the fields of a form are: the `_thidua` sheet of an .xlsx form, or the
    `thidua_layout` property of a .docx form; None when the file has neither."""
    with _Package.open(path) as pkg:
        if pkg is None:
            return None
        if pkg.workbook is not None:
            return layout_from_pairs(pkg.hidden_sheet_pairs())
        raw = pkg.custom_properties().get(LAYOUT_PROPERTY)
        if not raw:
            return None
        try:
            pairs = json.loads(raw)
        except ValueError:
            return None
        return layout_from_pairs(pairs.items()) if isinstance(pairs, dict) else None


def _text(el) -> str:
    """The text of a string item (`<si>`, `<is>`): every `<t>`, skipping phonetic runs."""
    return "".join(t.text or "" for t in el.iter() if xml.local(t.tag) == "t"
                   and not any(xml.local(a.tag) == "rPh" for a in t.iterancestors()))


class _Package:
    """The few parts of an OOXML zip that identify a form, read with size limits."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.names = {i.filename: i for i in zf.infolist()}
        main = self.target("", OFFICE_DOCUMENT_RT)
        if main is None and "xl/workbook.xml" in self.names:
            main = "xl/workbook.xml"
        # The workbook part of an .xlsx; None for a .docx (whose main part is word/document.xml).
        self.workbook = main if main and posixpath.basename(main).startswith("workbook") else None

    @classmethod
    def open(cls, path):
        return _Opened(path)

    def xml(self, name: str | None):
        """A part parsed; None when missing, too big or damaged (an identity is never guessed
        from a broken part, and the reader reports the damage)."""
        try:
            return read_xml(self.zf, name, MAX_PART)
        except ZIP_DAMAGE:
            return None

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part name) of a part's relationships; `""` is the package."""
        try:
            return part_rels(self.zf, part)
        except ZIP_DAMAGE:
            return []

    def target(self, part: str, reltype: str) -> str | None:
        return next((name for _, t, name in self.rels(part) if t == reltype), None)

    def custom_properties(self) -> dict[str, str]:
        root = self.xml(self.target("", CUSTOM_PROPERTIES_RT) or "docProps/custom.xml")
        props = {}
        for prop in root if root is not None else ():
            name = prop.get("name")
            if xml.local(prop.tag) == "property" and name and name.startswith(PROPERTY_PREFIX) and len(prop):
                props[name] = (prop[0].text or "").strip()
        return props

    def identity_from_defined_name(self) -> FormIdentity | None:
        root = self.xml(self.workbook)
        for el in root.iter() if root is not None else ():
            if xml.local(el.tag) == "definedName" and el.get("name") == DEFINED_NAME:
                text = (el.text or "").strip().lstrip("=")
                if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
                    return None
                parts = text[1:-1].replace('""', '"').split("|")
                if len(parts) < 4:
                    return None
                return _identity(parts[0], parts[1], "|".join(parts[2:-1]), parts[-1])
        return None

    def hidden_sheet_pairs(self) -> list[tuple[str, str]]:
        root = self.xml(self.workbook)
        if root is None:
            return []
        rid = next((xml.attr(el, "id") for el in root.iter()
                    if xml.local(el.tag) == "sheet" and el.get("name") == HIDDEN_SHEET), None)
        rels = self.rels(self.workbook)
        sheet = next((name for i, _, name in rels if rid and i == rid), None)
        sheet_root = self.xml(sheet) if sheet else None
        if sheet_root is None:
            return []
        strings_part = next((name for _, t, name in rels if t.endswith("/sharedStrings")), None)
        rows: dict[int, dict[str, object]] = {}
        wanted: set[int] = set()
        for c in sheet_root.iter():
            if xml.local(c.tag) != "c":
                continue
            m = re.fullmatch(r"([A-Z]+)([0-9]+)", c.get("r") or "")
            if not m or m[1] not in ("A", "B"):
                continue
            kind = c.get("t")
            value_el = next((x for x in c if xml.local(x.tag) == "v"), None)
            inline = next((x for x in c if xml.local(x.tag) == "is"), None)
            if kind == "inlineStr" and inline is not None:
                value: object = _text(inline)
            elif value_el is None:
                continue
            elif kind == "s":
                try:
                    value = int(value_el.text)
                except (TypeError, ValueError):
                    continue
                wanted.add(value)
                value = ("sst", value)
            else:
                value = value_el.text or ""
                if kind == "n" or kind is None:
                    value = _number_text(value)
            rows.setdefault(int(m[2]), {})[m[1]] = value
        strings = self.shared_strings(strings_part, wanted) if wanted and strings_part else {}

        def resolve(v):
            return strings.get(v[1], "") if isinstance(v, tuple) else str(v)

        pairs = []
        for number in sorted(rows):
            key, value = resolve(rows[number].get("A", "")), resolve(rows[number].get("B", ""))
            if key and key != "truong":
                pairs.append((key, value))
        return pairs

    def shared_strings(self, name: str, wanted: set[int]) -> dict[int, str]:
        """Only the strings at the wanted indexes, streamed, so a huge table costs nothing."""
        info = self.names.get(name)
        if info is None:
            return {}
        found: dict[int, str] = {}
        last = max(wanted)
        try:
            f = self.zf.open(info)
        except ZIP_DAMAGE:
            return {}
        with f:
            try:
                index = 0
                for _, el in xml.iterparse(f, events=("end",)):
                    if xml.local(el.tag) != "si":
                        continue
                    if index in wanted:
                        found[index] = _text(el)
                    el.clear()
                    index += 1
                    if index > last:
                        break
            except (etree.XMLSyntaxError, *ZIP_DAMAGE):
                pass
        return found


def _number_text(text: str) -> str:
    """`2025.0` → `2025`: a number cell read as the text it stands for."""
    try:
        x = float(text)
    except ValueError:
        return text
    return str(int(x)) if x.is_integer() else text


class _Opened:
    """`with _Package.open(path) as pkg:` — pkg is None when the file is not a readable zip."""

    def __init__(self, path):
        self.path = Path(path)
        self.zf = None

    def __enter__(self) -> _Package | None:
        try:
            self.zf = zipfile.ZipFile(self.path)
            return _Package(self.zf)
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return None

    def __exit__(self, *exc) -> None:
        if self.zf is not None:
            self.zf.close()
