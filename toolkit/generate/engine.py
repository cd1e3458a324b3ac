"""The template engine: docxtpl syntax, compiled once, rendered many times.

`compile_template` opens a .docx once, cleans every tagged part the way docxtpl does
(`DocxTemplate.patch_xml`, after reading tags whole and LibreOffice's quoting), and compiles it
with Jinja in a sandbox. `Template.render` then costs one Jinja call per tagged part and one
zip write that copies the untouched parts as they are (plus any pictures a value brings).

Spreadsheet values are data: they are XML-escaped on output and never parsed as template
code, so a cell holding `{{ 7*7 }}` prints `{{ 7*7 }}`. Only docxtpl's objects, built in
Python, are markup (objects.py). Where we differ from docxtpl: README, *docxtpl templates and
thidua*; design: docs/design.md, *Template language*.
"""
from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Mapping, Sequence

from docxtpl import DocxTemplate
from lxml import etree
from jinja2 import TemplateError, TemplateSyntaxError, Undefined, meta, nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE, DEFAULT_TESTS
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from .. import vn
from ..errors import ThiduaError
from ..office.identity import CUSTOM_PROPERTIES_CT, CUSTOM_PROPERTIES_RT, custom_properties_xml
from ..office.package import Entry, inflate, make_entry, read_package, write_zip
from . import objects
from .filters import FILTERS

# Parts that may hold template tags (docxtpl renders the same ones).
_TAGGED = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml")
_PARAGRAPH = re.compile(r"<w:p[ >]")
# \a (new paragraph) and \f (page break) are kept until the part is rendered (`_paragraph_marks`);
# \v is Word's own line break in text copied from Word or Excel.
_XML_ILLEGAL = re.compile("[\x00-\x06\x08\x0e-\x1f\ufffe\uffff]")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
# docxtpl's way to print literal braces from a template: `{_{` … `}_}`.
CUSTOM_PART = "docProps/custom.xml"
_LITERAL_BRACES = {"{_{": "{{ '{{' }}", "}_}": "{{ '}}' }}", "{_%": "{{ '{%' }}", "%_}": "{{ '%}' }}"}


def to_text(value: Any, where: str = "text", python_style: bool = False) -> Markup:
    """How a value appears in a document: escaped XML, Vietnamese numbers, line breaks kept.

    Plain values (everything a spreadsheet gives) are text, whatever they hold; only docxtpl's
    objects and our pictures, which Python code builds, are written as XML (objects.py).
    `python_style` prints numbers and dates with `str()`, as docxtpl does (see `compile_template`)."""
    if value is None or isinstance(value, Undefined):
        return Markup("")
    if isinstance(value, Markup):  # `|e`, our objects: already XML, but keep it legal XML
        return Markup(_XML_ILLEGAL.sub("", value)) if _XML_ILLEGAL.search(value) else value
    if not isinstance(value, str):
        if isinstance(value, float) and not python_style:
            value = vn.format_number(value)
        elif isinstance(value, date) and not python_style:  # datetime too
            value = value.strftime("%d/%m/%Y")
        elif objects.kind(value):
            return objects.rich_value(value, where, objects.current())
    text = vn.nfc(str(value))
    text = _XML_ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n"))
    text = str(escape(text))
    if "\n" in text:
        text = text.replace("\n", _BREAK)
    if "\t" in text:
        text = text.replace("\t", _TAB)
    return Markup(text if where == "text" or not text else objects.fit(text, "text", where))


def _to_text_python(value: Any) -> Markup:
    return to_text(value, python_style=True)


def _as_text(jinja_filter):
    """A Jinja filter whose Markup result is printed as text, escaped like any value."""
    @functools.wraps(jinja_filter)  # keeps Jinja's pass_context/pass_eval_context marks
    def text_only(*args, **kwargs):
        result = jinja_filter(*args, **kwargs)
        return str(result) if isinstance(result, Markup) else result
    return text_only




