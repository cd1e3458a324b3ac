"""The pages people use: generate, parse, review, summarize, and logging in.

Each handler reads the request, calls one step of `Base` or one library function and renders
a template of `html/` (docs/design.md, *Web*).
"""
from __future__ import annotations

import asyncio
import io
import shutil
from pathlib import Path
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from .. import review, vn
from ..errors import ThiduaError
from ..forms import FORMATS as FORM_FORMATS, KINDS as FORM_KINDS, SAMPLE_FORMS as FORMS, write_form
from ..generate.catalog import BUILTIN
from ..generate.sample import write_input_workbook
from ..generate.templates import samples_dir
from ..records import KINDS
from ..store import read_records, write_records
from . import summaries, work
from .auth import COOKIE, verify_password
from .base import PAGE_SIZE, Base, download, filters_from, pledge_year, read_form, send_file
from .guard import error_json, set_session_cookie
from .uploads import Budget, save


class Pages(Base):
    async def home(self, request: Request) -> Response:
        files = self.jobs.files()
        counts = review.counts(self.settings.store)
        return self.page(request, "home.html", files=len(files), counts=counts, jobs=self.jobs.recent(limit=8))

    async def login(self, request: Request) -> Response:
        if self.settings.secrets.password_hash is None:
            return RedirectResponse("/", status_code=303)
        if request.method == "GET":
            return self.page(request, "login.html")
        try:
            form = await read_form(request, 0, 10)
        except ThiduaError as exc:
            return self.page(request, "login.html", status=400, error=str(exc))
        address = request.client.host if request.client else "?"
        await asyncio.sleep(self.throttle.delay(address))
        name = " ".join(str(form.get("ten") or "").split())[:80]
        password = str(form.get("mat_khau") or "")
        ok = await run_in_threadpool(verify_password, password, self.settings.secrets.password_hash)
        if not ok or not name:
            self.throttle.failed(address)
            message = "Hãy nhập họ tên của bạn." if ok else "Mật khẩu không đúng."
            return self.page(request, "login.html", status=401, error=message, ten=name)
        self.throttle.succeeded(address)
        cookie, _ = self.sessions.start(vn.nfc(name))
        response = RedirectResponse("/", status_code=303)
        set_session_cookie(response, cookie, request)
        return response

    async def logout(self, request: Request) -> Response:
        await self.form(request)
        self.sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/dang-nhap" if self.settings.secrets.password_hash else "/", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    async def generate_page(self, request: Request) -> Response:
        context = {"templates": BUILTIN, "forms": FORMS, "problems": None, "draft": None, "values": {}}
        if request.method == "GET":
            return self.page(request, "generate.html", **context)
        try:
            form = await self.form(request)
            draft = self.draft(form)
            context.update(values={k: str(form.get(k) or "") for k in ("mau", "each", "group_by", "pdf")},
                           draft=draft["id"], draft_names=draft["names"])
            if form.get("action") == "check":
                problems = await run_in_threadpool(work.check, draft["template"], draft["workbook"],
                                                   self.settings.data)
                context["problems"] = problems
                return self.page(request, "generate.html", **context)
            job = self.start_generate(draft, form, self.who(request))
        except ThiduaError as exc:
            return self.page(request, "generate.html", status=400, **context, error=str(exc))
        return RedirectResponse(f"/viec/{job}", status_code=303)

    async def sample_workbook(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in BUILTIN:
            return self.page(request, "error.html", status=404, error=f"Không có mẫu '{name}'.")
        out = io.BytesIO()
        folder = self.new_folder("tam")
        path = folder / f"{name}.xlsx"
        await run_in_threadpool(write_input_workbook, BUILTIN[name], str(path))
        out.write(path.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)
        return download(out.getvalue(), f"{name}.xlsx")

    async def sample_form(self, request: Request) -> Response:
        index = request.path_params["index"]
        if not 0 <= index < len(FORMS):
            return self.page(request, "error.html", status=404, error="Không có biểu mẫu này.")
        kind, sample, name = FORMS[index]
        folder = self.new_folder("tam")
        path = await run_in_threadpool(write_form, kind, samples_dir() / sample, folder / name)
        data = path.read_bytes()
        shutil.rmtree(folder, ignore_errors=True)
        return download(data, name)

    async def own_form(self, request: Request) -> Response:
        """A form made from the office's own workbook (its members, its pledge's targets, its criteria)."""
        context = {"templates": BUILTIN, "forms": FORMS, "problems": None, "draft": None, "values": {}}
        try:
            form = await self.form(request)
            kind, suffix = str(form.get("loai") or ""), str(form.get("dang") or ".xlsx")
            if kind not in FORM_KINDS or suffix not in FORM_FORMATS[kind]:
                raise ThiduaError("hãy chọn loại biểu mẫu trong danh sách.")
            data = form.get("du_lieu_bieu_mau")
            if not isinstance(data, UploadFile) or not data.filename:
                raise ThiduaError("hãy chọn tệp dữ liệu Excel để tạo biểu mẫu.")
            folder = self.new_folder("tam")
            book = save(data.file, data.filename, folder, 1, Budget(self.settings.max_upload_mb << 20))
            try:
                path = await run_in_threadpool(write_form, kind, book.path, folder / f"bieu-mau-{kind}{suffix}")
                content = path.read_bytes()
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        except ThiduaError as exc:
            context["form_error"] = work.without_paths(str(exc), self.settings.data)
            return self.page(request, "generate.html", status=400, **context)
        return download(content, f"bieu-mau-{kind}{suffix}")

    async def parse_page(self, request: Request) -> Response:
        if request.method == "GET":
            return self.page(request, "parse.html", jobs=self.jobs.recent("parse"))
        try:
            form = await self.form(request)
            job = self.start_parse(form.getlist("files"), self.who(request))
        except ThiduaError as exc:
            return self.page(request, "parse.html", status=400, jobs=self.jobs.recent("parse"), error=str(exc))
        return RedirectResponse(f"/viec/{job}", status_code=303)

    async def job_page(self, request: Request) -> Response:
        job = self.jobs.get(request.path_params["job"])
        if job is None:
            return self.page(request, "error.html", status=404, error="Không có việc này.")
        return self.page(request, "job.html", job=job, section="doc-ho-so" if job.kind == "parse" else "tao-van-ban")

    async def job_download(self, request: Request) -> Response:
        job = self.jobs.get(request.path_params["job"])
        if job is None or job.kind != "generate" or not job.result or not job.result.get("download"):
            return error_json("việc này chưa có tệp để tải về.", 404)
        out = Path(job.params["out"]).resolve()
        path = (out / job.result.get("path", "")).resolve()
        if not path.is_file() or out not in path.parents:
            return error_json("tệp của việc này không còn.", 404)
        return send_file(path)

    async def review_page(self, request: Request) -> Response:
        filters, query = filters_from(request)
        flagged = await run_in_threadpool(summaries.flagged_units, self.settings.store)
        filters.flagged = frozenset(flagged)
        rows, total = review.list_records(self.settings.store, filters)
        files = {f["hash"][:16]: f["name"] for f in self.jobs.files()}
        units = review.units(self.settings.store)
        pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
        return self.page(request, "review.html", rows=rows, total=total, filters=filters, files=files,
                         units=units, query=query, flagged=flagged, page_no=filters.offset // PAGE_SIZE + 1, pages=pages,
                         kinds=KINDS, link=lambda **kw: "/ra-soat?" + urlencode({**query, **kw}))

    async def export(self, request: Request) -> Response:
        """Every record as reviewed (corrections in, deleted ones out), in the formats of `thidua parse -o`."""
        suffix = request.path_params["suffix"]
        if f".{suffix}" not in (".xlsx", ".csv", ".jsonl"):
            return error_json("chỉ tải được .xlsx, .csv hoặc .jsonl.", 404)
        folder = self.new_folder("tam")
        path = folder / f"ban-ghi.{suffix}"
        await run_in_threadpool(lambda: write_records(path, read_records(self.settings.store)))
        data = path.read_bytes()
        shutil.rmtree(folder, ignore_errors=True)
        return download(data, path.name)

    async def record_page(self, request: Request) -> Response:
        rid = request.path_params["rid"]
        error = None
        if request.method == "POST":
            try:
                form = await self.form(request)
                self.apply(rid, form.get("action"), {k: form.get(k) for k in review.EDITABLE if k in form},
                           self.who(request))
                back = str(form.get("back") or "")
                return RedirectResponse(back if back.startswith("/ra-soat") else f"/ra-soat/{rid}", status_code=303)
            except ThiduaError as exc:
                error = str(exc)
        try:
            item = review.get(self.settings.store, rid)
        except ThiduaError as exc:
            return self.page(request, "error.html", status=404, error=str(exc))
        image = self.page_of(item) is not None
        return self.page(request, "record.html", status=400 if error else 200, item=item, error=error,
                         history=review.history(self.settings.store, rid), image=image,
                         metrics=sorted(vn.METRICS.values(), key=lambda m: m.name), kinds=KINDS,
                         back=request.query_params.get("back", "/ra-soat"))

    def page_of(self, item: review.Reviewed) -> Path | None:
        """The uploaded PDF a record was read on a page of, if it was."""
        found = self.jobs.path_of(item.file_hash)
        if found and found[1].suffix.lower() == ".pdf" and item.record.source.page:
            return found[1]
        return None

    async def record_image(self, request: Request) -> Response:
        from . import sources

        try:
            item = review.get(self.settings.store, request.path_params["rid"])
        except ThiduaError as exc:
            return error_json(str(exc), 404)
        pdf = self.page_of(item)
        if pdf is None:
            return error_json("bản ghi này không đọc từ trang PDF.", 404)
        try:
            png = await run_in_threadpool(sources.page_image, pdf, item.record.source.page,
                                          item.record.source.text, self.settings.data / "anh")
        except ThiduaError as exc:
            return error_json(f"không vẽ được trang {item.record.source.page}: {exc.message}", 404)
        except (OSError, ValueError) as exc:
            return error_json(f"không vẽ được trang {item.record.source.page}: {exc}", 404)
        return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=300"})

    async def summary_page(self, request: Request) -> Response:
        names = {f["hash"]: f["name"] for f in self.jobs.files()}
        choices = await run_in_threadpool(summaries.pledges, self.settings.store, names)
        years = review.years(self.settings.store)
        first = next((f["hash"][:16] for f in choices if f["cluster"]), "")
        context = {"pledges": choices, "years": years, "made": None, "values": {"pledge": first}}
        if request.method == "GET":
            return self.page(request, "summary.html", **context)
        try:
            form = await self.form(request)
            pledge, year = pledge_year(form)
            context["values"] = {"pledge": pledge or "", "year": str(year or "")}
            made = await run_in_threadpool(summaries.summarize_store, self.settings.store,
                                           self.settings.data / "tong-hop", pledge=pledge, year=year)
        except ThiduaError as exc:
            return self.page(request, "summary.html", status=400, **context, error=str(exc))
        context.update(made=made, chart=(made.folder / summaries.CHART).is_file())
        return self.page(request, "summary.html", **context)

    async def summary_file(self, request: Request) -> Response:
        sid, name = request.path_params["sid"], request.path_params["name"]
        if not (len(sid) == 16 and sid.isalnum()) or name not in (summaries.WORKBOOK, summaries.REPORT, summaries.CHART):
            return error_json("không có tệp này.", 404)
        path = self.settings.data / "tong-hop" / sid / name
        if not path.is_file():
            return error_json("không có tệp này.", 404)
        if name == summaries.CHART:
            return FileResponse(path, media_type="image/png")
        return send_file(path)
