"""`thidua convert unicode`: documents typed in TCVN3 (ABC), VNI or VIQR → Unicode NFC.

Agencies still hold pledges and lists typed years ago with `.VnTime` (TCVN3) or `VNI-Times`
fonts; opened today they read `B¶n giao -íc thi ®ua`. Units also send decomposed (NFD) text.
This converts, keeping everything else about the file:

- `.txt`, `.csv`, `.tsv`: legacy bytes or VIQR → UTF-8 NFC (`text_file`). A .csv gets a BOM so
  Excel shows Vietnamese; a .txt keeps one only if it had one.
- `.docx`: runs in a `.Vn*` or `VNI-*` font, by the run's own font or its styles, are decoded
  and set in Times New Roman, working on the XML parts (`docx_runs`).
- `.xlsx`: cells in a legacy font (all text cells with `--from`) are decoded; their font is
  renamed Times New Roman (`xlsx_cells`).

How each piece's encoding is decided is in `decoding`: a legacy font first, then `--from` or
the characters. `auto` never converts Unicode Vietnamese twice; `--from` says the pieces without
a legacy font are in that encoding, so it also decodes Unicode words made only of Latin-1
letters (`trên`): use it on legacy files only. The changes returned are text changes (one per
line, paragraph or cell); renaming a font is not listed.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ThiduaError
from ..files import atomic_path
from .decoding import Change, Decoder
from .docx_runs import convert_docx
from .paths import check_output
from .text_file import convert_text
from .xlsx_cells import convert_xlsx

__all__ = ["Change", "convert_unicode", "SUPPORTED"]

_TEXT = (".txt", ".csv", ".tsv")
_WORD = (".docx", ".docm", ".dotx")
_EXCEL = (".xlsx", ".xlsm")
SUPPORTED = _TEXT + _WORD + _EXCEL
_OLD_BINARY = {".doc": "Word", ".xls": "Excel"}


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _TEXT:
        return "text"
    if suffix in _WORD:
        return "word"
    if suffix in _EXCEL:
        return "excel"
    if suffix in _OLD_BINARY:
        program = _OLD_BINARY[suffix]
        raise ThiduaError(f"tệp {suffix} là định dạng cũ: hãy mở bằng {program} và lưu lại dạng "
                          f"{suffix}x rồi chuyển đổi tệp đó.", file=path.name)
    raise ThiduaError(f"không chuyển được tệp {suffix or 'không có phần mở rộng'}: chỉ nhận "
                      f"{', '.join(SUPPORTED)}.", file=path.name)


def convert_unicode(path: Path, out: Path | None, *, source: str = "auto", dry_run: bool = False,
                    force: bool = False) -> list[Change]:
    """Convert `path` to Unicode NFC into `out`; the changes made (or, with `dry_run`, that would be).

    `source` is `auto` (a piece's font, else what its characters look like), `tcvn3`, `vni` or
    `viqr` (for pieces without a legacy font). With `dry_run` nothing is written and `out`
    may be None. `out` is the same kind of file as `path` (.docx → .docx, .xlsm → .xlsm;
    .txt/.csv/.tsv → any of them).
    """
    path, decoder = Path(path), Decoder(source)
    if not path.is_file():
        raise ThiduaError("không tìm thấy tệp.", file=str(path))
    kind = _kind(path)
    if not dry_run:
        if out is None:
            raise ThiduaError("thiếu tệp kết quả: dùng -o TỆP (hoặc --dry-run để chỉ xem thay đổi).",
                              file=path.name)
        out = Path(out)
        if _kind(out) != kind or (kind != "text" and out.suffix.lower() != path.suffix.lower()):
            raise ThiduaError(f"tệp kết quả {out.name} phải cùng loại với tệp đầu vào ({path.suffix}).",
                              file=path.name)
        check_output(path, out, force)

    if kind == "text":
        text, bom, changes = convert_text(path.read_bytes(), path.name, decoder)
        if not dry_run:
            with_bom = bom or out.suffix.lower() in (".csv", ".tsv")
            with atomic_path(out) as tmp:
                tmp.write_bytes(text.encode("utf-8-sig" if with_bom else "utf-8"))
        return changes

    convert = convert_docx if kind == "word" else convert_xlsx
    package, replaced, changes = convert(path, decoder)
    if not dry_run:
        with atomic_path(out) as tmp:
            package.write(tmp, replaced)
    return changes