class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox (no attributes starting with `_`, no mutating built-ins), and no
    arithmetic that would run for minutes or fill memory (`10**10**10`, `'x' * 10**9`)."""

    intercepted_binops = frozenset({"**", "*"})
    MAX_EXPONENT = 64
    MAX_REPEAT = 100_000

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """Refuse at once: Jinja's default gives an Undefined that `{{ ''.__class__ }}` prints as ""."""
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """docxtpl's objects are printed, never opened: an InlineImage or Subdoc leads to a whole
        DocxTemplate (files, save) and RichText.add would let a template forge markup."""
        if objects.kind(obj):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > self.MAX_EXPONENT:
            raise SecurityError(f"phép lũy thừa với số mũ {right} quá lớn")
        if operator == "*":
            count = right if isinstance(left, (str, list, tuple)) else left
            if isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple)):
                if isinstance(count, int) and count > self.MAX_REPEAT:
                    raise SecurityError(f"phép lặp chuỗi {count} lần quá lớn")
        return super().call_binop(context, operator, left, right)


def make_environment(filters: Mapping[str, Any] | None = None, jinja_env: Any = None) -> ImmutableSandboxedEnvironment:
    """The Jinja environment every template runs in: sandboxed, autoescaped, our filters.

    Extra `filters`, or those a docxtpl-style `jinja_env` adds to Jinja's own (with its tests
    and globals), join ours inside the sandbox; the environment itself is never used. With a
    `jinja_env`, numbers and dates print as docxtpl prints them (`str()`)."""
    python_style = jinja_env is not None
    env = Sandbox(autoescape=True, finalize=_to_text_python if python_style else to_text,  # hot: no partial
                  keep_trailing_newline=True)
    env.filters.update(FILTERS)
    # `{{r x }}` and `{{p x }}` compile to `x|_r`, `x|_p` (prepare_tags): whole runs, whole paragraphs.
    env.filters.update(_r=functools.partial(to_text, where="run", python_style=python_style),
                       _p=functools.partial(to_text, where="paragraph", python_style=python_style))
    for name in ("safe", "urlize", "xmlattr"):  # they would make data markup: their result stays text
        env.filters[name] = _as_text(env.filters[name])
    if jinja_env is not None:
        env.filters.update({k: v for k, v in jinja_env.filters.items() if DEFAULT_FILTERS.get(k) is not v})
        env.tests.update({k: v for k, v in jinja_env.tests.items() if DEFAULT_TESTS.get(k) is not v})
        env.globals.update({k: v for k, v in jinja_env.globals.items() if DEFAULT_NAMESPACE.get(k) is not v})
    env.filters.update(filters or {})
    return env


@dataclass
class Part:
    name: str
    source: str  # the cleaned XML with Jinja tags, one paragraph per line
    template: Any


