"""Parsing on a Dask cluster: the same records as a local run, and a batch that survives
workers dying or hanging.

The clusters are real: `distributed.LocalCluster` with worker processes on 127.0.0.1 (two
workers, one thread each) and, in one test, `dask scheduler` and `dask worker` started as
programs. Files that crash or hang a reader do so through `cluster_hooks.py`, loaded into each
worker; everything else (readers, OCR, LibreOffice's PDF) is real.
"""
from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from cluster_hooks import MARKERS
from conftest import REPO, SAMPLES
from test_award_lists import soffice_pdf
from test_pdf import pdf_text
from toolkit import cluster
from toolkit.errors import ThiduaError
from toolkit.parse import parse_paths
from toolkit.store import read_records

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
HOOKS = Path(__file__).with_name("cluster_hooks.py")
HEADER = ["STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký"]


def registration_list(path: Path, *people: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(HEADER)
    for number, name in enumerate(people, start=1):
        ws.append([number, name, "Chuyên viên", "Lao động tiên tiến"])
    wb.save(path)
    return path


def registration_document(path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("CÔNG ĐOÀN SỞ TƯ PHÁP")
    doc.add_paragraph("DANH SÁCH ĐĂNG KÝ THI ĐUA NĂM 2025")
    rows = [HEADER, ["1", "Trần Thị Bình", "Kế toán", "Lao động tiên tiến"],
            ["2", "Lê Văn Cường", "Trưởng phòng", "Chiến sĩ thi đua cơ sở"]]
    table = doc.add_table(rows=len(rows), cols=len(HEADER))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> list[Path]:
    """An .xlsx, a .docx and the text PDF LibreOffice makes of that .docx."""
    folder = tmp_path_factory.mktemp("gui-ve")
    xlsx = registration_list(folder / "a-dang-ky.xlsx", "Nguyễn Văn An", "Phạm Thị Dung")
    docx = registration_document(folder / "b-dang-ky.docx")
    pdf = soffice_pdf(docx, tmp_path_factory.mktemp("pdf")).rename(folder / "c-dang-ky.pdf")
    return [xlsx, docx, pdf]


@pytest.fixture(scope="module")
def scheduler():
    """A local cluster of two worker processes, one thread each, on loopback; a file is given
    up after 2 tries (1 allowed failure) instead of Dask's default 4."""
    os.environ.setdefault(MARKERS, tempfile.mkdtemp(prefix="thidua-markers-"))  # the workers inherit it
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                         dashboard_address="127.0.0.1:0", preload=[str(HOOKS)],
                                         silence_logs=logging.CRITICAL)
    with local:
        yield local.scheduler_address


def by_name(result) -> dict:
    return {Path(f.path).name: f for f in result.files}


def test_a_mixed_batch_read_on_the_cluster_gives_the_records_of_a_local_run(scheduler, mixed):
    local = parse_paths(mixed)
    assert [f.records for f in local.files] == [2, 2, 2]

    sent = cluster.parse_on_cluster(mixed, scheduler, timeout=60)
    shared = cluster.parse_on_cluster(mixed, scheduler, timeout=60, shared_fs=True)

    assert sent.records == local.records  # same records, same order, source.file as given
    assert sent.files == local.files
    assert shared.records == local.records and shared.files == local.files
    assert {r.source.file for r in sent.records} == {str(p) for p in mixed}


def test_a_file_that_kills_every_worker_is_reported_after_two_tries_and_the_others_are_read(scheduler, tmp_path):
    files = [registration_list(tmp_path / f"{n}.xlsx", name) for n, name in
             [("a", "Nguyễn Văn An"), ("b", "Trần Thị Bình"), ("c", "Lê Văn Cường")]]
    files.insert(1, registration_list(tmp_path / "x-sap.xlsx", "Không Đọc Được"))
    start = time.monotonic()

    result = cluster.parse_on_cluster(files, scheduler, timeout=60)

    assert time.monotonic() - start < 120
    assert [Path(f.path).name for f in result.files] == ["a.xlsx", "x-sap.xlsx", "b.xlsx", "c.xlsx"]
    status = by_name(result)
    assert status["x-sap.xlsx"].status == "error"
    assert "đã thử đọc 2 lần" in status["x-sap.xlsx"].error
    assert "máy đọc (worker) cũng dừng bất thường" in status["x-sap.xlsx"].error
    healthy = [f for f in result.files if f.path != str(files[1])]
    assert all(f.status == "ok" for f in healthy), [f.error for f in healthy]
    assert [r.subject for r in result.records] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]


def test_a_worker_killed_while_reading_is_replaced_and_the_file_is_read_once(scheduler, tmp_path):
    files = [registration_list(tmp_path / "a-mot-lan.xlsx", "Nguyễn Văn An", "Trần Thị Bình"),
             registration_list(tmp_path / "b.xlsx", "Lê Văn Cường")]

    result = cluster.parse_on_cluster(files, scheduler, timeout=60)

    assert [f.status for f in result.files] == ["ok", "ok"], [f.error for f in result.files]
    assert [r.subject for r in result.records] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert (Path(os.environ[MARKERS]) / "a-mot-lan.xlsx").exists()  # it did kill one


