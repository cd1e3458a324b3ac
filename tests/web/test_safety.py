"""Every safety rule of `thidua serve`, checked over HTTP against a running server."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile

import requests
from openpyxl import Workbook

from conftest import make_template
from webserver import REPO, RETURNED, free_port, upload, serve, server  # noqa: F401 (fixtures)


def _csrf(html: str) -> str:
    return re.search(r'data-csrf="([^"]+)"', html).group(1)


def _password_file(tmp_path, text: str):
    path = tmp_path / "mat-khau.txt"
    path.write_text(text, encoding="utf-8")
    return path


# --- who may connect ----------------------------------------------------------------------------

def test_another_host_without_a_password_refuses_to_start(tmp_path):
    done = subprocess.run([sys.executable, "-m", "toolkit", "serve", "--host", "0.0.0.0", "--data", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--password-file" in done.stderr and "máy khác" in done.stderr


def test_a_short_password_refuses_to_start(tmp_path):
    weak = _password_file(tmp_path, "123\n")
    done = subprocess.run([sys.executable, "-m", "toolkit", "serve", "--password-file", str(weak),
                           "--data", str(tmp_path / "d")], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "quá ngắn" in done.stderr


def test_every_response_carries_a_strict_content_security_policy(server):
    for path in ("/", "/ra-soat", "/api/records", "/khong-co"):
        headers = server.api("GET", path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_a_foreign_host_name_is_refused(server):
    response = requests.get(server.url + "/", headers={"Host": "attacker.example"}, timeout=10)
    assert response.status_code == 400 and "Tên máy" in response.text


def test_without_a_password_a_page_of_another_site_cannot_call_the_api(server):
    foreign = requests.get(server.url + "/api/records", headers={"Origin": "http://attacker.example"}, timeout=10)
    script = requests.get(server.url + "/api/records", timeout=10)
    assert foreign.status_code == 403 and "trang web khác" in foreign.json()["error"]
    assert script.status_code == 200


def test_a_browser_session_must_send_its_csrf_token(server):
    server.wait_job(upload(server, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"))
    rid = server.api("GET", "/api/records", params={"limit": 1}).json()["records"][0]["id"]
    browser = requests.Session()
    page = browser.get(server.url + "/ra-soat")
    assert "HttpOnly" in page.headers["set-cookie"] and "SameSite=Strict" in page.headers["set-cookie"]
    assert "Secure" not in page.headers["set-cookie"]  # plain HTTP on the loopback
    without = browser.patch(server.url + f"/api/records/{rid}", json={"value": 3}, timeout=10)
    with_token = browser.patch(server.url + f"/api/records/{rid}", json={"value": 3},
                               headers={"X-CSRF-Token": _csrf(page.text)}, timeout=10)
    form_without = browser.post(server.url + f"/ra-soat/{rid}", data={"action": "accept"}, timeout=10)
    assert without.status_code == 403 and "X-CSRF-Token" in without.json()["error"]
    assert with_token.status_code == 200 and with_token.json()["value"] == 3
    assert form_without.status_code == 400 and "tải lại trang" in form_without.text


def test_behind_a_tls_proxy_on_this_machine_the_cookie_is_secure(server):
    page = requests.get(server.url + "/", headers={"X-Forwarded-Proto": "https"}, timeout=10)
    assert "; Secure" in page.headers["set-cookie"]


def test_with_a_password_pages_need_a_login_and_the_api_a_token(serve, tmp_path):
    server = serve("--password-file", str(_password_file(tmp_path, "mật khẩu đủ dài\ntoken: ma-truy-cap-cua-van-phong\n")))
    assert server.token is None  # the token came from the file: nothing printed
    server.token = "ma-truy-cap-cua-van-phong"
    page = requests.get(server.url + "/", allow_redirects=False, timeout=10)
    assert page.status_code == 303 and page.headers["location"] == "/dang-nhap"
    assert requests.get(server.url + "/api/records", timeout=10).status_code == 401
    wrong = requests.get(server.url + "/api/records", headers={"Authorization": "Bearer sai"}, timeout=10)
    assert wrong.status_code == 401 and "không đúng" in wrong.json()["error"]
    assert server.api("GET", "/api/records").status_code == 200


def test_failed_logins_are_slowed_down_and_a_good_one_gives_a_strict_cookie(serve, tmp_path):
    server = serve("--password-file", str(_password_file(tmp_path, "mật khẩu đủ dài\n")))
    browser = requests.Session()
    timings = []
    for _ in range(3):
        start = time.monotonic()
        failed = browser.post(server.url + "/dang-nhap", data={"ten": "Hoa", "mat_khau": "sai"}, timeout=30)
        timings.append(time.monotonic() - start)
        assert failed.status_code == 401 and "Mật khẩu không đúng" in failed.text
    assert timings[1] >= 0.5 and timings[2] >= 1.0
    good = browser.post(server.url + "/dang-nhap", data={"ten": "Nguyễn Thị Hoa", "mat_khau": "mật khẩu đủ dài"},
                        allow_redirects=False, timeout=30)
    cookie = good.headers["set-cookie"]
    assert good.status_code == 303 and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    home = browser.get(server.url + "/", timeout=10)
    assert home.status_code == 200 and "Nguyễn Thị Hoa" in home.text


def test_a_password_file_may_hold_only_a_scrypt_hash(serve, tmp_path):
    made = subprocess.run([sys.executable, "-m", "toolkit", "serve", "--hash-password"], cwd=REPO,
                          input="mat-khau-cua-toi\nmat-khau-cua-toi\n", capture_output=True, text=True, timeout=60)
    line = made.stdout.strip().splitlines()[-1]
    assert line.startswith("scrypt$") and "mat-khau-cua-toi" not in made.stdout
    server = serve("--password-file", str(_password_file(tmp_path, line + "\n")))
    browser = requests.Session()
    ok = browser.post(server.url + "/dang-nhap", data={"ten": "Hoa", "mat_khau": "mat-khau-cua-toi"},
                      allow_redirects=False, timeout=30)
    assert ok.status_code == 303


# --- what is uploaded ---------------------------------------------------------------------------

def test_an_upload_over_the_limit_is_a_413_in_vietnamese(serve):
    server = serve("--max-upload-mb", "1")
    big = b"\0" * (2 << 20)
    declared = server.api("POST", "/api/parse", files=[("files", ("lon.pdf", big))])
    body = (b'--x\r\nContent-Disposition: form-data; name="files"; filename="lon.pdf"\r\n'
            b"Content-Type: application/pdf\r\n\r\n" + big + b"\r\n--x--\r\n")
    chunked = server.api("POST", "/api/parse", data=(body[i:i + 65536] for i in range(0, len(body), 65536)),
                         headers={"Content-Type": "multipart/form-data; boundary=x"})  # no Content-Length
    page = requests.Session()
    html = page.get(server.url + "/doc-ho-so").text
    from_page = page.post(server.url + "/doc-ho-so", data={"csrf": _csrf(html)},
                          files=[("files", ("lon.pdf", big))], timeout=30)
    for response in (declared, chunked):
        assert response.status_code == 413 and "quá lớn" in response.json()["error"]
    assert from_page.status_code == 413 and "quá lớn" in from_page.text


def test_upload_names_cannot_leave_the_data_folder(server, tmp_path):
    book = (RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx").read_bytes()
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as zf:
        zf.writestr("../../../thoat-ra.xlsx", book)
        zf.writestr("/tuyet-doi.xlsx", book)
        zf.writestr("don-vi-a/ghi-chu.txt", "không đọc")
    response = server.api("POST", "/api/parse", files=[("files", ("../../ngoai.zip", packed.getvalue())),
                                                       ("files", ("..\\..\\ngoai.xlsx", book))])
    job = server.wait_job(response.json()["job"])
    names = [f["name"] for f in job["files"]]
    assert names == ["thoat-ra.xlsx", "tuyet-doi.xlsx", "ngoai.xlsx"]
    inside = {p.resolve() for p in server.data.rglob("*")}
    outside = [p for p in tmp_path.rglob("*.xlsx") if p.resolve() not in inside]
    assert outside == []
    assert job["files"][0]["status"] == "ok"
    assert server.api("GET", f"/api/jobs/{job['id']}").json()["status"] == "done"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(server):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bom.xlsx", b"\0" * (600 << 20))
    response = server.api("POST", "/api/parse", files=[("files", ("bom.zip", packed.getvalue()))])
    assert response.status_code == 400 and "zip bomb" in response.json()["error"]


def test_an_entity_bomb_in_a_docx_is_one_files_error(server, tmp_path):
    hostile = tmp_path / "thuc-the.docx"
    make_template(hostile, ["Báo cáo"])
    with zipfile.ZipFile(hostile) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                                  b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + parts["word/document.xml"].split(b"?>", 1)[1])
    with zipfile.ZipFile(hostile, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    job = server.wait_job(upload(server, hostile, RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx"))
    assert job["files"][0]["status"] == "error" and "DTD" in job["files"][0]["error"]
    assert job["files"][1]["status"] == "ok"


def test_names_and_values_are_shown_escaped(server):
    book = (RETURNED / "01-cdcs-so-tai-chinh-bao-cao-ket-qua.xlsx").read_bytes()
    job = server.wait_job(server.api("POST", "/api/parse", files=[
        ("files", ("<script>alert(1)</script>.xlsx", book))]).json()["job"])
    assert "<" not in job["files"][0]["name"]  # `</script>` holds a slash: only `script>.xlsx` is a name
    rid = server.api("GET", "/api/records", params={"limit": 1}).json()["records"][0]["id"]
    server.api("PATCH", f"/api/records/{rid}", json={"subject": "<img src=x onerror=alert(1)>"})
    for path in ("/ra-soat", f"/ra-soat/{rid}"):
        page = requests.get(server.url + path, timeout=10).text
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_an_uploaded_template_runs_in_the_sandbox(server, tmp_path):
    template = make_template(tmp_path / "mau.docx", ["{{ ''.__class__.__mro__[1].__subclasses__() }}"])
    data = tmp_path / "du-lieu.xlsx"
    wb = Workbook()
    wb.active.title = "thong_tin"
    wb.active.append(["truong", "gia_tri"])
    wb.save(data)
    response = server.api("POST", "/api/generate", files={"template": ("mau.docx", template.read_bytes()),
                                                          "workbook": ("du-lieu.xlsx", data.read_bytes())})
    assert response.status_code == 400
    assert "subclasses" not in response.text or "không được phép" in response.text


def test_a_spreadsheet_value_is_data_never_template_code(server, tmp_path):
    template = make_template(tmp_path / "mau.docx", ["Kính gửi: {{ ten }}"])
    data = tmp_path / "du-lieu.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "thong_tin"
    ws.append(["truong", "gia_tri"])
    ws.append(["ten", "{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %}"])
    wb.save(data)
    response = server.api("POST", "/api/generate", files={"template": ("mau.docx", template.read_bytes()),
                                                          "workbook": ("du-lieu.xlsx", data.read_bytes())})
    assert response.status_code == 200, response.text
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %}" in text and "49" not in text


def test_one_server_per_data_folder_and_a_busy_port_is_said_in_vietnamese(server):
    second = subprocess.run([sys.executable, "-m", "toolkit", "serve", "--port", str(free_port()), "--data", str(server.data)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    port = server.url.rsplit(":", 1)[1]
    busy = subprocess.run([sys.executable, "-m", "toolkit", "serve", "--port", port, "--data",
                           str(server.data.parent / "khac")], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert second.returncode == 1 and "thidua serve khác" in second.stderr
    assert busy.returncode == 1 and f"cổng {port}" in busy.stderr


def test_sessions_that_scripts_never_keep_do_not_fill_memory():
    from toolkit.web.auth import MAX_SESSIONS, Sessions

    sessions = Sessions()
    cookies = [sessions.start("ai đó")[0] for _ in range(MAX_SESSIONS + 10)]
    assert len(sessions._by_key) <= MAX_SESSIONS
    assert sessions.get(cookies[-1]) is not None  # the newest are kept


def test_too_many_files_in_one_upload_is_refused_in_vietnamese(server):
    files = [("files", (f"tep-{n}.pdf", b"%PDF-1.4")) for n in range(501)]
    response = server.api("POST", "/api/parse", files=files)
    assert response.status_code == 400 and "quá 500 tệp" in response.json()["error"]
