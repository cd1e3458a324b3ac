"""The rules every conversion's output follows: never the input, never over a file unasked."""
from __future__ import annotations

from pathlib import Path

from ..errors import ThiduaError


def check_output(source: Path, out: Path, force: bool) -> None:
    """Refuse writing over the input, onto a folder, or over an existing file without `force`."""
    if out.resolve() == source.resolve() or (out.exists() and out.samefile(source)):
        raise ThiduaError("tệp kết quả trùng với tệp đầu vào; hãy ghi ra một tệp khác.", file=source.name)
    if out.is_dir():
        raise ThiduaError("đây là một thư mục; hãy cho tên tệp kết quả.", file=str(out))
    if out.exists() and not force:
        raise ThiduaError("tệp đã có; không ghi đè. Dùng --force để ghi đè.", file=str(out))