def test_a_file_without_progress_is_given_up_and_its_worker_restarted(scheduler, tmp_path):
    files = [registration_list(tmp_path / "a-treo.xlsx", "Nguyễn Văn An"),
             registration_list(tmp_path / "b.xlsx", "Trần Thị Bình")]
    start = time.monotonic()

    result = cluster.parse_on_cluster(files, scheduler, timeout=3)

    assert time.monotonic() - start < 60
    status = by_name(result)
    assert status["a-treo.xlsx"].status == "error"
    assert "quá 3 giây không có tiến triển" in status["a-treo.xlsx"].error
    assert status["b.xlsx"].status == "ok"
    again = cluster.parse_on_cluster(files[1:] + [registration_list(tmp_path / "c.xlsx", "Lê Văn Cường")],
                                     scheduler, timeout=60)  # both workers still read
    assert [r.subject for r in again.records] == ["Trần Thị Bình", "Lê Văn Cường"]


def test_the_command_reads_on_the_cluster_and_resumes_by_content(cli, scheduler, mixed, tmp_path, monkeypatch):
    monkeypatch.setenv("THIDUA_SCHEDULER", "tcp://127.0.0.1:9")  # the option wins over the environment
    first = cli("parse", *mixed[:2], "-o", tmp_path / "ket-qua.sqlite", "--scheduler", scheduler)
    assert first.exit_code == 0, first.output
    assert "Đã đọc 2/2 tệp: 4 bản ghi" in first.output

    monkeypatch.setenv("THIDUA_SCHEDULER", scheduler)
    second = cli("parse", *mixed, "-o", tmp_path / "ket-qua.sqlite", "--resume")
    assert second.exit_code == 0, second.output
    assert "Đã đọc 1/1 tệp: 2 bản ghi" in second.output and "bỏ qua: 2 tệp" in second.output
    assert sorted(r.source.file for r in read_records(tmp_path / "ket-qua.sqlite")) == sorted(
        str(p) for p in mixed for _ in range(2))


def test_an_unreachable_scheduler_is_named_in_the_error(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    registration_list(tmp_path / "a.xlsx", "Nguyễn Văn An")
    address = f"tcp://127.0.0.1:{free_port()}"

    result = cli("parse", "a.xlsx", "-o", "ket-qua.jsonl", "--scheduler", address)

    assert result.exit_code == 1
    assert f"không kết nối được tới bộ lập lịch Dask tại {address}" in result.output
    assert not (tmp_path / "ket-qua.jsonl").exists()


def test_without_distributed_the_message_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ThiduaError, match=r"pip install thidua\[cluster\]"):
        cluster.parse_on_cluster([registration_list(tmp_path / "a.xlsx", "An")], "tcp://127.0.0.1:8786")


