"""What a generated document says about itself, so that `parse` reads it back exactly.

A document made from a built-in template carries custom document properties (as our forms
do, see `office.identity`): `thidua_kind` = `van-ban:<template>`, the version, the unit
and the year, and `thidua_codes`, the metric code of each row of the tables whose rows are
metrics (`chi_tieu`, `ket_qua`), which the printed page does not show. Word and LibreOffice
keep custom properties when a document is edited and saved again.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from ..office.identity import KIND_PREFIX
from .catalog import TemplateSpec

VERSION = "1"
CODED_TABLES = ("chi_tieu", "ket_qua")


def document_unit(context: Mapping[str, Any]) -> str:
    """The organisation a document speaks for: the union, else the unit, else the issuer.

    The union comes first: it is the member of a cluster, whose figures are summarized; a
    two-party pledge names the agency as `don_vi`, and a registration list made per
    department (`--group-by ca_nhan.don_vi`) has the department there.
    """
    for key in ("cong_doan", "don_vi", "co_quan_ban_hanh"):
        value = context.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def document_properties(spec: TemplateSpec, context: Mapping[str, Any]) -> list[tuple[str, str | int]]:
    props: list[tuple[str, str | int]] = [("thidua_kind", KIND_PREFIX + spec.name), ("thidua_version", VERSION),
                                          ("thidua_unit", document_unit(context))]
    year = context.get("nam")
    if isinstance(year, int):
        props.append(("thidua_year", year))
    codes = {name: [row.get("ma_chi_tieu") or "" for row in context.get(name) or ()]
             for name in CODED_TABLES if spec.table(name) and context.get(name)}
    if codes:
        props.append(("thidua_codes", json.dumps(codes, ensure_ascii=False)))
    return props
