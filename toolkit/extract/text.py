"""Figures in running text → records: `Kết nạp mới 125 đoàn viên`, `phấn đấu trên 95% …`.

Reports, pledges and news-style summaries state their figures in sentences. A sentence is
cut at `.` (not inside `10.141`), `;`, `!`, `?` and line ends; in it every quantity (a
number with its `%`, range and operator words, read by `vn.parse_target`; small counts in
words, `1,5 triệu`) is paired with the metric phrase of its clause (docs/design.md,
*Records*):

1. an award the clause gives the count — in its own phrase (`3 CĐCS được LĐLĐ tỉnh tặng
   Bằng khen`, `01 Bằng khen UBND tỉnh`), in the phrase a list shares (`25 tập thể và 31 cá
   nhân được tặng Bằng khen`) or before it with `cho` (`UBND tỉnh tặng Bằng khen cho 27 cá
   nhân`) — with its issuer (`phrases.award_metric`); a giver named once in a sentence
   gives its later awards too;
2. a rate named before its number (`tỷ lệ CĐCS xếp loại hoàn thành nhiệm vụ dưới 10%`);
3. the words after it, up to the next quantity or the next clause, or those a list shares
   (`90% CĐCS khu vực nhà nước, 55% CĐCS … đạt HTTNV`); then with the words just before
   it (`kết nạp mới` + `đoàn viên`); then the clause before it;
4. a percentage introduced by `đạt`, `chiếm`, `bằng` or in brackets (`36/41 nữ … (87,8%)`)
   takes the metric of the count before it; a part after `trong đó` named by the same noun
   takes the metric of the whole;
5. otherwise the phrase is kept as `khac` with the words in `label`.

`36/41` is a fraction: the numerator is the quantity. Head counts (`đoàn viên`, `CBCCVCLĐ`,
`CĐCS`) are weak: any other metric nearby wins, they stand alone only when the number
counts them (`có 10.141 đoàn viên`), and a percentage of them is no head count.

No figures: a number is a figure only when it quantifies a phrase of its clause.
`quantities.not_a_figure` says it for one number (dates and document numbers, OCR tokens, rate bases,
years, measures and money, labels such as `Điều 5`, numbers closing a name); a ratio to a
plan (`đạt 107% kế hoạch`) is kept as `khac`; a clause about attendance or votes, or a
condition (`phải có …`), and a paragraph of rules (`Tiêu chuẩn xét …:`) give none; nor do
the recipients' list (`Nơi nhận:`) and OCR lines that are mostly noise (stamps).

Plan or result and the year follow the document's structure: `scope`.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..readers.blocks import Line
from ..records import Record, Source
from ..vn import KHAC, Metric, find_metric, fold, nfc
from ..vn.awards import FLAG_BY_TITLE, award_forms, find_issuer
from ..vn.numbers import digits_for_words
from .context import FileContext, is_header_noise
from .phrases import (ACTIONS, IS_MEMBER, WEAK, award_form, award_metric, counts_heads, issuer_of,
                      metric_for_phrase)
from .quantities import Quantity, find_quantities
from .scope import (CLAUSE_RESET, YEAR_IN, State, carried_cue, cue_kind, fold_tense, is_plan, record_year,
                    section_kind, year_of)

CONFIDENCE, CONFIDENCE_OCR = 0.7, 0.6

# --- sentences -----------------------------------------------------------------------------

# A dot ends a sentence when a space follows and the word before is not an abbreviation.
_ABBREVIATED = {"tm", "kt", "tl", "tuq", "q", "tp", "ths", "ts", "pgs", "gs", "bs", "ks", "cn",
                "v.v", "vv", "st", "dc", "d/c", "ng", "tr", "ctv"}
_ITEM_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)*|[IVXivx]+|[a-zđ]")
# `1.`, `1.1/`, `4.3.1:`, `a)`, `C3.1`, `a.7.2`, `-`: a list mark (an item label) is not
# followed by a digit (`5.320` is a number).
_LIST_MARK = re.compile(
    r"^\s*(?:[-+*•–—]+|\(?[IVXivx]+\s*[.)](?![0-9])|\(?[0-9]+(?:\.[0-9]+)*\s*[.):/](?![0-9])|\(?[a-zđ]\s*\)|"
    r"[a-zA-ZđĐ]\.?[0-9]+(?:\s*\.[0-9]+)*\s*[.:)]?(?=\s))\s*")

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
_BREAKDOWN = re.compile(r"\btrong (?:so )?do\b")
# An award given to the counts after `cho`: `UBND tỉnh tặng Bằng khen cho 27 cá nhân, …`.
_NEXT_AWARD = re.compile(r"(?:\s*(?:,|\bvà\b))?\s*\b(?:Bằng khen|Giấy khen|Cờ thi đua|Kỷ niệm chương)\b[^,;]*\bcho\s*$",
                         re.IGNORECASE)
# `… và danh hiệu “Tập thể lao động tiên tiến” năm 2025 cho` right before the next count.
_NEXT_TITLE = re.compile(r"\s*(?:,|\bvà\b)\s*(?P<next>[^,;]*?\bcho)\s*$", re.IGNORECASE)
_FORM_WORDS = re.compile(r"\b(?:bang khen|giay khen|co thi dua|bang lao dong sang tao|ky niem chuong|"
                         + FLAG_BY_TITLE + r")\b")
_GIVEN_TO = re.compile(_FORM_WORDS.pattern + r"[^;]*?(?:\bcho\b|:)(?P<rest>[^;:]*)$")
# Nouns that name who receives or is counted, not what: a count of them takes the award or
# title of its clause (`24 tập thể, 10 cá nhân`, `02 đồng chí`).
_RECIPIENTS = re.compile(
    r"^(?:(?:so|cac|nhung)\s+)?(?:tap the|ca nhan|don vi|nguoi|dong chi|d/c|dc|cdcs|cong doan co so|"
    r"doan vien|to cong doan|to chuyen mon|to|co quan|doanh nghiep|truong|dang vien|hoi vien|"
    r"thanh vien|cong nhan(?: lao dong)?|lao dong|nguoi lao dong|can bo|giao vien|nu|chi em|"
    r"tap the, ca nhan|tap the va ca nhan|luot)(?:\s+(?:tieu bieu|xuat sac))?$")
# A number restated in words right after it: `02 (hai)`, `12 (mười hai)`.
_SPELLED_OUT = re.compile(r"^\s*\((?:\s*(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi|"
                          r"trăm|nghìn|ngàn|triệu|lẻ|linh)\b)+\s*\)", re.IGNORECASE)
# The old grades below `vững mạnh` (khá, trung bình, yếu) name no metric (`grade_metric`).
_LOWER_GRADE = re.compile(r"^\s*(?:(?:cdcs|cong doan co so|to cong doan|don vi|tap the|cong doan)\s+)?"
                          r"(?:dat |xep loai )?(?:loai )?(?:kha|trung binh|yeu)\b")
_COLLECTIVE_NOUN = re.compile(r"^\s*(?:so\s+)?(?:tap the|don vi|co quan)\b")
_TY_LE_BEFORE = re.compile(r"\bty le\b")
_ADMITTED = re.compile(r"\bduoc ket nap\b(?! (?:vao )?(?:to chuc )?cong doan)")

# --- plan or result ------------------------------------------------------------------------

# Attendance and votes (`Có mặt: 09/09; Vắng: 0`, `biểu quyết 09/09 thành viên có mặt
# (100%)`, `612 phiếu đồng ý`) are no emulation figures.
_ATTENDANCE = re.compile(r"\b(?:co mat|vang mat|vang|du hop|bieu quyet|tan thanh|nhat tri|phieu|dong y)\b")
# The recipients' list and what follows it (`Nơi nhận:`) carry no figures.
_FOOTER = re.compile(r"^(?:noi nhan|noi gui)\b")
# `- Lưu: VT, BTĐ, 4b.`: the filing line closing the recipients block; its number is copies;
# `Tổng cộng  12  2`: a table's total row standing alone says not what it counts.
_FILED = re.compile(r"^\W*luu\s*:|^\W*(?:tong cong|cong|tong so|tong)\s*:?(?:\s+[0-9][0-9.,]*)+\s*$")
# An OCR line is read only when most of its tokens are words (stamps and signatures give
# `JẬB£Xf#UU … //4wodsa`).
_CLEAN_TOKEN = re.compile(r"^[(\"“]?(?:[^\W\d_]+|[0-9][0-9.,/%]*)[)\"”,.;:!?]*$")
# A sentence opening with these states rules (eligibility, quotas), not figures: the rest of
# its paragraph too (`Tiêu chuẩn xét danh hiệu: … từ 80% trở lên`).
_RULES = re.compile(r"^(?:tieu chuan|dieu kien|doi tuong xet|tieu chi xet|nguyen tac)\b")
_MUST = re.compile(r"\bphai (?:co|dat|duoc)\b")
# Consideration for an award (`đề nghị tối đa 2 cá nhân xét tặng Bằng khen`): a quota or
# a condition of the rules, not a figure.
_CONSIDERED = re.compile(r"(?<!binh )\bxet (?:tang|khen thuong|cong nhan|danh hieu)\b|\bdu dieu kien\b")
_HEADING = re.compile(r"^\s*(?:phan\s+)?[ivx]+\s*[.)\-:]\s*\S", re.IGNORECASE)


def extract_text(lines: list[Line], ctx: FileContext, source_file: str) -> list[Record]:
    """Records from the sentences of free-text lines (reports, pledges, summaries)."""
    records: list[Record] = []
    state = State()
    for line in _whole_sentences(lines):
        text = " ".join(nfc(line.text).split())
        if not text:
            continue
        if _is_heading(text, line):
            f = fold(text)
            state.plan = section_kind(f)
            m = YEAR_IN.search(f)
            state.year = int(m[1]) if m else None
            state.end_lead()
            state.footer = False
            continue
        if _FOOTER.match(fold(text)):
            state.footer = True
        if is_header_noise(text) or _is_caps(text) or state.footer or (line.ocr and _garbled(text)) \
                or _FILED.match(fold(text)):
            continue
        # A lead-in governs the list under it: its marked items, or the lines up to the
        # first unmarked line after marked ones.
        if _LIST_MARK.match(text) and _LIST_MARK.match(text).group().strip():
            state.items = True
        elif state.items:
            state.end_lead()
        confidence = CONFIDENCE_OCR if line.ocr else CONFIDENCE
        rules = state.rules
        for sentence in split_sentences(text):
            rules = rules or bool(_RULES.match(fold(sentence[0])))
            if not rules:
                records.extend(_sentence_records(sentence, line, ctx, state, source_file, confidence))
        if text.rstrip().endswith(":"):
            state.end_lead()
            cue = cue_kind(fold_tense(text))
            state.lead_plan, state.lead_result = cue == "plan", cue == "result"
            state.rules = bool(_RULES.match(fold(text)))
            m = YEAR_IN.search(fold(text))
            state.lead_year = int(m[1]) if m else None
    return records


def _garbled(text: str) -> bool:
    """Whether an OCR line is mostly noise (a stamp, a signature) rather than words."""
    tokens = text.split()
    clean = sum(1 for t in tokens if _CLEAN_TOKEN.match(t))
    return len(tokens) >= 3 and clean / len(tokens) < 0.7


def _whole_sentences(lines: list[Line]) -> list[Line]:
    """PDF lines joined where a sentence runs on: a line without closing punctuation and a
    next line (same or next page) that starts in lower case (`… nhằm thực` / `hiện:`)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        text = line.text.strip()
        if (prev is not None and prev.page is not None and line.page is not None
                and line.page - prev.page in (0, 1) and text[:1].islower()
                and not re.search(r"[.;:!?…]\s*$", prev.text) and not _is_caps(prev.text)):
            out[-1] = replace(prev, text=f"{prev.text.rstrip()} {text}")
        else:
            out.append(line)
    return out


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