def test_shared_fs_needs_a_scheduler(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    registration_list(tmp_path / "a.xlsx", "Nguyễn Văn An")
    result = cli("parse", "a.xlsx", "-o", "ket-qua.jsonl", "--shared-fs")
    assert result.exit_code == 2
    assert "--shared-fs chỉ dùng cùng --scheduler" in result.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dask_scheduler_and_worker_programs_read_a_batch(cli, mixed, tmp_path, monkeypatch):
    """`dask scheduler` and `dask worker` as an office would start them, on loopback. Then the
    scheduler is stopped while a file hangs: the files read so far are in the store, the rest
    are listed as failed, to be read with --resume."""
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # the workers import this toolkit
    program = [sys.executable, "-m", "dask"]
    stop = None
    started = [subprocess.Popen([*program, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                 "--dashboard-address", "127.0.0.1:0"], env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        started.append(subprocess.Popen([*program, "worker", address, "--host", "127.0.0.1", "--nworkers", "2",
                                         "--nthreads", "1", "--dashboard-address", "127.0.0.1:0",
                                         "--preload", str(HOOKS)], env=env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=90)

        result = cli("parse", *mixed, "-o", tmp_path / "ket-qua.jsonl", "--scheduler", address)

        assert result.exit_code == 0, result.output
        assert "Đã đọc 3/3 tệp: 6 bản ghi" in result.output
        assert read_records(tmp_path / "ket-qua.jsonl") == parse_paths(mixed).records

        stuck = registration_list(tmp_path / "z-treo.xlsx", "Nguyễn Văn An")
        stop = threading.Timer(8, os.killpg, (started[0].pid, signal.SIGKILL))
        stop.start()
        result = cli("parse", *mixed, stuck, "-o", tmp_path / "ket-qua.sqlite", "--scheduler", address)

        assert result.exit_code == 1
        assert "Đã đọc 3/4 tệp: 6 bản ghi" in result.output
        assert f"z-treo.xlsx: mất kết nối tới bộ lập lịch Dask ({address})" in result.output
        assert "--resume" in result.output
        assert len(read_records(tmp_path / "ket-qua.sqlite")) == 6
    finally:
        if stop is not None:
            stop.cancel()
        for process in reversed(started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_convert_pdf_on_the_cluster_writes_what_a_local_run_writes(cli, scheduler, tmp_path, monkeypatch):
    """Same names (a stem met twice gets -2), same PDFs, the same failure in the same words."""
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    registration_document(source / "a-dang-ky.docx")
    registration_list(source / "b-dang-ky.xlsx", "Nguyễn Văn An")
    (source / "hong.docx").write_bytes(b"not a zip at all")
    registration_document(source / "sub" / "a-dang-ky.docx")

    local = cli("convert", "pdf", source, "-o", "tai-cho", "--report-errors", "loi-tai-cho.csv")
    remote = cli("convert", "pdf", source, "-o", "cum-may", "--scheduler", scheduler,
                 "--report-errors", "loi-cum-may.csv")

    assert local.exit_code == remote.exit_code == 1
    names = sorted(p.name for p in (tmp_path / "cum-may").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "tai-cho").iterdir()) == [
        "a-dang-ky-2.pdf", "a-dang-ky.pdf", "b-dang-ky.pdf"]
    for name in names:
        assert pdf_text(tmp_path / "cum-may" / name) == pdf_text(tmp_path / "tai-cho" / name)
    assert "Trần Thị Bình" in pdf_text(tmp_path / "cum-may" / "a-dang-ky.pdf")
    errors = (tmp_path / "loi-cum-may.csv").read_text(encoding="utf-8-sig")
    assert errors == (tmp_path / "loi-tai-cho.csv").read_text(encoding="utf-8-sig") and "hong.docx" in errors

    again = cli("convert", "pdf", source / "a-dang-ky.docx", "-o", "cum-may", "--scheduler", scheduler)
    assert again.exit_code == 1 and "a-dang-ky.pdf đã có; không ghi đè" in again.output

    before = worker_profiles(scheduler)
    assert cli("convert", "pdf", source / "b-dang-ky.xlsx", "-o", "lan-hai", "--scheduler", scheduler).exit_code == 0
    after = worker_profiles(scheduler)
    assert any(before.values()) and all(after[w] == before[w] for w in before if before[w])  # kept, not remade


def worker_profiles(scheduler: str) -> dict:
    """Each worker's LibreOffice profile folder (None before its first conversion)."""
    def profile():
        from toolkit import cluster_pdf
        return str(cluster_pdf._converter.profile) if cluster_pdf._converter else None

    with distributed.Client(scheduler, set_as_default=False) as client:
        return client.run(profile)


def test_a_document_that_kills_pdf_workers_is_reported_alone(cli, scheduler, tmp_path, monkeypatch):
    """It came in one task with a good document: the group is split, the good one converted."""
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    good = registration_document(tmp_path / "a-dang-ky.docx")
    bad = registration_document(tmp_path / "x-sap.docx")

    result = cli("convert", "pdf", good, bad, "-o", "pdf", "--scheduler", scheduler)

    assert result.exit_code == 1
    assert "x-sap.docx: máy chuyển PDF (worker) dừng bất thường cả 2 lần thử" in result.output
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["a-dang-ky.pdf"]


def test_generate_pdf_converts_on_the_cluster_beside_each_document(cli, scheduler, tmp_path, monkeypatch):
    monkeypatch.setenv("THIDUA_SCHEDULER", scheduler)  # as an office sets it once for every command

    result = cli("generate", "giao-uoc", SAMPLES / "giao-uoc.xlsx", "-o", "van-ban", "--pdf")

    assert result.exit_code == 0, result.output
    docx = sorted((tmp_path / "van-ban").glob("*.docx"))
    assert docx and sorted((tmp_path / "van-ban").glob("*.pdf")) == [d.with_suffix(".pdf") for d in docx]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text(docx[0].with_suffix(".pdf"))


def test_ctrl_c_keeps_the_files_read_and_resume_reads_the_rest(cli, scheduler, mixed, tmp_path, monkeypatch):
    """On a cluster of its own, whose worker stuck in z-treo ends with it."""
    monkeypatch.delenv("THIDUA_SCHEDULER", raising=False)
    stuck = registration_list(tmp_path / "z-treo.xlsx", "Nguyễn Văn An")
    store = tmp_path / "ket-qua.sqlite"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0", preload=[str(HOOKS)],
                                  silence_logs=logging.CRITICAL) as own:
        interrupt = threading.Timer(6, os.kill, (os.getpid(), signal.SIGINT))  # Ctrl+C while z-treo hangs
        interrupt.start()
        try:
            stopped = cli("parse", *mixed, stuck, "-o", store, "--scheduler", own.scheduler_address)
        finally:
            interrupt.cancel()

    assert stopped.exit_code == 1
    assert len(read_records(store)) == 6  # the three files read before Ctrl+C

    resent = registration_list(tmp_path / "z-gui-lai.xlsx", "Nguyễn Văn An")  # the unit sent it again
    resumed = cli("parse", *mixed, resent, "-o", store, "--scheduler", scheduler, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "Đã đọc 1/1 tệp: 1 bản ghi" in resumed.output and "bỏ qua: 3 tệp" in resumed.output
    assert len(read_records(store)) == 7
