"""A short, seeded fuzz run: good files damaged at random (bytes flipped, files cut, chunks cut
out, zip parts deleted, emptied, cut, flipped or spliced with XML junk) and read again. The
only acceptable outcomes are records or a Vietnamese `ThiduaError`: `parse_file` turns any
other exception into a status saying "lỗi chương trình", which must never appear.

The same mutations go through `open_workbook`, the loader `generate` uses. About 400 files,
a few seconds; a failure prints the seed and the mutation, so it can be replayed.
"""
from __future__ import annotations

import io
import random
import time
import zipfile
from pathlib import Path

import pytest

from builders import SAMPLES, good_docx, good_xlsx, minimal_pdf
from toolkit.errors import ThiduaError

RETURNED_PDF = SAMPLES / "returned" / "06-cdcs-so-ke-hoach-va-dau-tu-bang-cham-diem.pdf"
JUNK = [b"<", b"&", b"\x00", b"</w:p>", b"<w:tbl>", b'<c r="ZZZ99999999" t="s"><v>999999</v></c>',
        b'<mergeCell ref="A1:XFD1048576"/>', b"]]>", b"\xff\xfe", b"<!--", b'<row r="0">', b"<v>1e999</v>"]
BUG = "lỗi chương trình"


def flip(rng: random.Random, data: bytes, count: int) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def mutate_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    how = rng.choice(["flip", "cut", "hole"])
    if how == "flip":
        return flip(rng, data, rng.randint(1, 20)), how
    if how == "cut":
        return data[: rng.randrange(len(data))], how
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 200):], how


def mutate_zip(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """A valid zip whose parts are damaged: what gets past the zip layer to the XML parsers."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    index = rng.randrange(len(parts))
    name, body = parts[index]
    how = rng.choice(["delete", "empty", "flip", "cut", "splice", "splice"])
    if how == "delete":
        del parts[index]
    elif how == "empty":
        parts[index] = (name, b"")
    elif how == "flip" and body:
        parts[index] = (name, flip(rng, body, rng.randint(1, 8)))
    elif how == "cut":
        parts[index] = (name, body[: rng.randrange(len(body) + 1)])
    else:
        at = rng.randrange(len(body) + 1)
        parts[index] = (name, body[:at] + rng.choice(JUNK) + body[at:])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, content in parts:
            zf.writestr(part, content)
    return out.getvalue(), f"{how} {name}"


def mutate(rng: random.Random, data: bytes, is_zip: bool) -> tuple[bytes, str]:
    if is_zip and rng.random() < 0.7:
        return mutate_zip(rng, data)
    return mutate_bytes(rng, data)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, tuple[bytes, str]]:
    """Good files to damage: content and the extension they go by."""
    from toolkit.forms import write_form

    work = tmp_path_factory.mktemp("seeds")
    form = write_form("bao-cao-ket-qua", SAMPLES / "giao-uoc.xlsx", work / "bao-cao.xlsx")
    return {"pledge": (good_docx(work / "docx").read_bytes(), ".docx"),
            "list": (good_xlsx(work / "ds.xlsx").read_bytes(), ".xlsx"),
            "form": (form.read_bytes(), ".xlsx"),
            "pdf": (minimal_pdf("Bao cao tong ket: ket nap 12 doan vien, dat 95%"), ".pdf"),
            "returned pdf": (RETURNED_PDF.read_bytes(), ".pdf")}


COUNTS = {"pledge": 80, "list": 60, "form": 60, "pdf": 80, "returned pdf": 15}


@pytest.mark.parametrize("seed", sorted(COUNTS))
def test_damaged_files_give_records_or_a_vietnamese_error(tmp_path, seeds, seed):
    from toolkit.parse import parse_file

    data, suffix = seeds[seed]
    problems = []
    for i in range(COUNTS[seed]):
        rng = random.Random(f"{seed}/{i}")
        damaged, how = mutate(rng, data, suffix != ".pdf")
        path = tmp_path / f"hong-{i}{suffix}"
        path.write_bytes(damaged)
        start = time.perf_counter()
        records, status = parse_file(path, ocr="never")
        seconds = time.perf_counter() - start
        if status.status == "ok":
            ok = all(r.source.file == str(path) for r in records)
        else:
            ok = not records and BUG not in status.error and not status.error.isascii()
        if not ok or seconds > 5:
            problems.append(f"{seed}/{i} ({how}, {seconds:.1f} s): {status.error}")
        path.unlink()
    assert not problems, "\n".join(problems)


def test_damaged_data_workbooks_load_or_say_what_is_wrong(tmp_path):
    from toolkit.generate.catalog import BUILTIN
    from toolkit.generate.workbook import open_workbook

    data = (SAMPLES / "giao-uoc.xlsx").read_bytes()
    problems = []
    for i in range(80):
        rng = random.Random(f"workbook/{i}")
        damaged, how = mutate(rng, data, True)
        path = tmp_path / f"hong-{i}.xlsx"
        path.write_bytes(damaged)
        try:
            workbook = open_workbook(path, BUILTIN["giao-uoc"])
            for sheet in workbook.sheets:
                list(workbook.rows(sheet))
        except ThiduaError as exc:
            if exc.message.isascii() or exc.location.file != path.name:
                problems.append(f"workbook/{i} ({how}): {exc}")
        except Exception as exc:  # noqa: BLE001 - any other exception is the bug this test looks for
            problems.append(f"workbook/{i} ({how}): {type(exc).__name__}: {exc}")
    assert not problems, "\n".join(problems)


def test_a_damaged_template_is_refused_or_makes_documents_that_open(tmp_path):
    """A template is copied into every document it makes: damage it does not refuse would be
    in all of them."""
    from docx import Document

    from toolkit.generate.catalog import BUILTIN
    from toolkit.generate.batch import generate, plan
    from toolkit.generate.engine import compile_template
    from toolkit.generate.templates import builtin_dir

    data = (builtin_dir() / "giao-uoc.docx").read_bytes()
    problems, compiled = [], 0
    for i in range(80):
        rng = random.Random(f"template/{i}")
        damaged, how = mutate(rng, data, True)
        path = tmp_path / f"mau-{i}.docx"
        path.write_bytes(damaged)
        try:
            template = compile_template(path)
            result = generate(plan(template, BUILTIN["giao-uoc"], SAMPLES / "giao-uoc.xlsx"), tmp_path / f"ra-{i}")
        except ThiduaError as exc:
            if exc.message.isascii():
                problems.append(f"template/{i} ({how}): {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - any other exception is the bug this test looks for
            problems.append(f"template/{i} ({how}): {type(exc).__name__}: {exc}")
            continue
        compiled += 1
        for written in result.written:
            try:
                Document(str(written))
            except Exception as exc:  # noqa: BLE001
                problems.append(f"template/{i} ({how}): {written.name} does not open: {type(exc).__name__}")
    assert not problems, "\n".join(problems)
