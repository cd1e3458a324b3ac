"""Phrase → metric, and column header → role: the words both tables and text read.

Tables (`tables`), free text (`text`) and the header of a file (`context`) all ask the same
two questions of a phrase: which metric of the vocabulary does it name (`Số đoàn viên`,
`kết nạp 05 người lao động`), and, for a column header, what the column holds (`Họ và tên`,
`Điểm chuẩn`). Keeping the answers here lets each reader import them without importing
each other (docs/design.md, *Metric vocabulary*).
"""
from __future__ import annotations

import re

from ..vn import METRICS, Metric, find_metric, fold

# Population nouns: any other metric nearby wins over them (`vn.vocabulary`).
WEAK = frozenset({"so_cdcs", "so_doan_vien", "so_nguoi_lao_dong"})

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
_PHRASE_METRICS = (
    (re.compile(r"\bket nap (?:\w+ ){0,2}?(?:nguoi lao dong|nld|cnvcld|cbccvcld|cong nhan|lao dong|"
                r"cnvc|cbcnv)\b"), "ket_nap_doan_vien"),
)
IS_MEMBER = re.compile(r"\bla (?:doan vien|dvcd|cong doan vien|cdv)\b")

_TY_LE = re.compile(r"\bty le\b(?P<part>.*?)\b(?:tren tong so|so voi|tren|/)\b")

# Column roles, tried in order on the folded header of a column (both levels joined).
# Anchored at the start so that data cells (`Phòng Kế toán`) rarely look like headers.
_ROLES: tuple[tuple[str, re.Pattern], ...] = tuple((role, re.compile(p)) for role, p in (
    ("stt", r"^(?:stt|tt|so tt|so thu tu)$"),
    ("name", r"^(?:ho va ten|ho ten|ho, ten|ho & ten|ten ca nhan|ho va ten ca nhan|ho ten ca nhan)\b"),
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
    ("content", r"^(?:noi dung|chi tieu$|chi tieu thi dua|cac chi tieu|tieu chi|ten chi tieu)"),
    ("registered", r"^(?:dang ky$|dang ky \(|chi tieu dang ky|ke hoach|muc dang ky|so dang ky|"
                   r"chi tieu giao|muc tieu)"),
    ("done", r"^(?:thuc hien|ket qua thuc hien|ket qua$|ket qua dat duoc|uoc thuc hien|"
             r"ket qua \(|so thuc hien|ket qua (?:ca )?nam \d{4}$)"),
    ("evaluation", r"^(?:danh gia|so sanh|ty le hoan thanh|ty le so voi)"),
    ("title", r"^(?:danh hieu|dang ky danh hieu|dang ky thi dua|dhtd|danh hieu thi dua)"),
    ("reward", r"^(?:hinh thuc khen thuong|hinh thuc|khen thuong|de nghi khen thuong)"),
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
        if (found := find_metric(part)) is not None:
            return found
    found = find_metric(text)
    if found is None or found.code in WEAK:
        # Phrases the vocabulary lacks: `kết nạp 05 người lao động` is a union admission,
        # `100% CBCCVCLĐ là đoàn viên` the membership rate.
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
