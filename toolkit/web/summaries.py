"""The year-end summary from the web store: the reviewed records against a chosen pledge.

The pledge (a parsed *bản giao ước*) is one file of the store: its records are the targets,
every other file's records the results. Records are read as reviewed — corrected values,
deleted ones left out — so the ranking and the report say what the clerk confirmed.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from ..errors import ThiduaError
from .. import review
from ..review import Filters, list_records
from ..summary import Summary, cluster_name, summarize, write_report, write_workbook
from ..summary.collect import is_cluster, unit_key, unit_name
from ..summary.report import chart_png
from ..summary.rules import THONG_TIN

WORKBOOK, REPORT, CHART = "tong-hop.xlsx", "bao-cao-tong-hop.docx", "bieu-do.png"


@dataclass
class Made:
    id: str
    folder: Path
    summary: Summary
    year: int | None
    khoi: str | None


def pledges(store: Path, names: dict[str, str]) -> list[dict]:
    """Files holding targets, a cluster's own pledge (its targets name the khối) first: the
    choices for the pledge to compare against. `names` maps content hashes to file names."""
    rows, _ = list_records(store, Filters(kind="target", limit=-1))
    found: dict[str, dict] = {}
    for row in rows:
        item = found.setdefault(row.file_hash, {"hash": row.file_hash, "name": names.get(row.file_hash, row.file_hash[:16]),
                                                "targets": 0, "cluster": False})
        item["targets"] += 1
        name = unit_name(row.record)
        item["cluster"] = item["cluster"] or bool(name and is_cluster(unit_key(name)))
    return sorted(found.values(), key=lambda f: (not f["cluster"], f["name"]))


def summarize_store(store: Path, root: Path, *, pledge: str | None, year: int | None,
                    khoi: str | None = None) -> Made:
    """Write the summary workbook, report and chart under `root/ID/` and return the summary."""
    rows, _ = list_records(store, Filters(limit=-1))
    if pledge and not any(r.file_hash.startswith(pledge) for r in rows):
        raise ThiduaError("không tìm thấy bản giao ước đã chọn trong các tệp đã đọc; hãy chọn lại.")

    def in_year(record) -> bool:
        return year is None or record.year in (None, year)

    pledged = [r.record for r in rows if pledge and r.file_hash.startswith(pledge) and in_year(r.record)]
    found = [r.record for r in rows if not (pledge and r.file_hash.startswith(pledge)) and in_year(r.record)]
    if not found:
        raise ThiduaError("chưa có bản ghi kết quả nào" + (f" của năm {year}" if year else "")
                          + "; hãy đọc hồ sơ các đơn vị gửi về trước.")
    result = summarize(found, targets=pledged)
    name = khoi or cluster_name([*pledged, *found])
    folder = root / secrets.token_hex(8)
    folder.mkdir(parents=True)
    write_workbook(result, folder / WORKBOOK)
    write_report(result, folder / REPORT, info={"khoi": name} if name else {})
    ranking = [r for r in result.ranking_of(result.year) if r.score is not None]
    if ranking:
        (folder / CHART).write_bytes(chart_png(ranking))
    return Made(folder.name, folder, result, result.year, name)


_flagged: dict[Path, tuple[tuple, set[str]]] = {}


def flagged_units(store: Path) -> set[str]:
    """The units (as records write them) that the summary's checks find an error or a warning
    for: their records need a person's look even when read with full confidence. Cached
    until the store changes."""
    stamp = review.stamp(store)
    cached = _flagged.get(store)
    if cached and cached[0] == stamp:
        return cached[1]
    rows, _ = list_records(store, Filters(limit=-1))
    records = [r.record for r in rows]
    found: set[str] = set()
    if records:
        keys = {unit_key(f.unit) for f in summarize(records).findings if f.unit and f.severity != THONG_TIN}
        found = {r.unit for r in records if r.unit and (name := unit_name(r)) and unit_key(name) in keys}
    _flagged[store] = (stamp, found)
    return found

