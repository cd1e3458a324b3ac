"""The JSON API as a script uses it: generate, parse, review, summarize."""
from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

from docx import Document
from openpyxl import load_workbook

from webserver import REPO, RETURNED, upload, serve, server  # noqa: F401 (fixtures)

SAMPLES = REPO / "samples"


def test_generate_one_document_comes_back_as_docx(server):
    with open(SAMPLES / "giao-uoc.xlsx", "rb") as fh:
        response = server.api("POST", "/api/generate", data={"template": "giao-uoc"},
                              files={"workbook": ("giao-uoc.xlsx", fh)})
    assert response.status_code == 200, response.text
    assert "wordprocessingml" in response.headers["content-type"]
    assert "attachment" in response.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "GIAO ƯỚC THI ĐUA" in text.upper()


def test_generate_per_group_comes_back_as_a_zip_of_documents(server):
    with open(SAMPLES / "dang-ky-thi-dua.xlsx", "rb") as fh:
        response = server.api("POST", "/api/generate", files={"workbook": ("ds.xlsx", fh)},
                              data={"template": "dang-ky-thi-dua", "group_by": "ca_nhan.don_vi"})
    assert response.status_code == 200, response.text
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) > 1 and all(n.endswith(".docx") for n in names)
    assert any("Phòng" in n for n in names)


def test_generate_with_missing_data_says_what_to_fix_naming_the_users_file(server):
    with open(SAMPLES / "dang-ky-thi-dua.xlsx", "rb") as fh:
        response = server.api("POST", "/api/generate", files={"workbook": ("cua-toi.xlsx", fh)},
                              data={"template": "giao-uoc-khoi"})
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert any("cua-toi.xlsx" in p and "thanh_vien" in p for p in problems)
    assert not any(str(server.data) in p for p in problems)  # the server's folders stay private


def test_check_lists_problems_before_generating(server):
    with open(SAMPLES / "giao-uoc-khoi.xlsx", "rb") as fh:
        bad = server.api("POST", "/api/check", data={"template": "giao-uoc"},
                         files={"workbook": ("khoi.xlsx", fh)}).json()
    with open(SAMPLES / "giao-uoc.xlsx", "rb") as fh:
        good = server.api("POST", "/api/check", data={"template": "giao-uoc"},
                          files={"workbook": ("giao-uoc.xlsx", fh)}).json()
    assert any("don_vi" in p for p in bad["problems"])
    assert good == {"problems": []}


def test_a_template_name_is_never_a_path_on_the_server(server):
    with open(SAMPLES / "giao-uoc.xlsx", "rb") as fh:
        response = server.api("POST", "/api/generate", files={"workbook": ("g.xlsx", fh)},
                              data={"template": str(REPO / "templates" / "docx" / "giao-uoc.docx")})
    assert response.status_code == 400
    assert "không có mẫu" in response.json()["problems"][0]


def test_generate_in_the_background_reports_progress_then_the_download(server):
    with open(SAMPLES / "dang-ky-thi-dua.xlsx", "rb") as fh:
        response = server.api("POST", "/api/generate", files={"workbook": ("ds.xlsx", fh)},
                              data={"template": "dang-ky-thi-dua", "group_by": "ca_nhan.don_vi", "job": "1"})
    assert response.status_code == 202
    job = server.wait_job(response.json()["job"])
    assert job["status"] == "done" and job["done"] == job["total"] > 1
    download = server.api("GET", job["download_url"])
    assert zipfile.ZipFile(io.BytesIO(download.content)).namelist()


def test_parse_review_and_summarize_use_the_clerks_correction(server):
    job = server.wait_job(upload(server, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx",
                                 RETURNED / "02-cdcs-so-tai-chinh-bang-cham-diem.xlsx"))
    assert job["status"] == "done"
    assert [f["status"] for f in job["files"]] == ["ok", "ok"]
    assert all(f["records"] > 0 for f in job["files"])

    records = server.api("GET", "/api/records", params={"kind": "achievement"}).json()
    assert records["total"] == len(records["records"]) > 0
    ltt = next(r for r in records["records"] if r["metric"] == "lao_dong_tien_tien" and r["measure"] == "count")
    assert ltt["source"]["file"] == "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"  # the name people know

    corrected = server.api("PATCH", f"/api/records/{ltt['id']}", json={"value": 77},
                           headers={"X-Thidua-User": quote("Nguyễn Thị Hoa")}).json()
    assert corrected["value"] == 77 and corrected["review"] == "corrected"
    history = server.api("GET", f"/api/records/{ltt['id']}").json()["history"]
    assert history[0] | {"at": None} == {"field": "value", "old": str(ltt["value"]), "new": "77",
                                         "who": "Nguyễn Thị Hoa", "at": None}

    summary = server.api("POST", "/api/summarize", data={"year": "2025"})
    assert summary.status_code == 200, summary.text
    sheet = load_workbook(io.BytesIO(summary.content))["Tổng hợp"]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 77 in values

    report = server.api("POST", "/api/summarize", data={"report": "1"})
    assert report.status_code == 200
    assert Document(io.BytesIO(report.content)).paragraphs


