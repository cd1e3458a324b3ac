"""Phrase → metric, and column header → role: the words both tables and text read.

Tables (`tables`), free text (`text`) and the header of a file (`context`) all ask the same
two questions of a phrase: which metric of the vocabulary does it name (`Số đoàn viên`,
`kết nạp 05 người lao động`), and, for a column header, what the column holds (`Họ và tên`,
`Điểm chuẩn`). Keeping the answers here lets each reader import them without importing
each other (docs/design.md, *Metric vocabulary*).
"""
from __future__ import annotations

import re

from ..vn import METRICS, WEAK_METRICS, Metric, find_metric, fold
from ..vn.awards import ISSUED_METRICS, find_award

# Population nouns: any other metric nearby wins over them (`vn.vocabulary`).
WEAK = WEAK_METRICS

# Verbs whose object is counted (`tặng quà cho 320 đoàn viên`): a head count after them is
# not the size of the unit.
ACTIONS = re.compile(
    r"\b(?:tang|trao|tham|tham hoi|ho tro|to chuc|kham|tap huan|boi duong|cu|thu hut|"
    r"van dong|giup do|cham lo|chi tra|chuc mung|dong vien|tuyen truyen|thanh lap|gap mat|"
    r"huong dan|dao tao|kiem tra|lay y kien|xu ly|giai quyet|tiep don|phat qua|cap phat)\b"
)

# A union count written bare (`1.246 CĐCS`): the vocabulary names only `số CĐCS`.
_BARE_UNIONS = re.compile(r"^(?:cdcs|cong doan co so|cd co so)\b")

# Words saying what a head count did (`Số CBCCVCLĐ được học tập … đạt 98,6%`).
_PREDICATE = re.compile(r"\b(?:duoc|tham gia|hoc tap|dang ky|hoan thanh|xay dung|thuc hien)\b")
# Phrase families the vocabulary's fixed aliases miss; each is read the same way in every
# report: `kết nạp 05 người lao động` and `870 đoàn viên mới`, `phát triển mới 7.412 đoàn
# viên` are admissions; `đoàn viên công đoàn ưu tú`, `giới thiệu … cho tổ chức Đảng` are
# introductions to the Party; `người lao động tham gia công đoàn` is membership; a
# `công trình` of a union report is an emulation work (not a public or welfare one); a body
# `đạt chuẩn văn hóa` is the cultural-unit title.
_PHRASE_METRICS = (
    (re.compile(r"\bket nap (?:\w+ ){0,3}?(?:nguoi lao dong|nld|cnvcld|cbccvcld|cbccvc|ccvc|cbcc|cong nhan|"
                r"lao dong|cnvc|cbcnv|cbvc|vien chuc|cong chuc)\b"), "ket_nap_doan_vien"),
    (re.compile(r"\b(?:doan vien|dvcd)(?: cong doan)? uu tu\b|"
                r"\bgioi thieu\b(?: \w+){0,8} cho (?:to chuc |chi bo )?dang\b"), "gioi_thieu_dang"),
    (re.compile(r"\b(?:tham gia|gia nhap|vao) (?:to chuc )?cong doan\b(?! co so)"), "so_doan_vien"),
    (re.compile(r"\bcong trinh\b(?! (?:phuc loi|xay dung|nha o|giao thong|cong cong|dan sinh))"),
     "cong_trinh_thi_dua"),
    (re.compile(r"\bgia dinh\b(?: \w+){0,4} dat chuan van hoa\b"), "gia_dinh_van_hoa"),
    (re.compile(r"\bdat chuan van hoa\b"), "co_quan_van_hoa"),
)
# `870 đoàn viên mới`, `phát triển mới 7.412 đoàn viên`: admissions. Read with diacritics:
# `mới` (new) and `mỗi` (each) fold alike (`45 đoàn viên mỗi người 2 triệu đồng`).
_NEW_MEMBERS = re.compile(r"\b(?:đoàn viên|ĐVCĐ|CĐV)(?: công đoàn)? mới\b|\bphát triển mới\b", re.IGNORECASE)
# `được kết nạp (vào) Đảng` is the admission itself, a stronger fact than the introduction
# the same phrase names (`đoàn viên ưu tú được kết nạp vào Đảng`).
_ADMITTED_TO_PARTY = re.compile(r"\bduoc ket nap (?:vao )?dang\b")
IS_MEMBER = re.compile(r"\bla (?:doan vien|dvcd|cong doan vien|cdv)\b")

_TY_LE = re.compile(r"\bty le\b(?P<part>.*?)\b(?:tren tong so|so voi|tren|/)\b")