# --- one sentence --------------------------------------------------------------------------

def _sentence_records(parts: list[str], line: Line, ctx: FileContext, state: State,
                      source_file: str, confidence: float) -> list[Record]:
    records: list[Record] = []
    sentence = "; ".join(parts)
    folded_sentence = fold(sentence)
    carried_plan: bool | None = None
    lead, colon, _ = parts[0].partition(":")
    # `Đăng ký danh hiệu thi đua năm 2025 của …: tập thể: 02 TTLĐXS; …`: what follows the
    # lead-in is governed by it, not the lead-in's own numbers
    lead_plan = bool(colon) and cue_kind(fold_tense(lead)) == "plan"
    lead_end = len(lead) + 1 if lead_plan else 0
    done = ""  # the sentence before the current part: its givers name later awards
    # A decision's awards are given by its issuer when the sentence names no other
    # (`Điều 1. Tặng Bằng khen …: 15 tập thể` in a decision of the UBND).
    giver = find_issuer(ctx.unit or "") if ctx.title and fold(ctx.title).startswith("quyet dinh") else None
    for original in parts:
        part = digits_for_words(original)
        quantities = find_quantities(part)
        metrics: list[str] = []
        for k, q in enumerate(quantities):
            sentence_year = year_of(f"{done} {part[:q.start]}", folded_sentence)
            if _MUST.search(fold(part[:q.start])):
                continue  # `phải có tỷ lệ … từ 80% trở lên`: a condition
            clause = part[quantities[k - 1].end if k else 0:quantities[k + 1].start if k + 1 < len(quantities) else len(part)]
            if _ATTENDANCE.search(fold(clause)) or _CONSIDERED.search(fold(clause)):
                continue
            code, label = _pair(part, quantities, k, metrics, done, giver)
            metrics.append(code)
            governs = lead_plan and (original is not parts[0] or q.start >= lead_end)
            plan = is_plan(part, q, True if governs and carried_plan is None else carried_plan,
                            state, ctx, sentence_year, quantities[k - 1].end if k else None)
            kind = "target" if plan else "achievement"
            records.append(Record(
                kind=kind, metric=str(code), award=getattr(code, "form", None),
                source=Source(file=source_file, page=line.page, sheet=line.sheet, row=line.row,
                              text=sentence),
                subject=ctx.unit, subject_type="unit", unit=ctx.unit,
                year=record_year(kind, folded_sentence, sentence_year, state, ctx),
                value=q.target.value, value_max=q.target.value_max, op=q.target.op,
                measure=q.target.measure, label=label, confidence=confidence))
        carried = carried_cue(part[:quantities[-1].start] if quantities else part)
        if carried is not None:
            carried_plan = carried
        done = f"{done} {original};"
    return records