@dataclass
class Template:
    """A compiled .docx template, ready to render many contexts."""

    path: Path
    order: list[str]
    static: dict[str, Entry]
    parts: dict[str, Part] = field(default_factory=dict)
    fix_tables: bool = False
    images_from: Path | None = None  # workbook image paths are relative to this folder (hinh_anh)
    _rel_ids: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _media_hashes: dict[str, str] | None = field(default=None, repr=False)
    _style_ids: set[str] | None = field(default=None, repr=False)

    @property
    def variables(self) -> set[str]:
        """Top-level names the template reads (its undeclared variables)."""
        env = make_environment()
        names: set[str] = set()
        for part in self.parts.values():
            names |= meta.find_undeclared_variables(env.parse(part.source))
        return names

    def render_parts(self, context: Mapping[str, Any], media: objects.Media | None = None) -> dict[str, str]:
        """Render every tagged part; errors name the template and the paragraph. Pictures and
        links the values bring are collected in `media` (see `render`)."""
        media = media if media is not None else objects.Media(self, images_from=self.images_from)
        token = objects.CURRENT.set(media)
        out = {}
        try:
            for index, (name, part) in enumerate(self.parts.items()):
                media.part = name
                try:
                    xml = part.template.render(context)
                except SecurityError as exc:
                    raise ThiduaError(_forbidden(exc), file=str(self.path)) from None
                except (TemplateError, ValueError, TypeError, ArithmeticError, OSError) as exc:
                    raise _template_error(exc, part, self.path) from None
                xml = xml.replace("\n<w:p", "<w:p")
                if "\x07" in xml or "\x0c" in xml:
                    xml = _paragraph_marks(xml)
                if self.fix_tables and name == "word/document.xml":
                    xml = _fix_tables(xml)
                out[name] = _renumber_drawings(xml, 1000 + 1_000_000 * index)
        finally:
            objects.CURRENT.reset(token)
        return out

    def render(self, context: Mapping[str, Any], properties: Sequence[tuple[str, str | int]] = ()) -> bytes:
        """The bytes of a .docx for one context, with custom document properties if given."""
        media = objects.Media(self, images_from=self.images_from)
        rendered = self.render_parts(context, media)
        changed = {n: make_entry(n, x.encode("utf-8"), 1) for n, x in rendered.items()}
        changed.update(self.media_entries(media))
        if properties:
            self._declare_custom_properties()
            changed[CUSTOM_PART] = make_entry(CUSTOM_PART, custom_properties_xml(properties), 1)
        return self.package(changed)

    def media_entries(self, media: objects.Media) -> dict[str, Entry]:
        """The parts pictures and links add: images stored as they are (already compressed)."""
        out = {}
        for name, data in media.entries().items():
            out[name] = _stored(name, data) if name.startswith("word/media/") else make_entry(name, data, 1)
        return out

    def build_url_id(self, url: str) -> str:
        """A hyperlink relationship of the body, for `RichText(..., url_id=...)` (as docxtpl's)."""
        media = objects.Media(self)
        rid = media.link(url)
        for name, data in media.entries().items():
            self.static[name] = make_entry(name, data)
            if name not in self.order:
                self.order.append(name)
        self._rel_ids.pop("word/document.xml", None)
        return rid

    # docxtpl's replace_* calls: the template's own parts swapped once, for every later render.
    def replace_zipname(self, zipname: str, dst: Any) -> None:
        """Replace a part by name (`word/embeddings/Feuille_Microsoft_Office_Excel1.xlsx`)."""
        if zipname not in self.static:
            raise ThiduaError(f"mẫu không có phần {zipname}.", file=str(self.path))
        self.static[zipname] = _stored(zipname, _read_bytes(dst))

    def replace_media(self, src: Any, dst: Any) -> None:
        """Replace every `word/media/` file with the same bytes as `src` (a path or file object)."""
        self._replace_same(src, dst, "word/media/")

    def replace_embedded(self, src: Any, dst: Any) -> None:
        """Replace every `word/embeddings/` file with the same bytes as `src`."""
        self._replace_same(src, dst, "word/embeddings/")

    def replace_pic(self, name: str, dst: Any) -> None:
        """Replace the picture whose name, title or description in Word is `name`."""
        data = _read_bytes(dst)
        found = False
        for part in [n for n in self.order if _TAGGED.fullmatch(n) and n != "docProps/core.xml"]:
            xml = self.static_xml(part)
            for cnvpr in re.finditer(r"<pic:cNvPr\b([^>]*)>.*?<a:blip\b[^>]*r:embed=\"([^\"]+)\"", xml, re.S):
                attrs = dict(re.findall(r'(\w+)="([^"]*)"', cnvpr[1]))
                if name in (attrs.get("name"), attrs.get("title"), attrs.get("descr")):
                    target = self._rel_target(part, cnvpr[2])
                    if target in self.static:
                        self.static[target] = _stored(target, data)
                        found = True
        if not found:
            raise ThiduaError(f"mẫu không có ảnh tên «{name}».", file=str(self.path))
        self._media_hashes = None

    def _replace_same(self, src: Any, dst: Any, folder: str) -> None:
        crc = zlib.crc32(_read_bytes(src))
        data = _read_bytes(dst)
        for name, entry in list(self.static.items()):
            if name.startswith(folder) and entry.crc == crc:
                self.static[name] = _stored(name, data)
        self._media_hashes = None

    def _rel_target(self, part: str, rid: str) -> str | None:
        rels = objects.rels_name(part)
        xml = self.static_xml(rels) if rels in self.static else ""
        found = re.search(rf'<Relationship\b[^>]*\bId="{re.escape(rid)}"[^>]*>', xml)
        target = re.search(r'Target="([^"]+)"', found[0]) if found else None
        if not target:
            return None
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), target[1]))

    def rel_ids(self, part: str) -> set[str]:
        """Relationship ids the template's `part` already uses."""
        if part not in self._rel_ids:
            name = objects.rels_name(part)
            xml = self.static_xml(name) if name in self.static else ""
            self._rel_ids[part] = set(re.findall(r'\bId="([^"]+)"', xml))
        return self._rel_ids[part]

    def style_ids(self) -> set[str]:
        """The template's style ids (a subdocument's other styles are added to the output)."""
        if self._style_ids is None:
            xml = self.static_xml("word/styles.xml") if "word/styles.xml" in self.static else ""
            self._style_ids = set(re.findall(r'w:styleId="([^"]+)"', xml))
        return self._style_ids

    def media_by_hash(self) -> dict[str, str]:
        """sha1 -> name of the template's own media, so an image already there is reused."""
        if self._media_hashes is None:
            self._media_hashes = {hashlib.sha1(inflate(self.static[n])).hexdigest(): n
                                  for n in self.order if n.startswith("word/media/") and n in self.static}
        return self._media_hashes

    def _declare_custom_properties(self) -> None:
        """Make the package declare `docProps/custom.xml` (content type and relationship), once."""
        if CUSTOM_PART in self.order:
            return
        types = self.static_xml("[Content_Types].xml").replace(
            "</Types>", f'<Override PartName="/{CUSTOM_PART}" ContentType="{CUSTOM_PROPERTIES_CT}"/></Types>')
        rels = self.static_xml("_rels/.rels").replace(
            "</Relationships>",
            f'<Relationship Id="rIdThidua" Type="{CUSTOM_PROPERTIES_RT}" Target="{CUSTOM_PART}"/></Relationships>')
        self.static["[Content_Types].xml"] = make_entry("[Content_Types].xml", types.encode("utf-8"))
        self.static["_rels/.rels"] = make_entry("_rels/.rels", rels.encode("utf-8"))
        self.order.append(CUSTOM_PART)

    def package(self, changed: Mapping[str, Entry]) -> bytes:
        """The template's parts in their order, `changed` ones replaced, new ones at the end."""
        entries = [changed.get(n) or self.static[n] for n in self.order if n in changed or n in self.static]
        entries += [e for n, e in changed.items() if n not in self.static and n not in self.order]
        return write_zip(entries)

    def static_xml(self, name: str) -> str:
        if name == "[Content_Types].xml" and name not in self.static:
            return ""
        return inflate(self.static[name]).decode("utf-8")


