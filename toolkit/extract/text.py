"""Figures in running text → records: `Kết nạp mới 125 đoàn viên`, `phấn đấu trên 95% …`.

Reports, pledges and news-style summaries state their figures in sentences. A sentence is
cut at `.` (not inside `10.141`), `;`, `!`, `?` and line ends; in it every quantity (a
number with its `%`, range and operator words, read by `vn.parse_target`) is paired with
the metric phrase nearest to it:

1. the words after it, up to the next quantity or the next clause (a comma followed by a
   verb such as `phát động`, `tặng`), so `138 tập thể, cá nhân được … tặng Giấy khen` keeps
   its comma-separated subject list;
2. else those words together with the words just before it (`kết nạp mới` + `đoàn viên`),
   or a reward whose giver stands before the verb (`Tổng Liên đoàn tặng Bằng khen`);
3. else the words before it back to the clause start, across the quantities joined to it
   by `và` or `/` (`Bằng khen cho 03 tập thể và 05 cá nhân`);
4. a percentage introduced by `đạt`, `chiếm`, `bằng` or in brackets (`36/41 nữ … (87,8%)`)
   takes the metric of the count before it; a part after `trong đó` named by the same noun
   (`04 mô hình …, trong đó 01 mô hình …`) takes the metric of the whole; counts joined by
   `và` share the phrase after the last of them (`04 tập thể và 11 cá nhân … Giấy khen`);
5. otherwise the phrase is kept as `khac` with the words in `label`.

`36/41` is a fraction: the numerator is the quantity, the denominator is not recorded.

Head counts (`đoàn viên`, `CBCCVCLĐ`, `CĐCS`) are weak words in the vocabulary: any other
metric nearby wins, and they stand alone only when the number counts them (`có 10.141 đoàn
viên`), not when it counts something done to them (`tặng quà cho 320 đoàn viên`, `350 lượt
đoàn viên tham gia`).

Not quantities: dates, years, document numbers (`Số: 05/BC-CĐCS`, `30/2020/NĐ-CP`),
article, item, page and ordinal numbers (`Điều 5`, `trang 2`, `lần thứ 3`), durations and
ages (`80 năm`), and money (`18.900.000 đồng`; the vocabulary measures no money).

A quantity is a target when a plan word (*phấn đấu, chỉ tiêu, giao ước, đăng ký, năm tới* …)
stands before it in its sentence with no result word (*đã, đạt được, kết quả*) after that
one, or when the section (*Phương hướng …*) or the document (a plan, a pledge, a
registration) is a plan; otherwise it is an achievement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..readers.blocks import Line
from ..records import Record, Source
from ..vn import KHAC, Metric, Target, find_metric, fold, nfc, parse_number, parse_target
from .context import FileContext, is_header_noise
from .phrases import ACTIONS, IS_MEMBER, WEAK, counts_heads, metric_for_phrase

CONFIDENCE, CONFIDENCE_OCR = 0.7, 0.6

# --- sentences -----------------------------------------------------------------------------

# A dot ends a sentence when a space follows and the word before is not an abbreviation.
_ABBREVIATED = {"tm", "kt", "tl", "tuq", "q", "tp", "ths", "ts", "pgs", "gs", "bs", "ks", "cn",
                "v.v", "vv", "st", "dc", "d/c", "ng", "tr", "ctv"}
_ITEM_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)*|[IVXivx]+|[a-zđ]")
_LIST_MARK = re.compile(r"^\s*(?:[-+*•–—]+|\(?[IVXivx]+\s*[.)]|\(?[0-9]+(?:\.[0-9]+)*\s*[.)]|\(?[a-zđ]\s*\))\s*")

# --- quantities ----------------------------------------------------------------------------

_CHUNK = re.compile(r"(?<![\w.,\-])(?<![0-9]/)([0-9]+(?:[.,][0-9]+)*)((?:/[\w.\-]+)*)")
_RANGE = re.compile(r"\s*%?\s*(?:-|–|—|~|đến|tới|den|toi)\s*([0-9]+(?:[.,][0-9]+)*)(?![/\w])\s*%?")
_PERCENT = re.compile(r"\s*%")
_AFTER_OP = re.compile(r"\s*tr[ởo]\s*(?:l[êe]n|xu[ốo]ng)", re.IGNORECASE)
_DOTTED_DATE = re.compile(r"^[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4}$")
_YEAR = re.compile(r"^(?:19[4-9][0-9]|20[0-9]{2})$")
# A number right after these words names something (a day, an article, a page …).
_NOT_BEFORE = re.compile(
    r"(?:^|\s)(?:ngay|thang|nam|quy|tuan|gio|luc|dieu|khoan|chuong|muc|trang|khoa|thu|"
    r"nhiem ky|dot|lan|phu luc|nghi dinh|quyet dinh|thong tu|chi thi|nghi quyet|ke hoach|"
    r"huong dan|cong van|luat|to|doi|khu|ap|phuong|quan|lop|phong|giai|bai|iso|covid|"
    r"ql|km|tuyen|hop dong|ma|mau|bieu|phieu|so hieu|dien thoai|dt|tel|fax|mst|stk|"
    r"dai hoi|lan thu|hoi nghi lan|tieu chi|tieu chuan|nhom|khoi|xa|thon|so)\s*[:.]?\s*$"
)
_COUNT_BEFORE_SO = re.compile(r"(?:tong|co|voi|la)\s+so\s*[:.]?\s*$")
# …or right before these (durations, ages, money, measures).
_NOT_AFTER = re.compile(
    r"^\s*(?:nam|thang|ngay|gio|phut|giay|tuoi|dong(?!\s*chi)|d|vnd|usd|trieu|ty(?!\s*le)|"
    r"nghin dong|ngan dong|km|m2|m|kg|tan|ha|lit|tiet|h[0-9]*|g)\b|^\s*lan\s*/"
)
_DATE_WORDS = re.compile(r"(?:ngay|le|quoc khanh|ky niem|chao mung|dip|nhan dip|thang|tu|den)\s*$")

# --- phrases -------------------------------------------------------------------------------

# Verbs that open a new clause after a comma (folded prefixes).
_CLAUSE_VERBS = re.compile(
    r"^\s*(?:phat dong|ket nap|thanh lap|to chuc|tang|trao|gioi thieu|ho tro|tham|xay dung|"
    r"trien khai|ky ket|van dong|quyen gop|ung ho|chi |khen thuong|de nghi|bieu duong|"
    r"binh xet|thuc hien|tuyen truyen|phoi hop|duy tri|nhan rong|phan dau|giai quyet|"
    r"kiem tra|giam sat|tiep nhan|cu |boi duong|tap huan|dang |viet|cap nhat|phat trien|"
    r"cham lo|nang|tang cuong|chiem|bang |vuot|gop phan|dong gop|sua chua|xet|trong do|"
    r"dong thoi|ngoai ra|tiep tuc|da |se |dam bao|dat|kham|thu hut|co |hoan thanh|tham gia|"
    r"duoc |huong ung|lap|mo |cap )"
)
# Operator words of a quantity (`kết nạp ít nhất 50 đoàn viên`) are not part of the phrase.
_OPERATOR_WORDS = re.compile(
    r"\s*(?:ít nhất|tối thiểu|không dưới|không ít hơn|không quá|tối đa|trên|hơn|dưới|từ|"
    r"khoảng|gần|đạt|là|được)\s*$", re.IGNORECASE)
_STATISTIC = re.compile(r"\b(?:co|gom|tong so|so|la|hien co|chiem|dat|len|con)\b")
# Words that only say what a head count counts in (`1.250 người`).
_COUNTERS = {"", "nguoi", "dong chi", "ca nhan", "nguoi lao dong", "doan vien", "thanh vien"}
_RATIO_WORDS = re.compile(r"^[\s,(]*(?:dat|chiem|bang|dat ty le|chiem ty le|ty le|dat|=|bang ty le)?[\s:(]*$")
_JOINERS = re.compile(r"^[\s,/(]*(?:va|cung|hoac|voi|/|,|\(|-)?[\s,/(]*$")
_ENDS_WITH_JOINER = re.compile(r"\b(?:va|hoac|cung)\s*$")
# After a comma these open a reason or a contrast: plan words before them stop there.
_CLAUSE_RESET = re.compile(r",\s*(?:do|vi|nhung|tuy nhien|song|boi vi|nguyen nhan)\b")
_BREAKDOWN = re.compile(r"\btrong (?:so )?do\b")
# Rewards given by someone named before the verb: `Tổng Liên đoàn tặng Bằng khen`.
_REWARD = re.compile(r"\b(bang khen|giay khen|co thi dua|ky niem chuong)\b")
_GIVER = re.compile(r"(?:duoc|cua)?\s*(?P<giver>[^,;]+?)\s+(?:trao tang|tang|khen thuong|cap)\s+(?:[^,;]*?\s)?(?P<reward>bang khen|giay khen|co thi dua)")

# --- plan or result ------------------------------------------------------------------------

_PLAN_CUES = re.compile(
    r"\b(?:phan dau|chi tieu|giao uoc|dang ky|nam toi|nam sau|ke hoach|muc tieu|cam ket|"
    r"de ra|phuong huong|se|du kien|nhiem vu nam|giai phap)\b"
)
# Plan words near the start of a `;` part that govern the parts after it too
# (`Năm 2025, phấn đấu …; 100% CĐCS …`); `giao ước`, `đăng ký` there are usually deeds.
_CARRIED_CUES = re.compile(r"\b(?:phan dau|chi tieu|muc tieu|nam toi|nam sau|de ra|cam ket|se)\b")
_RESULT_CUES = re.compile(r"\b(?:da|dat duoc|ket qua|thuc hien duoc|nam qua|vua qua|trong nam qua)\b")
_PLAN_SECTION = re.compile(r"phuong huong|nhiem vu|ke hoach|chi tieu|muc tieu|giai phap|dang ky|giao uoc")
_RESULT_SECTION = re.compile(r"ket qua|tinh hinh|danh gia|ton tai|han che|dac diem|thanh tich|tong ket|so ket")
_HEADING = re.compile(r"^\s*(?:phan\s+)?[ivx]+\s*[.)\-:]\s*\S", re.IGNORECASE)
_YEAR_IN = re.compile(r"\bnam\s+((?:19|20)[0-9]{2})\b")
_NEXT_YEAR = re.compile(r"\bnam (?:toi|sau)\b")


@dataclass
class Quantity:
    """A number in a sentence that counts something, with where it stands."""

    start: int
    end: int
    target: Target
    joined_by_slash: bool = False  # `10.141 đoàn viên/10.159 CBCCVCLĐ`: this is the second
    fraction: bool = False  # `312/315 người lao động`: the numerator of a fraction


@dataclass
class _State:
    """What the text so far says about the figures that follow."""

    plan: bool | None = None  # from the current section heading
    lead_plan: bool = False  # a line ending in `:` announced targets (`Chỉ tiêu cụ thể:`)
    year: int | None = None  # from the current section heading


def extract_text(lines: list[Line], ctx: FileContext, source_file: str) -> list[Record]:
    """Records from the sentences of free-text lines (reports, pledges, summaries)."""
    records: list[Record] = []
    state = _State()
    for line in lines:
        text = " ".join(nfc(line.text).split())
        if not text:
            continue
        if _is_heading(text, line):
            f = fold(text)
            state.plan = True if _PLAN_SECTION.search(f) else False if _RESULT_SECTION.search(f) else None
            m = _YEAR_IN.search(f)
            state.year = int(m[1]) if m else None
            state.lead_plan = False
            continue
        if is_header_noise(text) or _is_caps(text):
            continue
        confidence = CONFIDENCE_OCR if line.ocr else CONFIDENCE
        for sentence in split_sentences(text):
            records.extend(_sentence_records(sentence, line, ctx, state, source_file, confidence))
        if text.rstrip().endswith(":"):
            state.lead_plan = bool(_PLAN_CUES.search(fold(text)))
    return records


def split_sentences(text: str) -> list[list[str]]:
    """Sentences of a text, each a list of its `;`-separated parts, list marks removed.

    `10.141`, `95,5` and `TM.` keep their dots; a dot ends a sentence only before a space.
    """
    sentences: list[list[str]] = []
    current, start = [], 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        end_sentence = ch in "!?\n" or (ch == "." and _sentence_dot(text, i, start))
        if ch == ";" or end_sentence:
            part = text[start:i].strip()
            if part:
                current.append(part)
            start = i + 1
            if end_sentence and current:
                sentences.append(current)
                current = []
        i += 1
    tail = text[start:].strip()
    if tail:
        current.append(tail)
    if current:
        sentences.append(current)
    cleaned = []
    for parts in sentences:
        parts = [_LIST_MARK.sub("", p, count=1).strip(" ./") for p in parts]
        parts = [p for p in parts if p]
        if parts:
            cleaned.append(parts)
    return cleaned


def _sentence_dot(text: str, i: int, start: int) -> bool:
    """Whether the dot at `i` ends a sentence (the current part began at `start`)."""
    if i + 1 < len(text) and not text[i + 1].isspace():
        return False  # `10.141`, `v.v`, `./.`
    word = re.search(r"([\w/.]+)$", text[:i])
    if word and (fold(word[1]) in _ABBREVIATED or len(word[1]) == 1 and word[1].isupper()):
        return False
    return not _ITEM_NUMBER.fullmatch(text[start:i].strip())  # `1.` opening an item


# --- quantities ----------------------------------------------------------------------------

def find_quantities(text: str) -> list[Quantity]:
    """The quantities of a sentence, in order; dates, years and references left out."""
    out: list[Quantity] = []
    prev_end, prev_date = 0, False
    for m in _CHUNK.finditer(text):
        if m.start() < prev_end:
            continue
        number, slashes = m[1], m[2]
        before = fold(text[max(0, m.start() - 40):m.start()])
        after = text[m.end():]
        kind = _chunk_kind(number, slashes, before, after, prev_date and _joined_date(text[prev_end:m.start()]))
        prev_date = kind == "date"
        if kind in ("date", "reference"):
            prev_end = m.end()
            continue
        try:
            if parse_number(number) is None:
                continue
        except ValueError:
            continue
        numerator_end = m.start() + len(number)
        end = m.end()
        rng = _RANGE.match(text, numerator_end) if kind == "number" else None
        if rng and _YEAR.match(number) and _YEAR.match(rng[1]):
            prev_end = rng.end()
            continue  # `2023 - 2028`
        if kind == "number":
            if rng and not _NOT_AFTER.match(fold(text[rng.end():rng.end() + 12])):
                end = rng.end()
            else:
                p = _PERCENT.match(text, end)
                end = p.end() if p else end
            if (a := _AFTER_OP.match(text, end)):
                end = a.end()
        has_percent = "%" in text[m.start():end]
        if not has_percent:
            if _YEAR.match(number) and kind == "number":
                prev_end = end
                continue
            if _NOT_AFTER.match(fold(text[end:end + 14])):
                prev_end = end
                continue
        if _NOT_BEFORE.search(before) and not _COUNT_BEFORE_SO.search(before):
            prev_end = end
            continue
        look = max(prev_end, m.start() - 30)
        value_end = numerator_end if kind == "fraction" else end
        target = parse_target(text[look:value_end])
        if target is None:
            continue
        slash = bool(out) and _joined_by_slash(text[out[-1].end:m.start()])
        out.append(Quantity(m.start(), end, target, slash, kind == "fraction"))
        prev_end = end
    return out


def _chunk_kind(number: str, slashes: str, before: str, after: str, after_date: bool) -> str:
    """`number`, `fraction` (36/41), `date` or `reference` (05/BC-CĐCS, Điều 5)."""
    if _DOTTED_DATE.match(number):
        return "date"
    if not slashes:
        return "date" if after_date else "number"
    parts = slashes.strip("/").split("/")
    if any(not p.replace(".", "").replace(",", "").isdigit() for p in parts):
        return "reference"
    if len(parts) >= 2:
        return "date"
    denominator = parts[0]
    if _YEAR.match(denominator) and not _YEAR.match(number):
        return "date"  # 12/2024
    try:
        a, b = parse_number(number), parse_number(denominator)
    except ValueError:
        return "reference"
    noun_follows = bool(re.match(r"\s*[^\W\d_]", after))
    if after_date or _DATE_WORDS.search(before) or a > b or not noun_follows and a <= 31 and b <= 12 and "%" not in after[:3]:
        return "date"
    return "fraction"


def _joined_date(between: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:-|–|—|đến|tới)\s*", between))


def _joined_by_slash(between: str) -> bool:
    return bool(re.fullmatch(r"[^0-9,;.]*/\s*", between))


# --- one sentence --------------------------------------------------------------------------

def _sentence_records(parts: list[str], line: Line, ctx: FileContext, state: _State,
                      source_file: str, confidence: float) -> list[Record]:
    records: list[Record] = []
    sentence = "; ".join(parts)
    folded_sentence = fold(sentence)
    m = _YEAR_IN.search(folded_sentence)
    sentence_year = int(m[1]) if m else None
    carried_plan = False
    for part in parts:
        quantities = find_quantities(part)
        metrics: list[str] = []
        for k, q in enumerate(quantities):
            code, label = _pair(part, quantities, k, metrics)
            metrics.append(code)
            plan = _is_plan(part, q, carried_plan, state, ctx, sentence_year)
            kind = "target" if plan else "achievement"
            records.append(Record(
                kind=kind, metric=code,
                source=Source(file=source_file, page=line.page, sheet=line.sheet, row=line.row,
                              text=sentence),
                subject=ctx.unit, subject_type="unit", unit=ctx.unit,
                year=_year(kind, folded_sentence, sentence_year, state, ctx),
                value=q.target.value, value_max=q.target.value_max, op=q.target.op,
                measure=q.target.measure, label=label, confidence=confidence))
        if _CARRIED_CUES.search(" ".join(fold(part).split()[:6])):
            carried_plan = True
    return records


def _pair(text: str, quantities: list[Quantity], k: int, earlier: list[str]) -> tuple[str, str]:
    """The metric code for quantity `k` of a sentence part, and the phrase it came from."""
    q = quantities[k]
    next_start = quantities[k + 1].start if k + 1 < len(quantities) else len(text)
    prev_end = quantities[k - 1].end if k > 0 else 0
    after = _after_phrase(text[q.end:next_start])
    near = _OPERATOR_WORDS.sub("", _near_before(text[prev_end:q.start]))
    far = _OPERATOR_WORDS.sub("", _far_before(text, quantities, k))
    label = _label(after) or _label(near) or _label(far)

    m_after = metric_for_phrase(after, bare=True)
    if _strong(m_after):
        return m_after.code, label
    if IS_MEMBER.search(fold(after)):
        return "so_doan_vien", label  # `100% CBCCVCLĐ là đoàn viên công đoàn`: the membership rate
    gap = text[prev_end:q.start].rstrip()
    if k > 0 and q.target.measure == "percent" and gap.endswith("(") and not after.strip(" )"):
        return _ratio_base(quantities, k, earlier), label  # `kết nạp 05/05 người lao động (100%)`
    if q.fraction and m_after is not None and (own := metric_for_phrase(near)) is not None:
        return own.code, label  # `đoàn viên là 312/315 người lao động`: the noun after is the whole's
    if k > 0 and m_after is None and _BREAKDOWN.search(fold(text[prev_end:q.start])):
        if (code := _same_kind_as_before(after, text[quantities[k - 1].end:q.start], earlier[-1])):
            return code, label
    if m_after is None and k + 1 < len(quantities) and _ENDS_WITH_JOINER.search(fold(after)):
        # `04 tập thể và 11 cá nhân được … tặng Giấy khen`: both counts share what follows
        after_next = _after_phrase(text[quantities[k + 1].end:
                                        quantities[k + 2].start if k + 2 < len(quantities) else len(text)])
        if _strong(m := metric_for_phrase(after_next)) or (code := _given_reward(after_next)):
            return (m.code if _strong(m) else code), label
    joined = f"{near} {after}"
    m_near = metric_for_phrase(joined)
    if _strong(m_near):
        return m_near.code, label
    if (code := _given_reward(joined) or _party_admission(after, text)):
        return code, label
    near_empty = _JOINERS.match(fold(near)) is not None
    if k > 0 and q.target.measure == "percent" and _RATIO_WORDS.match(fold(near)) and not metric_for_phrase(after):
        return _ratio_base(quantities, k, earlier), label
    if near_empty or (m_near is None and not ACTIONS.search(fold(near))):
        m_far = metric_for_phrase(f"{far} {after}")
        if _strong(m_far):
            return m_far.code, label
        if (code := _given_reward(f"{far} {after}")):
            return code, label
    if m_after is not None and counts_heads(after, f"{far} {near}"):
        return m_after.code, label
    m_own = metric_for_phrase(near)
    if m_own is not None and counts_heads(near, far, before=True) and (
            _STATISTIC.search(fold(near)) or fold(after) in _COUNTERS):
        return m_own.code, label
    return KHAC, label


def _after_phrase(gap: str) -> str:
    """The words after a quantity that belong to it: up to `(`, `trong đó` or a new clause."""
    gap = re.split(r"\(|\btrong đó\b|\btrong số đó\b", gap, maxsplit=1)[0]
    segments = gap.split(",")
    current = segments[0]
    for nxt in segments[1:]:
        fnext = fold(nxt)
        if not fnext.strip():
            break
        here, both, alone = metric_for_phrase(current), metric_for_phrase(f"{current},{nxt}"), metric_for_phrase(nxt)
        crosses = both is not None and both != here and alone is None
        if crosses or ((here is None or here.code in WEAK) and not _CLAUSE_VERBS.match(fnext)):
            current = f"{current},{nxt}"
            continue
        break
    return current.strip(" ,")


def _near_before(gap: str) -> str:
    """The words just before a quantity: from the last clause break (comma + verb, or a
    comma right before the number) to the quantity."""
    gap = re.split(r"\btrong đó\b|\btrong số đó\b|\)", gap)[-1]
    segments = gap.split(",")
    if len(segments) > 1 and not segments[-1].strip():
        return ""  # `…, 112 đồng chí …`: a new item of a list
    out = segments[-1]
    for seg in reversed(segments[:-1]):
        if _CLAUSE_VERBS.match(fold(out)):
            break
        out = f"{seg},{out}"
    return out.strip()


def _far_before(text: str, quantities: list[Quantity], k: int) -> str:
    """The clause before quantity `k`, across the quantities inside it, numbers removed."""
    start = 0
    for m in re.finditer(r",|\btrong đó\b", text[:quantities[k].start]):
        rest = fold(text[m.end():quantities[k].start])
        if m.group() != "," or _CLAUSE_VERBS.match(rest) or _CLAUSE_RESET.match("," + rest):
            start = m.end()
    pieces, pos = [], start
    for q in quantities[:k]:
        if q.end <= start:
            continue
        pieces.append(text[pos:max(pos, q.start)])
        pos = q.end
    pieces.append(text[pos:quantities[k].start])
    return " ".join(" ".join(pieces).split())


def _strong(metric: Metric | None) -> bool:
    return metric is not None and metric.code not in WEAK


def _given_reward(text: str) -> str | None:
    """`Tổng Liên đoàn tặng Bằng khen`, `được Chủ tịch UBND tỉnh tặng Bằng khen` → the code."""
    f = fold(text)
    if not _REWARD.search(f) or len(f) != len(text):
        return None
    m = _GIVER.search(f)
    if m is None:
        return None
    giver = text[m.start("giver"):m.end("giver")]
    reward = text[m.start("reward"):m.end("reward")]
    for words in range(len(giver.split()), 0, -1):
        found = find_metric(f"{reward} {' '.join(giver.split()[-words:])}")
        if found is not None:
            return found.code
    return None


def _party_admission(after: str, sentence: str) -> str | None:
    """`…giới thiệu 12 quần chúng cho Đảng…, trong đó 8 đồng chí được kết nạp`: kết nạp Đảng."""
    f = fold(after)
    if re.search(r"\bket nap\b", f) and "doan vien" not in f and re.search(r"\bĐảng\b", sentence):
        found = find_metric(f"{after} Đảng")
        return found.code if found else None
    return None


def _same_kind_as_before(after: str, before: str, code: str) -> str | None:
    """`04 mô hình “Dân vận khéo”, trong đó có 01 mô hình …`: a part of the count before it,
    named by the same head noun, has the same metric."""
    words = fold(after).split()[:2]
    head = " ".join(words)
    if head in _COUNTERS or words[:1] == ["nguoi"]:
        return None  # `trong đó nữ 41 người`: a counter word says nothing of what is counted
    if code != KHAC and head and re.search(rf"\b{re.escape(head)}\b", fold(before)):
        return code
    return None


def _ratio_base(quantities: list[Quantity], k: int, earlier: list[str]) -> str:
    """The metric a percentage after `đạt`/`chiếm` refers to: the count before it (the first
    of a `đoàn viên/CBCCVCLĐ` pair)."""
    j = k - 1
    while j > 0 and quantities[j].joined_by_slash:
        j -= 1
    return earlier[j]


def _label(phrase: str) -> str:
    phrase = _OPERATOR_WORDS.sub("", phrase)
    phrase = re.sub(r"\s*\b(?:và|hoặc|cùng)\s*$", "", phrase.strip(" ,.:;()“”\"'-"), flags=re.IGNORECASE)
    words = phrase.strip(" ,.:;()“”\"'-").split()
    return " ".join(words[:12])


# --- plan or result, year --------------------------------------------------------------------

def _is_plan(part: str, q: Quantity, carried: bool, state: _State, ctx: FileContext,
             sentence_year: int | None) -> bool:
    before = fold(part[:q.start])
    resets = [m.end() for m in _CLAUSE_RESET.finditer(before)]
    if resets:
        before, carried = before[resets[-1]:], False
    plans = [m.end() for m in _PLAN_CUES.finditer(before)]
    results = [m.end() for m in _RESULT_CUES.finditer(before)]
    if plans:
        return not results or plans[-1] > results[-1]
    if results:
        return False
    if carried or state.lead_plan:
        return True
    if state.plan is not None:
        return state.plan
    if ctx.is_plan:
        return not (sentence_year and ctx.year and sentence_year < ctx.year)
    return False


def _year(kind: str, folded: str, sentence_year: int | None, state: _State, ctx: FileContext) -> int | None:
    if sentence_year:
        return sentence_year
    if state.year:
        return state.year
    if kind == "target" and not ctx.is_plan:
        if ctx.plan_year and (state.plan or _NEXT_YEAR.search(folded)):
            return ctx.plan_year
        if ctx.year and _NEXT_YEAR.search(folded):
            return ctx.year + 1
    return ctx.year


# --- lines ---------------------------------------------------------------------------------

def _is_heading(text: str, line: Line) -> bool:
    """A section heading (`II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025`)."""
    if len(text) > 150:
        return False
    if _HEADING.match(text) and (_is_caps(text) or len(text.split()) <= 14):
        return True
    return _is_caps(text) and (line.style in ("heading", "bold", "title") or _HEADING.match(text) is not None
                               or bool(_PLAN_SECTION.search(fold(text)) or _RESULT_SECTION.search(fold(text))))


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85
