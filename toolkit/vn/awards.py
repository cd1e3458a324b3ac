"""Awards as decisions name them: the form, its class (hạng) and who gives it (docs/design.md).

A decision writes `Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh`, a list cell `Bằng khen`,
a statistics table `HCLĐ hạng Ba`. `find_award` reads the form (Luật Thi đua, khen thưởng 2022
and the union's own forms), the class and the issuer from such text; `find_issuer` reads the
issuer alone, in its long, short or abbreviated name (`Tổng Liên đoàn Lao động Việt Nam`,
`TLĐ`, `Tổng LĐLĐVN`). Both match folded text, so case, diacritics and OCR-lost accents do
not matter.

Codes are snake_case Vietnamese without diacritics. `Award.metric` is the vocabulary's code
for the form from that issuer (`ISSUED_METRICS`: `bang_khen_tld`; a Bộ and a province give
at the same level, so `bang_khen_ubnd` and `co_thi_dua_cap_tinh` stand for both), else
`<form>_<issuer>` when the vocabulary has it, else `<form>`. Free text reads awards by issuer
through the same table, so a list and a sentence give one metric.
For *Chiến sĩ thi đua* the level (`co_so`, `cap_tinh`, `toan_quoc`) stands in `hang`, as
it is part of the title's name (`chien_si_thi_dua_co_so`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold
from .vocabulary import METRICS

# Issuer codes.
CHU_TICH_NUOC, THU_TUONG, CHINH_PHU, BO, UBND, UBND_HUYEN = (
    "chu_tich_nuoc", "thu_tuong", "chinh_phu", "bo", "ubnd", "ubnd_huyen")
TLD, CD_NGANH, LDLD, TAP_DOAN = "tld", "cd_nganh", "ldld", "tap_doan"

ISSUER_NAMES = {
    CHU_TICH_NUOC: "Chủ tịch nước",
    THU_TUONG: "Thủ tướng Chính phủ",
    CHINH_PHU: "Chính phủ",
    BO: "Bộ, ban, ngành, đoàn thể Trung ương",
    UBND: "Ủy ban nhân dân tỉnh, thành phố",
    UBND_HUYEN: "Ủy ban nhân dân huyện, quận, thị xã",
    TLD: "Tổng Liên đoàn Lao động Việt Nam",
    CD_NGANH: "Công đoàn ngành Trung ương",
    LDLD: "Liên đoàn Lao động tỉnh, thành phố",
    TAP_DOAN: "Tập đoàn, Tổng công ty",
}

# Tried in order on folded text; the first pattern with a match names the issuer (so
# `Tổng Liên đoàn` is tried before `Liên đoàn`, `Thủ tướng Chính phủ` before `Chính phủ`).
_ISSUERS: tuple[tuple[str, re.Pattern], ...] = tuple((code, re.compile(p)) for code, p in (
    (CHU_TICH_NUOC, r"\bchu tich nuoc\b|\bchu tich nuoc cong hoa\b"),
    (THU_TUONG, r"\bthu tuong\b|\bttcp\b|\bttg\b"),
    (TLD, r"\btong lien doan\b|\btong ld(?:ld)?(?:vn)?\b|\btld\b|\bdoan chu tich tong\b"),
    (CD_NGANH, r"\bcong doan nganh\b|\bcd nganh\b|\bcdn\b|\bcdvc(?: viet nam)?\b|"
               r"\bcong doan vien chuc viet nam\b|"
               r"\bcong doan (?!co so\b)[a-z ]{2,40}? viet nam\b|\bcong doan (?:giao duc|y te)\b"),
    (LDLD, r"\blien doan lao dong\b|\bldld\b|\bld ld\b"),
    (UBND_HUYEN, r"\b(?:uy ban nhan dan|ubnd)(?: cap)? (?:huyen|quan|thi xa)\b"),
    (UBND, r"\buy ban nhan dan\b|\bubnd\b|\bub nd\b|\bcap tinh\b"),
    (CHINH_PHU, r"\bchinh phu\b"),
    (BO, r"\bbo truong\b|\bbo (?:[a-z]+ ){0,4}?(?:nganh|ban|doan the)\b|\bcap bo\b|"
         r"\bbo (?:noi vu|tai chinh|y te|giao duc|cong an|quoc phong|tu phap|cong thuong|"
         r"thong tin|tai nguyen|lao dong|nong nghiep|xay dung|giao thong|van hoa|khoa hoc|"
         r"ke hoach|ngoai giao|ke hoach)\b|\buy ban quan ly von\b|\bubqlv\b"),
    (TAP_DOAN, r"\btap doan\b|\btong cong ty\b"),
))

# `Cờ “Đơn vị thi đua xuất sắc”`, `Cờ “Đơn vị dẫn đầu phong trào thi đua”`: a Cờ thi đua named
# by its title (the quote tells it from `có đơn vị …`); folded.
FLAG_BY_TITLE = r"co\s*[\"“]\s*don vi (?:thi dua xuat sac|dan dau)"
# Forms, longest phrases first inside one alternation; the leftmost match wins.
_FORMS: tuple[tuple[str, str], ...] = (
    ("huan_chuong_sao_vang", r"huan chuong sao vang"),
    ("huan_chuong_ho_chi_minh", r"huan chuong ho chi minh"),
    ("huan_chuong_doc_lap", r"huan chuong doc lap"),
    ("huan_chuong_lao_dong", r"huan chuong lao dong|hcld|hc ld|hc lao dong"),
    ("huan_chuong_bao_ve_to_quoc", r"huan chuong bao ve to quoc"),
    ("huan_chuong_chien_cong", r"huan chuong chien cong"),
    ("huan_chuong_dai_doan_ket_dan_toc", r"huan chuong dai doan ket dan toc"),
    ("huan_chuong_dung_cam", r"huan chuong dung cam"),
    ("huan_chuong_huu_nghi", r"huan chuong huu nghi"),
    ("huy_chuong", r"huy chuong"),
    ("anh_hung_lao_dong", r"anh hung lao dong"),
    ("anh_hung_llvtnd", r"anh hung luc luong vu trang(?: nhan dan)?|anh hung llvtnd"),
    ("ba_me_viet_nam_anh_hung", r"ba me viet nam anh hung|me viet nam anh hung|bmvnah"),
    ("nha_giao_nhan_dan", r"nha giao nhan dan"),
    ("nha_giao_uu_tu", r"nha giao uu tu"),
    ("thay_thuoc_nhan_dan", r"thay thuoc nhan dan"),
    ("thay_thuoc_uu_tu", r"thay thuoc uu tu"),
    ("nghe_si_nhan_dan", r"nghe si nhan dan"),
    ("nghe_si_uu_tu", r"nghe si uu tu"),
    ("nghe_nhan_nhan_dan", r"nghe nhan nhan dan"),
    ("nghe_nhan_uu_tu", r"nghe nhan uu tu"),
    ("giai_thuong_ho_chi_minh", r"giai thuong ho chi minh"),
    ("giai_thuong_nha_nuoc", r"giai thuong nha nuoc"),
    ("chien_si_thi_dua", r"chien s[iy] thi dua|cstd(?:cs|tq)?"),
    ("tap_the_lao_dong_xuat_sac", r"tap the lao dong xuat sac|tap the ld xuat sac|ttldxs|tap the ldxs"),
    ("tap_the_lao_dong_tien_tien", r"tap the lao dong tien tien|tap the ld tien tien|ttldtt|tap the ldtt"),
    ("lao_dong_tien_tien", r"lao dong tien tien|ld tien tien|ldtt"),
    ("co_thi_dua", r"co thi dua|" + FLAG_BY_TITLE),
    ("bang_khen", r"bang khen"),
    ("giay_khen", r"giay khen"),
    ("bang_lao_dong_sang_tao", r"bang lao dong sang tao|bang ldst"),
    ("ky_niem_chuong", r"ky niem chuong|ki niem chuong"),
    ("giai_dac_biet", r"giai dac biet"),
    ("giai_nhat", r"giai nhat|giai i|giai 1"),
    ("giai_nhi", r"giai nhi|giai ii|giai 2"),
    ("giai_ba", r"giai ba|giai iii|giai 3"),
    ("giai_khuyen_khich", r"giai khuyen khich|giai kk"),
)
_FORM = re.compile(r"\b(?:" + "|".join(f"(?P<{code}>{p})" for code, p in _FORMS) + r")\b")

# The issuer a form always has by law: it is not repeated in the metric code.
_OWN_ISSUER = {code: CHU_TICH_NUOC for code, _ in _FORMS
               if code.startswith(("huan_chuong", "huy_chuong", "anh_hung", "ba_me", "nha_giao",
                                   "thay_thuoc", "nghe_si", "nghe_nhan", "giai_thuong"))}
_OWN_ISSUER["co_thi_dua_chinh_phu"] = CHINH_PHU

_HANG = re.compile(r"^\W*(?:hang\s+)(nhat|nhi|ba|i{1,3}|[123])\b")
_HANG_CODES = {"nhat": "nhat", "i": "nhat", "1": "nhat", "nhi": "nhi", "ii": "nhi", "2": "nhi",
               "ba": "ba", "iii": "ba", "3": "ba"}
_CSTD_LEVEL = re.compile(r"^\W*(?:(?:cap\s+)?(co so|cs\b)|(toan quoc|tq\b)|"
                         r"(?:cap\s+)(?:bo|ban|nganh|tinh|thanh pho|tp|trung uong))")
_HANG_NAMES = {"nhat": "hạng Nhất", "nhi": "hạng Nhì", "ba": "hạng Ba",
               "co_so": "cơ sở", "cap_tinh": "cấp bộ, ngành, tỉnh", "toan_quoc": "toàn quốc"}


# The metric of a form given by an issuer. The vocabulary's levels put a Bộ's and a
# province's awards together: they rank alike in the Law (docs/design.md, *Metric vocabulary*).
ISSUED_METRICS = {
    ("bang_khen", "thu_tuong"): "bang_khen_thu_tuong",
    ("bang_khen", "chinh_phu"): "bang_khen_thu_tuong",
    ("bang_khen", "tld"): "bang_khen_tld",
    ("bang_khen", "cd_nganh"): "bang_khen_cd_nganh",
    ("bang_khen", "ldld"): "bang_khen_ldld",
    ("bang_khen", "ubnd"): "bang_khen_ubnd",
    ("bang_khen", "bo"): "bang_khen_ubnd",
    ("bang_khen", "tap_doan"): "bang_khen_tap_doan",
    ("co_thi_dua", "chinh_phu"): "co_thi_dua_chinh_phu",
    ("co_thi_dua", "thu_tuong"): "co_thi_dua_chinh_phu",
    ("co_thi_dua", "tld"): "co_thi_dua_tld",
    ("co_thi_dua", "ldld"): "co_thi_dua_ldld",
    ("co_thi_dua", "ubnd"): "co_thi_dua_cap_tinh",
    ("co_thi_dua", "bo"): "co_thi_dua_cap_tinh",
    ("co_thi_dua", "cd_nganh"): "co_thi_dua_cd_nganh",
    ("co_thi_dua", "tap_doan"): "co_thi_dua_tap_doan",
}


@dataclass(frozen=True)
class Award:
    """One award: `form` (`bang_khen`), `hang` (`nhat`/`nhi`/`ba`, or a CSTĐ level), `issuer`."""

    form: str
    hang: str | None = None
    issuer: str | None = None

    @property
    def metric(self) -> str:
        """The vocabulary code: `<form>_<issuer>` when the vocabulary has it, else `<form>`."""
        if self.form == "chien_si_thi_dua":
            return f"chien_si_thi_dua_{self.hang or 'co_so'}"
        if (self.form, self.issuer) in ISSUED_METRICS:
            return ISSUED_METRICS[(self.form, self.issuer)]
        if self.issuer and _OWN_ISSUER.get(self.form) != self.issuer:
            code = f"{self.form}_{self.issuer}"
            if code in METRICS:
                return code
        return self.form

    @property
    def hang_name(self) -> str | None:
        return _HANG_NAMES.get(self.hang or "")

    @property
    def issuer_name(self) -> str | None:
        return ISSUER_NAMES.get(self.issuer or "")


def find_issuer(text: str) -> str | None:
    """The issuer code named in `text` (`Chủ tịch UBND tỉnh` → `ubnd`), or None."""
    f = fold(text)
    return _issuer_in(f)


def _issuer_in(f: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for rank, (code, pattern) in enumerate(_ISSUERS):
        m = pattern.search(f)
        if m and (best is None or (m.start(), rank) < best[:2]):
            best = (m.start(), rank, code)
    return best[2] if best else None


def award_forms(text: str) -> list[str]:
    """Every award form `text` names, in order, each once."""
    return list(dict.fromkeys(m.lastgroup or "" for m in _FORM.finditer(fold(text))))


def award_start(text: str) -> int | None:
    """How many words of `text` come before the first award form it names (None: no form)."""
    f = fold(text)
    m = _FORM.search(f)
    # a quote opening the title (`danh hiệu “Tập thể …`) is no word
    return len([w for w in f[:m.start()].split() if any(ch.isalnum() for ch in w)]) if m else None


def find_award(text: str) -> Award | None:
    """The first award `text` names, with its class and issuer, or None.

    The issuer is looked for after the form (`Bằng khen của Thủ tướng`), then anywhere in
    the text (`UBND tỉnh tặng Bằng khen`). Forms given by the State alone (Huân chương,
    danh hiệu vinh dự) get the Chủ tịch nước when no issuer is written.
    """
    f = fold(text)
    m = _FORM.search(f)
    if m is None:
        return None
    form = m.lastgroup or ""
    rest = f[m.end():]
    hang = None
    if form == "chien_si_thi_dua":
        level = _CSTD_LEVEL.match(rest)
        written = m.group(0)
        if written.endswith("cs"):
            hang = "co_so"
        elif written.endswith("tq"):
            hang = "toan_quoc"
        elif level:
            hang = "co_so" if level.group(1) else "toan_quoc" if level.group(2) else "cap_tinh"
    else:
        h = _HANG.match(rest)
        if h:
            hang = _HANG_CODES[h.group(1)]
    issuer = _issuer_in(rest[:120]) or _issuer_in(f[:m.start()]) or _OWN_ISSUER.get(form)
    if form == "co_thi_dua" and issuer == THU_TUONG:
        issuer = CHINH_PHU  # Cờ thi đua của Chính phủ, given by the Thủ tướng
    return Award(form, hang, issuer)
