"""Pictures placed in a document: read safely, sized like Word, drawn as an inline shape.

Two ways in (docs/design.md, *Template language*): the `hinh_anh` filter on a workbook column
of image paths, and docxtpl's `InlineImage` through the Python API. Both end as a `Picture`
that `objects.Media` adds to the output package. A path from a workbook is relative to the
workbook's folder; the file must be a real, modest image (size and pixel limits, verified
by Pillow) before a byte of it goes into a document.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.image.image import Image as DocxImage

MAX_BYTES = 20 * 1024 * 1024  # a photo or a scanned signature is far smaller
MAX_PIXELS = 40_000_000  # beyond this Pillow's decoding is a memory bomb
EMU_PER_MM = 36_000


class PictureError(ValueError):
    """An image that cannot be placed; the message is Vietnamese and names the file."""


@dataclass(frozen=True)
class Picture:
    """Image bytes with what the drawing needs; `cx`/`cy` in EMU (914 400 per inch)."""

    data: bytes
    ext: str
    content_type: str
    cx: int
    cy: int
    name: str = "image"
    link: str | None = None  # an URL the picture links to (docxtpl's `anchor`)

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.data).hexdigest()


def measure(data: bytes, name: str, width: int | None = None, height: int | None = None,
            link: str | None = None) -> Picture:
    """The picture at `width`/`height` EMU; one of them alone keeps the aspect ratio, none
    gives the native size from the file's pixels and dpi (as python-docx and docxtpl do)."""
    try:
        image = DocxImage.from_blob(data)
    except Exception:  # noqa: BLE001 - any parser failure means "not an image"
        raise PictureError(f"tệp «{name}» không phải ảnh PNG, JPEG, GIF, BMP hay TIFF") from None
    cx, cy = image.scaled_dimensions(width, height)
    return Picture(data, image.ext, image.content_type, int(cx), int(cy), name, link)


def read_checked(path: Path, shown: str) -> bytes:
    """The bytes of an image file after the size limit and Pillow's verification."""
    try:
        if not path.is_file():
            raise PictureError(f"không tìm thấy ảnh «{shown}» (đường dẫn tương đối tính từ thư mục của tệp dữ liệu)")
        if path.stat().st_size > MAX_BYTES:
            raise PictureError(f"ảnh «{shown}» lớn quá {MAX_BYTES // (1024 * 1024)} MB; hãy thu nhỏ ảnh")
        data = path.read_bytes()
    except OSError as exc:
        raise PictureError(f"không đọc được ảnh «{shown}»: {exc.strerror or exc}") from None
    verify(data, shown)
    return data


def verify(data: bytes, shown: str) -> None:
    """Pillow opens the header, checks the pixel count, then verifies the whole file."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.width * im.height > MAX_PIXELS:
                raise PictureError(f"ảnh «{shown}» có quá nhiều điểm ảnh ({im.width}×{im.height})")
            if im.format not in ("PNG", "JPEG", "GIF", "BMP", "TIFF"):
                raise PictureError(f"ảnh «{shown}» dạng {im.format}: Word chỉ nhận PNG, JPEG, GIF, BMP, TIFF")
            im.verify()
    except PictureError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        del exc
        raise PictureError(f"tệp «{shown}» không phải ảnh hoặc ảnh bị hỏng") from None


_CACHE: dict[tuple[str, int, int, int | None, int | None], Picture] = {}


def from_workbook(value: Any, folder: Path | None, width_mm: Any = None, height_mm: Any = None) -> Picture:
    """A picture named by a workbook cell, relative to the workbook's folder; read once per file."""
    shown = str(value).strip()
    path = Path(shown)
    if not path.is_absolute():
        path = (folder or Path.cwd()) / path
    width = _emu(width_mm, "rộng")
    height = _emu(height_mm, "cao")
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size, width, height)
    except OSError:
        key = None
    if key and key in _CACHE:
        return _CACHE[key]
    picture = measure(read_checked(path, shown), path.name, width, height)
    if key:
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = picture
    return picture


def _emu(mm: Any, what: str) -> int | None:
    if mm is None or mm == "":
        return None
    try:
        value = float(str(mm).replace(",", "."))
    except ValueError:
        raise PictureError(f"chiều {what} của ảnh phải là số mi-li-mét, không phải «{mm}»") from None
    if not 1 <= value <= 1000:
        raise PictureError(f"chiều {what} của ảnh {mm} mm không hợp lý (từ 1 đến 1000 mm)")
    return int(value * EMU_PER_MM)


_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def drawing_xml(rid: str, picture: Picture, link_rid: str | None = None) -> str:
    """`<w:drawing>` with an inline picture (python-docx's `new_pic_inline`, one line, its
    namespaces declared on the element so any part can hold it). Ids are renumbered later."""
    from xml.sax.saxutils import quoteattr

    name = quoteattr(picture.name)
    click = f'<a:hlinkClick r:id="{link_rid}"/>' if link_rid else ""
    return (f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" {_NS}>'
            f'<wp:extent cx="{picture.cx}" cy="{picture.cy}"/><wp:docPr id="1" name={name}>{click}</wp:docPr>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name={name}>{click}</pic:cNvPr><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{picture.cx}" cy="{picture.cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing>')
