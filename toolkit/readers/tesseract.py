"""One tesseract engine per thread: an image in, tesseract's TSV of its words out.

A scanned page takes two tesseract runs (the page, then its table cells stacked in a strip).
As a program each run starts a process, loads the Vietnamese model and reads the image from
a PNG file, about a fifth of the page's CPU time. Through `tesserocr` (tesseract's C++ API;
`scripts/setup.sh` builds it on the system's tesseract) each thread keeps one engine with
the model loaded and hands it the image's pixels; `Recognize` takes the time limit the
program's run had. The language data is the system tesseract's (`tesseract-ocr-vie`), so
both ways read the same page alike. Where `tesserocr` is not installed (it has no wheel for
every platform) the `tesseract` program is run instead, with the same settings.
"""
from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from ..errors import ThiduaError

__all__ = ["library", "orientation", "recognise", "run"]

# A line read with low confidence is read a second time inverted (white on black) by
# default; office documents print dark text on white, so the second reading only costs.
SETTINGS = {"tessedit_do_invert": "0"}

_local = threading.local()
_library: Any = None  # tesserocr once looked for; False where it is not installed


def library() -> Any:
    """tesserocr, imported at the first scanned page, or None where it is not installed.

    Imported here, not at the top: tesseract spreads a recognition over OpenMP threads,
    which only fight the pages already recognised in parallel, and OpenMP reads its limit
    once, when tesseract's library is loaded, so the limit is set just before (a text PDF
    never loads it, nor changes the environment).
    """
    global _library
    if _library is None:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        try:
            import tesserocr
        except ImportError:  # no wheel for this platform, nor built
            tesserocr = False
        _library = tesserocr
    return _library or None


def recognise(image: np.ndarray, *, program: str, tessdata: str | None, language: str, psm: int,
              dpi: int, scratch: Path, deadline: float, timeout: float) -> str:
    """Tesseract's TSV for a grey image (rows of level 5 are words); `ThiduaError` when it
    runs past `deadline` (`timeout` is named in the message) or fails."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _late(timeout)
    tesserocr = library()
    engine = _engine(tesserocr, tessdata, language, psm) if tesserocr and tessdata else None
    if engine is None:
        return _by_program(image, program, language, psm, dpi, scratch, deadline, timeout)
    pixels = np.ascontiguousarray(image, dtype=np.uint8).tobytes()  # kept alive until read
    engine.SetImageBytes(pixels, image.shape[1], image.shape[0], 1, image.shape[1])
    engine.SetSourceResolution(dpi)
    if not engine.Recognize(timeout=max(1, int(remaining * 1000))):
        raise _late(timeout) if time.monotonic() >= deadline else ThiduaError(
            "nhận dạng chữ thất bại (tesseract không đọc được ảnh)")
    return engine.GetTSVText(0)


def orientation(image: np.ndarray, *, program: str, tessdata: str | None, scratch: Path, deadline: float,
                timeout: float) -> tuple[int, float] | None:
    """Which way up the text of a grey image stands, by tesseract's orientation model (`osd`,
    installed with tesseract): (degrees counter-clockwise the image is to be turned, 0/90/180/
    270; the model's confidence), or None when the model cannot tell (too little text, no
    model). About 0.3 s a page."""
    tesserocr = library()
    engine = _engine(tesserocr, tessdata, "osd", _OSD_ONLY) if tesserocr and tessdata else None
    if engine is not None:
        engine.SetImage(Image.fromarray(image))
        found = engine.DetectOrientationScript()
        return (found["orient_deg"], found["orient_conf"]) if found else None
    Image.fromarray(image).save(scratch, compress_level=1)
    try:
        done = run([program, str(scratch), "stdout", "-l", "osd", "--psm", str(_OSD_ONLY)], deadline, timeout,
                   "nhận dạng hướng trang")
    except ThiduaError:
        return None  # no orientation model, or too little text: the page is read as it is
    finally:
        scratch.unlink(missing_ok=True)
    text = done.stdout.decode("utf-8", "replace")
    degrees = re.search(r"Orientation in degrees:\s*([0-9]+)", text)
    sure = re.search(r"Orientation confidence:\s*([0-9.]+)", text)
    return (int(degrees[1]), float(sure[1])) if degrees and sure else None


_OSD_ONLY = 0  # tesseract's page segmentation mode that only finds the orientation


def _engine(tesserocr: Any, tessdata: str, language: str, psm: int):
    """This thread's engine, or None when tesseract's library cannot start with that data
    (the program, which listed it, is run instead)."""
    key = (tessdata, language, psm)
    if getattr(_local, "key", None) != key:
        try:
            _local.engine = tesserocr.PyTessBaseAPI(path=tessdata, lang=language, psm=psm,
                                                    variables=dict(SETTINGS))
        except RuntimeError:  # "Failed to init API": another tesseract's data folder
            _local.engine = None
        _local.key = key
    return _local.engine


def _by_program(image: np.ndarray, program: str, language: str, psm: int, dpi: int, scratch: Path,
                deadline: float, timeout: float) -> str:
    Image.fromarray(image).save(scratch, compress_level=1)
    settings = [arg for name, value in SETTINGS.items() for arg in ("-c", f"{name}={value}")]
    try:
        done = run([program, str(scratch), "stdout", "-l", language, "--psm", str(psm),
                    "--dpi", str(dpi), *settings, "tsv"], deadline, timeout, "nhận dạng chữ")
    finally:
        scratch.unlink(missing_ok=True)
    return done.stdout.decode("utf-8", "replace")


def run(command: list[str], deadline: float, timeout: float, what: str) -> subprocess.CompletedProcess:
    """Run a tool until `deadline`; its failure or lateness as `ThiduaError` saying `what`."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _late(timeout, what)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # pages already run in parallel
    try:
        done = subprocess.run(command, capture_output=True, timeout=remaining, env=env)
    except subprocess.TimeoutExpired:  # subprocess.run has killed the program
        raise _late(timeout, what) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ThiduaError(f"{what} thất bại ({Path(command[0]).name}: "
                          f"{message[-1] if message else done.returncode})")
    return done


def _late(timeout: float, what: str = "nhận dạng chữ") -> ThiduaError:
    return ThiduaError(f"{what} quá thời gian cho phép ({timeout:g} giây)")