def _pair(text: str, quantities: list[Quantity], k: int, earlier: list[str],
          done: str = "", giver: str | None = None) -> tuple[str, str]:
    """The metric code for quantity `k` of a sentence part, and the phrase it came from.

    An award named for the count wins (its form and giver, `done` being the sentence before
    this part, whose giver carries to awards that name none); then a rate named before its
    number (`tỷ lệ CĐCS xếp loại … dưới 10%`); then the phrase rules of `_phrase_metric`.
    """
    q = quantities[k]
    after = _after_phrase(text[q.end:quantities[k + 1].start if k + 1 < len(quantities) else len(text)])
    shared = _shared_after(text, quantities, k, after)
    award = _award(text, quantities, k, after, shared, done, giver)
    code, label = _phrase_metric(text, quantities, k, earlier, shared)
    if q.to_plan or _LOWER_GRADE.match(fold(after)):
        return KHAC, label  # a ratio to a plan; a grade below `vững mạnh` (`3 CĐCS khá`) has no code
    if award is not None:
        return award, label
    near = _near_before(text[quantities[k - 1].end if k > 0 else 0:q.start])
    percent = q.target.measure == "percent"
    if percent and (m := _TY_LE_BEFORE.search(fold(near))) and len(fold(near)) == len(near):
        rate = metric_for_phrase(near[m.start():])
        if rate is not None and (_strong(rate) or not after and _membership(near)):
            # `tỷ lệ X dưới 10%`, `tỷ lệ CSTĐCS tối đa 15% số cá nhân đạt LĐTT`: the rate is
            # named before the number; what follows is its base
            return rate.code, label
    of_count = k > 0 and text[quantities[k - 1].end:q.start].rstrip().endswith("(")
    if code == "ket_nap_doan_vien" and percent and not of_count:
        return "so_doan_vien", label  # `phát triển đoàn viên đạt 95%`: the membership rate
    own = metric_for_phrase(after, bare=True) if after else None
    if code in WEAK and percent and own is not None and own.code in WEAK and not _membership(f"{near} {after}"):
        return KHAC, label  # `100% đoàn viên có hoàn cảnh khó khăn được thăm hỏi`: no head count
    if code == "lao_dong_tien_tien" and _COLLECTIVE_NOUN.match(fold(after or shared)):
        return "tap_the_lao_dong_tien_tien", label  # `82% số tập thể đạt Lao động tiên tiến`
    if code in ("gioi_thieu_dang", KHAC) and _ADMITTED.search(fold(after)) and re.search(r"\bĐảng\b", f"{done} {text}"):
        return "ket_nap_dang", label  # `… cho Đảng và có 6.905 người được kết nạp`
    return code, label


