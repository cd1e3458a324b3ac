"""A long scan read in page ranges by several workers of a real LocalCluster: the records of a
local run, in the same order, and the failure rules of whole files (see test_cluster.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from test_cluster import HEADER, by_name, registration_list, scheduler  # noqa: F401  (a fixture)
from test_readers_pdf import scan
from toolkit import cluster
from toolkit.office.libreoffice import convert_to_pdf
from toolkit.parse import parse_paths
from toolkit.readers.pdf import NotSplittable, read_pages, scanned_pages

distributed = pytest.importorskip("distributed")
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def long_list(folder: Path, stem: str, rows: int) -> Path:
    """A registration list whose table runs over several pages, printed by LibreOffice."""
    doc = Document()
    doc.add_paragraph("CÔNG ĐOÀN SỞ TƯ PHÁP")
    doc.add_paragraph("DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025")
    table = doc.add_table(rows=rows + 1, cols=len(HEADER))
    table.style = "Table Grid"
    for r, row in enumerate([HEADER] + [[str(i + 1), NAMES[i % 5], "Chuyên viên", "Lao động tiên tiến"]
                                        for i in range(rows)]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(folder / f"{stem}.docx")
    [done] = convert_to_pdf([folder / f"{stem}.docx"], folder / "in")
    assert done.error is None, done.error
    return done.pdf


@pytest.fixture(scope="module")
def long_scans(tmp_path_factory) -> dict[str, Path]:
    """A 3-page scan, a 2-page scan and the 3-page text PDF the first was scanned from."""
    folder = tmp_path_factory.mktemp("quet-dai")
    text = long_list(folder, "a-dai", 70)
    (folder / "quet").mkdir()
    scanned = scan(text, folder / "quet" / "a-dai.pdf")
    (folder / "sap").mkdir()
    poisoned = scan(long_list(folder, "x-sap", 40), folder / "sap" / "x-sap.pdf")
    assert scanned_pages(scanned) == 3 and scanned_pages(poisoned) == 2 and scanned_pages(text) == 0
    return {"scan": scanned, "poisoned": poisoned, "text": text}


def parts_read(scheduler: str) -> dict[str, set[int]]:
    """Which parts of each file the workers said they started, by file name (from the
    scheduler's event log)."""
    with distributed.Client(scheduler, set_as_default=False) as client:
        events = client.get_events(cluster.TOPIC)
    seen: dict[str, set[int]] = {}
    for _, msg in events:
        if msg.get("event") == "start":
            seen.setdefault(msg["run"], set()).add((msg["index"], msg["part"]))
    return seen


def test_a_long_scan_is_read_in_page_ranges_and_gives_the_records_of_a_local_run(scheduler, long_scans,
                                                                               monkeypatch):
    monkeypatch.setattr(cluster, "PAGES_PER_TASK", 1)  # a range a page, so 3 pages are 3 tasks
    files = [long_scans["scan"], long_scans["text"]]
    local = parse_paths(files)
    assert [f.records for f in local.files] == [70, 70]
    before = set(parts_read(scheduler))

    sent = cluster.parse_on_cluster(files, scheduler, timeout=120)
    shared = cluster.parse_on_cluster(files, scheduler, timeout=120, shared_fs=True)

    assert sent.records == local.records  # same records and order, pages of the whole file
    assert sent.files == local.files and shared.records == local.records and shared.files == local.files
    assert sorted({r.source.page for r in sent.records[:70]}) == [1, 2, 3]
    assert {r.source.file for r in sent.records} == {str(p) for p in files}
    runs = {run: parts for run, parts in parts_read(scheduler).items() if run not in before}
    assert len(runs) == 2
    for parts in runs.values():  # the scan as three ranges, the text PDF as one task
        assert parts == {(0, 0), (0, 1), (0, 2), (1, 0)}


def test_a_range_that_kills_workers_fails_its_file_and_only_its_file(scheduler, long_scans, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr(cluster, "PAGES_PER_TASK", 1)
    healthy = registration_list(tmp_path / "b.xlsx", "Trần Thị Bình")
    files = [long_scans["poisoned"], long_scans["scan"], healthy]

    result = cluster.parse_on_cluster(files, scheduler, timeout=120)

    status = by_name(result)
    assert status["x-sap.pdf"].status == "error"
    assert "máy đọc (worker) cũng dừng bất thường" in status["x-sap.pdf"].error
    assert status["a-dai.pdf"].status == "ok" and status["b.xlsx"].status == "ok", result.failures
    assert result.records == parse_paths(files[1:]).records


def test_a_range_after_a_text_page_is_not_read_alone(long_scans):
    """Its first page may go on from the page before (a table without ruling lines): such a
    file is read whole, which the client asks for when a range says so."""
    with pytest.raises(NotSplittable):
        read_pages(long_scans["text"], 2, 2)
    assert read_pages(long_scans["scan"], 2, 2).last == 2


def test_page_ranges_are_even_and_keep_every_thread_busy():
    lengths = lambda *args: [last - first + 1 for first, last in cluster.page_ranges(*args)]  # noqa: E731
    assert lengths(16, 8, 2) == [8, 8]
    assert lengths(24, 8, 1) == [8, 8, 8]
    assert lengths(24, 8, 2) == [6, 6, 6, 6]  # not 8 + 8 + 8, one thread idle a third of the time
    assert lengths(17, 8, 2) == [5, 4, 4, 4]
    assert lengths(100, 8, 13) == [8] * 9 + [7] * 4
    assert lengths(24, 8, 64) == [4] * 6  # no smaller than MIN_PAGES_PER_TASK for a big cluster
    spans = cluster.page_ranges(40, 8, 2)
    assert spans[0][0] == 1 and spans[-1][1] == 40 and all(b[0] == a[1] + 1 for a, b in zip(spans, spans[1:]))


def test_a_scan_behind_a_short_text_page_is_read_whole_as_locally(scheduler, long_scans, tmp_path, monkeypatch):
    """A cover of a few typed words (a text page to the reader, too few characters to make the
    file a text PDF) before three scanned pages: the range after the cover cannot be read
    alone, so the file is read in one task, with the records of a local run."""
    import pypdfium2 as pdfium

    monkeypatch.setattr(cluster, "PAGES_PER_TASK", 1)
    doc = Document()
    doc.add_paragraph("Hồ sơ thi đua")
    doc.save(tmp_path / "bia.docx")
    [cover] = convert_to_pdf([tmp_path / "bia.docx"], tmp_path / "bia")
    joined = pdfium.PdfDocument.new()
    for part in (cover.pdf, long_scans["scan"]):
        source = pdfium.PdfDocument(str(part))
        joined.import_pages(source)
        source.close()
    path = tmp_path / "co-bia.pdf"
    joined.save(str(path))
    joined.close()
    assert scanned_pages(path) == 4
    local = parse_paths([path])
    assert local.files[0].records == 70

    result = cluster.parse_on_cluster([path], scheduler, timeout=120)

    assert result.records == local.records and result.files == local.files


def test_a_range_without_progress_fails_its_file_after_the_timeout(scheduler, long_scans, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "PAGES_PER_TASK", 1)
    stuck = tmp_path / "y-treo.pdf"
    stuck.write_bytes(long_scans["poisoned"].read_bytes())
    healthy = registration_list(tmp_path / "b.xlsx", "Trần Thị Bình")

    result = cluster.parse_on_cluster([stuck, healthy], scheduler, timeout=10)

    status = by_name(result)
    assert status["y-treo.pdf"].status == "error" and "quá 10 giây không có tiến triển" in status["y-treo.pdf"].error
    assert status["b.xlsx"].status == "ok" and [r.subject for r in result.records] == ["Trần Thị Bình"]