# Column roles, tried in order on the folded header of a column (both levels joined).
# Anchored at the start so that data cells (`Phòng Kế toán`) rarely look like headers.
_ROLES: tuple[tuple[str, re.Pattern], ...] = tuple((role, re.compile(p)) for role, p in (
    ("stt", r"^(?:stt|tt|so tt|so thu tu)$"),
    ("name", r"^(?:ho va ten|ho ten|ho, ten|ho & ten|ten ca nhan|ho va ten ca nhan|ho ten ca nhan|"
             r"ten tap the\s*(?:/|,|-|hoac|va)\s*(?:ho va ten|ho ten))\b"),  # a list of both: each row says
    ("position", r"^(?:chuc vu|chuc danh)\b"),
    ("dvt", r"^(?:dvt|don vi tinh|d\.v\.t)\b"),
    ("max", r"^(?:diem chuan|diem toi da|thang diem|khung diem|diem quy dinh)\b"),
    ("self", r"^(?:diem tu cham|tu cham|don vi tu cham|diem don vi tu cham|diem tu danh gia|"
             r"co so tu cham|cdcs tu cham)\b"),
    ("cluster", r"^(?:diem khoi cham|khoi cham|diem cham cua khoi|khoi thi dua cham|khoi tham dinh|"
                r"diem tham dinh|tham dinh|diem cap tren cham|cap tren cham|cap tren tham dinh|"
                r"diem khoi tham dinh|hoi dong cham|diem hoi dong)\b"),
    ("unit", r"^(?:ten don vi|ten cdcs|ten cong doan|ten tap the|ten to chuc|ten co quan|"
             r"cong doan co so|tap the|don vi$|co quan$|cdcs$|ten cd)"),
    ("dept", r"^(?:don vi cong tac|noi cong tac|phong ban|phong, ban|bo phan|to cong doan|don vi\b)"),
    ("note", r"^(?:ghi chu|giai trinh|ly do)\b"),
    ("code", r"^(?:ma chi tieu|ma so|ma)$"),
    ("grade", r"^(?:xep loai|tu xep loai|ket qua xep loai|danh gia xep loai|phan loai|"
              r"muc xep loai|ket qua danh gia, xep loai)\b"),
    ("content", r"^(?:noi dung|chi tieu$|chi tieu thi dua|cac chi tieu|tieu chi|ten chi tieu|tieu chuan thi dua)"),
    ("registered", r"^(?:dang ky$|dang ky \(|chi tieu dang ky|ke hoach|muc dang ky|so dang ky|"
                   r"chi tieu giao|muc tieu)"),
    ("done", r"^(?:thuc hien|ket qua thuc hien|ket qua$|ket qua dat duoc|uoc thuc hien|"
             r"ket qua \(|so thuc hien|ket qua (?:ca )?nam \d{4}$)"),
    ("evaluation", r"^(?:danh gia|so sanh|ty le hoan thanh|ty le so voi)"),
    ("title", r"^(?:danh hieu|dang ky danh hieu|dang ky thi dua|dhtd|danh hieu thi dua|de nghi danh hieu)"),
    ("reward", r"^(?:hinh thuc khen thuong|hinh thuc|khen thuong|de nghi khen thuong|de nghi hinh thuc|"
               r"loai hinh khen thuong|muc (?:do )?khen thuong)"),
    ("quantity", r"^(?:so luong|tong so$|so luot)"),
    ("other", r"^(?:nam sinh|ngay sinh|gioi tinh|que quan|dia chi|dien thoai|so dien thoai|email|"
              r"ma so thue|so tai khoan|nam thanh lap|ngay thanh lap|chu tich|ho ten chu tich|"
              r"trinh do|dan toc|ton giao)\b"),
))
# Figure headers the vocabulary does not name on their own (`Tổng số lao động`).
_HEADER_METRICS = ((re.compile(r"^(?:tong )?so (?:nguoi )?lao dong$|^tong so lao dong\b"), "so_nguoi_lao_dong"),)

# Roles a header keeps even when it also names a metric (`Tên CĐCS trực thuộc`).
STRONG_ROLES = {"stt", "name", "position", "unit", "dept", "note", "code", "dvt", "max",
                 "self", "cluster", "grade", "content", "evaluation", "other"}


def metric_for_phrase(text: str, bare: bool = False) -> Metric | None:
    """`vn.find_metric` plus the few phrases it lacks (`kết nạp … người lao động`,
    `… là đoàn viên`, `tỷ lệ đoàn viên trên tổng số …`); with `bare`, a union count
    written without `số` (`1.246 CĐCS`)."""
    text = text.strip()
    if not text:
        return None
    # `tỷ lệ đoàn viên trên tổng số CNVCLĐ`: the rate is about the part before `trên`.
    f = fold(text)
    if (m := _TY_LE.search(f)) and m["part"].strip() and len(f) == len(text):
        part = text[m.start("part"):m.end("part")]
        if (found := metric_for_phrase(part, bare)) is not None:
            return found
    found = find_metric(text)
    if found is not None and found.code == "gioi_thieu_dang" and _ADMITTED_TO_PARTY.search(f) \
            and not re.search(r"\bgioi thieu\b", f):
        return METRICS["ket_nap_dang"]
    if found is None or found.code in WEAK:
        # Phrases the vocabulary lacks: `kết nạp 05 người lao động` is a union admission,
        # `100% CBCCVCLĐ là đoàn viên` the membership rate.
        if _NEW_MEMBERS.search(text):
            return METRICS["ket_nap_doan_vien"]
        for pattern, code in _PHRASE_METRICS:
            if pattern.search(f):
                return METRICS[code]
    if found is None and bare and _BARE_UNIONS.search(f):
        return METRICS["so_cdcs"]
    return found


