"""docxtpl's rich values, our pictures, and the package parts they bring along.

A spreadsheet gives plain values, printed as escaped text. Through the Python API a context
may also hold docxtpl's `RichText`/`R`, `RichTextParagraph`/`RP`, `Listing`, `InlineImage`
and `Subdoc`, or a `Picture` from the `hinh_anh` filter: these are markup by construction and
are written as docxtpl writes them, but always so the XML stays valid wherever the tag sits
(docs/design.md, *Template language*):

- `text`: a `{{ x }}` inside a run's `<w:t>`;
- `run`: a `{{r x }}`, between runs of a paragraph;
- `paragraph`: a `{{p x }}`, between paragraphs.

Pictures and a subdocument's images and links become new parts and relationships of the
output package; `Media` collects them during one render (or one combined document), without
touching the compiled template.
"""
from __future__ import annotations

import posixpath
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from markupsafe import Markup

from .images import Picture, drawing_xml, measure

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE_RT = R_NS + "/image"
HYPERLINK_RT = R_NS + "/hyperlink"
_RELS_CT = "application/vnd.openxmlformats-package.relationships+xml"
_MEDIA_NUMBER = re.compile(r"(\d+)\.\w+$")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_R_ATTRS = tuple(f"{{{R_NS}}}{a}" for a in ("id", "embed", "link", "pict"))


@dataclass
class Relationship:
    rid: str
    type: str
    target: str
    external: bool = False

    def xml(self) -> str:
        from xml.sax.saxutils import quoteattr

        mode = ' TargetMode="External"' if self.external else ""
        return f'<Relationship Id="{self.rid}" Type="{self.type}" Target={quoteattr(self.target)}{mode}/>'


@dataclass
class Media:
    """What one output package gains while it renders: media files and relationships.

    `template` is the compiled `engine.Template` (its static parts say which names and ids
    are taken); `part` is the part being rendered, whose relationships a new picture joins.
    """

    template: Any
    part: str = "word/document.xml"
    images_from: Any = None  # the folder workbook image paths are relative to
    files: dict[str, bytes] = field(default_factory=dict)  # new media part -> bytes
    by_hash: dict[str, str] = field(default_factory=dict)  # sha1 -> media part (new ones)
    rels: dict[str, list[Relationship]] = field(default_factory=dict)  # part -> added relationships
    styles: dict[str, str] = field(default_factory=dict)  # style id -> <w:style> a subdocument needs

    def image(self, picture: Picture) -> str:
        """The relationship id, in the current part, of `picture` (one media file per image)."""
        name = self.template.media_by_hash().get(picture.sha1) or self.by_hash.get(picture.sha1)
        if name is None:
            name = self._media_name(picture.ext)
            self.files[name] = picture.data
            self.by_hash[picture.sha1] = name
        target = posixpath.relpath(name, posixpath.dirname(self.part))
        for rel in self.rels.get(self.part, ()):
            if rel.type == IMAGE_RT and rel.target == target:
                return rel.rid
        return self.relate(IMAGE_RT, target)

    def link(self, url: str) -> str:
        return self.relate(HYPERLINK_RT, url, external=True)

    def relate(self, rel_type: str, target: str, external: bool = False) -> str:
        taken = self.template.rel_ids(self.part) | {r.rid for r in self.rels.get(self.part, ())}
        number = 1
        while f"rId{number}" in taken:
            number += 1
        rel = Relationship(f"rId{number}", rel_type, target, external)
        self.rels.setdefault(self.part, []).append(rel)
        return rel.rid

    def _media_name(self, ext: str) -> str:
        """`word/media/imageN.ext` with the lowest free N, as python-docx names new images."""
        used = {int(m.group(1)) for n in list(self.template.order) + list(self.files)
                if n.startswith("word/media/") and (m := _MEDIA_NUMBER.search(n))}
        number = 1
        while number in used:
            number += 1
        return f"word/media/image{number}.{ext}"

    def entries(self) -> dict[str, bytes]:
        """Parts to add or replace in the package: media, relationships, content types."""
        if not self.files and not self.rels and not self.styles:
            return {}
        out: dict[str, bytes] = dict(self.files)
        if self.styles and "word/styles.xml" in self.template.static:
            xml = self.template.static_xml("word/styles.xml")
            end = xml.rindex("</w:styles>")
            out["word/styles.xml"] = (xml[:end] + "".join(self.styles.values()) + xml[end:]).encode("utf-8")
        for part, rels in self.rels.items():
            name = rels_name(part)
            xml = (self.template.static_xml(name) if name in self.template.static else
                   f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_RELS}"></Relationships>')
            end = xml.rindex("</Relationships>") if "</Relationships>" in xml else None
            added = "".join(r.xml() for r in rels)
            if end is None:  # an empty <Relationships .../>
                xml = re.sub(r"<Relationships([^>]*)/>", lambda m: f"<Relationships{m[1]}>{added}</Relationships>", xml)
            else:
                xml = xml[:end] + added + xml[end:]
            out[name] = xml.encode("utf-8")
        types = self.template.static_xml("[Content_Types].xml")
        missing = []
        for ext in sorted({n.rsplit(".", 1)[1] for n in self.files}):
            if not re.search(rf'Extension="{re.escape(ext)}"', types, re.I):
                missing.append(f'<Default Extension="{ext}" ContentType="{_CONTENT_TYPES.get(ext.lower(), "image/" + ext)}"/>')
        for part in self.rels:
            name = rels_name(part)
            if name not in self.template.static and 'Extension="rels"' not in types:
                missing.append(f'<Override PartName="/{name}" ContentType="{_RELS_CT}"/>')
        if missing:
            out["[Content_Types].xml"] = types.replace("</Types>", "".join(missing) + "</Types>").encode("utf-8")
        return out


