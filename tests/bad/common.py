"""What every bad-input test checks besides its own message: where files appeared."""
from __future__ import annotations

import json
from pathlib import Path


def tree(folder: Path) -> set[Path]:
    """Every file under `folder`, as paths relative to it."""
    return {p.relative_to(folder) for p in Path(folder).rglob("*") if p.is_file()}


def assert_only_new(folder: Path, before: set[Path], *allowed: str) -> None:
    """Since `before`, files appeared only under the `allowed` names (files or folders)."""
    new = tree(folder) - before
    stray = [p for p in new if not any(p == Path(a) or Path(a) in p.parents for a in allowed)]
    assert not stray, f"files written outside the output: {stray}"


def failure_line(output: str, name: str) -> str:
    """The line of the CLI's failure list that names `name`."""
    found = [line for line in output.splitlines() if line.startswith("  - ") and name in line]
    assert len(found) == 1, output
    return found[0]


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
