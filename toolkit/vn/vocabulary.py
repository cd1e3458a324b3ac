"""The metric vocabulary: every title, grade, reward and count a record can be about.

Codes are the public contract of docs/design.md, *Metric vocabulary*. Each metric keeps the names
people actually write: abbreviations (`LĐTT`), the old and new union grades (*vững mạnh*,
*hoàn thành tốt nhiệm vụ*) and typos seen in returned files (`Lao động tiến tiến` and
`Lao đông tiên tiến` fold to the right key on their own; `sỹ`/`sĩ` and `kỷ`/`kỉ` are added
as variants). Groups: `ca_nhan` individual titles, `tap_the` collective titles, `xep_loai`
union grades, `khen_thuong` rewards, `to_chuc` organisation counts, `hoat_dong` activities.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import fold

KHAC = "khac"  # the metric of a phrase we do not know; the phrase goes to `label`

INDIVIDUAL, COLLECTIVE, UNIT = "individual", "collective", "unit"
GROUPS = ("ca_nhan", "tap_the", "xep_loai", "khen_thuong", "to_chuc", "hoat_dong")


@dataclass(frozen=True)
class Metric:
    """One code of the vocabulary; `subject_type` is who holds it.

    `unit` means it is not tied to a person or to a collective: counts and activities of
    the reporting unit, and rewards, which are given to both.
    """

    code: str
    name: str
    group: str
    subject_type: str
    short: str
    aliases: tuple[str, ...]


def _m(code: str, name: str, group: str, subject_type: str, short: str = "", *aliases: str) -> Metric:
    return Metric(code, name, group, subject_type, short, aliases)


# `…` in an alias stands for up to a few words (`giới thiệu 05 đoàn viên ưu tú cho Đảng`).
_ALL = (
    # Individual titles (Luật Thi đua, khen thưởng 2022; Điều lệ Công đoàn).
    _m("lao_dong_tien_tien", "Lao động tiên tiến", "ca_nhan", INDIVIDUAL, "LĐTT",
       "LĐ tiên tiến", "lao động TT"),
    _m("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở", "ca_nhan", INDIVIDUAL, "CSTĐCS",
       "CSTĐ cơ sở", "CSTĐ CS", "CSTĐ cấp cơ sở", "chiến sĩ thi đua cấp cơ sở",
       "chiến sĩ thi đua", "CSTĐ"),
    _m("chien_si_thi_dua_cap_tinh", "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", "ca_nhan",
       INDIVIDUAL, "",
       "chiến sĩ thi đua cấp tỉnh", "chiến sĩ thi đua cấp bộ", "chiến sĩ thi đua cấp ngành",
       "chiến sĩ thi đua cấp ban", "chiến sĩ thi đua tỉnh", "chiến sĩ thi đua cấp thành phố",
       "CSTĐ cấp tỉnh", "CSTĐ cấp bộ", "CSTĐ cấp ngành", "CSTĐ cấp ban", "CSTĐ tỉnh",
       "CSTĐ cấp thành phố"),
    _m("chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc", "ca_nhan", INDIVIDUAL,
       "CSTĐTQ", "CSTĐ toàn quốc"),
    _m("doan_vien_cong_doan_xuat_sac", "Đoàn viên công đoàn xuất sắc", "ca_nhan", INDIVIDUAL,
       "ĐVCĐXS", "đoàn viên CĐ xuất sắc", "ĐVCĐ xuất sắc", "đoàn viên xuất sắc",
       "CĐV xuất sắc", "công đoàn viên xuất sắc"),
    _m("gioi_viec_nuoc_dam_viec_nha", "Giỏi việc nước, đảm việc nhà", "ca_nhan", INDIVIDUAL,
       "GVNĐVN"),
    _m("nguoi_tot_viec_tot", "Người tốt, việc tốt", "ca_nhan", INDIVIDUAL, "NTVT"),
    # Collective titles.
    _m("tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến", "tap_the", COLLECTIVE,
       "TTLĐTT", "tập thể LĐTT", "tập thể LĐ tiên tiến", "TT LĐTT", "tập thể lao động TT"),
    _m("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc", "tap_the", COLLECTIVE,
       "TTLĐXS", "tập thể LĐXS", "tập thể LĐ xuất sắc", "TT LĐXS", "LĐXS"),
    _m("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ", "tap_the", COLLECTIVE, "",
       "cờ thi đua CP", "cờ thi đua Thủ tướng Chính phủ"),
    _m("co_thi_dua_cap_tinh", "Cờ thi đua cấp bộ, ban, ngành, tỉnh", "tap_the", COLLECTIVE, "",
       "cờ thi đua UBND", "cờ thi đua Ủy ban nhân dân", "cờ thi đua cấp tỉnh",
       "cờ thi đua cấp bộ", "cờ thi đua cấp ngành", "cờ thi đua Bộ", "cờ thi đua tỉnh",
       "cờ thi đua thành phố"),
    _m("co_thi_dua_tld", "Cờ thi đua của Tổng Liên đoàn Lao động Việt Nam", "tap_the",
       COLLECTIVE, "",
       "cờ thi đua Tổng Liên đoàn", "cờ thi đua TLĐ", "cờ thi đua Tổng LĐLĐ",
       "cờ thi đua Tổng LĐ", "cờ thi đua BCH Tổng Liên đoàn",
       "cờ thi đua Ban Chấp hành Tổng Liên đoàn"),
    _m("co_thi_dua_ldld", "Cờ thi đua của Liên đoàn Lao động tỉnh", "tap_the", COLLECTIVE, "",
       "cờ thi đua LĐLĐ", "cờ thi đua Liên đoàn Lao động", "cờ thi đua BCH LĐLĐ"),
    _m("gia_dinh_van_hoa", "Gia đình văn hóa", "tap_the", COLLECTIVE, "GĐVH"),
    _m("co_quan_van_hoa", "Cơ quan văn hóa", "tap_the", COLLECTIVE, "",
       "cơ quan, đơn vị văn hóa", "đơn vị văn hóa", "cơ quan đạt chuẩn văn hóa",
       "đơn vị đạt chuẩn văn hóa"),
    # Union grades: HD 1294/HD-TLĐ (2019) levels, and the older `vững mạnh` scale.
    _m("cdcs_vung_manh", "Công đoàn cơ sở vững mạnh", "xep_loai", COLLECTIVE, "",
       "vững mạnh", "CĐCS vững mạnh", "công đoàn vững mạnh", "vững mạnh xuất sắc"),
    _m("cdcs_hoan_thanh_xuat_sac", "Hoàn thành xuất sắc nhiệm vụ", "xep_loai", COLLECTIVE,
       "HTXSNV", "hoàn thành xuất sắc", "HTXS nhiệm vụ"),
    _m("cdcs_hoan_thanh_tot", "Hoàn thành tốt nhiệm vụ", "xep_loai", COLLECTIVE, "HTTNV",
       "hoàn thành tốt", "HTT nhiệm vụ"),
    _m("cdcs_hoan_thanh", "Hoàn thành nhiệm vụ", "xep_loai", COLLECTIVE, "HTNV"),
    _m("cdcs_khong_hoan_thanh", "Không hoàn thành nhiệm vụ", "xep_loai", COLLECTIVE, "KHTNV",
       "không hoàn thành", "chưa hoàn thành nhiệm vụ", "chưa hoàn thành"),
    # Rewards.
    _m("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ", "khen_thuong", UNIT, "",
       "bằng khen Thủ tướng", "bằng khen TTCP", "bằng khen TTg", "bằng khen Chính phủ"),
    _m("bang_khen_tld", "Bằng khen của Tổng Liên đoàn Lao động Việt Nam", "khen_thuong", UNIT,
       "", "bằng khen Tổng Liên đoàn", "bằng khen TLĐ", "bằng khen Tổng LĐLĐ",
       "bằng khen Tổng LĐ", "bằng khen BCH Tổng Liên đoàn",
       "bằng khen Ban Chấp hành Tổng Liên đoàn", "bằng khen Đoàn Chủ tịch Tổng Liên đoàn",
       "bằng khen … Tổng Liên đoàn"),
    _m("bang_khen_cd_nganh", "Bằng khen của Công đoàn ngành", "khen_thuong", UNIT, "",
       "bằng khen Công đoàn Viên chức", "bằng khen CĐVC", "bằng khen CĐ Viên chức",
       "bằng khen công đoàn ngành", "bằng khen CĐ ngành", "bằng khen CĐN",
       "bằng khen Công đoàn Giáo dục", "bằng khen Công đoàn Y tế",
       "bằng khen BCH Công đoàn Viên chức", "bằng khen … Công đoàn Viên chức", "bằng khen … Công đoàn ngành"),
    _m("bang_khen_ldld", "Bằng khen của Liên đoàn Lao động tỉnh", "khen_thuong", UNIT, "",
       "bằng khen LĐLĐ", "bằng khen Liên đoàn Lao động", "bằng khen BCH LĐLĐ",
       "bằng khen Ban Chấp hành Liên đoàn Lao động", "bằng khen … Liên đoàn Lao động tỉnh"),
    _m("bang_khen_ubnd", "Bằng khen của Ủy ban nhân dân tỉnh", "khen_thuong", UNIT, "",
       "bằng khen UBND", "bằng khen Ủy ban nhân dân", "bằng khen Chủ tịch UBND",
       "bằng khen Chủ tịch Ủy ban nhân dân", "bằng khen Bộ", "bằng khen Bộ trưởng",
       "bằng khen cấp tỉnh", "bằng khen cấp bộ", "bằng khen tỉnh"),
    _m("bang_lao_dong_sang_tao", "Bằng Lao động sáng tạo", "khen_thuong", UNIT, "",
       "bằng LĐST", "bằng lao động sáng tạo"),
    _m("giay_khen", "Giấy khen", "khen_thuong", UNIT, ""),
    _m("ky_niem_chuong", "Kỷ niệm chương", "khen_thuong", UNIT, "KNC"),
    # Organisation counts: weak words, see `WEAK_METRICS`.
    _m("so_cdcs", "Số công đoàn cơ sở", "to_chuc", UNIT, "",
       "số CĐCS", "CĐCS trực thuộc", "CĐCS thành viên", "công đoàn cơ sở trực thuộc"),
    _m("so_doan_vien", "Số đoàn viên", "to_chuc", UNIT, "",
       "đoàn viên", "ĐVCĐ", "đoàn viên công đoàn", "CĐV", "công đoàn viên"),
    _m("so_nguoi_lao_dong", "Số người lao động", "to_chuc", UNIT, "",
       "người lao động", "NLĐ", "CBCCVCLĐ", "CNVCLĐ", "CCVCLĐ", "CBCCVC", "CNVC", "CBVC",
       "CBCNV", "CBCNVC", "CBCNVCLĐ", "CCVC", "CB, CC, VC, LĐ",
       "cán bộ, công chức, viên chức, lao động", "cán bộ, công chức, viên chức",
       "công nhân, viên chức, lao động", "công chức, viên chức, lao động",
       "công chức, viên chức"),
    _m("ket_nap_doan_vien", "Kết nạp đoàn viên", "to_chuc", UNIT, "",
       "kết nạp đoàn viên mới", "kết nạp ĐV", "kết nạp ĐVCĐ", "phát triển đoàn viên",
       "kết nạp mới"),
    _m("gioi_thieu_dang", "Giới thiệu đoàn viên ưu tú cho Đảng", "to_chuc", UNIT, "",
       "giới thiệu … kết nạp Đảng", "giới thiệu … cho Đảng", "giới thiệu … vào Đảng",
       "đoàn viên ưu tú", "ĐVƯT"),
    _m("ket_nap_dang", "Kết nạp Đảng", "to_chuc", UNIT, "",
       "kết nạp đảng viên", "kết nạp vào Đảng", "đảng viên mới"),
    # Activities.
    _m("sang_kien", "Sáng kiến", "hoat_dong", UNIT, "SKKN",
       "sáng kiến kinh nghiệm", "sáng kiến, cải tiến kỹ thuật", "đề tài, sáng kiến"),
    _m("cong_trinh_thi_dua", "Công trình thi đua", "hoat_dong", UNIT, "",
       "công trình, phần việc", "công trình, sản phẩm"),
    _m("mo_hinh_dan_van_kheo", "Mô hình Dân vận khéo", "hoat_dong", UNIT, "DVK",
       "dân vận khéo"),
    _m("tin_bai", "Tin, bài", "hoat_dong", UNIT, "", "tin bài", "bài viết", "tin, bài viết"),
    _m("phat_dong_thi_dua", "Phát động thi đua", "hoat_dong", UNIT, "",
       "phát động phong trào thi đua", "phát động phong trào", "phát động"),
    _m("hoc_tap_lam_theo_bac", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
       "hoat_dong", UNIT, "",
       "học tập và làm theo Bác", "học tập làm theo Bác", "làm theo Bác",
       "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
       "học tập và làm theo tấm gương đạo đức Hồ Chí Minh"),
)

# Awards by form and issuer (`toolkit/vn/awards.py`, Luật Thi đua, khen thưởng 2022): a
# decision names the form, its issuer and class; `Award.metric` is one of these codes.
_ALL += (
    _m("bang_khen", "Bằng khen", "khen_thuong", UNIT, ""),
    _m("bang_khen_tap_doan", "Bằng khen của Tập đoàn, Tổng công ty", "khen_thuong", UNIT, "",
       "bằng khen Tập đoàn", "bằng khen Tổng công ty", "bằng khen Tổng giám đốc"),
    _m("co_thi_dua", "Cờ thi đua", "tap_the", COLLECTIVE, ""),
    _m("co_thi_dua_cd_nganh", "Cờ thi đua của Công đoàn ngành", "tap_the", COLLECTIVE, "",
       "cờ thi đua CĐ ngành", "cờ thi đua Công đoàn Viên chức", "cờ thi đua CĐVC"),
    _m("co_thi_dua_tap_doan", "Cờ thi đua của Tập đoàn, Tổng công ty", "tap_the", COLLECTIVE, "",
       "cờ thi đua Tập đoàn", "cờ thi đua Tổng công ty"),
    _m("huan_chuong_sao_vang", "Huân chương Sao vàng", "khen_thuong", UNIT, ""),
    _m("huan_chuong_ho_chi_minh", "Huân chương Hồ Chí Minh", "khen_thuong", UNIT, ""),
    _m("huan_chuong_doc_lap", "Huân chương Độc lập", "khen_thuong", UNIT, ""),
    _m("huan_chuong_lao_dong", "Huân chương Lao động", "khen_thuong", UNIT, "HCLĐ"),
    _m("huan_chuong_bao_ve_to_quoc", "Huân chương Bảo vệ Tổ quốc", "khen_thuong", UNIT, ""),
    _m("huan_chuong_chien_cong", "Huân chương Chiến công", "khen_thuong", UNIT, ""),
    _m("huan_chuong_dai_doan_ket_dan_toc", "Huân chương Đại đoàn kết dân tộc", "khen_thuong",
       UNIT, ""),
    _m("huan_chuong_dung_cam", "Huân chương Dũng cảm", "khen_thuong", UNIT, ""),
    _m("huan_chuong_huu_nghi", "Huân chương Hữu nghị", "khen_thuong", UNIT, ""),
    _m("huy_chuong", "Huy chương", "khen_thuong", UNIT, ""),
    _m("anh_hung_lao_dong", "Anh hùng Lao động", "khen_thuong", UNIT, ""),
    _m("anh_hung_llvtnd", "Anh hùng Lực lượng vũ trang nhân dân", "khen_thuong", UNIT, ""),
    _m("ba_me_viet_nam_anh_hung", "Bà mẹ Việt Nam anh hùng", "khen_thuong", INDIVIDUAL,
       "BMVNAH", "Mẹ Việt Nam anh hùng"),
    _m("nha_giao_nhan_dan", "Nhà giáo nhân dân", "khen_thuong", INDIVIDUAL, ""),
    _m("nha_giao_uu_tu", "Nhà giáo ưu tú", "khen_thuong", INDIVIDUAL, ""),
    _m("thay_thuoc_nhan_dan", "Thầy thuốc nhân dân", "khen_thuong", INDIVIDUAL, ""),
    _m("thay_thuoc_uu_tu", "Thầy thuốc ưu tú", "khen_thuong", INDIVIDUAL, ""),
    _m("nghe_si_nhan_dan", "Nghệ sĩ nhân dân", "khen_thuong", INDIVIDUAL, ""),
    _m("nghe_si_uu_tu", "Nghệ sĩ ưu tú", "khen_thuong", INDIVIDUAL, ""),
    _m("nghe_nhan_nhan_dan", "Nghệ nhân nhân dân", "khen_thuong", INDIVIDUAL, ""),
    _m("nghe_nhan_uu_tu", "Nghệ nhân ưu tú", "khen_thuong", INDIVIDUAL, ""),
    _m("giai_thuong_ho_chi_minh", "Giải thưởng Hồ Chí Minh", "khen_thuong", UNIT, ""),
    _m("giai_thuong_nha_nuoc", "Giải thưởng Nhà nước", "khen_thuong", UNIT, ""),
    _m("giai_dac_biet", "Giải Đặc biệt", "khen_thuong", UNIT, ""),
    _m("giai_nhat", "Giải Nhất", "khen_thuong", UNIT, ""),
    _m("giai_nhi", "Giải Nhì", "khen_thuong", UNIT, ""),
    _m("giai_ba", "Giải Ba", "khen_thuong", UNIT, ""),
    _m("giai_khuyen_khich", "Giải Khuyến khích", "khen_thuong", UNIT, "", "giải KK"),
)

METRICS: dict[str, Metric] = {m.code: m for m in _ALL}

# Population nouns sit next to the real subject of a phrase (`trên 95% CBCCVC đạt LĐTT`),
# so any other metric in the same text wins over them.
WEAK_METRICS = frozenset({"so_cdcs", "so_doan_vien", "so_nguoi_lao_dong"})

# `của` comes and goes (`Bằng khen [của] Tổng Liên đoàn`): it is dropped on both sides.
_DROPPED = frozenset({"cua"})
# Spelling variants that folding does not merge.
_VARIANTS = {"si": "sy", "ky": "ki"}
_MAX_GAP = 8
# Phrases that contain an alias but name no metric: they only hide the shorter match
# (`Công đoàn Viên chức` is an organisation, not `công đoàn viên`).
_NOT_METRICS = ("công đoàn viên chức", "đoàn viên thanh niên", "đoàn viên Đoàn thanh niên")
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if w not in _DROPPED]


@dataclass(frozen=True)
class _Alias:
    head: tuple[str, ...]
    tail: tuple[str, ...]  # the words after `…`, empty when the alias has no gap
    code: str  # "" for a phrase of `_NOT_METRICS`

    def end(self, words: list[str], i: int) -> int | None:
        """Where a match starting at `words[i]` ends (exclusive), or None."""
        j = i + len(self.head)
        if tuple(words[i:j]) != self.head:
            return None
        if not self.tail:
            return j
        n = len(self.tail)
        for k in range(j, min(j + _MAX_GAP, len(words) - n) + 1):
            if tuple(words[k:k + n]) == self.tail:
                return k + n
        return None


def _spellings(words: list[str]) -> set[tuple[str, ...]]:
    """The alias and its variant spelling (`chien si` → also `chien sy`)."""
    return {tuple(words), tuple(_VARIANTS.get(w, w) for w in words)}


def _build_index() -> dict[str, tuple[_Alias, ...]]:
    """First word → the aliases starting with it, longest first."""
    phrases = [(p, m.code) for m in _ALL if m.code not in _FORMS_ONLY
               for p in {m.name, m.short, *m.aliases} - {""}]
    phrases += [(p, "") for p in _NOT_METRICS]
    index: dict[str, list[_Alias]] = {}
    for phrase, code in phrases:
        head, _, tail = phrase.partition("…")
        for h in _spellings(_words(head)):
            for t in _spellings(_words(tail)):
                index.setdefault(h[0], []).append(_Alias(h, t, code))
    return {w: tuple(sorted(found, key=lambda a: -(len(a.head) + len(a.tail))))
            for w, found in index.items()}


# Bare award forms (`Bằng khen`, `Giải Nhất`) say too little for a sentence's metric: prose
# reads them with their issuer or context; `toolkit/vn/awards.py` reads them in lists.
_FORMS_ONLY = frozenset({"bang_khen", "co_thi_dua", "giai_dac_biet", "giai_nhat", "giai_nhi",
                         "giai_ba", "giai_khuyen_khich"})
_INDEX = _build_index()
_EXCLUDED = {INDIVIDUAL: COLLECTIVE, COLLECTIVE: INDIVIDUAL}


@lru_cache(maxsize=4096)  # a column repeats a handful of titles down 100k rows
def find_metric(text: str, subject_type: str | None = None) -> Metric | None:
    """The metric a cell or sentence names, or None.

    Matching ignores case and diacritics and works on whole words anywhere in the text;
    the longest phrase wins, so `Tập thể lao động tiên tiến` is never the individual title,
    and any title beats a head count (`trên 95% CBCCVC đạt LĐTT` is about LĐTT).
    `subject_type="individual"` rules out collective metrics and `"collective"` individual
    ones (rewards, counts and activities suit both); a title inside a longer phrase of the
    wrong kind is not picked instead.
    """
    words = _words(text)
    spans = []  # (start, end, code)
    for i, word in enumerate(words):
        for alias in _INDEX.get(word, ()):
            end = alias.end(words, i)
            if end is not None:
                spans.append((i, end, alias.code))
                break
    excluded = _EXCLUDED.get(subject_type or "")
    best, best_rank = None, None
    for start, end, code in spans:
        if not code or METRICS[code].subject_type == excluded:
            continue
        if any(s <= start and end <= e and e - s > end - start for s, e, _ in spans):
            continue  # part of a longer phrase, e.g. `LĐTT` inside `Tập thể LĐTT`
        rank = (code not in WEAK_METRICS, end - start, -start)
        if best_rank is None or rank > best_rank:
            best, best_rank = code, rank
    return METRICS[best] if best else None


def metric_names(group: str) -> list[str]:
    """Display names of one group, in vocabulary order, for dropdown lists in forms."""
    return [m.name for m in _ALL if m.group == group]