_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
                  "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "emf": "image/x-emf",
                  "wmf": "image/x-wmf", "svg": "image/svg+xml"}


def rels_name(part: str) -> str:
    return f"{posixpath.dirname(part)}/_rels/{posixpath.basename(part)}.rels"


# The render in progress (set by engine.Template.render_parts).
CURRENT: ContextVar[Media | None] = ContextVar("thidua_media", default=None)


def current() -> Media:
    media = CURRENT.get()
    if media is None:
        raise ValueError("ảnh và văn bản con chỉ dùng được khi điền mẫu.")
    return media


# --- docxtpl's objects ----------------------------------------------------------------------

def kind(value: Any) -> str | None:
    """Which docxtpl object (or our Picture) a value is, subclasses included, or None for plain
    data. By class name and module, so docxtpl's optional Subdoc (docxcompose) is never imported."""
    cls = type(value)
    found = _KIND_OF.get(cls, False)
    if found is False:
        found = next((c.__name__ for c in cls.__mro__ if c.__name__ in _KINDS
                      and c.__module__.startswith(("docxtpl", "toolkit.generate"))), None)
        _KIND_OF[cls] = found
    return found


_KIND_OF: dict[type, str | None] = {}


def rich_value(value: Any, where: str, media: Media) -> Markup:
    """A docxtpl object or a Picture as XML that fits `where` ('text', 'run', 'paragraph')."""
    name = kind(value)
    if name == "Picture":
        level, xml = "run", _picture_run(value, media)
    elif name == "InlineImage":
        level, xml = "run", _picture_run(_inline_image(value), media)
    elif name == "RichText":
        level, xml = "run", _known_links(_controls(value.xml), media)
    elif name == "Listing":
        level, xml = "text", _controls(value.xml)
    elif name == "RichTextParagraph":
        level, xml = "paragraph", _controls(value.xml)
    else:  # Subdoc
        level, xml = "paragraph", _subdoc_xml(value, media)
    return Markup(fit(xml, level, where))


def fit(xml: str, level: str, where: str) -> str:
    """Wrap or break out so content made for `level` is valid at `where`."""
    if level == where:
        return xml
    if level == "text":
        run = f'<w:r><w:t xml:space="preserve">{xml}</w:t></w:r>'
        return run if where == "run" else f"<w:p>{run}</w:p>"
    if level == "run":
        if where == "text":
            return f'</w:t></w:r>{xml}<w:r><w:t xml:space="preserve">'
        return f"<w:p>{xml}</w:p>"
    # paragraph-level content
    if where == "text":
        return f'</w:t></w:r></w:p>{xml}<w:p><w:r><w:t xml:space="preserve">'
    return f"</w:p>{xml}<w:p>"