def _read_bytes(source: Any) -> bytes:
    """A path or a file object (docxtpl accepts both)."""
    if hasattr(source, "read"):
        return source.read()
    return Path(source).read_bytes()


def _stored(name: str, data: bytes) -> Entry:
    return Entry(name, zipfile.ZIP_STORED, zlib.crc32(data), len(data), data)


def compile_template(path: str | Path, *, filters: Mapping[str, Any] | None = None,
                     jinja_env: Any = None) -> Template:
    """Open a .docx template once and compile its tagged parts.

    `filters` adds filters (name -> function) to ours; `jinja_env`, docxtpl's way, lends the
    filters, tests and globals it adds to Jinja's and makes numbers print as docxtpl does (see
    `make_environment`). Templates still run in our sandbox, values still print as text."""
    path = Path(path)
    if not path.is_file():
        raise ThiduaError("không tìm thấy tệp mẫu.", file=str(path))
    order, entries = read_package(path)
    env = make_environment(filters, jinja_env)
    template = Template(path, order, dict(entries))
    for name in order:
        if not _TAGGED.fullmatch(name):
            continue
        xml = _part_xml(entries[name], path)
        if "{" not in xml:
            continue
        xml = prepare_tags(xml)
        source = DocxTemplate.patch_xml(None, xml)
        if not any(tag in source for tag in ("{{", "{%", "{#")):
            continue
        source = _TAG.sub(_unescape_tag, source)
        for literal, code in _LITERAL_BRACES.items():
            source = source.replace(literal, code)
        source = _PARAGRAPH.sub(lambda m: "\n" + m.group(0), source)
        part = Part(name, source, None)
        try:
            part.template = _compile(env, source)
        except TemplateSyntaxError as exc:
            raise _template_error(exc, part, path) from None
        template.parts[name] = part
        if name == "word/document.xml":
            template.fix_tables = bool(_GRID_CHANGES.search(xml))
    return template


def _compile(env, source: str):
    """`env.from_string`, with each `x|hinh_anh(…)` told the column it reads (`cot=`), so a bad
    image path is reported with its column (filters.hinh_anh)."""
    if "hinh_anh" not in source:
        return env.from_string(source)
    tree = env.parse(source)
    for node in tree.find_all(nodes.Filter):
        if node.name == "hinh_anh" and not any(k.key == "cot" for k in node.kwargs):
            column = node.node.attr if isinstance(node.node, nodes.Getattr) else getattr(node.node, "name", None)
            if column:
                node.kwargs.append(nodes.Keyword("cot", nodes.Const(column)))
    return env.template_class.from_code(env, env.compile(tree), env.make_globals(None), None)


