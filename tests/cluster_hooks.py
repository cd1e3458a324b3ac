"""Loaded into every Dask worker the cluster tests start (`preload`): the xlsx reader (and,
for `sap`, the PDF converter) misbehaves for files whose name says so. Monkeypatching cannot reach another process, so the
stand-in is installed in the worker itself; the workers, their deaths and restarts are real.

- `sap`: the process dies (as when the system kills it for memory) half a second into reading,
  on every worker that tries;
- `mot-lan`: the first worker to read it dies, the next one reads it (a machine lost);
- `treo`: reading never ends;
- `sap` / `treo` in a long scan read in page ranges: the ranges from page 2 on kill their
  worker / never end.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

MARKERS = "THIDUA_TEST_MARKERS"  # a folder shared by the test and its workers (`mot-lan`)


def dask_setup(worker) -> None:
    from toolkit.readers import xlsx as xlsx_reader

    real = xlsx_reader.read_xlsx

    def read_xlsx(path):
        if "sap" in path.name:
            time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGKILL)
        if "mot-lan" in path.name:
            try:
                (Path(os.environ[MARKERS]) / path.name).touch(exist_ok=False)
            except FileExistsError:
                pass  # read once already: this time it goes through
            else:
                time.sleep(0.5)
                os.kill(os.getpid(), signal.SIGKILL)
        if "treo" in path.name:
            threading.Event().wait()
        return real(path)

    xlsx_reader.read_xlsx = read_xlsx

    from toolkit.office.libreoffice import PdfConverter

    real_convert = PdfConverter.convert

    def convert(self, paths, *args, **kwargs):
        if any("sap" in Path(p).name for p in paths):
            time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGKILL)
        return real_convert(self, paths, *args, **kwargs)

    PdfConverter.convert = convert
    _ranges_hook()


def _ranges_hook() -> None:
    """`sap` in a long scan's name: the task of its pages from 2 on kills its worker; `treo`: it
    never ends."""
    from toolkit import cluster

    real = cluster.read_pages

    def read_pages(path, first=1, last=None, **kwargs):
        if "sap" in path.name and first >= 2:
            time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGKILL)
        if "treo" in path.name and first >= 2:
            threading.Event().wait()
        return real(path, first, last, **kwargs)

    cluster.read_pages = read_pages