_HYPERLINK = re.compile(r'<w:hyperlink r:id="([^"]*)"[^>]*>(.*?)</w:hyperlink>', re.S)


def _known_links(xml: str, media: Media) -> str:
    """A link whose relationship the output lacks (made with docxtpl's `tpl.build_url_id`, not
    ours: `Template.build_url_id`) keeps its text and loses the link, instead of a damaged file."""
    if "<w:hyperlink" not in xml:
        return xml
    known = media.template.rel_ids(media.part) | {r.rid for r in media.rels.get(media.part, ())}
    return _HYPERLINK.sub(lambda m: m[0] if m[1] in known else m[2], xml)


def _controls(xml: str) -> str:
    """Line breaks and tabs inside `<w:t>` as Word elements; \\a and \\f are resolved once the
    part is rendered (they need the paragraph's properties)."""
    if "\n" in xml:
        xml = xml.replace("\n", _BREAK)
    if "\t" in xml:
        xml = xml.replace("\t", _TAB)
    return xml


def _picture_run(picture: Picture, media: Media) -> str:
    rid = media.image(picture)
    link = media.link(picture.link) if picture.link else None
    return f"<w:r>{drawing_xml(rid, picture, link)}</w:r>"


def _inline_image(image: Any) -> Picture:
    """docxtpl's InlineImage(tpl, image_descriptor, width, height, anchor): a path or a file object."""
    source = image.image_descriptor
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read()
        name = getattr(source, "name", "image")
    else:
        with open(source, "rb") as fh:
            data = fh.read()
        name = source
    return measure(data, posixpath.basename(str(name)) or "image", image.width, image.height, image.anchor)


def _subdoc_xml(subdoc: Any, media: Media) -> str:
    """The subdocument's body (no section properties), its images and links re-related to the
    output package. Each element is serialized alone so it carries its namespaces."""
    body = subdoc.subdocx.element.body
    rels = subdoc.docx.part.rels  # docxcompose relates a merged .docx's parts to the master
    out = []
    for element in body:
        if etree.QName(element).localname == "sectPr":
            continue
        element = _copy_with_relations(element, rels, media)
        _add_styles(element, subdoc.docx, media)
        out.append(etree.tostring(element, encoding="unicode"))
    return "".join(out)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLE_REFS = tuple(f"{{{_W}}}{t}" for t in ("pStyle", "rStyle", "tblStyle"))
_STYLE_LINKS = tuple(f"{{{_W}}}{t}" for t in ("basedOn", "link", "next"))


def _add_styles(element, docx, media: Media) -> None:
    """Styles of a merged .docx (docxcompose put them in docxtpl's document) that our template
    lacks join the output's styles.xml, with the styles they are based on."""
    wanted = [el.get(f"{{{_W}}}val") for el in element.iter(*_STYLE_REFS)]
    if not wanted:
        return
    known = media.template.style_ids()
    source = None
    while wanted:
        style_id = wanted.pop()
        if not style_id or style_id in known or style_id in media.styles:
            continue
        if source is None:
            source = {s.get(f"{{{_W}}}styleId"): s for s in docx.styles.element.iter(f"{{{_W}}}style")}
        style = source.get(style_id)
        if style is None:
            continue
        media.styles[style_id] = etree.tostring(style, encoding="unicode")
        wanted += [el.get(f"{{{_W}}}val") for el in style.iter(*_STYLE_LINKS)]


def _copy_with_relations(element, rels, media: Media):
    element = etree.fromstring(etree.tostring(element))
    for el in element.iter():
        for attr in _R_ATTRS:
            rid = el.get(attr)
            if rid is None:
                continue
            rel = rels.get(rid)
            if rel is None:
                del el.attrib[attr]
            elif rel.is_external:
                el.set(attr, media.relate(rel.reltype, rel.target_ref, external=True))
            elif rel.target_part.content_type.startswith("image/"):
                part = rel.target_part
                ext = posixpath.splitext(str(part.partname))[1].lstrip(".") or "png"
                picture = Picture(part.blob, ext, part.content_type, 0, 0)
                el.set(attr, media.image(picture))
            else:  # charts, diagrams, embedded files: not carried over (README)
                del el.attrib[attr]
    return element


_KINDS = {"RichText", "RichTextParagraph", "Listing", "InlineImage", "Subdoc", "Picture"}