def names_head_count(phrase: str) -> bool:
    """Whether a phrase with a head count word is about the head count itself
    (`Tổng số CBCCVCLĐ`, `Số đoàn viên mới`), not about what those people did
    (`Cán bộ, công chức … chấp hành tốt chủ trương của Đảng`)."""
    return counts_heads(phrase, "")


def counts_heads(phrase: str, context: str, before: bool = False) -> bool:
    """Whether a head count word (`đoàn viên`, `CĐCS`) counts the people or unions themselves.

    Not when the clause does something to them (`tặng quà cho 320 đoàn viên`), counts
    events (`350 lượt đoàn viên`), narrows them (`nữ đoàn viên`), or goes on to say what they
    did (`100% đoàn viên tham gia Bảo hiểm xã hội`). `phrase` is the words after the number,
    or with `before` the words before it (`Tổng số CBCCVCLĐ … là 86 người`).
    """
    if ACTIONS.search(fold(context)):
        return False
    words = fold(phrase).replace(",", " ").split()
    if not before and words and words[0] in ("luot", "lan", "suat", "phan", "chuyen"):
        return False
    # The head noun ends where the shortest phrase naming a metric ends (`CĐCS trực thuộc`)
    # and starts where the longest tail of that phrase still names it.
    end = next((n for n in range(1, len(words) + 1) if find_metric(" ".join(words[:n]))), None)
    if end is None:
        end = next((n for n in range(1, len(words) + 1) if metric_for_phrase(" ".join(words[:n]), bare=True)), None)
    if end is None:
        return not before
    start = max(s for s in range(end) if metric_for_phrase(" ".join(words[s:end]), bare=True))
    if start > 0 and words[start - 1] == "nu" or words[end:end + 1] == ["nu"]:
        return False
    rest = words[end:]
    if before:
        return not _PREDICATE.search(" ".join(rest))
    return len(rest) <= 3 or rest[0] in ("la", "co", "chiem", "tai", "thuoc", "tren", "truc")


def header_roles(texts: list[str]) -> list[str]:
    """The roles recognised among header texts (used to tell a header row from a title)."""
    roles = []
    for text in texts:
        role, metric = header_role(text)
        if role or metric:
            roles.append(role or "metric")
    return roles


def header_role(text: str) -> tuple[str | None, Metric | None]:
    """A header's role and the metric it names, if any."""
    f = fold(text).strip(" .:*")
    if not f or len(f) > 90:
        return None, None
    role = next((r for r, pattern in _ROLES if pattern.search(f)), None)
    if role in STRONG_ROLES:
        return role, None
    metric = find_metric(text)
    if metric is None:
        metric = next((METRICS[code] for pattern, code in _HEADER_METRICS if pattern.search(f)), None)
    return role, metric


# --- awards by issuer ---------------------------------------------------------------------

# The vocabulary's code for a form from an issuer (docs/design.md, *Metric vocabulary*). The
# law puts the Bằng khen and Cờ thi đua of a ministry and of a province on one level
# (`cấp bộ, ban, ngành, tỉnh`), which the vocabulary names after the province.
# Forms whose metric does not depend on who gives them.
_PLAIN_FORMS = {"giay_khen", "bang_lao_dong_sang_tao", "ky_niem_chuong", "huan_chuong_lao_dong"}
_ISSUED_FORMS = {"bang_khen", "co_thi_dua"}
# Forms of prose only: a first prize of a contest is no emulation metric of a report.
_AWARD = re.compile(r"\b(?:bang khen|giay khen|co thi dua|bang lao dong sang tao|bang ldst|"
                    r"ky niem chuong|huan chuong lao dong)\b")


def award_form(text: str) -> str | None:
    """The award form a phrase names (`bang_khen`, `giay_khen` …), or None."""
    f = fold(text)
    if not _AWARD.search(f):
        return None
    award = find_award(text)
    return award.form if award is not None else None


def award_metric(text: str, issuer: str | None = None) -> str | None:
    """The metric of an award named in one clause: its form and the issuer the clause names
    (`được LĐLĐ tỉnh tặng Bằng khen`, `Bằng khen của Tổng LĐLĐVN`), or `issuer` when the
    clause names none (a giver named once for a whole sentence). None when the form needs an
    issuer and there is none (`Bằng khen, Giấy khen` together, `công đoàn cấp trên`)."""
    f = fold(text)
    if not _AWARD.search(f):
        return None
    award = find_award(text)
    if award is None:
        return None
    if award.form in _PLAIN_FORMS:
        return award.form if award.form in METRICS else None
    if award.form not in _ISSUED_FORMS:
        return None
    return ISSUED_METRICS.get((award.form, award.issuer or issuer or ""))


def issuer_of(text: str) -> str | None:
    """The giver of the last award named in `text` (`… LĐLĐ Thành phố tặng Cờ thi đua`)."""
    f = fold(text)
    found = None
    for m in _AWARD.finditer(f):
        award = find_award(text[:m.end() + 120] if len(f) == len(text) else text)
        if award is not None and award.issuer:
            found = award.issuer
    return found
