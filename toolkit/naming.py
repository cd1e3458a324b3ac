"""Output file names: from a pattern, safe for any file system, never colliding.

Names keep their Vietnamese diacritics (NFC) but lose path separators, `..`, control and
reserved characters, so whatever a spreadsheet says, the file stays inside the output
folder. Within a batch, a repeated name gets `-2`, `-3` …
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any, Mapping

from . import vn

MAX_STEM = 120  # bytes budget well under the 255-byte limit of common file systems
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_FIELD = re.compile(r"\{([^{}]+)\}")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def _visible(name: str) -> str:
    """Invisible and direction-changing characters (U+202E makes `gpj.exe` look like `exe.jpg`),
    lone surrogates (cannot be encoded) and private-use ones become spaces."""
    if name.isascii():
        return name
    return "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else c for c in name)


def sanitize(name: str) -> str:
    """A file-name stem that is safe on Linux, Windows and macOS."""
    name = vn.nfc(_visible(name))
    name = _UNSAFE.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    name = re.sub(r"\.{2,}", ".", name)
    if not name or name.split(".")[0].strip().lower() in _RESERVED:  # Windows: `con.2025` is `con` too
        name = f"_{name}" if name else "van-ban"
    if len(name.encode("utf-8")) > MAX_STEM:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        cut = name.encode("utf-8")[: MAX_STEM - 9].decode("utf-8", "ignore").rstrip(" .")
        name = f"{cut}-{digest}"
    return name


def fill_pattern(pattern: str, context: Mapping[str, Any]) -> str:
    """Replace `{field}` by the context's value; only plain names, no attribute access."""
    def value(m: re.Match) -> str:
        v = context.get(vn.slug(m.group(1)))
        if v is None:
            return ""
        return v.strftime("%d-%m-%Y") if hasattr(v, "strftime") else str(v)
    return _FIELD.sub(value, pattern)


class NameAllocator:
    """Hands out unique output paths in one folder for one batch."""

    def __init__(self, folder: Path, suffix: str):
        self.folder, self.suffix = folder, suffix
        self.taken: set[str] = set()
        # A repeated stem → the suffix number to try next. Every number below it is taken
        # already, so `--name 'Giấy khen'` over 100,000 rows stays linear, not quadratic.
        self._next: dict[str, int] = {}

    def allocate(self, stem: str) -> Path:
        stem = sanitize(stem)
        key = stem.casefold()
        n = self._next.get(key, 1)
        candidate = stem if n == 1 else f"{stem}-{n}"
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{stem}-{n}"
        self.taken.add(candidate.casefold())
        if n > 1:
            self._next[key] = n + 1
        return self.folder / f"{candidate}{self.suffix}"
