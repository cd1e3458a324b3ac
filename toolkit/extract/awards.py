"""Recipient lists → award records: who a decision or a proposal names, for which award.

A reward decision (*Quyết định khen thưởng*, NĐ 30 layout: docs/formats.md) names its award
in the summary line or in *Điều 1* (`Tặng Bằng khen của Chủ tịch UBND tỉnh cho 05 tập thể`)
and lists the recipients under it or in an annex (`DANH SÁCH … ĐƯỢC TẶNG BẰNG KHEN …`). The
list is a table (`Stt | Họ và tên | Chức danh, đơn vị công tác`, `Xếp hạng | Tên đội | Giải
thưởng`) or numbered paragraphs (`1. Viễn thông Quảng Trị;`), grouped under headings:
the award (`I. Cờ thi đua của UBND Thành phố: 04`), the kind of recipient (`a) Tập thể`,
`II. Cá nhân`) or the unit (`Viễn thông Bắc Giang`, `Quận Hoàn Kiếm: 04`). A proposal
(*tờ trình*, *biên bản* of the reward council) lists the recipients the same way.

Every listed recipient becomes one record of kind `award`: the person (honorific dropped,
title into `position`) or collective, its unit, the award's form, class and issuer, and the
decision's number, date and year. A list continues over pages: a table without a header
right after a list table of the same width goes on with it.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace
from datetime import date

from ..readers.blocks import Cell, Line, ReadFile, Table
from ..records import Record, Source
from ..vn import METRICS, fold, nfc
from ..vn.awards import Award, award_forms, award_start, find_award, find_issuer
from .context import FileContext
from .layouts import merged_down, table_layout

CONFIDENCE, CONFIDENCE_OCR = 0.9, 0.8

# --- the decision -------------------------------------------------------------------------------

_NUMBER = re.compile(r"\bS[ốôoố]\s*[:.]?\s*([0-9]{1,6})\s*/\s*((?:[0-9]{4}/)?[A-ZĐ][A-ZĐa-z0-9Đ-]*)")
_DATE = re.compile(r"ng[àa]y\s*([0-9]{1,2})\s*(?:th[áa]ng|/|-)\s*([0-9]{1,2})\s*(?:n[ăa]m|/|-)\s*((?:19|20)[0-9]{2})",
                   re.IGNORECASE)
_YEAR = re.compile(r"\bnam (?:hoc )?((?:19|20)[0-9]{2})\b")
# The line naming who signs, under the summary: `TỔNG GIÁM ĐỐC TẬP ĐOÀN`, `CHỦ TỊCH UBND …`.
_SIGNER = re.compile(r"^(?:chu tich|tong giam doc|giam doc|bo truong|thu truong|truong ban|"
                     r"ban thuong vu|ban chap hanh|doan chu tich|thu tuong)\b")
_SUMMARY = re.compile(r"^\W*ve viec\b")
_TYPE_NAME = re.compile(r"^\W*(?:quyet dinh|quyet djnh|quyet dinh|bien ban|to trinh|danh sach|bao cao|"
                        r"thong bao|ke hoach|quy[eé]t)\b")
_PLACE_DATE_YEAR = re.compile(r"\bngay\b.{0,30}\bnam\s*((?:19|20)[0-9]{2})\b")
_ARTICLE = re.compile(r"^\W*dieu\s*([0-9]+)\s*[.:]")
_PROPOSAL = re.compile(r"\b(?:de nghi|to trinh|bien ban)\b")


@dataclass
class Decision:
    """What a decision (or proposal) says about every recipient it lists."""

    number: str | None = None
    date: str | None = None
    year: int | None = None
    award: Award | None = None  # from the summary line or Điều 1
    award_text: str | None = None
    issuer: str | None = None  # the body that signs
    is_decision: bool = False  # a `QUYẾT ĐỊNH`: the people it lists are awarded, not registering


def read_decision(lines: list[Line], ctx: FileContext) -> Decision:
    """Number, date, award and issuer from the first page of a decision."""
    d = Decision(year=ctx.year)
    head = lines[:60]
    # The number and the place-date line come before the type name (`QUYẾT ĐỊNH`); dates
    # after it are those of the laws and documents it cites.
    top = list(itertools.takewhile(lambda line: not _TYPE_NAME.match(fold(line.text)), head[:15]))
    d.is_decision = _names_a_decision(head)
    for line in top:
        if d.number is None and (m := _NUMBER.search(line.text)):
            d.number = f"{m[1]}/{m[2]}"
        if d.date is None and (m := _DATE.search(line.text)):
            d.date = _iso(int(m[3]), int(m[2]), int(m[1]))
        if d.year is None and (m := _PLACE_DATE_YEAR.search(fold(line.text))):
            d.year = int(m[1])
    for i, line in enumerate(head):
        f = fold(line.text)
        if d.issuer is None and _SIGNER.match(f) and line.text.upper() == line.text:
            d.issuer = find_issuer(f)
        if _SUMMARY.match(f) and (y := _YEAR.search(f)):
            d.year = int(y[1])  # the year the summary line names (`… năm 2020`): the year of the merits
        if d.award is None and (_SUMMARY.match(f) or _ARTICLE.match(f)):
            # A summary line wraps onto the next one, which then starts in lower case.
            goes_on = _SUMMARY.match(f) and i + 1 < len(head) and head[i + 1].text.strip()[:1].islower()
            text = line.text + (" " + head[i + 1].text if goes_on else "")
            award = find_award(text)
            if len(award_forms(text)) > 1:
                award = None  # several forms (Bằng khen … và Giấy khen …): each list names its own
            if award is not None:
                d.award, d.award_text = award, line.text.strip()
                if (y := _YEAR.search(fold(text))):
                    d.year = int(y[1])
    if d.issuer is None:
        d.issuer = next((i for line in head[:4] if (i := find_issuer(line.text.split("\t")[0]))), None)
    return d


def _iso(y: int, m: int, day: int) -> str | None:
    try:
        return date(y, m, day).isoformat()
    except ValueError:
        return None


# --- recipients --------------------------------------------------------------------------------

# The first word of most Vietnamese personal names (folded).
_SURNAMES = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan lam luong "
    "mai trinh truong cao ha ta chu quach vuong kieu tong thai lai luu la khuc au thach nong "
    "giang van tang dieu lu trieu quan kim hua ong bach trieu lo hong "
    "to chau neang danh".split())  # Tô; Khmer family names of the Mekong delta (`Chau Sóc Khol`, `Néang Sô Phol`, `Danh Út`)
# Honorifics, ranks and forms of address written before a person's name (folded); a
# school's `Thầy`/`Cô` (`Cô giáo`) only before a name (see `_honorific`).
_HONORIFIC = re.compile(
    r"^(?:ong|on g|o ng|ba|b a|dong chi|d/c|d\.c|(?:dai|thuong|trung|thieu) (?:ta|uy|tuong)|dai tuong|"
    r"(?P<school>(?:thay|co)(?: giao)?))\b\.?\s*")


def _honorific(text: str) -> re.Match | None:
    """The honorific opening `text` (matched on its folded form). `Thầy`/`Cô` count only
    before a family name and a given name written as names are (`Cô Nguyễn Thị Lan`; not
    `Cơ quan …` nor `CƠ QUAN …`, which fold alike)."""
    f = fold(text)
    m = _HONORIFIC.match(f)
    if m is None or not m["school"]:
        return m
    name = text.split()[len(f[:m.end()].split()):][:2]
    written_as_names = len(name) == 2 and all(w[:1].isupper() and not w.isupper() for w in name)
    return m if written_as_names and fold(name[0]) in _SURNAMES else None


_ORG_WORDS = re.compile(
    r"\b(?:truong|phong|so|ban|trung tam|vien thong|cong ty|ubnd|uy ban|bo|dai|tinh doan|doan|"
    r"benh vien|chi cuc|cuc|van phong|cong an|to|khoi|hoi|quan|huyen|xa|phuong|tinh|"
    r"thanh pho|chi nhanh|nha may|tong cong ty|tap doan|cong doan|vien|hoc vien|lien doan)\b")
_TYPE_HEADING = re.compile(r"^(?:\S{1,4}\s+)?(tap the|ca nhan|tap the, ca nhan|ho gia dinh)\b")
_COLLECTIVE_WORDS = re.compile(r"\btap the\b")
_PERSON_WORDS = re.compile(r"\bca nhan\b")
# `Quận Hoàn Kiếm: 04`: a group heading with its count.
_GROUP_COUNT = re.compile(r"^(?P<name>[^0-9:()]{3,80}?)\s*(?::|\()\s*[0-9]{1,3}\s*\)?\s*(?P<tail>[^0-9]{0,20})$")
_COUNTED = ("", "tap the", "ca nhan", "nguoi", "don vi", "doi")
_END = re.compile(r"^\W*(?:tong so|tong cong|noi nhan|tm\s*\.|kt\s*\.|tl\s*\.|tuq\s*\.|q\s*\.\s|"
                  r"dieu\s*[0-9]+\b|(?:nguoi|thu ky|chu tri))")
_LIST_TITLE = re.compile(r"^\W*(?:[a-z]?anh sach|phu luc)\b")
# An item's number; on a scan a `1` may come out as `I`, `l` or `|` beside real digits (`I1.`).
_ITEM = re.compile(r"^\s*(?:(?P<num>[0-9]{1,3}(?:\.[0-9]{1,2})*|[IVXLivxl]{1,4}|[§Ììl|]|"
                   r"[0-9][0-9Il|]{1,2}|[Il|][0-9][0-9Il|]?)\s*(?:[.,;:)/]+|\s-\s)"
                   r"|(?P<bullet>[-–•+*]))\s*(?P<text>\S.*)$")
_HEADING_COUNT = re.compile(r"(?:\(\s*|:\s*)0*([0-9]{1,4})\s*\)?\s*:?\s*$")
_LEAD_AWARD = re.compile(r"^(?:(?:tang|cong nhan)(?: thuong)?(?: danh hieu)?|danh hieu|khen thuong|hinh thuc)\b")
_MAX_ITEM_WORDS = 40
# A line that gives or proposes an award, right before a table, names the table's award.
_GIVING = re.compile(r"\b(?:tang|khen thuong|de nghi|duoc|dat|xet)\b")
_NEAR = 1  # the line right before the table
_REWARD_WORDS = re.compile(r"\b(?:danh hieu|khen thuong|hinh thuc)\b")
_REGISTERING = re.compile(r"\bdang ky\b")
_ROMAN = re.compile(r"^[IVX]{1,4}$")
# First words of an organisation's name, as written: `Trường` is a school, `Trương` a person.
_ORG_FIRST = frozenset(
    "trường phòng sở ban công đài viễn trung ủy uỷ ubnd bệnh chi cục văn nhà hội đoàn tổ khối "
    "huyện quận xã phường tỉnh thành tập tổng học viện ngân kho liên lớp gia hộ bộ đội nhóm "
    "trạm đơn cơ ngành báo cụm".split())
# Family names written as an organisation's first word is (`Đoàn Văn Minh`, `Đoàn Thanh niên`).
_ORG_LIKE_SURNAMES = frozenset({"đoàn"})
_TAIL = re.compile(r"[\s;.,:/]+$")


def names_an_organisation(text: str) -> bool:
    """`Tổ Công đoàn Phân xưởng Lò nung` in a `Họ và tên` column: the row is a collective's,
    whatever the header says (its first word opens an organisation's name, and it is not
    written as a person's name is)."""
    words = text.split()
    return len(words) >= 2 and nfc(words[0]).lower() in _ORG_FIRST and not _looks_like_name(text)


@dataclass
class _Scope:
    """What applies to the next items: the award, the kind of recipient, the unit."""

    award: Award | None = None
    award_text: str | None = None
    subject_type: str | None = None
    unit: str | None = None
    items: int = 0  # items read under it: before the first, title lines do not end the list
    registering: bool = False  # a list of registrations (`DANH SÁCH ĐĂNG KÝ …`), not of awards
    annex: bool = False  # opened by a list title: its headings restate counts and are not read again
    tabbed: bool = False  # the last item's line had wide gaps: a row of a list printed without borders


@dataclass
class Recipient:
    subject: str
    subject_type: str
    position: str | None = None


def split_recipient(text: str, subject_type: str | None = None) -> Recipient | None:
    """A list item or name cell → the recipient: `Ông Trương Quang Sáng, Phó Giám đốc Sở Tư
    pháp` is the person `Trương Quang Sáng` with that position; a collective keeps its whole
    name (`Phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp`)."""
    text = _TAIL.sub("", text.strip().strip("\"“”'")).strip()
    if sum(ch.isalpha() for ch in text) < 4:
        return None  # a scan's speck (`“Z`), not a name
    f = fold(text)
    m = _honorific(text)
    person = bool(m) or subject_type == "individual" or (subject_type is None and _looks_like_name(text))
    if not person:
        return Recipient(text, "collective")
    rest = text
    if m:
        rest = _drop_words(text, len(f[:m.end()].split()))
    name, position = _split_name(rest)
    if not name:
        return None
    return Recipient(name, "individual", position)


def starts_with_honorific(text: str) -> bool:
    """`Ông …`, `Bà …`, `Đại tá …`: the name of a person follows."""
    return bool(_honorific(text))


def _drop_words(text: str, n: int) -> str:
    return " ".join(text.split()[n:])


def _split_name(text: str) -> tuple[str, str | None]:
    """`Trương Quang Sáng, Phó Giám đốc …` or `Lê Văn Tiến - Chính ủy …` → name, position."""
    m = re.search(r"\s*(?:,|;|\s[-–]\s|\()\s*", text)
    if m is None:
        words = text.split()
        folded = fold(text).split()
        # `Nguyễn Văn An Trưởng phòng …`: no comma, the title starts the position.
        k = next((k for k in range(2, min(len(words), 6)) if _TITLE.match(" ".join(folded[k:]))), None)
        if k is None or len(folded) != len(words):
            return text.strip(), None
        return " ".join(words[:k]), " ".join(words[k:])
    position = _TAIL.sub("", text[m.end():]).strip(" )") or None
    return text[:m.start()].strip(), position


# Job titles that open a position (folded); what follows a title is the unit it holds it in.
_TITLE = re.compile(
    r"^(?:(?:pho|nguyen) )?(?:giam doc|tong giam doc|chu tich|bi thu|truong phong|truong ban|truong khoa|"
    r"hieu truong|hieu pho|to truong|to pho|ke toan truong|ke toan|chuyen vien(?: chinh| cao cap)?|"
    r"nhan vien|giao vien|giang vien|bac si|duoc si|dieu duong|chinh uy|chi huy truong|doi truong|"
    r"tram truong|truong tram|can bo|cong chuc|vien chuc|thu ky|uy vien|thu truong|chanh van phong|"
    r"chanh thanh tra)\b")


def split_position(text: str) -> tuple[str, str | None]:
    """`Phó Giám đốc Sở Tư pháp` → (`Phó Giám đốc`, `Sở Tư pháp`); a position that does not
    open with a known title, or has no unit after it, stays whole."""
    if "," in text:
        return text, None
    f = fold(text)
    m = _TITLE.match(f)
    if m is None:
        return text, None
    n = len(f[:m.end()].split())
    words = text.split()
    # The unit starts at the first capitalised organisation word after the title: `Trưởng ban
    # Nữ công Công đoàn cơ sở …` holds the post `Trưởng ban Nữ công` in `Công đoàn cơ sở …`.
    for k in range(n, len(words)):
        if k == n or words[k][:1].isupper():
            if _ORG_WORDS.match(fold(" ".join(words[k:]))) or _opens_with_acronym(words[k:]):
                return " ".join(words[:k]), " ".join(words[k:])
    return text, None


def _opens_with_acronym(words: list[str]) -> bool:
    """A name opening with an abbreviation in capitals (`VNPT Quảng Bình`, `EVN Hà Nội`, `BIDV
    chi nhánh …`) is an organisation's; a name written wholly in capitals is not told by this."""
    first = words[0] if words else ""
    return (2 <= len(first) <= 6 and first.isalpha() and first.isupper()
            and (len(words) == 1 or not words[1].isupper()))


def _looks_like_name(text: str) -> bool:
    """A person's name: 2–5 capitalised words starting with a common family name."""
    head = re.split(r"\s*(?:,|\s[-–]\s)", text, maxsplit=1)[0].split()
    if not 2 <= len(head) <= 5 or not all(w[:1].isupper() for w in head):
        return False
    first = nfc(head[0]).lower()
    if (first in _ORG_FIRST and first not in _ORG_LIKE_SURNAMES) or _opens_with_acronym(head) \
            or _opens_with_acronym(head[1:]):
        return False
    f = fold(" ".join(head)).split()
    if f[0] not in _SURNAMES:
        return False
    # `Võ Thị Kim Phượng`: Thị or Văn after a family name makes a person's name, even where a
    # later word folds like an organisation's (Phượng, phường).
    return f[1] in ("thi", "van") or not _ORG_WORDS.search(" ".join(f[1:]))


def _subject_type_of(text: str) -> str | None:
    f = fold(text)
    collective, person = bool(_COLLECTIVE_WORDS.search(f)), bool(_PERSON_WORDS.search(f))
    if collective and not person:
        return "collective"
    if person and not collective:
        return "individual"
    return None


def _award_heading(text: str) -> Award | None:
    """The award a heading or title names (`I. Cờ thi đua của UBND Thành phố: 04`): it opens
    the line (after `Tặng`, `Danh hiệu` …); `1. Nguyễn Văn A – Lao động tiên tiến` is an item."""
    body = _strip_number(text)
    f = fold(body)
    lead = _LEAD_AWARD.match(f)
    start = award_start(f[lead.end():] if lead else f)
    if start is None or start > 1 or len(f.split()) > (_MAX_ITEM_WORDS if lead else 16):
        return None
    return find_award(text)


def _strip_number(text: str) -> str:
    m = _ITEM.match(text)
    return m["text"] if m else text


class Builder:
    """Collects the award records of one file."""

    def __init__(self, read: ReadFile, ctx: FileContext, decision: Decision):
        self.read, self.ctx, self.decision = read, ctx, decision
        self.records: list[Record] = []
        self.used: set[int] = set()

    def add(self, who: Recipient, scope: _Scope | None = None, *, page, sheet=None, row=None, cell=None, text="",
            ocr=False, unit=None, award: Award | None = None, award_text: str | None = None) -> None:
        scope = scope or _Scope()
        award = award or scope.award or self.decision.award
        if award is None:
            return
        award_text = award_text or scope.award_text or self.decision.award_text
        if who.subject_type == "individual" and who.position and not (unit or scope.unit):
            who.position, unit = split_position(who.position)
        issuer = award.issuer or self.decision.issuer
        award = replace(award, issuer=issuer)
        registration = scope.registering
        self.records.append(Record(
            "registration" if registration else "award", award.metric, Source(self.read.path.name, page=page, sheet=sheet, row=row, cell=cell,
                                          text=text),
            subject=nfc(who.subject), subject_type=who.subject_type, unit=unit or scope.unit,
            position=who.position, year=self.decision.year or self.ctx.year, label=award_text,
            confidence=CONFIDENCE_OCR if ocr else CONFIDENCE, award=award.form, award_hang=award.hang,
            issuer=award.issuer, decision_number=None if registration else self.decision.number,
            decision_date=None if registration else self.decision.date,
            **({"value": 1, "op": "=", "measure": "flag"} if registration else {})))

    def add_total(self, value: int, scope: _Scope, line: Line) -> None:
        """A count a decision's list heading states (`a) Tập thể (03):`), unless the sentence
        that opened the list already said it."""
        award = scope.award or self.decision.award
        opener = scope.award_text or self.decision.award_text or ""
        if award is None or re.search(rf"(?<![0-9])0*{value}(?![0-9])", opener):
            return
        award = replace(award, issuer=award.issuer or self.decision.issuer)
        self.records.append(Record(
            "achievement", award.metric, Source(self.read.path.name, page=line.page, sheet=line.sheet,
                                                row=line.row, text=line.text),
            subject=self.ctx.unit, subject_type="unit", unit=self.ctx.unit, year=self.decision.year or self.ctx.year,
            value=value, op="=", measure="count", label=line.text.strip(" :"),
            confidence=CONFIDENCE_OCR if line.ocr else CONFIDENCE, award=award.form, award_hang=award.hang,
            issuer=award.issuer, decision_number=self.decision.number, decision_date=self.decision.date))


def with_award_fields(records: list[Record]) -> list[Record]:
    """Every record about an award names it in the award fields too (a count of `Bằng khen của
    LĐLĐ` read from a sentence: form `bang_khen`, issuer `ldld`), so lists and counts of
    awards can be put side by side."""
    for r in records:
        if r.award is None and r.metric in METRICS:
            award = _award_of_metric(r.metric)
            if award is not None:
                r.award, r.issuer = award.form, r.issuer or award.issuer
    return records


@functools.lru_cache(maxsize=None)
def _award_of_metric(code: str) -> Award | None:
    return find_award(METRICS[code].name)


def is_decision(read: ReadFile) -> bool:
    """Whether the file is a decision (`QUYẾT ĐỊNH` heads its first page)."""
    return _names_a_decision([b for b in read.blocks[:40] if isinstance(b, Line)])


def _names_a_decision(lines: list[Line]) -> bool:
    """`QUYẾT ĐỊNH` (the type name, or `QUYẾT ĐỊNH:` before the articles) among the first lines."""
    return any(fold(line.text).strip(" :.") in ("quyet dinh", "quyet djnh") for line in lines[:20])


def decided(records: list[Record], read: ReadFile, ctx: FileContext) -> list[Record]:
    """In a decision, a person or collective its tables list with an award is awarded:
    the registration records a table gave become award records with the decision's number,
    date and issuer."""
    decision = read_decision([b for b in read.blocks if isinstance(b, Line)], ctx)
    if not decision.is_decision:
        return records
    out = []
    for r in records:
        if r.kind == "registration" and r.award:
            r = replace(r, kind="award", value=None, op=None, measure=None, issuer=r.issuer or decision.issuer,
                        decision_number=decision.number, decision_date=decision.date)
        out.append(r)
    return out


def extract_awards(read: ReadFile, ctx: FileContext) -> tuple[list[Record], set[int]]:
    """The award records of a decision or proposal, and the blocks they were read from
    (by `id`), which are not read again as tables or text."""
    lines = [b for b in read.blocks if isinstance(b, Line)]
    decision = read_decision(lines, ctx)
    b = Builder(read, ctx, decision)
    scope: _Scope | None = None  # set while inside a list
    table_list: _TableList | None = None
    recent = _Scope()  # the award a line just before named (`… đề nghị tặng Bằng khen …`)
    since = 0  # blocks since that line
    for block in read.blocks:
        if isinstance(block, Table) or any(ch.isalpha() for ch in block.text):
            since += 1  # a page number between them does not count
        if isinstance(block, Table):
            near = recent if since <= _NEAR else _Scope()
            table_list = _table(b, block, table_list, scope or near)
            if table_list is not None:
                b.used.add(id(block))
            continue
        text = block.text
        f = fold(text)
        if (award := find_award(text)) is not None and _GIVING.search(f) and len(award_forms(text)) == 1:
            recent, since = _Scope(award, text.strip(), _subject_type_of(text)), 0
        if table_list is not None and len(f.split()) >= 6:
            table_list = None  # prose between two tables ends a list running over pages
        if _LIST_TITLE.search(f) or any(_LIST_TITLE.match(fold(s)) for s in text.split("\t")[1:]):
            scope = _Scope(award=find_award(text), award_text=text.strip() if find_award(text) else None,
                           subject_type=_subject_type_of(text), registering=bool(_REGISTERING.search(f)),
                           annex=True)
            if scope.award or decision.award:
                b.used.add(id(block))
            continue
        if scope is not None and scope.annex and scope.award is None and not scope.items and \
                (own := _title_award(text)) is not None:
            # The title goes on under `DANH SÁCH II`: `Cá nhân được công nhận danh hiệu “…”`.
            scope = replace(scope, award=own, award_text=text.strip(),
                            subject_type=_subject_type_of(text) or scope.subject_type,
                            registering=scope.registering or bool(_REGISTERING.search(f)))
            b.used.add(id(block))
            continue
        if scope is None:
            # `Điều 1. Tặng Bằng khen … cho:` or, in a proposal, `Đề nghị tặng Bằng khen … sau:`:
            # the items that follow are the recipients.
            opens = _ARTICLE.match(f) or (text.rstrip().endswith(":") and _GIVING.search(f))
            if opens and find_award(text) is not None and len(award_forms(text)) == 1:
                scope = _Scope(find_award(text), _award_text(text), _subject_type_of(text))
            elif opens and text.rstrip().endswith(":") and (_REWARD_WORDS.search(f) or award_forms(text)):
                scope = _Scope(subject_type=_subject_type_of(text))  # each item names its own award
            continue
        before = len(b.records)
        scope = _line(b, block, scope)
        # A list whose award is unknown gives nothing, and the body of a decision keeps its
        # sentences: their lines stay text for the others; an annex's lines are read here.
        if scope is not None and scope.annex and (scope.award or decision.award) or len(b.records) > before:
            b.used.add(id(block))
    return b.records, b.used


def _title_award(text: str) -> Award | None:
    """The one award a line of a list's title names (not an item, nor a person)."""
    if _ITEM.match(text) or _honorific(text) or len(award_forms(text)) != 1:
        return None
    return find_award(text)


def _award_text(text: str) -> str:
    return re.sub(r"^\W*Điều\s*[0-9]+\s*[.:]\s*", "", text.strip())


def _line(b: Builder, line: Line, scope: _Scope) -> _Scope | None:
    """One line inside a list: a heading changes the scope, an item is a recipient.
    Returns None when the list has ended."""
    text = _numbered_by_tab(line.text)
    text = _ocr_text(text) if line.ocr else text.replace("\t", " ")
    f = fold(text)
    if not f or not any(ch.isalpha() for ch in f):
        return scope
    if _END.match(f):
        return None
    item = _ITEM.match(text)
    body = item["text"] if item else text
    fb = fold(body)
    award = _award_heading(text)
    if award is not None and not _honorific(body):
        kind = _subject_type_of(body)
        return _Scope(award, _TAIL.sub("", _strip_count(body)).strip(), kind, registering=scope.registering,
                      annex=scope.annex)
    if _TYPE_HEADING.match(f) and len(f.split()) <= 6:
        if not scope.annex and (count := _HEADING_COUNT.search(text)):
            # `a) Tập thể (03):` under `Điều 1. Tặng Giấy khen … cho các tập thể và cá nhân:`
            b.add_total(int(count[1]), scope, line)
        return replace(scope, subject_type=_subject_type_of(f) or scope.subject_type, unit=None)
    if item is None and (m := _GROUP_COUNT.match(text.strip())) and fold(m["tail"]).strip(" .;)") in _COUNTED:
        return replace(scope, unit=m["name"].strip())
    if item is not None and item["num"] and _ROMAN.match(item["num"]) and (
            text.rstrip().endswith(":") or line.style == "bold" or body.upper() == body):
        return replace(scope, unit=_TAIL.sub("", body).strip())  # `I. Cụm Core Team:` heads a group
    # `Ông Nguyễn Văn A, …` listed without a number is an item too.
    item_less = item is None and bool(_honorific(text.strip())) and len(f.split()) <= _MAX_ITEM_WORDS
    if item is None and not item_less:
        last = b.records[-1] if b.records and scope.items else None
        if _group_heading(text, last):
            return replace(scope, unit=_TAIL.sub("", text).strip())
        if last is not None and last.source.page == line.page and _continues(text, last, scope.tabbed):
            _append(last, text)
            return scope
        if last is None or not _same_start(body, last):
            return scope if len(f.split()) < 6 or not scope.items else None
    elif item is not None and item["num"] and item["num"] in "§Ììl|" and not line.ocr:
        return scope
    if len(fb.split()) > _MAX_ITEM_WORDS:
        return None
    # `1. Nguyễn Văn A – Chiến sĩ thi đua cơ sở`: the item names its own award after the name.
    before_award = award_start(body) or 0
    own = find_award(body) if before_award >= 2 else None  # a name is two words at least
    who = split_recipient(_without_award(body) if own else body, scope.subject_type)
    if who is None:
        return scope
    b.add(who, scope, page=line.page, sheet=line.sheet, row=line.row, text=text, ocr=line.ocr,
          award=own, award_text=_award_part(body) if own else None)
    scope.items += 1
    scope.tabbed = "\t" in line.text
    return scope


def _numbered_by_tab(text: str) -> str:
    """`1<tab>Trường THPT Tam Quan`: a list's row number apart from its item (a table printed
    without borders, of too few columns to be read as one) opens the item as `1.` does."""
    m = re.match(r"^\s*([0-9]{1,3})\s*\t+\s*(?=\S)", text)
    return f"{m[1]}. {text[m.end():]}" if m else text


def _ocr_text(text: str) -> str:
    """A scanned line's text before a wide gap (what stands after it is the margin: a
    watermark, specks); a list number and its item (`1.<tab>Trường …`, Word's numbering)
    are one, also when the scan misread the number."""
    parts = text.split("\t")
    if len(parts) < 2 or not parts[1].strip():
        return parts[0]
    mark = parts[0].strip()
    if re.fullmatch(r"[0-9IVXivxl]{1,4}\s*[.):]", mark):
        return f"{mark} {parts[1].strip()}"
    if 0 < len(mark) <= 3 and not re.search(r"[^\W\d_]{2}", mark):
        return f"- {parts[1].strip()}"  # a number the scan misread (`Ẳ;` for `1.`): still an item's mark
    return parts[0]


def _award_part(body: str) -> str:
    words = body.split()
    return _TAIL.sub("", " ".join(words[award_start(body) or 0:])).strip()


def _without_award(body: str) -> str:
    """The item without the award it names at its end (and the dash before it)."""
    words = body.split()
    return re.sub(r"[\s,;:–-]+$", "", " ".join(words[:award_start(body) or len(words)]))


def _strip_count(text: str) -> str:
    return re.sub(r"\s*:\s*[0-9]{1,3}(?:\s.*)?$", "", text)


def _continues(text: str, last: Record, tabbed: bool = False) -> bool:
    """A short line under an item that did not end is the rest of it (`Hoàn Kiếm`, `dục`); under
    a row of a list printed without borders (its columns apart by wide gaps) the cells wrap
    onto longer lines (`sức tích cực, Bệnh viện Xanh Pôn`). A column heading (`STT`) is not."""
    words = text.split()
    if _HEADER_START.match(fold(text)) or last.source.text.rstrip().endswith((";", ".")):
        return False
    if tabbed and len(words) <= 8:
        return True
    return len(words) <= 4 and (text[:1].isupper() or len(words) <= 3 and text[:1].islower())


_HEADER_START = re.compile(r"^(?:stt|tt|so tt|ho va ten|ho ten)\b")


def _group_heading(text: str, last: Record | None) -> bool:
    """A short line between numbered items that names a unit (`Huyện An Lão`, `Thị xã Hoài
    Nhơn`, `Các phòng thuộc Sở`) heads the items under it, unless the item above was cut in the
    middle (`…, quận` / `Hoàn Kiếm`)."""
    words = text.strip().split()
    if not 2 <= len(words) <= 6 or not words[0][:1].isupper() or text.rstrip().endswith((";", ".", ",")):
        return False
    f = fold(text)
    if not (names_an_organisation(text) or re.match(r"(?:thi xa|thi tran|cac (?:phong|don vi|truong|to))\b", f)):
        return False
    above = fold(last.source.text).rstrip() if last is not None else ""
    return not re.search(r"(?:,|-|\bva|\bquan|\bhuyen|\bxa|\bphuong|\btinh|\bthanh pho)$", above)


def _append(record: Record, text: str) -> None:
    tail = " ".join(text.split())
    if record.subject_type == "individual":
        record.position = f"{record.position} {tail}" if record.position else tail
    else:
        record.subject = f"{record.subject} {tail}"
    record.source.text = f"{record.source.text} {tail}"


def _same_start(text: str, last: Record) -> bool:
    """An unnumbered line that starts like the item before it (`Trường Mầm non …`, `Bà …`) is an
    item whose number the scan lost."""
    first = fold(text).split()[:1]
    prev = fold(last.source.text)
    prev_item = _ITEM.match(prev)
    prev_words = fold(prev_item["text"] if prev_item else prev).split()[:1]
    return bool(first) and first == prev_words


# --- tables ------------------------------------------------------------------------------------

_COLUMN_ROLES = tuple((role, re.compile(p)) for role, p in (
    ("stt", r"^(?:stt|tt|so tt|so thu tu|thu tu|xep hang|hang)$"),
    ("name", r"^(?:ho va ten|ho ten|ho, ten|ten doi|ten tap the|ten ca nhan|ten don vi|tap the, ca nhan|"
             r"tap the ca nhan|ten tap the, ca nhan|ten tap the/ca nhan|ca nhan, tap the|doi thi|doi)\b"),
    ("position", r"^(?:chuc vu|chuc danh)\b"),
    ("unit", r"^(?:don vi cong tac|noi cong tac|co quan cong tac|don vi|dia chi, don vi|dia chi)\b"),
    ("award", r"^(?:giai thuong|giai|hinh thuc khen thuong|hinh thuc|danh hieu|muc khen|muc do khen|khen thuong|"
              r"loai hinh khen thuong|de nghi (?:khen thuong|hinh thuc|danh hieu))\b"),
    ("other", r"^(?:tien thuong|so tien|muc thuong|thanh tien|ghi chu|nam sinh|ngay sinh|gioi tinh)\b"),
))


@dataclass
class _TableList:
    """A list table being read (kept for its next page): width, column roles, current scope."""

    width: int
    roles: dict[str, int]
    scope: _Scope
    position_unit: bool = False  # one column holds `Chức danh, đơn vị công tác`


def _roles(row: list[Cell]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, cell in enumerate(row):
        f = fold(cell.text).strip(" .:*")
        if not f or len(f) > 80:
            continue
        role = next((r for r, p in _COLUMN_ROLES if p.search(f)), None)
        if role and role not in roles:
            roles[role] = i
    return roles


def _table(b: Builder, table: Table, previous: _TableList | None, scope: _Scope) -> _TableList | None:
    """Read a list table (or the next page of one); None when the table is not a list."""
    if not table.rows or table_layout(table) is not None:
        return None  # a registration list or a figure table: `tables` reads it
    start, current = 0, None
    for r, row in enumerate(table.rows[:_HEADER_WITHIN]):
        roles = _roles(row)
        if "name" in roles and (len(roles) >= 2 or _numbered_below(table, r)):
            header = fold(row[roles["name"]].text)
            kind = "individual" if header.startswith(("ho ", "ten ca nhan")) else \
                "collective" if header.startswith(("ten doi", "ten tap the", "ten don vi")) and "ca nhan" not in header \
                else None
            above = [c.text.strip() for r0 in table.rows[:r] for c in r0 if c.text.strip()]
            titled = _titled(above)
            if titled is not None:  # a sheet's own title above its header: `DANH SÁCH … ĐỀ NGHỊ TẶNG GIẤY KHEN`
                scope = titled
            group = _TAIL.sub("", _strip_number(above[-1])).strip() if len(above) == 1 and titled is None \
                else scope.unit
            current = _TableList(len(row), roles, replace(scope, subject_type=kind or scope.subject_type, items=0,
                                                          unit=group),
                                 position_unit="position" in roles and "don vi" in fold(row[roles["position"]].text))
            start = r + 1
            break
    if current is None:
        if previous is None or len(table.rows[0]) != previous.width:
            return None
        current = previous
    elif "award" not in current.roles and current.scope.award is None and b.decision.award is None \
            and not any(_section_award(row) for row in table.rows[start:]):
        return None
    table = merged_down(table, start)
    for i in range(start, len(table.rows)):
        _row(b, table, i, current)
    return current


_HEADER_WITHIN = 8  # rows a list's header may lie under (a sheet's letterhead and title)


def _numbered_below(table: Table, header: int) -> bool:
    """Whether the first column numbers most rows under `header` (1, 2, 3 …): the list's own
    numbering, when a scan spoiled the other headings (`EE` for `TT`)."""
    firsts = [row[0].text.strip(" .") for row in table.rows[header + 1:] if row and row[0].text.strip()]
    return len(firsts) >= 3 and 2 * sum(t.isdigit() for t in firsts) > len(firsts)


def _section_award(row: list[Cell]) -> Award | None:
    """The award a row merged across the table names (`II. ĐỀ NGHỊ CHỦ TỊCH UBND TỈNH TẶNG BẰNG
    KHEN`): it heads the rows under it, in a list whose columns name no award."""
    texts = {c.text.strip() for c in row if c.text.strip()}
    if len(texts) != 1:
        return None
    text = texts.pop()
    return find_award(text) if not _honorific(text) and len(award_forms(text)) == 1 else None


def _titled(lines: list[str]) -> _Scope | None:
    """What a list's title (`DANH SÁCH …`) above its header says: its award, whether it
    registers, whom it lists; None without such a title naming one award."""
    for text in lines:
        f = fold(text)
        if _LIST_TITLE.search(f) and (award := _title_award(text)) is not None:
            return _Scope(award=award, award_text=text, subject_type=_subject_type_of(text),
                          registering=bool(_REGISTERING.search(f)))
    return None


def _row(b: Builder, table: Table, i: int, t: _TableList) -> None:
    row = table.rows[i]

    def text(role: str) -> str:
        j = t.roles.get(role)
        return row[j].text.strip() if j is not None and j < len(row) else ""

    name, stt = text("name"), text("stt")
    if not name and stt and not _STT_NUMBER.match(stt) and not any(
            c.text for j, c in enumerate(row) if j != t.roles.get("stt")):
        # A heading merged across the row keeps its text in the first cell (`I. TẬP THỂ`).
        m = _ITEM.match(stt)
        name, stt = (m["text"] if m else stt), ""
    if not name:
        return
    others = [c.text for j, c in enumerate(row) if j not in (t.roles.get("name"), t.roles.get("stt")) and c.text]
    f = fold(name)
    if _TYPE_HEADING.match(f) and len(f.split()) <= 4:
        t.scope = replace(t.scope, subject_type=_subject_type_of(f) or t.scope.subject_type)
        return
    if _TOTAL_ROW.match(f):
        return
    award_here = find_award(name) if not _honorific(name) else None
    if award_here is not None and not others:
        t.scope = replace(t.scope, award=award_here, award_text=name)
        return
    if not stt and not others and "stt" in t.roles:
        t.scope = replace(t.scope, unit=_TAIL.sub("", name))  # a unit heading above its group
        return
    who = split_recipient(name, t.scope.subject_type)
    if who is None:
        return
    unit = _TAIL.sub("", text("unit")) or None
    position = _TAIL.sub("", text("position")) or None
    if position:
        who.position = position if not who.position else f"{who.position}, {position}"
    if t.position_unit and position and not t.scope.unit:
        # `Chức vụ, đơn vị công tác`: the unit is what follows the last title
        # (`Chủ tịch Công đoàn cơ sở Công ty May` → `Công đoàn cơ sở Công ty May`).
        last = _TAIL.sub("", position.rsplit(",", 1)[-1]).strip()
        title, held_in = split_position(last) if who.subject_type == "individual" else (last, None)
        unit = held_in or (None if title != last or _TITLE.match(fold(last)) else last) or None
    award_cell = text("award")
    award = find_award(award_cell) if award_cell else None
    cell = row[t.roles["name"]]
    b.add(who, t.scope, page=table.page_of(i), sheet=table.sheet,
          row=table.first_row + i if table.first_row is not None else None, cell=cell.ref,
          text=" | ".join(c.text for c in row if c.text), ocr=table.ocr, unit=unit,
          award=award, award_text=award_cell or None)


_STT_NUMBER = re.compile(r"^\W*[0-9]{1,4}\W*$")
_TOTAL_ROW = re.compile(r"^(?:tong cong|cong|tong so|tong|cong chung)(?:\s*[:(]|\s*$|\s+[0-9])")
