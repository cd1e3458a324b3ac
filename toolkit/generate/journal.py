"""The resume journal: which documents of a batch are already written, and from what.

`generate` appends one JSON line per document it writes to `.thidua-resume.jsonl` in the
output folder: the file name, a hash of everything the document was rendered from (the
template file and the document's context), and the size and SHA-256 of the bytes written.
With `--resume` a document whose file is there, unchanged since we wrote it, from the same
inputs, is skipped; so a batch stopped halfway finishes without redoing the first half.

The line is appended just before the finished file is renamed into place, so a run killed
at any instant leaves no file of ours the journal does not know; a line whose file never
arrived matches nothing. A file matches the entry whose size and content it has (every
entry for a name is kept: an older run's file is still known as ours). Lines are appended
with one `write` each; a torn line (the run was killed mid-append) is ignored.
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

from ..files import file_hash

JOURNAL = ".thidua-resume.jsonl"


@dataclass(frozen=True)
class Entry:
    hash: str  # of the inputs the document was rendered from
    size: int
    content: str | None = None  # SHA-256 of the file's bytes (absent from older journals)


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


def read_journal(folder: Path) -> dict[str, list[Entry]]:
    """File name → every entry written for it, oldest first; unreadable lines are ignored."""
    entries: dict[str, list[Entry]] = {}
    try:
        data = (folder / JOURNAL).read_bytes()
    except FileNotFoundError:
        return entries
    for line in data.split(b"\n"):
        try:
            item = json.loads(line)
            entry = Entry(str(item["hash"]), int(item["size"]), item.get("sha256"))
            entries.setdefault(str(item["name"]), []).append(entry)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return entries


def written_entry(entries: list[Entry], path: Path) -> Entry | None:
    """The entry that wrote `path` as it is now (newest first), or None when the file is not
    one we wrote or was changed since."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    candidates = [e for e in reversed(entries) if e.size == size]
    if not candidates:
        return None
    content = None
    for entry in candidates:
        if entry.content is None:
            return entry  # a journal from before contents were recorded: the size is all we know
        content = content or file_hash(path)
        if entry.content == content:
            return entry
    return None


def append_entry(path: Path, digest: str, data: bytes) -> None:
    """Record that `data`, rendered from inputs `digest`, is about to become `path` (one append, one write)."""
    line = json.dumps({"name": path.name, "hash": digest, "size": len(data),
                       "sha256": hashlib.sha256(data).hexdigest()}, ensure_ascii=False)
    fd = os.open(path.parent / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, b"\n" + line.encode("utf-8") + b"\n")  # the leading newline isolates a torn line
    finally:
        os.close(fd)
