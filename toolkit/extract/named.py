"""Recipients a sentence names, as a clerk copies them into the reward register.

A report or a single-recipient decision names who gets an award inside a sentence, not in a
list (docs/design.md, *Reading*, free text):

- `… đề nghị LĐLĐ tỉnh tặng Bằng khen cho Công đoàn cơ sở Công ty X và 02 cá nhân: Ông A,
  Chủ tịch Công đoàn cơ sở; Bà B, Trưởng ban Nữ công.` — the unit written by its proper name
  after `cho` and the names listed after the count and its colon;
- `Điều 1. Tặng Giấy khen cho ông Nguyễn Văn A, Trưởng phòng Kỹ thuật, đã có thành tích …`.

The names after a colon are taken only when there are as many as the count before the colon
says: a list of another length is something else (a clerk would stop there too). A list
without a count (`cho các đồng chí: A, B và C`) is taken only when each item is a name alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..readers.blocks import Line, ReadFile
from ..records import Record
from ..vn import fold
from ..vn.awards import Award, award_forms, find_award
from .awards import (Builder, Decision, Recipient, names_an_organisation, read_decision, split_recipient,
                     starts_with_honorific)
from .context import FileContext
from .text import split_sentences


@dataclass
class Named:
    """One recipient a sentence names, with the award the sentence gives it."""

    who: Recipient
    award: Award
    award_text: str


# `tặng`, `trao tặng`, `khen thưởng`: the verb that gives; `cho` introduces who gets it.
_GIVES = re.compile(r"\b(?:tang|khen thuong)\b")
_FOR = re.compile(r"\bcho\b")
# `02 cá nhân`, `03 (ba) tổ công đoàn`: the count of a group and who is counted.
_COUNT = re.compile(r"^(?:cac\s+)?0*(?P<n>[0-9]{1,3})\s*(?:\([^)]*\)\s*)?(?P<noun>[^\W\d_][^:,;]{0,40}?)\s*$")
_INDIVIDUALS = re.compile(r"^(?:ca nhan|dong chi|d/c|nguoi|doan vien|can bo|giao vien|cong nhan)\b")
_COLLECTIVES = re.compile(r"^(?:tap the|to|don vi|cdcs|cong doan|phong|doi|khoa|truong|co quan|chi doan)\b")
# Where the name after `cho` ends: `…, đã có thành tích`, `vì đã …`, `(có danh sách kèm theo)`.
_NAME_END = re.compile(r"\s*(?:,\s*|\s)(?:da|vi|do|ve|trong|nhan dip|co thanh tich|dat thanh tich)\s|\s*\(")
_MAX_ITEMS = 30
_AND = re.compile(r"\s+và\s+(?=\S)")
# `…; đề nghị Ban Thường vụ …`, `, đồng thời`: a new proposal begins before the next verb.
_NEXT_PROPOSAL = re.compile(r"\s*[;,.]?\s*(?:kính\s+)?(?:đề nghị|đồng thời|và đề nghị)\b.*$", re.IGNORECASE)


def extract_named(read: ReadFile, ctx: FileContext, used: set[int]) -> list[Record]:
    """The award records of the recipients the file's sentences name (lines of recipient
    lists, in `used`, were read already). Their counts stay for the free-text reading."""
    lines = [b for b in read.blocks if isinstance(b, Line)]
    decision = read_decision(lines, ctx)
    if not decision.is_decision:
        # A report's letterhead is its sender, not the giver: only the sentence names that.
        decision = Decision(year=ctx.year)
    b = Builder(read, ctx, decision)
    for line in lines:
        if id(line) in used:
            continue
        for n in named_recipients(line.text):
            b.add(n.who, page=line.page, sheet=line.sheet, row=line.row, text=line.text, ocr=line.ocr,
                  award=n.award, award_text=n.award_text)
    return b.records


def named_recipients(text: str) -> list[Named]:
    """Every recipient `text` names inside its sentences (none when it names only counts)."""
    out: list[Named] = []
    for parts in split_sentences(text.replace("\t", " ")):
        sentence = "; ".join(parts)
        f = fold(sentence)
        if len(f) != len(sentence):
            continue  # positions would not map back to the sentence
        verbs = [m.start() for m in _GIVES.finditer(f)]
        for k, start in enumerate(verbs):
            end = verbs[k + 1] if k + 1 < len(verbs) else len(sentence)
            out.extend(_clause(sentence, f, start, end))
    return out


def _clause(sentence: str, f: str, start: int, end: int) -> list[Named]:
    """The recipients of one giving clause: `tặng <award> cho <who>`."""
    cho = _FOR.search(f, start, end)
    if cho is None:
        return []
    given = sentence[start:cho.start()]
    if len(award_forms(given)) != 1:
        return []
    # The giver stands before the verb, in the clause: after the last `;` before it.
    award = find_award(sentence[sentence.rfind(";", 0, start) + 1:cho.start()])
    if award is None:
        return []
    who = sentence[cho.end():end].strip()
    if (nxt := _NEXT_PROPOSAL.search(who)) is not None:
        who = who[:nxt.start()]  # `…; đề nghị Ban Thường vụ … [tặng]`: the next clause
    head, colon, listed = who.partition(":")
    out = [Named(r, award, given.strip()) for r in _named_before_counts(head)]
    if colon:
        out.extend(Named(r, award, given.strip()) for r in _listed(head, listed))
    return out


def _named_before_counts(head: str) -> list[Recipient]:
    """The unit or person written by name between `cho` and the first count: `Công đoàn cơ sở
    Công ty X` in `cho Công đoàn cơ sở Công ty X và 02 cá nhân`."""
    m = re.search(r"(?:,|\bvà\b)\s*(?:các\s+)?[0-9]", head)
    named = head[:m.start()] if m else head
    cut = _NAME_END.search(fold(named))
    named = named[:cut.start()] if cut else named
    named = named.strip(" ,.;")
    if not named or named[0].isdigit():
        return []
    # `… và đồng chí B, …`: each person after an honorific is a recipient of their own.
    persons = [m for m in _AND.finditer(named) if starts_with_honorific(named[m.end():])]
    pieces = [named[a:b].strip(" ,") for a, b in zip([0, *(m.end() for m in persons)],
                                                      [*(m.start() for m in persons), len(named)])]
    out: list[Recipient] = []
    for piece in pieces:
        if starts_with_honorific(piece):
            who = split_recipient(piece, "individual")
            if who is None:
                return []
            out.append(who)
            continue
        units = _AND.split(piece)
        if all(_proper_unit(u) for u in units):
            out.extend(Recipient(u.strip(" ,"), "collective") for u in units)
        elif _proper_unit(piece):
            out.append(Recipient(piece, "collective"))  # `Sở Tài nguyên và Môi trường`
        else:
            return []
    return out


def _proper_unit(text: str) -> bool:
    """A unit written by its proper name: an organisation word, then a capitalised word
    (`Công đoàn cơ sở Trường THCS …`, `Phòng Kỹ thuật`; not `Công đoàn cơ sở có thành tích`)."""
    words = text.split()
    return (len(words) >= 2 and words[0][:1].isupper() and names_an_organisation(text)
            and any(w[:1].isupper() for w in words[1:]))


def _listed(head: str, listed: str) -> list[Recipient]:
    """The names after `02 cá nhân:` — exactly as many as the count, each a name."""
    last = re.split(r",|\bvà\b", head)[-1].strip()
    count = _COUNT.match(fold(last))
    uncounted = _UNCOUNTED.match(fold(last))
    if count is None and uncounted is None:
        return []
    n, noun = (int(count["n"]), count["noun"].strip()) if count else (None, uncounted["noun"])
    kind = "individual" if _INDIVIDUALS.match(noun) else "collective" if _COLLECTIVES.match(noun) else None
    if kind is None or (n is not None and not 1 <= n <= _MAX_ITEMS):
        return []
    listed = listed.strip(" .")
    items = [i.strip(" .") for i in listed.split(";" if ";" in listed else ",")]
    if " và " in items[-1] and (n is None or len(items) == n - 1):
        items[-1:] = items[-1].split(" và ", 1)
    if len(items) != n if n is not None else not 2 <= len(items) <= _MAX_ITEMS:
        return []
    if not all(i[:1].isupper() and len(i.split()) >= 2 for i in items):
        return []
    if n is None and not all(_names(i, kind) for i in items):
        return []  # without a count, only names: `các đồng chí: A, B` (a comma in a position would cut it)
    found = [split_recipient(i, kind) for i in items]
    return [r for r in found if r is not None] if all(found) else []


# `các đồng chí:`, `các tập thể sau:`: a list without a count.
_UNCOUNTED = re.compile(r"^cac\s+(?P<noun>[^\W\d_][^:,;]{0,30}?)(?:\s+(?:sau|sau day|co ten sau))?\s*$")


def _names(item: str, kind: str) -> bool:
    """An item of a list without a count is a name alone: a person's (after an honorific, or
    written as names are) or a unit's proper name."""
    if kind == "collective":
        return _proper_unit(item)
    who = split_recipient(item, None)
    return who is not None and who.subject_type == "individual" and who.position is None
