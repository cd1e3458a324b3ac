"""The rules a summary checks against, from a TOML file: defaults overlaid by the user's file.

`rules.toml` beside this module is the documented default set (thresholds, severities, grade
cut-offs, how many places get which proposal), commented in Vietnamese for the people who
edit it. A province whose guidance differs writes a small file with only the keys it
changes; `load_rules` lays it over the defaults. The defaults are also the schema: a key
they do not have is unknown, and a value must have the default's type (a whole number where
the default is one, any number where the default has a decimal point).

Glossary: *kiểm tra* check, *mức độ* severity (*lỗi* error, *cảnh báo* warning, *thông tin*
information), *ngưỡng* threshold, *xếp loại* grade, *đề nghị* proposal (for a reward),
*Cờ thi đua* emulation flag, *Bằng khen* certificate of merit.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .. import vn
from ..errors import ThiduaError

DEFAULTS = Path(__file__).with_name("rules.toml")

LOI, CANH_BAO, THONG_TIN = "lỗi", "cảnh báo", "thông tin"
SEVERITIES = (LOI, CANH_BAO, THONG_TIN)  # most serious first

# Grade levels of HD 1294/HD-TLĐ, best first: (key in [xep_loai], metric code, name).
GRADE_LEVELS = (
    ("hoan_thanh_xuat_sac", "cdcs_hoan_thanh_xuat_sac"),
    ("hoan_thanh_tot", "cdcs_hoan_thanh_tot"),
    ("hoan_thanh", "cdcs_hoan_thanh"),
    ("khong_hoan_thanh", "cdcs_khong_hoan_thanh"),
)


@dataclass(frozen=True)
class Check:
    """One rule of [kiem_tra]: whether it runs, its severity and its thresholds."""

    code: str
    enabled: bool
    severity: str
    limits: Mapping[str, float] = field(default_factory=dict)

    def limit(self, key: str) -> float:
        return self.limits[key]


@dataclass(frozen=True)
class Grades:
    """Minimum points of each level; a score equal to a cut-off reaches that level."""

    excellent: float  # hoàn thành xuất sắc nhiệm vụ
    good: float  # hoàn thành tốt nhiệm vụ
    done: float  # hoàn thành nhiệm vụ

    def code(self, score: float) -> str:
        """The grade's metric code (`cdcs_hoan_thanh_tot` …) for a total score."""
        score = round(score, 2)  # a sum of decimals such as 89.99000000000001 is 89,99
        for cut, (_, code) in zip((self.excellent, self.good, self.done), GRADE_LEVELS):
            if score >= cut:
                return code
        return GRADE_LEVELS[-1][1]


@dataclass(frozen=True)
class Proposals:
    """Which places are proposed for which reward (ties share a place and its proposal)."""

    flags: int  # places proposed for a Cờ thi đua
    merits: int  # the next places, proposed for a Bằng khen
    min_grade: str  # metric code of the lowest grade that may be proposed
    flag_name: str
    merit_name: str
    barred_by_errors: bool = True  # a unit with a finding of severity `lỗi` is not proposed


@dataclass(frozen=True)
class Rules:
    checks: Mapping[str, Check]
    grades: Grades
    proposals: Proposals
    files: tuple[str, ...] = ()  # the files read, defaults first

    def check(self, code: str) -> Check:
        return self.checks[code]


def load_rules(path: Path | None = None) -> Rules:
    """The default rules, overlaid by `path` when given.

    Raises `ThiduaError` naming the file (and the key) for a missing file, bad TOML, an
    unknown key or a value of the wrong type or range.
    """
    defaults = _read(DEFAULTS)
    data, files = defaults, (str(DEFAULTS),)
    if path is not None:
        path = Path(path)
        user = _read(path)
        data = _overlay(defaults, user, str(path), ())
        files += (str(path),)
    return _build(data, str(path) if path is not None else str(DEFAULTS), files)


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ThiduaError("không tìm thấy tệp quy tắc.", file=str(path))
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ThiduaError(f"tệp quy tắc không đúng cú pháp TOML ({exc}).", file=str(path)) from None
    except UnicodeDecodeError:
        raise ThiduaError("tệp quy tắc phải là văn bản UTF-8.", file=str(path)) from None


