"""Uploaded files onto disk: safe names, size and count limits, ZIPs unpacked with care.

An upload is untrusted: its name may try to climb out of the folder (`../../x`), hold
control characters or be empty, and a ZIP may be a bomb. Every file is written under the
job's own folder with a name made here, and what the name cannot say is kept only as text
(docs/design.md, *Web*).
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from ..errors import ThiduaError
from ..readers import SUPPORTED
from ..safety import check_zip

CHUNK = 1 << 16
MAX_NAME = 120
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_name(name: str | None, fallback: str = "tep") -> str:
    """A file name that is only a name: the last part of what was sent, NFC, no control or
    path characters, no leading dots, at most `MAX_NAME` characters with its suffix kept."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[/\\]", text)[-1]
    text = _UNSAFE.sub("_", text).strip().lstrip(".").strip()
    if not text or set(text) <= {"_", "."}:
        text = fallback
    stem, dot, suffix = text.rpartition(".")
    if not dot or len(suffix) > 8:
        stem, suffix = text, ""
    suffix = f".{suffix.lower()}" if suffix else ""
    return stem[: MAX_NAME - len(suffix)].rstrip() + suffix


@dataclass
class Saved:
    """An uploaded file on disk: the name people know it by and where it is."""

    name: str
    path: Path


class Budget:
    """The bytes an upload may still write (the request's limit, shared by its files)."""

    def __init__(self, limit: int):
        self.left = limit
        self.limit = limit

    def take(self, count: int, what: str) -> None:
        self.left -= count
        if self.left < 0:
            raise TooLarge(f"{what}: vượt giới hạn {self.limit // (1 << 20)} MB mỗi lần tải lên. "
                           "Hãy chia thành nhiều lần tải hoặc chạy máy chủ với --max-upload-mb lớn hơn.")


class TooLarge(Exception):
    """An upload over its limit: not a `ThiduaError` (a 400 naming a file), but a 413 the
    application answers, wherever in the request it is found."""


def save(stream: BinaryIO, name: str, folder: Path, seq: int, budget: Budget) -> Saved:
    """Copy one uploaded stream to `folder/NNN-name`, counting its bytes against the budget."""
    shown = safe_name(name)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{seq:03d}-{shown}"
    with open(target, "xb") as out:
        while chunk := stream.read(CHUNK):
            budget.take(len(chunk), shown)
            out.write(chunk)
    return Saved(shown, target)


def unpack(archive: Saved, folder: Path, first_seq: int, budget: Budget,
           max_files: int) -> tuple[list[Saved], list[str]]:
    """The supported files inside an uploaded ZIP, and a note for each entry left out.

    Folders inside the ZIP become part of the shown name (`don-vi-a/bao-cao.pdf`), never of
    the path on disk; the uncompressed bytes count against the same budget as the upload."""
    saved: list[Saved] = []
    notes: list[str] = []
    try:
        with zipfile.ZipFile(archive.path) as zf:
            infos = zf.infolist()
            check_zip(infos, archive.name)
            for info in infos:
                if info.is_dir():
                    continue
                inner = PurePosixPath(info.filename.replace("\\", "/"))
                shown = "/".join(safe_name(part) for part in inner.parts if part not in ("", ".", "..", "/"))
                if inner.suffix.lower() not in SUPPORTED or inner.name.startswith(("~$", ".~")):
                    notes.append(f"{archive.name}: bỏ qua '{shown}' (không phải .xlsx, .docx, .pdf, .doc, .xls).")
                    continue
                if len(saved) >= max_files:
                    raise ThiduaError(f"tệp ZIP có quá {max_files} tệp; hãy chia nhỏ.", file=archive.name)
                seq = first_seq + len(saved)
                target = folder / f"{seq:03d}-{safe_name(inner.name)}"
                with zf.open(info) as src, open(target, "xb") as out:
                    while chunk := src.read(CHUNK):
                        budget.take(len(chunk), archive.name)
                        out.write(chunk)
                saved.append(Saved(shown, target))
    except zipfile.BadZipFile:
        raise ThiduaError("tệp ZIP bị hỏng, không mở được; hãy nén lại rồi tải lên.", file=archive.name) from None
    finally:
        archive.path.unlink(missing_ok=True)
    return saved, notes