def _phrase_metric(text: str, quantities: list[Quantity], k: int, earlier: list[str],
                   shared: str) -> tuple[str, str]:
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
    if not _strong(m_after) and shared and _ENDS_WITH_JOINER.search(fold(after)):
        # `04 tập thể và 11 cá nhân được … tặng Giấy khen`: both counts share what follows
        if _strong(m := metric_for_phrase(shared)):
            return m.code, label
    joined = f"{near} {after}"
    m_near = metric_for_phrase(joined)
    if _strong(m_near):
        return m_near.code, label
    if (code := _party_admission(after, text)):
        return code, label
    if not _strong(m_after) and shared and _strong(m := metric_for_phrase(shared)):
        return m.code, label  # `90% CĐCS khu vực nhà nước, 55% CĐCS … đạt HTTNV`
    near_empty = _JOINERS.match(fold(near)) is not None
    if k > 0 and q.target.measure == "percent" and _RATIO_WORDS.match(fold(near)) and not metric_for_phrase(after):
        return _ratio_base(quantities, k, earlier), label
    if near_empty or (m_near is None and not ACTIONS.search(fold(near))):
        m_far = metric_for_phrase(f"{far} {after}")
        if _strong(m_far):
            return m_far.code, label
    if m_after is not None and counts_heads(after, f"{far} {near}"):
        return m_after.code, label
    m_own = metric_for_phrase(near)
    if m_own is not None and counts_heads(near, far, before=True) and (
            _STATISTIC.search(fold(near)) or fold(after) in _COUNTERS):
        return m_own.code, label
    return KHAC, label


