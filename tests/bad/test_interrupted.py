"""A `thidua generate` killed mid-batch (power cut, closed terminal, `kill -9`): every .docx
left in the folder is whole, and `--resume` writes the rest without redoing what is there."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from conftest import make_template, make_workbook, outputs, texts

REPO = Path(__file__).resolve().parents[2]
ROWS = 300


def thidua(*args: str, cwd: Path) -> subprocess.Popen:
    """The command as a user runs it, in its own process group (so its workers die with it)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def kill_when(process: subprocess.Popen, ready, limit: float = 60) -> None:
    """SIGKILL the whole run as soon as `ready()` holds."""
    deadline = time.monotonic() + limit
    while not ready():
        assert process.poll() is None, process.stdout.read().decode()
        assert time.monotonic() < deadline, "the batch never got going"
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    # The workers die too, but a signal is delivered when a process next runs: one of them may
    # still finish the rename it was in. What the kill left is what is there once all are gone.
    while True:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline + 30, "the run's workers did not die"
        time.sleep(0.01)


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_a_killed_batch_leaves_only_whole_documents_and_resume_finishes_it(tmp_path, jobs):
    make_template(tmp_path / "thu.docx", ["Kính gửi {{ ho_va_ten }} ({{ don_vi }})"])
    make_workbook(tmp_path / "ds.xlsx", {"nam": 2025},
                  {"ca_nhan": [["Họ và tên", "Đơn vị"], *[[f"Người {i:03}", f"Phòng {i % 7}"] for i in range(ROWS)]]})
    out = tmp_path / "out"
    args = ("generate", "thu.docx", "ds.xlsx", "-o", "out", "--each", "ca_nhan", "--jobs", jobs)

    run = thidua(*args, cwd=tmp_path)
    kill_when(run, lambda: out.is_dir() and sum(1 for p in out.iterdir() if p.suffix == ".docx") >= 20)

    first = [p for p in outputs(out) if p.suffix == ".docx"]
    assert 20 <= len(first) < ROWS
    for path in out.iterdir():  # anything left half-written is hidden and is not a .docx
        assert path.suffix == ".docx" or path.name == ".thidua-resume.jsonl" or \
            (path.name.startswith(".~") and path.name.endswith(".part")), path.name
    for path in first:
        Document(str(path))  # opens: never half a document under a real name
    stamps = {p.name: p.stat().st_mtime_ns for p in first}

    (out / ".~thu - Người 999.docx.part").write_bytes(b"PK\x03\x04half")  # as a kill mid-write leaves
    resumed = thidua(*args, "--resume", cwd=tmp_path)
    said = resumed.communicate(timeout=300)[0].decode()
    assert resumed.returncode == 0, said
    assert f"bỏ qua: {len(first)} văn bản" in said and f"Đã tạo {ROWS - len(first)} tệp" in said

    documents = [p for p in outputs(out) if p.suffix == ".docx"]
    assert len(documents) == ROWS
    assert not list(out.glob(".~*.part"))  # the killed run's pieces are cleared
    assert {p.name: p.stat().st_mtime_ns for p in documents if p.name in stamps} == stamps  # not redone
    for i in (0, ROWS // 2, ROWS - 1):
        assert texts(out / f"thu - Người {i:03}.docx") == [f"Kính gửi Người {i:03} (Phòng {i % 7})"]
    for path in documents:
        Document(str(path))