# docxtpl's first two clean-ups (patch_xml), done first here so the tags can be read whole:
# `{<w:r>…{` → `{{`, then the XML inside a tag that Word split across runs removed.
_SPLIT_BRACES = re.compile(r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})", re.S)
_WHOLE_TAG = re.compile(r"{%(?:(?!%}).)*|{#(?:(?!#}).)*|{{(?:(?!}}).)*", re.S)
_INNER_XML = re.compile(r"</w:t>.*?(<w:t>|<w:t [^>]*>)", re.S)
_RUN_OR_PARAGRAPH_TAG = re.compile(r"{{([rp])\s(.*?)(\s*-?)}}", re.S)
# Tags that change how many cells a row has: the grid is repaired after rendering (docxtpl
# always does it; we only when it can matter, it costs a parse of the body).
_GRID_CHANGES = re.compile(r"{[%#]tc\s|{%\s*(hm|colspan)\b")
_TAG = re.compile(r"(?<={[{%#])(.*?)(?=[}%#]})")
_ENTITY = re.compile(r"&(quot|apos|amp|lt|gt|#\d+|#x[0-9a-fA-F]+);")
_ENTITIES = {"quot": '"', "apos": "'", "amp": "&", "lt": "<", "gt": ">"}


def prepare_tags(xml: str) -> str:
    """Tags read whole, and `{{r x }}`/`{{p x }}` told where they print (see objects.py), so a
    value in a run-level tag is a run (not bare text in the paragraph) and a paragraph-level
    one is a paragraph."""
    xml = _SPLIT_BRACES.sub("", xml)
    xml = _WHOLE_TAG.sub(lambda m: _INNER_XML.sub("", m.group(0)), xml)
    if "{{r" in xml or "{{p" in xml:
        xml = _RUN_OR_PARAGRAPH_TAG.sub(lambda m: f"{{{{{m[1]} ({m[2]})|_{m[1]}{m[3]}}}}}"
                                        if m[2].strip() else m[0], xml)
    return xml


def _unescape_tag(m: re.Match) -> str:
    """Inside a tag the text is Jinja code: LibreOffice writes its quotes as `&quot;`/`&apos;`
    and any `&` is `&amp;` in XML; Jinja must see the characters (docxtpl re-serializes the part
    with lxml for the same effect). Printed values are escaped again on output."""
    code = m.group(0)
    if "&" not in code:
        return code
    return _ENTITY.sub(lambda e: _ENTITIES.get(e[1]) or chr(int(e[1][2:], 16) if e[1][1] in "xX" else int(e[1][1:])),
                       code)


def _paragraph_marks(xml: str) -> str:
    """\\a in a value starts a new paragraph and \\f a page, as docxtpl's `resolve_listing`;
    marks left outside text (an attribute) are dropped so the XML stays valid."""
    xml = DocxTemplate.resolve_listing(None, xml)
    return xml.replace("\x07", "").replace("\x0c", "")


def _forbidden(exc: SecurityError) -> str:
    """The sandbox's refusal in Vietnamese (Jinja words it in English)."""
    found = re.search(r"attribute '([^']+)'", str(exc))
    what = (f"thuộc tính '{found.group(1)}' (phần bên trong của Python)" if found
            else str(exc) if not str(exc).isascii() else "phần bên trong của Python")
    return (f"mẫu cố dùng {what}, điều bị cấm trong mẫu; mẫu đã bị chặn, không có gì được chạy. "
            "Hãy sửa mẫu: chỉ dùng tên trường, vòng lặp, điều kiện và bộ lọc.")


def _part_xml(entry: Entry, path: Path) -> str:
    """A tagged part as text (`read_package` has checked it is well-formed XML)."""
    try:
        return inflate(entry).decode("utf-8")
    except UnicodeDecodeError:
        raise ThiduaError(f"tệp mẫu có phần {entry.name} không mã hóa UTF-8; hãy mở bằng Word hoặc "
                          "LibreOffice, lưu lại dạng .docx rồi dùng lại.", file=str(path)) from None


