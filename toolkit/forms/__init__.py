"""Fillable forms: what units receive, fill in Excel, LibreOffice or Word, and send back.

`thidua form KIND DATA -o OUT` calls `write_form`:

| KIND | DATA (input workbook of) | OUT |
|---|---|---|
| `dang-ky-thi-dua` registration list | `dang-ky-thi-dua` | .xlsx or .docx |
| `bao-cao-ket-qua` results against the pledged targets | `giao-uoc` | .xlsx |
| `bang-cham-diem` scoring sheet | `bang-cham-diem` | .xlsx |

Every form carries its identity (`FormIdentity`: kind, version, unit, year) and, for `parse`,
where its fields are (`read_layout`); see `identity` for the format. Parts: `inputs` (DATA →
`FormInput`), `xlsx` (the Excel forms), `docx` (the Word form), `identity`.
"""
from __future__ import annotations

from pathlib import Path

from .. import vn
from ..errors import ThiduaError
from ..files import atomic_path
from ..office.identity import FormIdentity, FormLayout, Section, read_identity, read_layout, read_properties
from .docx import write_docx
from .inputs import SOURCES, load_input
from .xlsx import write_xlsx

KINDS = ("dang-ky-thi-dua", "bao-cao-ket-qua", "bang-cham-diem")
FORMATS = {"dang-ky-thi-dua": (".xlsx", ".docx"), "bao-cao-ket-qua": (".xlsx",), "bang-cham-diem": (".xlsx",)}
# The forms made from the bundled samples (the demo writes them; the web page offers them):
# (form kind, sample workbook, file name).
SAMPLE_FORMS = (
    ("dang-ky-thi-dua", "dang-ky-thi-dua.xlsx", "bieu-mau-dang-ky-thi-dua.xlsx"),
    ("dang-ky-thi-dua", "dang-ky-thi-dua.xlsx", "bieu-mau-dang-ky-thi-dua.docx"),
    ("bao-cao-ket-qua", "giao-uoc.xlsx", "bieu-mau-bao-cao-ket-qua.xlsx"),
    ("bang-cham-diem", "bang-cham-diem.xlsx", "bieu-mau-bang-cham-diem.xlsx"),
)

__all__ = ["FORMATS", "KINDS", "SAMPLE_FORMS", "SOURCES", "FormIdentity", "FormLayout", "Section", "read_identity",
           "read_layout", "read_properties", "write_form"]


def write_form(kind: str, data: Path, out: Path, *, force: bool = False) -> Path:
    """Write the form KIND for the unit described by DATA to OUT (.xlsx, or .docx for the
    registration list); never over an existing file unless `force`."""
    data, out = Path(data), Path(out)
    if kind not in KINDS:
        guess = vn.closest(kind, KINDS)
        raise ThiduaError(f"không có mẫu biểu '{kind}'"
                          + (f" (có phải '{guess}'?)" if guess else "")
                          + "; các mẫu biểu có: " + ", ".join(KINDS) + ".")
    suffix = out.suffix.lower()
    if suffix not in FORMATS[kind]:
        others = [k for k in KINDS if suffix in FORMATS[k]]
        raise ThiduaError(
            f"mẫu biểu '{kind}' chỉ ghi được dạng " + " hoặc ".join(_format_name(s) for s in FORMATS[kind])
            + (f"; dạng {_format_name(suffix)} chỉ có cho mẫu " + ", ".join(others) if others else "")
            + f". Hãy đặt tên tệp ra có đuôi {' hoặc '.join(FORMATS[kind])}.", file=out.name)
    if out.exists() and not force:
        raise ThiduaError("tệp ra đã có sẵn; thêm --force nếu muốn ghi đè.", file=str(out))

    form = load_input(kind, data)
    write = write_docx if suffix == ".docx" else write_xlsx
    with atomic_path(out) as tmp:
        write(form, tmp)
    return out


def _format_name(suffix: str) -> str:
    return {".xlsx": "Excel (.xlsx)", ".docx": "Word (.docx)"}.get(suffix, suffix or "không đuôi")