def _overlay(default: Mapping[str, Any], user: Mapping[str, Any], file: str,
             where: tuple[str, ...]) -> dict[str, Any]:
    """`user` over `default`, key by key; the defaults decide which keys and types exist."""
    out = dict(default)
    for key, value in user.items():
        dotted = ".".join(where + (key,))
        if key not in default:
            known = ", ".join(sorted(default))
            guess = vn.closest(key, default)
            hint = f" Có phải '{'.'.join(where + (guess,))}'?" if guess else ""
            raise ThiduaError(f"khóa '{dotted}' không có trong quy tắc (các khóa ở đây: {known}).{hint}",
                              file=file)
        base = default[key]
        if isinstance(base, dict):
            if not isinstance(value, dict):
                raise ThiduaError(f"khóa '{dotted}' phải là một bảng [{dotted}], không phải một giá trị.",
                                  file=file)
            out[key] = _overlay(base, value, file, where + (key,))
        else:
            out[key] = _typed(base, value, file, dotted)
    return out


def _typed(base: Any, value: Any, file: str, dotted: str) -> Any:
    if isinstance(base, bool):
        ok, kind = isinstance(value, bool), "true hoặc false"
    elif isinstance(base, int):
        ok, kind = isinstance(value, int) and not isinstance(value, bool), "một số nguyên"
    elif isinstance(base, float):
        ok, kind = isinstance(value, (int, float)) and not isinstance(value, bool), "một số"
    else:
        ok, kind = isinstance(value, str), "một chuỗi trong ngoặc kép"
    if not ok:
        raise ThiduaError(f"khóa '{dotted}' phải là {kind}, không phải {value!r}.", file=file)
    return float(value) if isinstance(base, float) else value


def _build(data: Mapping[str, Any], file: str, files: tuple[str, ...]) -> Rules:
    """Rules from the merged tables, with the checks a type cannot express."""
    def bad(key: str, why: str) -> ThiduaError:
        return ThiduaError(f"khóa '{key}' {why}", file=file)

    checks = {}
    for code, table in data["kiem_tra"].items():
        severity = _severity(table["muc_do"])
        if severity is None:
            raise bad(f"kiem_tra.{code}.muc_do", f"phải là một trong {', '.join(map(repr, SEVERITIES))}, "
                                                 f"không phải {table['muc_do']!r}.")
        limits = {k: v for k, v in table.items() if k not in ("ap_dung", "muc_do")}
        for key, value in limits.items():
            if value < 0:
                raise bad(f"kiem_tra.{code}.{key}", f"không được âm ({value}).")
            if key.startswith("ty_le") and value > 100:
                raise bad(f"kiem_tra.{code}.{key}", f"là tỷ lệ phần trăm, phải từ 0 đến 100 ({value}).")
        checks[code] = Check(code, table["ap_dung"], severity, limits)

    cuts = data["xep_loai"]
    if not cuts["hoan_thanh_xuat_sac"] >= cuts["hoan_thanh_tot"] >= cuts["hoan_thanh"] >= 0:
        raise bad("xep_loai", "phải có hoan_thanh_xuat_sac ≥ hoan_thanh_tot ≥ hoan_thanh ≥ 0 "
                              f"(đang là {cuts['hoan_thanh_xuat_sac']}, {cuts['hoan_thanh_tot']}, "
                              f"{cuts['hoan_thanh']}).")
    grades = Grades(cuts["hoan_thanh_xuat_sac"], cuts["hoan_thanh_tot"], cuts["hoan_thanh"])

    offer = data["de_nghi"]
    for key in ("co_thi_dua", "bang_khen"):
        if offer[key] < 0:
            raise bad(f"de_nghi.{key}", f"không được âm ({offer[key]}).")
    levels = dict(GRADE_LEVELS)
    if offer["xep_loai_toi_thieu"] not in levels:
        raise bad("de_nghi.xep_loai_toi_thieu", f"phải là một trong {', '.join(levels)}, "
                                                f"không phải {offer['xep_loai_toi_thieu']!r}.")
    for key in ("ten_co_thi_dua", "ten_bang_khen"):
        if not offer[key].strip():
            raise bad(f"de_nghi.{key}", "không được để trống.")
    proposals = Proposals(offer["co_thi_dua"], offer["bang_khen"], levels[offer["xep_loai_toi_thieu"]],
                          offer["ten_co_thi_dua"].strip(), offer["ten_bang_khen"].strip(),
                          offer["chan_khi_co_loi"])
    return Rules(checks, grades, proposals, files)


def _severity(text: str) -> str | None:
    """`lỗi`, `Lỗi`, `loi` → `lỗi`: the name with its diacritics, or None."""
    key = vn.fold(text)
    return next((s for s in SEVERITIES if vn.fold(s) == key), None)
