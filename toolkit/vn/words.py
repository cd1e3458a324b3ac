"""Numbers and amounts in Vietnamese words, as written under a figure in a document.

The reading rules: `mười` for 10 but `mươi` for the tens from 20; after a ten, `một` becomes
`mốt` (21, not 11), `bốn` becomes `tư` (24, not 14) and `năm` becomes `lăm` (15, 25);
`lẻ` stands for zero tens (105 = một trăm lẻ năm). Groups of three digits take nghìn, triệu,
tỷ; a group after the first is read in full with `không trăm` (1.005 = một nghìn không trăm
lẻ năm), and all-zero groups are skipped (2.000.500 = hai triệu năm trăm), the common
bank and Excel convention. Past a tỷ the scales repeat: nghìn tỷ, triệu tỷ.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .numbers import parse_number

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = (("triệu", 10**6), ("nghìn", 10**3), ("", 1))
_BILLION = 10**9


def _group(n: int, full: bool) -> list[str]:
    """Words for 1..999; `full` reads the hundreds even when zero (`không trăm lẻ năm`)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 4 and tens >= 2:
        words.append("tư")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _whole(n: int, leading: bool = True) -> list[str]:
    """Words for a positive integer; `leading` is False for the part after a larger scale."""
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = _whole(high, leading) + ["tỷ"]
        return words + _whole(low, leading=False) if low else words
    words = []
    for scale, size in _SCALES:
        group, n = divmod(n, size)
        if group:
            words += _group(group, full=not leading)
            if scale:
                words.append(scale)
            leading = False
    return words


def _integer_words(n: int) -> list[str]:
    if n == 0:
        return ["không"]
    return (["âm"] if n < 0 else []) + _whole(abs(n))


def _capital(text: str, capitalize: bool) -> str:
    return text[:1].upper() + text[1:] if capitalize else text


def number_to_words(n: object, capitalize: bool = True) -> str:
    """`105` → `Một trăm lẻ năm`; `2.5` → `Hai phẩy năm`; Vietnamese text such as `10.141` too.

    Decimals are read as one number after `phẩy`, with each leading zero read `không`
    (`2,05` → hai phẩy không năm).
    """
    x = parse_number(n)
    if x is None:
        return ""
    if isinstance(x, int):
        return _capital(" ".join(_integer_words(x)), capitalize)
    # 15 significant digits, as Excel keeps, so 0.1 + 0.2 reads `không phẩy ba`.
    whole, _, decimals = format(Decimal(f"{abs(x):.15g}"), "f").partition(".")
    words = (["âm"] if x < 0 else []) + _integer_words(int(whole))
    decimals = decimals.rstrip("0")
    if decimals:
        zeros = len(decimals) - len(decimals.lstrip("0"))
        words += ["phẩy"] + ["không"] * zeros + _integer_words(int(decimals))
    return _capital(" ".join(words), capitalize)


def money_to_words(n: object, round_suffix: bool = True) -> str:
    """`1250` → `Một nghìn hai trăm năm mươi đồng`; round thousands end in `đồng chẵn`.

    Đồng have no subunit, so a fraction is rounded half up.
    """
    x = parse_number(n)
    if x is None:
        return ""
    amount = int(Decimal(repr(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    suffix = "đồng chẵn" if round_suffix and amount and amount % 1000 == 0 else "đồng"
    return _capital(" ".join(_integer_words(amount) + [suffix]), True)