def _after_phrase(gap: str) -> str:
    """The words after a quantity that belong to it: up to `(`, `trong đó` or a new clause."""
    gap = _SPELLED_OUT.sub("", gap, count=1)  # `05 (năm) đồng chí`: the number again in words
    gap = re.split(r"\(|\btrong đó\b|\btrong số đó\b", gap, maxsplit=1)[0]
    if re.match(r"\s*(?:,|(?:trên |so với |của )?tổng số\b|so (?:với |thực hiện |cùng kỳ ))", gap, re.IGNORECASE):
        return ""  # `dưới 10%, …`, `15% tổng số …`, `5% so với năm 2021`: the phrase is before
    joined = re.search(r"\s(?:và|đồng thời)\s+(?=phấn đấu|đề ra|tiếp tục|đặt mục tiêu|sẽ\b|năm \d{4})", gap,
                       re.IGNORECASE)
    if joined:
        gap = gap[:joined.start()]  # `… 92% LĐTT và phấn đấu năm 2025 …`: a new clause
    if (nxt := _NEXT_TITLE.search(gap)) and (award_forms(nxt["next"]) or _strong(metric_for_phrase(nxt["next"]))):
        gap = gap[:nxt.start()]  # `cho 03 tập thể và danh hiệu “TTLĐTT” cho 04 …`: the next count's title
    segments = gap.split(",")
    current = segments[0]
    for nxt in segments[1:]:
        fnext = fold(nxt)
        if not fnext.strip():
            break
        if re.search(r"\bcho\s*$", fnext):
            break  # `…, Giấy khen cho 30 cá nhân`: the next count's award
        awaiting = re.search(r"\bduoc\b", fold(current)) and not ACTIONS.search(fold(current).split("duoc")[-1])
        if ACTIONS.search(fnext) and not awaiting and not _RECIPIENTS.match(_bare(nxt.split(" được ")[0])):
            break  # `…, LĐLĐ tỉnh tặng Bằng khen cho …`: another giver, another clause
            # (but `được UBND tỉnh, bộ, ngành tặng …` lists the givers of one award)
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
        if _CLAUSE_VERBS.match(fold(out)) or ACTIONS.search(fold(out)):
            break  # `…, LĐLĐ quận sẽ trao 12 giải thưởng`: the verb opens its own clause
        out = f"{seg},{out}"
    return out.strip()