def test_bad_corrections_say_what_to_write(server):
    server.wait_job(upload(server, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"))
    rid = server.api("GET", "/api/records", params={"limit": 1}).json()["records"][0]["id"]
    bad_value = server.api("PATCH", f"/api/records/{rid}", json={"value": "mười"})
    bad_field = server.api("PATCH", f"/api/records/{rid}", json={"source": "x"})
    bad_metric = server.api("PATCH", f"/api/records/{rid}", json={"metric": "không có"})
    missing = server.api("PATCH", "/api/records/0123456789abcdef-9999", json={"value": 1})
    assert bad_value.status_code == 400 and "không phải số" in bad_value.json()["error"]
    assert bad_field.status_code == 400 and "chỉ sửa được" in bad_field.json()["error"]
    assert bad_metric.status_code == 400 and "danh mục" in bad_metric.json()["error"]
    assert missing.status_code == 404


def test_metric_may_be_given_by_its_vietnamese_name_and_deleted_records_leave_the_results(server):
    server.wait_job(upload(server, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"))
    before = server.api("GET", "/api/records").json()
    rid = before["records"][0]["id"]
    moved = server.api("PATCH", f"/api/records/{rid}", json={"metric": "Chiến sĩ thi đua cơ sở"}).json()
    assert moved["metric"] == "chien_si_thi_dua_co_so"
    assert server.api("DELETE", f"/api/records/{rid}").json()["review"] == "deleted"
    after = server.api("GET", "/api/records").json()
    assert after["total"] == before["total"] - 1
    assert rid not in {r["id"] for r in after["records"]}


def test_records_filter_by_file_unit_kind_and_needs_review(server):
    job = server.wait_job(upload(server, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx",
                                 RETURNED / "07-cdcs-so-tu-phap-bang-cham-diem-scan.pdf"))
    scan = job["files"][1]
    by_file = server.api("GET", "/api/records", params={"file": scan["hash"][:16]}).json()
    assert by_file["total"] == scan["records"]
    assert all(r["source"]["file"].endswith("scan.pdf") for r in by_file["records"])
    scores = server.api("GET", "/api/records", params={"kind": "score"}).json()["records"]
    assert scores and all(r["kind"] == "score" for r in scores)
    needs = server.api("GET", "/api/records", params={"needs_review": "1"}).json()["records"]
    assert needs and all(r["needs_review"] for r in needs)
    assert any(r["confidence"] < 1 for r in needs)  # what OCR read is never taken on trust
    unit = scores[0]["unit"]
    assert all(r["unit"] == unit or r["subject"] == unit
               for r in server.api("GET", "/api/records", params={"unit": unit}).json()["records"])


def test_the_same_file_uploaded_again_is_not_read_twice_and_keeps_its_review(server):
    path = RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"
    server.wait_job(upload(server, path))
    total = server.api("GET", "/api/records").json()["total"]
    rid = server.api("GET", "/api/records", params={"limit": 1}).json()["records"][0]["id"]
    server.api("PATCH", f"/api/records/{rid}", json={"value": 5})
    again = server.wait_job(upload(server, path))
    assert again["files"][0]["status"] == "reused"
    assert server.api("GET", "/api/records").json()["total"] == total
    assert server.api("GET", f"/api/records/{rid}").json()["value"] == 5


def test_a_bad_file_is_reported_in_vietnamese_and_the_batch_goes_on(server, tmp_path):
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    job = server.wait_job(upload(server, broken, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"))
    bad, good = job["files"]
    assert bad["status"] == "error" and bad["error"]
    assert good["status"] == "ok" and good["records"] > 0
    assert job["result"]["errors"] == 1


def test_sample_workbooks_and_forms_download(server):
    sample = server.api("GET", "/mau/giao-uoc.xlsx")
    assert sample.status_code == 200
    assert "thong_tin" in load_workbook(io.BytesIO(sample.content)).sheetnames
    form = server.api("GET", "/bieu-mau/2")
    assert form.status_code == 200 and form.content[:2] == b"PK"
    assert server.api("GET", "/mau/khong-co.xlsx").status_code == 404


def test_the_export_holds_the_records_as_reviewed(server):
    server.wait_job(upload(server, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"))
    records = server.api("GET", "/api/records").json()["records"]
    server.api("PATCH", f"/api/records/{records[0]['id']}", json={"value": 4321})
    server.api("DELETE", f"/api/records/{records[1]['id']}")
    export = server.api("GET", "/ra-soat/ban-ghi.xlsx")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + len(records) - 1
    assert any(4321 in row for row in rows)


def test_a_form_from_the_offices_own_workbook(server):
    import requests

    browser = requests.Session()
    page = browser.get(server.url + "/tao-van-ban").text
    csrf = page.split('data-csrf="', 1)[1].split('"', 1)[0]
    with open(SAMPLES / "giao-uoc.xlsx", "rb") as fh:
        made = browser.post(server.url + "/bieu-mau", data={"csrf": csrf, "loai": "bao-cao-ket-qua", "dang": ".xlsx"},
                            files={"du_lieu_bieu_mau": ("giao-uoc-cua-toi.xlsx", fh)}, timeout=60)
    assert made.status_code == 200 and "bieu-mau-bao-cao-ket-qua.xlsx" in made.headers["content-disposition"]
    assert load_workbook(io.BytesIO(made.content)).sheetnames
    with open(SAMPLES / "giao-uoc.xlsx", "rb") as fh:
        wrong = browser.post(server.url + "/bieu-mau", data={"csrf": csrf, "loai": "bao-cao-ket-qua", "dang": ".docx"},
                             files={"du_lieu_bieu_mau": ("g.xlsx", fh)}, timeout=60)
    assert wrong.status_code == 400 and "loại biểu mẫu" in wrong.text
