"""The data a form is made from: an input workbook read with its template's spec.

| form (`KIND`) | input workbook | what goes into the form |
|---|---|---|
| `dang-ky-thi-dua` | `dang-ky-thi-dua` | members of `ca_nhan` (ho_va_ten, chuc_vu, don_vi) and collectives of `tap_the` |
| `bao-cao-ket-qua` | `giao-uoc` | the pledged targets of `chi_tieu` (nhom, noi_dung, ma_chi_tieu, gia_tri) |
| `bang-cham-diem` | `bang-cham-diem` | the criteria of `tieu_chi` with their maximum points (*điểm chuẩn*) |

The form's unit is `thong_tin.cong_doan` (the union: the member of a cluster, whose results
are summarized), else `don_vi`, else `co_quan_ban_hanh`; its year is `thong_tin.nam`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import vn
from ..generate.catalog import BANG_CHAM_DIEM, BUILTIN, TemplateSpec
from ..generate.workbook import open_workbook
from ..errors import ThiduaError
from ..office.identity import VERSION, FormIdentity

SOURCES: dict[str, TemplateSpec] = {
    "dang-ky-thi-dua": BUILTIN["dang-ky-thi-dua"],
    "bao-cao-ket-qua": BUILTIN["giao-uoc"],
    "bang-cham-diem": BANG_CHAM_DIEM,
}
# The table each form is built on; optional tables are read when present.
MAIN_TABLE = {"dang-ky-thi-dua": "ca_nhan", "bao-cao-ket-qua": "chi_tieu", "bang-cham-diem": "tieu_chi"}
OPTIONAL_TABLES = {"dang-ky-thi-dua": ("tap_the",)}


@dataclass
class FormInput:
    kind: str
    file: str  # the data file's name, for messages
    info: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def identity(self) -> FormIdentity:
        unit = next((str(self.info[k]).strip() for k in ("cong_doan", "don_vi", "co_quan_ban_hanh")
                     if self.info.get(k) not in (None, "")), "")
        return FormIdentity(self.kind, VERSION, vn.nfc(unit), self.year)

    @property
    def year(self) -> int | None:
        nam = self.info.get("nam")
        if isinstance(nam, (int, float)) and float(nam).is_integer():
            return int(nam)
        return None

    def text(self, key: str) -> str:
        value = self.info.get(key)
        return "" if value is None else vn.nfc(str(value)).strip()


def load_input(kind: str, path: Path) -> FormInput:
    """Read DATA for a form; a missing table or an unknown metric code is a `ThiduaError`."""
    spec = SOURCES[kind]
    wb = open_workbook(path, spec)
    form = FormInput(kind, path.name, dict(wb.info))
    main = MAIN_TABLE[kind]
    for name in (main, *OPTIONAL_TABLES.get(kind, ())):
        if name not in wb.sheets:
            if name != main:
                continue
            table = spec.table(name)
            raise ThiduaError(
                f"thiếu trang tính '{name}' ({table.label}) với các cột "
                + ", ".join(c.label for c in table.columns)
                + f"; mẫu '{kind}' lấy dữ liệu từ trang này (xem: thidua template sample {spec.name}).",
                file=path.name)
        if name == "chi_tieu":
            _check_metric_codes(wb, name)
        rows = wb.table(name)
        if name == "chi_tieu":
            rows = [{**row, "ma_chi_tieu": _metric_code(row.get("ma_chi_tieu"))} for row in rows]
        form.tables[name] = rows
    return form


def _metric_code(value: Any) -> str | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    return text if text in vn.METRICS else vn.slug(text)


def _check_metric_codes(wb, sheet_name: str) -> None:
    sheet = wb.sheets[sheet_name]
    for row in wb.rows(sheet_name):
        code = _metric_code(row.values.get("ma_chi_tieu"))
        if code is None or code in vn.METRICS:
            continue
        guess = vn.closest(code, vn.METRICS)
        hint = f" Có phải '{guess}'?" if guess else ""
        raise ThiduaError(
            f"mã chỉ tiêu '{row.values['ma_chi_tieu']}' không có trong bộ chỉ tiêu; hãy dùng một mã "
            f"như lao_dong_tien_tien, sang_kien hoặc để trống.{hint}",
            file=wb.path.name, sheet=sheet.title, row=row.number,
            column=f"{sheet.letters.get('ma_chi_tieu', '')} {sheet.labels.get('ma_chi_tieu', '')}".strip())
