"""Numbers as Vietnamese documents write them, and targets such as `trên 95%`.

Thousands are grouped with a dot and decimals follow a comma (`10.141`, `95,5%`); counts
below ten are written `01`, `02`. A target (*chỉ tiêu*) is a quantity with the words before
it: `trên` / `hơn` (>), `ít nhất` / `tối thiểu` / `từ … trở lên` / `không dưới` (≥),
`dưới` (<), `không quá` / `tối đa` (≤), a range `85-90%`, or a plain number (=).
A filler verb may stand between the words and the number (`tối thiểu có 2`, `trên là 5`).
Small counts are also written in words (`ít nhất một`, `từ hai đến ba`): `digits_for_words`
writes them as digits where they count something.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from .text import fold

# A grouped number (`1.250.000`, optionally `,5`) must start with 1-9 and end on a full
# group; anything else with one separator is a decimal (`2.5` tolerated, `95,5` proper).
# `_NUMBER` finds a token inside text; `_PARTS` splits a whole token into its parts.
_NUMBER = (
    r"(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?![0-9]|\.[0-9])(?:,[0-9]+)?"
    r"|[0-9]+(?:[.,][0-9]+)?)"
)
_PARTS = re.compile(
    r"(?P<grouped>[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,(?P<gfrac>[0-9]+))?"
    r"|(?P<whole>[0-9]+)(?:[.,](?P<frac>[0-9]+))?"
)
_SIGNED = re.compile(r"(?P<sign>[-+\u2212]?)\s*(?P<number>[0-9.,]+)\s*%?")

_SEPARATORS = str.maketrans(",.", ".,")  # Python's 1,234.5 → Vietnamese 1.234,5
_HINT = "hãy ghi bằng chữ số, ví dụ 10.141 hoặc 95,5"

# Enough digits for any float written out in full, rounding like Excel (half up).
_DECIMAL = Context(prec=400, rounding=ROUND_HALF_UP)


def _not_a_number(value: object) -> ValueError:
    return ValueError(f"'{value}' không phải là số; {_HINT}")


def _from_token(token: str) -> int | float | None:
    """The value of an unsigned token such as `1.250.000,5`, or None if it is not one."""
    m = _PARTS.fullmatch(token)
    if m is None:
        return None
    whole, frac = (m["grouped"].replace(".", ""), m["gfrac"]) if m["grouped"] else (m["whole"], m["frac"])
    try:
        if frac is None or not frac.strip("0"):
            return int(whole)
        x = float(f"{whole}.{frac}")
    except ValueError:  # more digits than int() accepts
        return None
    return x if math.isfinite(x) else None


def parse_number(value: object) -> int | float | None:
    """A cell as a number: `10.141` → 10141, `95,5%` → 95.5, `01` → 1, blank → None.

    Raises `ValueError` with a Vietnamese message for anything that is not a number.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            raise _not_a_number(value)
        return int(value) if value.is_integer() else value
    text = str(value).strip()
    if not text:
        return None
    m = _SIGNED.fullmatch(text)
    number = _from_token(m["number"]) if m else None
    if number is None:
        raise _not_a_number(text)
    return -number if m["sign"] in ("-", "\u2212") and number else number


def format_number(x: object, decimals: int | None = None) -> str:
    """`10.141`, `2,5`, `-1.250.000`; blank for None.

    Without `decimals`, integers are written whole and other numbers with up to two
    decimals (trailing zeros dropped); with `decimals`, exactly that many.
    """
    x = parse_number(x)
    if x is None:
        return ""
    if isinstance(x, int) and not decimals:
        text = f"{x:,}"
    else:
        places = 2 if decimals is None else decimals
        q = _DECIMAL.quantize(Decimal(repr(x)) if isinstance(x, float) else Decimal(x),
                              Decimal(1).scaleb(-places))
        if q.is_zero():
            q = abs(q)
        text = f"{q:,f}"
        if decimals is None and "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.translate(_SEPARATORS)


def format_percent(x: object, decimals: int = 1) -> str:
    """`95,5%`, `75,8%`, `100%`: rounded to `decimals`, trailing zeros dropped."""
    text = format_number(x, decimals)
    if not text:
        return ""
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"


def format_count(n: object, width: int = 2) -> str:
    """`01`, `02`, `12`, `10.141`: counts below ten get a leading zero, as documents write them."""
    n = parse_number(n)
    if n is None:
        return ""
    if isinstance(n, int) and 0 <= n < 10 ** width:
        return str(n).zfill(width)
    return format_number(n)