def _far_before(text: str, quantities: list[Quantity], k: int) -> str:
    """The clause before quantity `k`, across the quantities inside it, numbers removed."""
    start = 0
    for m in re.finditer(r",|\btrong đó\b", text[:quantities[k].start]):
        rest = fold(text[m.end():quantities[k].start])
        if m.group() != "," or _CLAUSE_VERBS.match(rest) or CLAUSE_RESET.match("," + rest):
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
    words = re.findall(r"\w+", fold(after))[:2]
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

# --- lines ---------------------------------------------------------------------------------

def _is_heading(text: str, line: Line) -> bool:
    """A section heading (`II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025`)."""
    if len(text) > 150:
        return False
    if _HEADING.match(text) and (_is_caps(text) or len(text.split()) <= 14):
        return True
    return _is_caps(text) and (line.style in ("heading", "bold", "title") or _HEADING.match(text) is not None
                               or section_kind(fold(text)) is not None)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85


# --- awards and lists ----------------------------------------------------------------------

# A unit written by its name: two capitalised words or more, the first an organisation's.
_NAMED = re.compile(r"^(?:Công đoàn|Tổ|Phòng|Ban|Trường|Công ty|Chi nhánh|Xí nghiệp|Nhà máy|Trung tâm|Đội|"
                    r"Phân xưởng|Bệnh viện|Khoa|Sở|Cục|Chi cục|Văn phòng|Viện|UBND|Ủy ban)\b[^0-9]*$")


def _bare(phrase: str) -> str:
    """A phrase without its trailing joiner and punctuation, folded."""
    f = fold(phrase).strip(" ,.:;")
    return re.sub(r"\s*\b(?:va|hoac|cung)$", "", f).strip(" ,")


def _shared_after(text: str, quantities: list[Quantity], k: int, after: str) -> str:
    """What the counts of a list share: `04 tập thể và 11 cá nhân được … tặng Giấy khen`,
    `90% CĐCS khu vực nhà nước, 55% CĐCS khu vực ngoài nhà nước đạt HTTNV`.

    A count whose own phrase only names who is counted (a recipient or head count noun) and
    runs straight into the next count (by `và`, `,`) takes the phrase after the list's last
    count; "" when the count has a phrase of its own."""
    j = k
    while j + 1 < len(quantities):
        own = text[quantities[j].end:quantities[j + 1].start]
        bare = _bare(own)
        joined = _ENDS_WITH_JOINER.search(fold(own)) or fold(own).rstrip().endswith(",")
        if not joined or "(" in own:
            break
        m = metric_for_phrase(bare, bare=True)
        if not (_RECIPIENTS.match(bare) or (m is not None and m.code in WEAK and len(bare.split()) <= 8)):
            break
        if quantities[j + 1].target.measure != quantities[k].target.measure:
            break
        j += 1
    if j == k:
        return ""
    return _after_phrase(text[quantities[j].end:quantities[j + 1].start if j + 1 < len(quantities) else len(text)])


