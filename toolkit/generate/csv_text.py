"""CSV as people save it: UTF-8 (with or without BOM) or Windows-1258, comma, semicolon or
tab, sometimes with a title line above the header."""
from __future__ import annotations

import csv
from pathlib import Path

from ..errors import ThiduaError


def decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ThiduaError("tệp CSV không phải chữ UTF-8 hay Windows-1258; hãy mở bằng Excel và lưu lại dạng "
                      "CSV UTF-8 (hoặc .xlsx).", file=path.name)


def dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect, also when a title line above the header has no delimiter (the sniffer
    then gives up): sniff again from the second line, else take the commonest delimiter."""
    for start in (sample, sample.partition("\n")[2]):
        try:
            return csv.Sniffer().sniff(start, delimiters=",;\t")
        except csv.Error:
            continue
    counts = {d: sample.count(d) for d in ",;\t"}
    delimiter = max(counts, key=counts.get)
    return type("Dialect", (csv.excel,), {"delimiter": delimiter}) if counts[delimiter] else csv.excel
