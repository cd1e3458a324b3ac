"""Plan or result, and the year: a figure's scope as the document's structure gives it.

A figure is a target when what governs it says so, from the nearest to the farthest
(docs/formats.md): a plan or result word of its own clause (*phấn đấu, chỉ tiêu, mục
tiêu, sẽ* / *đã, đạt được, kết quả*); a plan word earlier in its sentence (it governs the
rest of it); a year named before the document's (a result); the lead-in of the list it is
in (`… phấn đấu:`, `Kết quả …:`); its section heading, by the heading's first cue; a year
named against the document's (its own year is reported, a later one planned); a bound with
no tense (`mỗi CĐCS có ít nhất 01 …`, a norm); last the document itself (a plan, a pledge,
a launch). Words that fold alike are
kept apart (`đã`/`tối đa`, `sẽ`/`chia sẻ`, `đạt`/`đặt`), and plan words that are no cue are
left out: deeds (`đã đăng ký`), documents cited (`Thực hiện Kế hoạch số …`) and what a
result is measured against (`vượt … so với giao ước`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..vn import fold
from .context import FileContext
from .quantities import Quantity

# `đã đăng ký`, `được đăng ký` (a deed done), `thực hiện nhiệm vụ năm …` (a year's work
# reported) and `Thực hiện Kế hoạch số 15/KH-…` (a document cited) are not plan words, nor
# is one a result is measured against (`vượt … so với giao ước`, `hoàn thành chỉ tiêu`).
_PLAN_CUES = re.compile(
    r"\b(?<!so voi )(?<!vuot )(?<!hoan thanh )(?<!dat )"
    r"(?:phan dau|chi tieu|(?<!da )(?<!duoc )giao uoc|(?<!da )(?<!duoc )dang ky|nam toi|nam sau|"
    r"(?<!thuc hien )(?<!can cu )(?<!theo )ke hoach(?! so\b)|muc tieu|cam ket|de ra|phuong huong|se|du kien|"
    r"(?<!thuc hien )nhiem vu nam|giai phap)\b"
)
# Plan words that govern the rest of their sentence (`… phấn đấu 85-90% …; 15-20% …`);
# `giao ước`, `đăng ký` inside a report's sentence are usually deeds (`ký kết giao ước`) and
# govern only as the lead-in of a list (`Đăng ký danh hiệu thi đua năm 2025: …`).
_CARRIED_CUES = re.compile(r"\b(?:phan dau|chi tieu|muc tieu|nam toi|nam sau|de ra|cam ket|se|du kien|"
                           r"phuong huong)\b")
# The phrase of a count, up to where the next clause starts.
_PREVIOUS_PHRASE = re.compile(r"(?:(?!,|;|\bva\b|\b(?:phan dau|de ra|tiep tuc|d~t muc tieu|nam toi|nam sau|se)\b).)*")
# A bound with no tense (`mỗi CĐCS có ít nhất 01 sáng kiến`, `không quá 15%`) is a norm set
# for the future, not a count of what was done.
_NORM_OPERATORS = re.compile(r"\b(?:it nhat|toi thieu|khong qua|toi da|khong vuot qua|khong duoi)\s*(?:co\s*)?$")
_RESULT_CUES = re.compile(r"\b(?:da|dat duoc|ket qua|thuc hien duoc|nam qua|vua qua|trong nam qua|"
                          r"qua [0-9]+ nam|sau [0-9]+ nam)\b")
_PLAN_SECTION = re.compile(r"phuong huong|(?<!thuc hien )nhiem vu|ke hoach|chi tieu|muc tieu|giai phap|dang ky|giao uoc")
_RESULT_SECTION = re.compile(r"ket qua|tinh hinh|danh gia|ton tai|han che|dac diem|thanh tich|tong ket|so ket")
# After a comma these open a reason or a contrast: plan words before them stop there.
CLAUSE_RESET = re.compile(r",\s*(?:do|vi|nhung|tuy nhien|song|boi vi|nguyen nhan)\b")
# The year a sentence is about; a year it compares with (`tăng 5% so với thực hiện năm 2021`)
# is not.
YEAR_IN = re.compile(r"(?<!so voi )(?<!so )(?<!thuc hien )(?<!cung ky )\bnam\s+((?:19|20)[0-9]{2})\b")
_NEXT_YEAR = re.compile(r"\bnam (?:toi|sau)\b")


@dataclass
class State:
    """What the text so far says about the figures that follow."""

    plan: bool | None = None  # from the current section heading
    lead_plan: bool = False  # a line ending in `:` announced targets (`Chỉ tiêu cụ thể:`)
    lead_result: bool = False  # …or results (`Kết quả thi đua năm học 2023 - 2024:`)
    rules: bool = False  # …or rules (`Tiêu chuẩn xét danh hiệu:`): its items are no figures
    lead_year: int | None = None  # the year the lead-in names (`Năm 2018, … phấn đấu:`)
    items: bool = False  # list items (`- …`) have followed the lead-in
    footer: bool = False  # past `Nơi nhận:`
    year: int | None = None  # from the current section heading

    def end_lead(self) -> None:
        self.lead_plan = self.lead_result = self.rules = self.items = False
        self.lead_year = None


def fold_tense(text: str) -> str:
    """`fold`, keeping the tense markers `đã`, `sẽ` and `đạt` apart from the words that fold
    like them (`tối đa`, `đa dạng`, `chia sẻ`, `đặt mục tiêu`)."""
    core = text.strip()
    f = fold(core)
    if len(f) != len(core):
        return f
    f = text[:len(text) - len(text.lstrip())] + f + text[len(text.rstrip()):]  # positions kept
    for m in re.finditer(r"\b(?:da|se|dat)\b", f):
        if text[m.start():m.end()].lower() not in ("đã", "sẽ", "đạt"):
            f = f[:m.start()] + m.group()[0] + "~" + m.group()[2:] + f[m.end():]
    return f


def cue_kind(folded: str) -> str | None:
    """`plan` or `result` by the last plan or result word of a folded text, or None."""
    plans = [m.end() for m in _PLAN_CUES.finditer(folded)]
    results = [m.end() for m in _RESULT_CUES.finditer(folded)]
    if not plans and not results:
        return None
    return "plan" if plans and (not results or plans[-1] > results[-1]) else "result"


def carried_cue(text: str) -> bool | None:
    """What a sentence part says about the parts after it: a plan word governs the rest of
    its sentence (`… phấn đấu 85-90% …; 15-20% …`) until a result word or a reason resets
    it; None when it says nothing."""
    governed = fold_tense(text)
    governed = governed[max([m.end() for m in CLAUSE_RESET.finditer(governed)], default=0):]
    plans = [m.end() for m in _CARRIED_CUES.finditer(governed)]
    results = [m.end() for m in _RESULT_CUES.finditer(governed)]
    if plans and (not results or plans[-1] > results[-1]):
        return True
    return False if results else None


def section_kind(folded: str) -> bool | None:
    """A heading is a plan or a result section by its first cue: its head noun comes first
    (`Kết quả thực hiện nhiệm vụ …` reports, `Phương hướng, nhiệm vụ …` plans)."""
    p, r = _PLAN_SECTION.search(folded), _RESULT_SECTION.search(folded)
    if p and r:
        return p.start() < r.start()
    return True if p else False if r else None


def is_plan(part: str, q: Quantity, carried: bool | None, state: State, ctx: FileContext,
             sentence_year: int | None, prev_end: int | None = None) -> bool:
    before = fold_tense(part[:q.start])
    if prev_end is not None and len(before) == q.start:
        # `12.500 lượt nữ đoàn viên đăng ký, 11.870 lượt đạt danh hiệu`: a plan word in the
        # phrase of the count before (up to a comma, `và` or a new plan verb) says what that
        # count did; it does not govern this one
        phrase = _PREVIOUS_PHRASE.match(before, prev_end)
        before = before[:prev_end] + " " * (phrase.end() - prev_end) + before[phrase.end():]
    norm = _NORM_OPERATORS.search(fold(part[:q.start])) is not None
    resets = [m.end() for m in CLAUSE_RESET.finditer(before)]
    if resets:
        before, carried = before[resets[-1]:], None
    plans = [m.end() for m in _PLAN_CUES.finditer(before)]
    results = [m.end() for m in _RESULT_CUES.finditer(before)]
    if plans:
        return not results or plans[-1] > results[-1]
    if results:
        return False
    if carried is not None:
        return carried
    if sentence_year and ctx.year and sentence_year < ctx.year:
        return False  # a year before the document's (`Năm 2024 đạt 92% LĐTT` in a 2025 pledge)
    if state.lead_plan or state.lead_result:
        return state.lead_plan
    if state.plan is not None:
        return state.plan
    if sentence_year and ctx.year:
        # the year named against the document's year: a report's own year is its results
        return sentence_year > ctx.year if sentence_year != ctx.year else ctx.is_plan
    if norm:
        return True
    return ctx.is_plan


def record_year(kind: str, folded: str, sentence_year: int | None, state: State, ctx: FileContext) -> int | None:
    if sentence_year:
        return sentence_year
    if state.lead_year:
        return state.lead_year
    if state.year:
        return state.year
    if kind == "target" and not ctx.is_plan:
        if ctx.plan_year and (state.plan or _NEXT_YEAR.search(folded)):
            return ctx.plan_year
        if ctx.year and _NEXT_YEAR.search(folded):
            return ctx.year + 1
    return ctx.year


def year_of(before: str, folded_sentence: str) -> int | None:
    """The year a count is about: the last named before it in its sentence (`Năm 2024 đạt
    92% … và phấn đấu năm 2025 đạt 95%`), else the first the sentence names."""
    years = YEAR_IN.findall(fold(before))
    if years:
        return int(years[-1])
    m = YEAR_IN.search(folded_sentence)
    return int(m[1]) if m else None


