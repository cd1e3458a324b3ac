"""Shared builders: tests make their own small workbooks and templates."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pytest
from docx import Document
from openpyxl import Workbook

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def make_workbook(path: Path, info: Mapping[str, Any] | None = None,
                  tables: Mapping[str, Sequence[Sequence[Any]]] | None = None) -> Path:
    """A workbook with a `thong_tin` sheet and table sheets given as header + rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "thong_tin"
    ws.append(["Trường", "Giá trị"])
    for key, value in (info or {}).items():
        ws.append([key, value])
    for name, rows in (tables or {}).items():
        sheet = wb.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    wb.save(path)
    return path


def make_template(path: Path, paragraphs: Iterable[str]) -> Path:
    """A .docx whose paragraphs are the given texts (template tags included)."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(path)
    return path


def texts(path: Path) -> list[str]:
    """Every paragraph's text, body then table cells, as a person reads them."""
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def all_text(path: Path) -> str:
    return "\n".join(texts(path))


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run the CLI in-process in a temporary folder; returns click's Result."""
    from click.testing import CliRunner

    from toolkit.cli import main

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


def outputs(folder: Path) -> list[Path]:
    """The files a batch wrote into `folder`, without its resume journal."""
    from toolkit.generate.journal import JOURNAL

    return sorted(p for p in Path(folder).iterdir() if p.name != JOURNAL)