# --- targets -------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A pledged quantity: `trên 95%` is Target(">", 95, None, "percent", "trên 95%").

    `op` is one of `=` `>` `>=` `<` `<=` `between` (then `value`..`value_max`, inclusive);
    `measure` is `count`, `percent`, `points` or `flag`; `text` is the cell as written.
    """

    op: str
    value: float | int
    value_max: float | int | None
    measure: str
    text: str


# The words before a quantity, on folded text. Longer phrases come first in the
# alternation and the search is anchored at the number, so `không dưới` beats `dưới`.
_OPERATORS = {
    "khong duoi": ">=", "khong it hon": ">=", "it nhat": ">=", "toi thieu": ">=", "tu": ">=",
    ">=": ">=", "\u2265": ">=",
    "khong qua": "<=", "khong vuot qua": "<=", "khong vuot": "<=", "khong hon": "<=",
    "toi da": "<=", "<=": "<=", "\u2264": "<=",
    "tren": ">", "hon": ">", ">": ">",
    "duoi": "<", "it hon": "<", "thap hon": "<", "nho hon": "<", "<": "<",
}
_OPERATOR = re.compile(
    r"(?<![a-z0-9])(?P<op>"
    + "|".join(re.escape(p) for p in sorted(_OPERATORS, key=len, reverse=True))
    + r")(?:\s*(?:la|dat|bang|co|:))*\s*$"
)
_QUANTITY = re.compile(
    rf"(?<![0-9.,])(?P<sign>-)?(?P<a>{_NUMBER})\s*(?P<pa>%)?"
    rf"(?:\s*(?:-|\u2013|\u2014|~|den|toi)\s*(?P<b>{_NUMBER})\s*(?P<pb>%)?)?"
    r"(?P<points>\s*diem)?(?P<after>\s*(?:tro len|tro xuong))?"
)
_YEAR_BEFORE = re.compile(r"(?<![a-z0-9])nam\s*$")


def _quantity(folded: str) -> re.Match | None:
    """The first quantity in the text, skipping a year written after `năm`."""
    for m in _QUANTITY.finditer(folded):
        is_year = (not m["pa"] and len(m["a"]) == 4 and m["a"].isdigit()
                   and _YEAR_BEFORE.search(folded, 0, m.start()))
        if not is_year:
            return m
    return None


def parse_target(value: object) -> Target | None:
    """A target cell as a `Target`, or None when it holds no quantity (`Hoàn thành`)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        number = parse_number(value)
        return Target("=", number, None, "count", format_number(number))
    text = str(value).strip()
    folded = fold(text)
    m = _quantity(folded)
    if m is None:
        return None
    low, high = _from_token(m["a"]), _from_token(m["b"]) if m["b"] else None
    if low is None:
        return None
    if m["sign"]:
        low = -low
    measure = "percent" if m["pa"] or m["pb"] else "points" if m["points"] else "count"
    if high is not None:
        low, high = min(low, high), max(low, high)
        return Target("between", low, high, measure, text)
    before = _OPERATOR.search(folded, max(0, m.start() - 24), m.start())
    op = _OPERATORS[before["op"]] if before else "="
    if m["after"]:
        op = ">=" if m["after"].endswith("len") else "<="
    return Target(op, low, None, measure, text)


def meets(target: Target, value: object) -> bool | None:
    """Whether a result meets the target (`>` is strict, ranges inclusive); None if unknown."""
    if target.measure == "flag":
        return None
    try:
        v = parse_number(value)
    except ValueError:
        return None
    if v is None:
        return None
    op, t = target.op, target.value
    if op == "=":
        return v == t
    if op == ">":
        return v > t
    if op == ">=":
        return v >= t
    if op == "<":
        return v < t
    if op == "<=":
        return v <= t
    if op == "between":
        return t <= v <= (t if target.value_max is None else target.value_max)
    raise ValueError(f"unknown target operator {op!r}")


# --- small counts written in words ----------------------------------------------------------

_WORD_VALUES = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
                "tám": 8, "chín": 9, "mười": 10}
_NUMBER_WORD = "(?:" + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + ")"
# A number word counts when an operator stands before it (`ít nhất một công trình`) or it
# opens a range (`từ hai đến ba`), and a noun, not a digit, follows (`từ năm 2021` is a year).
_WORDED = re.compile(
    rf"(?P<lead>\b(?:ít nhất|tối thiểu|từ|trên|hơn|khoảng|gần|không quá|tối đa|không dưới)\s+)"
    rf"(?P<a>{_NUMBER_WORD})(?:\s*(?P<sep>-|–|đến|tới)\s*(?P<b>{_NUMBER_WORD}))?"
    r"(?=\s+[^\W\d_])",
    re.IGNORECASE,
)


def digits_for_words(text: str) -> str:
    """`có ít nhất một công trình` → `có ít nhất 1 công trình`; `từ hai đến ba` → `từ 2 đến 3`."""
    def spell(m: re.Match) -> str:
        if m["a"].lower() == "năm" and not m["b"] and m["lead"].strip().lower() == "từ":
            return m.group()  # `từ năm học …`, `từ năm nay`: the year, not five
        out = m["lead"] + str(_WORD_VALUES[m["a"].lower()])
        if m["b"]:
            out += f" {m['sep']} {_WORD_VALUES[m['b'].lower()]}"
        return out

    return _WORDED.sub(spell, text)
