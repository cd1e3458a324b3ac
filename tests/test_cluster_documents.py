"""Documents on a real LocalCluster: `generate --scheduler` renders on the workers what a local
run writes; the PDF path converts a document that only waited on a dying worker; a killed
worker's LibreOffice profile does not stay in the temporary folder."""
from __future__ import annotations

import logging
import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from conftest import SAMPLES, make_template, make_workbook, outputs, texts
from test_cluster import HOOKS, registration_document, scheduler  # noqa: F401  (a fixture)
from toolkit import cluster, cluster_pdf
from toolkit.cluster import WORKER_FOLDER

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml")


def test_generate_on_the_cluster_writes_what_a_local_run_writes(cli, scheduler, tmp_path, monkeypatch):
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    local = cli("generate", "giao-uoc", SAMPLES / "giao-uoc.xlsx", "-o", "tai-cho")
    remote = cli("generate", "giao-uoc", SAMPLES / "giao-uoc.xlsx", "-o", "cum-may", "--scheduler", scheduler)
    shared = cli("generate", "giao-uoc", SAMPLES / "giao-uoc.xlsx", "-o", "chung", "--scheduler", scheduler,
                 "--shared-fs")

    assert local.exit_code == remote.exit_code == shared.exit_code == 0, remote.output + shared.output
    names = [p.name for p in outputs(tmp_path / "tai-cho")]
    assert names and names == [p.name for p in outputs(tmp_path / "cum-may")] == [
        p.name for p in outputs(tmp_path / "chung")]
    for name in names:
        xml = document_xml(tmp_path / "tai-cho" / name)
        assert document_xml(tmp_path / "cum-may" / name) == xml and document_xml(tmp_path / "chung" / name) == xml

    again = cli("generate", "giao-uoc", SAMPLES / "giao-uoc.xlsx", "-o", "cum-may", "--scheduler", scheduler,
                "--resume")  # the journal knows what the client wrote
    assert again.exit_code == 0 and f"bỏ qua: {len(names)} văn bản" in again.output


def test_a_bad_row_fails_alone_on_the_cluster_with_the_names_of_a_local_run(cli, scheduler, tmp_path, monkeypatch):
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    template = make_template(tmp_path / "t.docx", ["{{ ho_va_ten }}: {{ don_vi|so }}"])
    rows = [[f"Người {i % 30}", str(i) if i != 37 else "ba mươi"] for i in range(1, 61)]
    data = make_workbook(tmp_path / "ds.xlsx", {"nam": 2025}, {"ca_nhan": [["Họ và tên", "Đơn vị"], *rows]})
    common = ("generate", template, data, "--each", "ca_nhan", "--name", "{ho_va_ten}")

    local = cli(*common, "-o", "tai-cho", "--report-errors", "loi-tai-cho.csv")
    remote = cli(*common, "-o", "cum-may", "--scheduler", scheduler, "--report-errors", "loi-cum-may.csv")
    shared = cli(*common, "-o", "chung", "--scheduler", scheduler, "--shared-fs")

    assert local.exit_code == remote.exit_code == shared.exit_code == 1
    assert "1 tệp không tạo được" in remote.output and "ba mươi" in remote.output
    assert (tmp_path / "loi-cum-may.csv").read_bytes() == (tmp_path / "loi-tai-cho.csv").read_bytes()
    names = [p.name for p in outputs(tmp_path / "tai-cho")]
    assert len(names) == 59 and "Người 8-2.docx" in names and "Người 7-2.docx" not in names  # a name met again: -2, as locally
    for folder in ("cum-may", "chung"):
        assert [p.name for p in outputs(tmp_path / folder)] == names
        assert all(texts(tmp_path / folder / n) == texts(tmp_path / "tai-cho" / n) for n in names)
    assert not [p for p in (tmp_path / "cum-may").iterdir() if p.name.startswith(".~")]

    kept = cli(*common, "-o", "cum-may", "--scheduler", scheduler)  # nothing overwritten without --force
    assert kept.exit_code == 1 and "tệp đã có; không ghi đè" in kept.output


def test_a_document_that_only_waited_on_a_dying_pdf_worker_is_converted(cli, scheduler, tmp_path, monkeypatch):
    """One document a task, so the healthy ones queue on the workers the bad one kills."""
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    monkeypatch.setattr(cluster_pdf, "PER_TASK", 1)
    good = [registration_document(tmp_path / f"{n}-dang-ky.docx") for n in "abcdefg"]
    bad = registration_document(tmp_path / "x-sap.docx")

    result = cli("convert", "pdf", bad, *good, "-o", "pdf", "--scheduler", scheduler)

    assert result.exit_code == 1
    assert "1 tệp không tạo được" in result.output and "x-sap.docx: máy chuyển PDF (worker)" in result.output
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == [f"{n}-dang-ky.pdf" for n in "abcdefg"]


def test_a_killed_pdf_workers_folder_is_removed_by_the_next_task(tmp_path, monkeypatch):
    """On a cluster of its own, one worker: killed with its LibreOffice profile in place, then
    restarted; the next task removes the dead process's folder, and closing the cluster the
    live one's."""
    bad = registration_document(tmp_path / "x-sap.docx")
    good = registration_document(tmp_path / "a-dang-ky.docx")
    root = Path(tempfile.gettempdir())
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        own = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address="127.0.0.1:0", preload=[str(HOOKS)],
                                       silence_logs=logging.CRITICAL)
    with own, distributed.Client(own.scheduler_address, set_as_default=False) as client:
        [first] = client.run(os.getpid).values()
        killed = cluster_pdf.convert_on_cluster([bad], tmp_path / "pdf", scheduler=own.scheduler_address)
        assert killed.failures and "dừng bất thường" in killed.failures[0].message
        left = root / f"{WORKER_FOLDER}{first}"
        assert list(left.glob("thidua-pdf-*/profile/user")), "the killed worker left its profile"

        client.wait_for_workers(1, timeout=60)
        done = cluster_pdf.convert_on_cluster([good], tmp_path / "pdf", scheduler=own.scheduler_address)
        assert done.written == [tmp_path / "pdf" / "a-dang-ky.pdf"]
        assert not left.exists()
        [second] = client.run(os.getpid).values()
        assert second != first and (root / f"{WORKER_FOLDER}{second}").is_dir()
    deadline = time.monotonic() + 20
    while (root / f"{WORKER_FOLDER}{second}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not (root / f"{WORKER_FOLDER}{second}").exists()  # a worker that stops normally cleans up
    assert not cluster._running(first)
