"""A server killed mid-batch loses nothing; many uploads at once lose and double nothing."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from openpyxl import load_workbook

from webserver import RETURNED, serve, server, upload  # noqa: F401 (fixtures)

SCAN = RETURNED / "07-cdcs-so-tu-phap-bang-cham-diem-scan.pdf"


def test_a_server_killed_mid_batch_restarts_with_every_file_and_correction_and_resumes(serve, tmp_path):
    data = tmp_path / "du-lieu"
    first = serve(data=data)
    first.wait_job(upload(first, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"))
    rid = first.api("GET", "/api/records", params={"limit": 1}).json()["records"][0]["id"]
    first.api("PATCH", f"/api/records/{rid}", json={"value": 1234})
    batch = [RETURNED / "02-cdcs-so-tai-chinh-bang-cham-diem.xlsx", SCAN,
             RETURNED / "03-cdcs-so-noi-vu-bao-cao-ket-qua.xlsx", RETURNED / "04-cdcs-so-noi-vu-bang-cham-diem.xlsx"]
    job = upload(first, *batch)
    while first.api("GET", f"/api/jobs/{job}").json()["done"] < 1:  # the first file is stored; the scan is being read
        time.sleep(0.1)
    first.kill()

    second = serve(data=data)
    done = second.wait_job(job)
    assert done["status"] == "done"
    assert [f["status"] for f in done["files"]] == ["ok", "ok", "ok", "ok"]
    records = second.api("GET", "/api/records", params={"limit": 5000}).json()["records"]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    by_file = {}
    for r in records:
        by_file[r["source"]["file"]] = by_file.get(r["source"]["file"], 0) + 1
    assert {f["name"]: f["records"] for f in done["files"]} == {p.name: by_file[p.name] for p in batch}
    assert second.api("GET", f"/api/records/{rid}").json()["value"] == 1234


def test_twenty_uploads_of_five_files_at_once_all_complete_with_nothing_lost_or_doubled(server, tmp_path):
    source = load_workbook(RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx")
    files = []
    for n in range(100):  # 100 different returned forms: a different figure in each
        sheet = source.worksheets[0]
        for row in sheet.iter_rows():
            cell = next((c for c in row if isinstance(c.value, (int, float)) and c.value > 20), None)
            if cell is not None:
                cell.value = 100 + n
                break
        path = tmp_path / f"don-vi-{n:03d}.xlsx"
        source.save(path)
        files.append(path)
    with ThreadPoolExecutor(20) as pool:
        jobs = list(pool.map(lambda i: upload(server, *files[i * 5:(i + 1) * 5]), range(20)))
    results = [server.wait_job(job, timeout=600) for job in jobs]
    assert all(r["status"] == "done" for r in results)
    statuses = [f["status"] for r in results for f in r["files"]]
    assert statuses == ["ok"] * 100
    per_file = {f["name"]: f["records"] for r in results for f in r["files"]}
    assert len(per_file) == 100 and len(set(per_file.values())) == 1
    listed = server.api("GET", "/api/records", params={"limit": 5000}).json()
    assert listed["total"] == sum(per_file.values())
    assert len({r["id"] for r in listed["records"]}) == listed["total"]
