"""Pledged targets against results: `Đạt`, `Không đạt`, or no verdict.

A target is the text of a pledge (`trên 95%`, `ít nhất 05`, `02`, `85-90%`), parsed by the
Vietnamese layer. `trên` is strict: 95% does not meet `trên 95%`. A plain number is a
quantity to reach (registering `02` sáng kiến and making 3 meets it), so `=` is read as `≥`.
Percent targets need percent results and counts need counts; anything else has no verdict.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import vn

DAT, KHONG_DAT, KHONG_SO_SANH = "Đạt", "Không đạt", "—"


def evaluate(target: Any, result: Any) -> bool | None:
    """True/False when the result can be compared with the target, else None."""
    parsed = vn.parse_target(target)
    if parsed is None or result is None or (isinstance(result, str) and not result.strip()):
        return None
    if isinstance(result, str):
        got = vn.parse_target(result)
        if got is None or got.op != "=" and got.op != "between":
            return None
        if (got.measure == "percent") != (parsed.measure == "percent"):
            return None
        value = got.value
    else:
        value = result
    if parsed.op == "=":
        parsed = replace(parsed, op=">=")
    return vn.meets(parsed, value)


def verdict(target: Any, result: Any) -> str:
    """`Đạt`, `Không đạt` or `—`, as the results table of a report prints it."""
    met = evaluate(target, result)
    return KHONG_SO_SANH if met is None else DAT if met else KHONG_DAT