def paragraph_text(source: str, lineno: int | None) -> str:
    """The visible text of the paragraph on `lineno` of a compiled part (for messages)."""
    if not lineno:
        return ""
    lines = source.split("\n")
    line = lines[min(lineno, len(lines)) - 1]
    text = re.sub(r"<[^>]+>", "", line)
    text = re.sub(r"\{\{ \((.*?)\)\|_[rp](\s*-?)\}\}", r"{{ \1\2}}", text)  # as written (prepare_tags)
    return vn.nfc(text).strip()[:200]


def _template_error(exc: Exception, part: Part, path: Path) -> ThiduaError:
    lineno = getattr(exc, "lineno", None)
    if lineno is None:
        lineno = _traceback_lineno(exc, part)
    where = paragraph_text(part.source, lineno)
    what = _in_vietnamese(getattr(exc, "message", None) or str(exc))
    kind = "lỗi cú pháp mẫu" if isinstance(exc, TemplateSyntaxError) else "lỗi khi điền mẫu"
    hint = f" tại đoạn: «{where}»" if where else ""
    return ThiduaError(f"{kind} ({part.name}): {what}{hint}", file=str(path))


_TOKENS = {"end of print statement": "dấu }}", "end of statement block": "dấu %}", "end of template": "cuối mẫu"}
# Jinja's messages for the mistakes people make in a template, in Vietnamese; others are kept
# as a detail after a Vietnamese summary.
_JINJA_MESSAGES = [
    (re.compile(r"Unexpected end of template\. Jinja was looking for the following tags: (.+?)\. "
                r"The innermost block that needs to be closed is '(\w+)'"),
     lambda m: f"mẫu hết mà khối {{% {m[2]} %}} chưa đóng: thiếu thẻ " + m[1].replace("' or '", "' hoặc '")),
    (re.compile(r"Encountered unknown tag '(\w+)'"),
     lambda m: f"thẻ {{% {m[1]} %}} không có: viết nhầm, hoặc thẻ đóng mà không có thẻ mở"),
    (re.compile(r"No filter named '(\w+)'"), lambda m: f"không có bộ lọc '{m[1]}'"),
    (re.compile(r"expected token '(.+?)', got '(.+)'"),
     lambda m: f"có '{m[2]}' ở chỗ cần {_TOKENS.get(m[1], repr(m[1]))}"),
    (re.compile(r"Expected an expression, got '(.+)'"),
     lambda m: f"thiếu tên trường hoặc biểu thức trước {_TOKENS.get(m[1], repr(m[1]))}"),
    (re.compile(r"unexpected '(.+)'"), lambda m: f"ký tự '{m[1]}' không đúng chỗ"),
    (re.compile(r"'.+' has no attribute '(.+)'"), lambda m: f"không có trường '{m[1]}'"),
    (re.compile(r"Range too big"), lambda m: "vòng lặp range() quá 100.000 lần, bị chặn để không treo máy"),
    (re.compile(r"division by zero"), lambda m: "chia cho 0"),
    (re.compile(r"is not callable"), lambda m: "gọi như hàm một giá trị không phải hàm"),
    (re.compile(r"concatenate|unsupported operand|not supported between"),
     lambda m: "phép tính hoặc so sánh giữa chữ và số"),
]


def _in_vietnamese(message: str) -> str:
    if not message.isascii():
        return message  # ours (a filter's ValueError), already Vietnamese
    for pattern, say in _JINJA_MESSAGES:
        found = pattern.search(message)
        if found:
            return say(found)
    return f"mẫu viết sai (chi tiết: {message})"


def _traceback_lineno(exc: Exception, part: Part) -> int | None:
    """Jinja rewrites tracebacks so template frames carry template line numbers."""
    tb, lineno = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _renumber_drawings(xml: str, start: int = 1000) -> str:
    """Drawings repeated by a loop must not share an id (Word reports the file as damaged);
    each part numbers from its own `start`, so a header's picture and the body's differ too."""
    if "<wp:docPr" not in xml:
        return xml
    counter = iter(range(start, 10**10))
    return _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)


def _fix_tables(xml: str) -> str:
    """Column loops (`{%tc %}`) change the cell count; docxtpl's fix keeps the grid valid."""
    if xml.startswith("<?xml"):
        xml = xml.partition("?>")[2]
    tree = DocxTemplate.fix_tables(None, xml)
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + etree.tostring(tree, encoding="unicode")
