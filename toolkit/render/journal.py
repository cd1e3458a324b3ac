"""The resume journal: which documents of a batch are already written, and from what.

`generate` appends one JSON line per document it writes to `.thidua-resume.jsonl` in the
output folder: the file name, a hash of everything the document was rendered from (the
template file and the document's context) and the size of the file written. With `--resume`
a document whose file is there, unchanged since we wrote it, from the same inputs, is
skipped; so a batch stopped halfway finishes without redoing the first half. Lines are
appended with one `write` each; a torn last line (the run was killed mid-append) is ignored.
"""
from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

JOURNAL = ".thidua-resume.jsonl"


@dataclass(frozen=True)
class Entry:
    hash: str
    size: int


def _plain(value: Any) -> Any:
    """JSON for values a workbook yields: dates as ISO, anything else by its text."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return repr(value)


def context_digest(context: Mapping[str, Any]) -> str:
    text = json.dumps(context, sort_keys=True, ensure_ascii=False, default=_plain, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def input_hash(template_digest: str, base_digest: str, own: Mapping[str, Any]) -> str:
    """The hash of one document's inputs: template file, shared context, its own fields."""
    return hashlib.sha256(f"{template_digest}:{base_digest}:{context_digest(own)}".encode()).hexdigest()


def read_journal(folder: Path) -> dict[str, Entry]:
    """File name → the last entry written for it; unreadable lines are ignored."""
    entries: dict[str, Entry] = {}
    try:
        data = (folder / JOURNAL).read_bytes()
    except FileNotFoundError:
        return entries
    for line in data.split(b"\n"):
        try:
            item = json.loads(line)
            entries[str(item["name"])] = Entry(str(item["hash"]), int(item["size"]))
        except (ValueError, TypeError, KeyError):
            continue
    return entries


def append_entry(path: Path, digest: str) -> None:
    """Record that `path` was just written from inputs `digest` (one append, one write)."""
    line = json.dumps({"name": path.name, "hash": digest, "size": path.stat().st_size}, ensure_ascii=False)
    fd = os.open(path.parent / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, b"\n" + line.encode("utf-8") + b"\n")  # the leading newline isolates a torn line
    finally:
        os.close(fd)