def _award(text: str, quantities: list[Quantity], k: int, after: str, shared: str, done: str,
           giver: str | None = None) -> str | None:
    """The award metric of a count, `khac` for an award whose giver is not named, or None.

    The award is in the count's own phrase (`3 CĐCS được LĐLĐ tỉnh tặng Bằng khen`, `01
    Bằng khen UBND tỉnh`), or in the list's shared phrase, or before the count with `cho`
    (`Công đoàn Giáo dục Việt Nam tặng Bằng khen cho 02 tập thể và 05 cá nhân`). A phrase
    whose counted noun names a metric of its own (`20 sáng kiến được tặng Giấy khen`) keeps it.
    """
    q = quantities[k]
    before = f"{done} {text[:q.start]}"
    # `6 đơn vị và Bằng khen cho 20 tập thể`: an award ending in `cho` is the next count's
    after = _NEXT_AWARD.sub("", after) if len(fold(after)) == len(after) else after
    for phrase in (after, shared):
        if not phrase or award_form(phrase) is None:
            continue
        head = re.split(r"\b(?:được|do|của|nhận|tặng|trao|bằng khen|giấy khen|cờ thi đua|bằng lao động)\b",
                        phrase, maxsplit=1, flags=re.IGNORECASE)[0]
        if _strong(metric_for_phrase(head)):
            return None
        return award_metric(phrase, _giver_before(text[quantities[k - 1].end if k else 0:q.start])
                            or issuer_of(before) or giver) or _giver_unknown(phrase)
    far = _far_before(text, quantities, k)
    f = fold(far)
    forms = list(_FORM_WORDS.finditer(f))
    m = _GIVEN_TO.match(f, forms[-1].start()) if forms and len(f) == len(far) else None
    if m is None:
        return None
    # What lies between `cho` and the count are recipients too: nouns (`02 tập thể và`) or,
    # in the original's case, units named by their proper names (`Công đoàn cơ sở Công ty
    # Canon và 02 cá nhân`).
    rest = far[m.start("rest"):m.end("rest")].strip(" ,")
    if rest and not all(_RECIPIENTS.match(_bare(piece)) or _NAMED.match(piece.strip())
                        for piece in re.split(r",|\bvà\b", rest) if piece.strip(" ,")):
        return None
    clause = far[forms[-2].end() if len(forms) > 1 else 0:]
    if len(award_forms(clause)) > 1:
        # `… danh hiệu “CSTĐCS” cho 05 cá nhân và tặng Giấy khen … cho 04`: the award after the
        # last `và` or `,` before this count's form is its own.
        joins = [m.end() for m in re.finditer(r",|\bva\b", f[:forms[-1].start()])]
        clause = far[joins[-1]:] if joins else clause
    return award_metric(clause, issuer_of(before) or giver) or _giver_unknown(clause)


class _FormOnly(str):
    """`khac` for a count of an award whose giver is not named (`được công đoàn cấp trên tặng
    19 Bằng khen`): no metric says it, but its form is known and goes to `Record.award`."""

    form: str


def _giver_unknown(phrase: str) -> str:
    forms = award_forms(phrase)
    if len(forms) != 1:
        return KHAC  # `Bằng khen, Giấy khen` together: neither alone
    code = _FormOnly(KHAC)
    code.form = forms[0]
    return code


def _giver_before(gap: str) -> str | None:
    """The giver of `Tổng LĐLĐVN đã tặng 2 Cờ thi đua`: who stands before the verb (after
    `được` when the sentence names the recipient first)."""
    near = _near_before(gap)
    verb = re.search(r"\b(?:trao tặng|tặng|trao|khen thưởng)\s*$", near, re.IGNORECASE)
    if verb is None:
        return None
    giver = re.split(r"\bđược\b", near[:verb.start()], flags=re.IGNORECASE)[-1]
    return find_issuer(giver)


def _membership(phrase: str) -> bool:
    """`là đoàn viên`, `tham gia công đoàn`, `tỷ lệ đoàn viên trên …`: a membership rate."""
    f = fold(phrase)
    return bool(IS_MEMBER.search(f) or re.search(r"\b(?:tham gia|gia nhap|vao) (?:to chuc )?cong doan\b", f)
                or re.search(r"\bty le (?:doan vien|dvcd)\b", f))
