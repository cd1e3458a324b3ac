"""The web application: pages for people, `/api/` for scripts and for the pages' own scripts.

Each handler reads the request, calls one library function (`work`, `review`, `summaries`)
and renders a page or JSON; nothing here knows how a document is read or made. Pages are
rendered on the server (Jinja2, autoescaped); `static/app.js` only adds drag-and-drop,
progress bars and in-place corrections through the same API (docs/design.md, *Web*).
"""
from __future__ import annotations

import asyncio
import io
import multiprocessing
import shutil
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__, review, vn
from ..errors import ThiduaError
from ..forms import FORMATS as FORM_FORMATS, KINDS as FORM_KINDS, SAMPLE_FORMS as FORMS, write_form
from ..generate.catalog import BUILTIN
from ..generate.sample import write_input_workbook
from ..generate.templates import samples_dir
from ..records import KINDS
from ..store import read_records, write_records
from . import summaries, work
from .auth import COOKIE, Secrets, Sessions, Throttle, verify_password
from .guard import Guard, error_json, set_session_cookie, too_large
from .jobs import STATUS_NAMES, Jobs
from .uploads import Budget, Saved, TooLarge, safe_name, save, unpack

HERE = Path(__file__).parent
PAGE_SIZE = 100


@dataclass
class Settings:
    data: Path
    max_upload_mb: int = 100
    max_files: int = 500
    secrets: Secrets = field(default_factory=Secrets)
    hosts: set[str] = field(default_factory=lambda: {"127.0.0.1", "localhost"})
    file_timeout: float = 300

    @property
    def store(self) -> Path:
        return self.data / "thidua.sqlite"


def build(settings: Settings) -> Starlette:
    """The application for one data folder, its runners started (jobs left unfinished resume)."""
    settings.data.mkdir(parents=True, exist_ok=True)
    # Readers are imported once in the fork server, not again in every worker it starts.
    multiprocessing.set_forkserver_preload(["toolkit.parse"])
    jobs = Jobs(settings.store)
    runners = {"parse": work.Runner(jobs, "parse", lambda j, i: work.run_parse(j, i, timeout=settings.file_timeout)),
               "generate": work.Runner(jobs, "generate", work.run_generate)}
    views = Views(settings, jobs, runners)
    routes = [
        Route("/", views.home),
        Route("/dang-nhap", views.login, methods=["GET", "POST"]),
        Route("/dang-xuat", views.logout, methods=["POST"]),
        Route("/tao-van-ban", views.generate_page, methods=["GET", "POST"]),
        Route("/mau/{name}.xlsx", views.sample_workbook),
        Route("/bieu-mau/{index:int}", views.sample_form),
        Route("/bieu-mau", views.own_form, methods=["POST"]),
        Route("/doc-ho-so", views.parse_page, methods=["GET", "POST"]),
        Route("/viec/{job}", views.job_page),
        Route("/viec/{job}/tai-ve", views.job_download),
        Route("/ra-soat", views.review_page),
        Route("/ra-soat/ban-ghi.{suffix}", views.export),
        Route("/ra-soat/{rid}", views.record_page, methods=["GET", "POST"]),
        Route("/ra-soat/{rid}/anh.png", views.record_image),
        Route("/tong-hop", views.summary_page, methods=["GET", "POST"]),
        Route("/tong-hop/{sid}/{name}", views.summary_file),
        Route("/api/check", views.api_check, methods=["POST"]),
        Route("/api/generate", views.api_generate, methods=["POST"]),
        Route("/api/parse", views.api_parse, methods=["POST"]),
        Route("/api/jobs/{job}", views.api_job),
        Route("/api/jobs/{job}/download", views.job_download),
        Route("/api/records", views.api_records),
        Route("/api/records/{rid}", views.api_record, methods=["GET", "PATCH", "DELETE"]),
        Route("/api/records/{rid}/accept", views.api_accept, methods=["POST"]),
        Route("/api/summarize", views.api_summarize, methods=["POST"]),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    async def on_too_large(request: Request, exc: TooLarge) -> Response:
        return too_large(settings.max_upload_mb << 20, request.url.path.startswith("/api/"))

    @asynccontextmanager
    async def lifespan(app):
        for runner in runners.values():
            runner.start()
        yield

    app = Starlette(routes=routes, exception_handlers={TooLarge: on_too_large}, lifespan=lifespan)
    app.state.jobs = jobs
    return Guard(app, secrets=settings.secrets, sessions=views.sessions, hosts=settings.hosts,
                 max_bytes=settings.max_upload_mb << 20)


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "pages"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["so"] = lambda v: "" if v is None else vn.format_number(v) if isinstance(v, (int, float)) else v
    env.globals.update(version=__version__, STATUS=STATUS_NAMES, KIND_NAMES=review.KIND_NAMES,
                       REVIEW_NAMES=review.REVIEW_NAMES, METRICS=vn.METRICS)
    return env


class Views:
    """The handlers; they share the settings, the jobs tables and the runners."""

    def __init__(self, settings: Settings, jobs: Jobs, runners: dict):
        self.settings, self.jobs, self.runners = settings, jobs, runners
        self.sessions, self.throttle = Sessions(), Throttle()
        self.env = _env()
        self.summaries: dict[str, summaries.Made] = {}

    # --- helpers --------------------------------------------------------------------------------

    def page(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        caller = request.scope["state"]["caller"]
        if context.get("error"):  # a message names files, never the server's folders
            context["error"] = work.without_paths(str(context["error"]), self.settings.data)
        html = self.env.get_template(name).render(
            request=request, caller=caller, csrf=caller.session.csrf if caller.session else "",
            login=self.settings.secrets.password_hash is not None, **context)
        return HTMLResponse(html, status_code=status)

    async def form(self, request: Request):
        """The posted form, its CSRF token checked (a page's form carries it as `csrf`)."""
        form = await read_form(request, self.settings.max_files, 200)
        caller = request.scope["state"]["caller"]
        if caller.how == "cookie" and form.get("csrf") != caller.session.csrf \
                and request.headers.get("x-csrf-token") != caller.session.csrf:
            raise ThiduaError("phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang rồi gửi lại.")
        return form

    def who(self, request: Request) -> str:
        return request.scope["state"]["caller"].who

    def save_uploads(self, files: list[UploadFile], folder: Path) -> tuple[list[Saved], list[str]]:
        """Uploaded files (ZIPs unpacked) under `folder`, within the upload's size and count limits."""
        budget = Budget(self.settings.max_upload_mb << 20)
        saved: list[Saved] = []
        notes: list[str] = []
        for upload in files:
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            item = save(upload.file, upload.filename, folder, len(saved) + 1, budget)
            if item.path.suffix == ".zip":
                inner, skipped = unpack(item, folder, len(saved) + 1, budget,
                                        self.settings.max_files - len(saved))
                saved += inner
                notes += skipped
            else:
                saved.append(item)
            if len(saved) > self.settings.max_files:
                raise ThiduaError(f"quá {self.settings.max_files} tệp một lần; hãy chia thành nhiều lần tải.")
        return saved, notes

    def new_folder(self, kind: str) -> Path:
        import secrets

        folder = self.settings.data / kind / secrets.token_hex(8)
        folder.mkdir(parents=True)
        return folder

    # --- pages ----------------------------------------------------------------------------------

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

    def draft(self, form) -> dict:
        """The template and workbook of a generate form: newly uploaded, or kept from the check
        step (`draft`), so a person checks and then generates without uploading again."""
        kept = str(form.get("draft") or "")
        folder = self.settings.data / "tao" / kept if kept else None
        if kept and not (len(kept) == 16 and kept.isalnum() and folder.is_dir()):
            raise ThiduaError("bản nháp không còn; hãy chọn lại tệp dữ liệu.")
        workbook, template_file = form.get("du_lieu"), form.get("mau_tai_len")
        if isinstance(workbook, UploadFile) and workbook.filename:
            folder = self.new_folder("tao")
            budget = Budget(self.settings.max_upload_mb << 20)
            book = save(workbook.file, workbook.filename, folder, 1, budget)
            data_folder = folder / "du-lieu"  # the workbook keeps its name: messages name it
            data_folder.mkdir()
            book.path.rename(data_folder / book.name)
            if isinstance(template_file, UploadFile) and template_file.filename:
                if not template_file.filename.lower().endswith(".docx"):
                    raise ThiduaError("mẫu tải lên phải là tệp Word .docx.", file=safe_name(template_file.filename))
                saved = save(template_file.file, template_file.filename, folder, 2, budget)
                saved.path.rename(folder / "mau.docx")
            (folder / "ten.txt").write_text(book.name, encoding="utf-8")
        if folder is None:
            raise ThiduaError("hãy chọn tệp dữ liệu Excel (.xlsx) hoặc .csv.")
        data = next((p for p in (folder / "du-lieu").glob("*")), None) if (folder / "du-lieu").is_dir() else None
        if data is None or data.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
            raise ThiduaError("tệp dữ liệu phải là .xlsx hoặc .csv.")
        uploaded = folder / "mau.docx"
        template = work.template_source(str(form.get("mau") or ""), uploaded if uploaded.is_file() else None)
        names = (folder / "ten.txt").read_text(encoding="utf-8") if (folder / "ten.txt").is_file() else data.name
        return {"id": folder.name, "template": template, "workbook": data, "names": names}

    def start_generate(self, draft: dict, form, who: str) -> str:
        out = self.new_folder("van-ban")
        params = {"template": draft["template"], "workbook": str(draft["workbook"]), "out": str(out),
                  "each": str(form.get("each") or "").strip() or None,
                  "group_by": str(form.get("group_by") or "").strip() or None,
                  "pdf": str(form.get("pdf") or "") in ("1", "on", "true"),
                  "shown": draft["names"]}
        job = self.jobs.create("generate", who, params)
        self.runners["generate"].wake()
        return job

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
        return _download(out.getvalue(), f"{name}.xlsx")

    async def sample_form(self, request: Request) -> Response:
        index = request.path_params["index"]
        if not 0 <= index < len(FORMS):
            return self.page(request, "error.html", status=404, error="Không có biểu mẫu này.")
        kind, sample, name = FORMS[index]
        folder = self.new_folder("tam")
        path = await run_in_threadpool(write_form, kind, samples_dir() / sample, folder / name)
        data = path.read_bytes()
        shutil.rmtree(folder, ignore_errors=True)
        return _download(data, name)

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
        return _download(content, f"bieu-mau-{kind}{suffix}")

    async def parse_page(self, request: Request) -> Response:
        if request.method == "GET":
            return self.page(request, "parse.html", jobs=self.jobs.recent("parse"))
        try:
            form = await self.form(request)
            job = self.start_parse(form.getlist("files"), self.who(request))
        except ThiduaError as exc:
            return self.page(request, "parse.html", status=400, jobs=self.jobs.recent("parse"), error=str(exc))
        return RedirectResponse(f"/viec/{job}", status_code=303)

    def start_parse(self, files: list, who: str) -> str:
        folder = self.new_folder("tai-len")
        saved, notes = self.save_uploads(files, folder)
        if not saved:
            shutil.rmtree(folder, ignore_errors=True)
            raise ThiduaError("chưa có tệp nào để đọc (.xlsx, .docx, .pdf, .doc, .xls hoặc một tệp .zip chứa chúng)."
                              + (" " + " ".join(notes) if notes else ""))
        job = self.jobs.create("parse", who, {"notes": notes}, [(s.name, s.path) for s in saved])
        self.runners["parse"].wake()
        return job

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
        return _file(path)

    async def review_page(self, request: Request) -> Response:
        filters, query = _filters(request)
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
        return _download(data, path.name)

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
        source = self.jobs.path_of(item.file_hash)
        image = bool(source and source[1].suffix.lower() == ".pdf" and item.record.source.page)
        return self.page(request, "record.html", status=400 if error else 200, item=item, error=error,
                         history=review.history(self.settings.store, rid), image=image,
                         metrics=sorted(vn.METRICS.values(), key=lambda m: m.name), kinds=KINDS,
                         back=request.query_params.get("back", "/ra-soat"))

    def apply(self, rid: str, action, changes: dict, who: str) -> review.Reviewed:
        store = self.settings.store
        if action == "delete":
            return review.delete(store, rid, who)
        if action == "accept":
            return review.accept(store, rid, who)
        current = review.get(store, rid).record.to_row()
        changed = {k: v for k, v in changes.items() if str(v or "") != str(_shown(current.get(k)))}
        return review.correct(store, rid, changed, who)

    async def record_image(self, request: Request) -> Response:
        from . import sources

        try:
            item = review.get(self.settings.store, request.path_params["rid"])
        except ThiduaError as exc:
            return error_json(str(exc), 404)
        found = self.jobs.path_of(item.file_hash)
        if not found or found[1].suffix.lower() != ".pdf" or not item.record.source.page:
            return error_json("bản ghi này không đọc từ trang PDF.", 404)
        try:
            png = await run_in_threadpool(sources.page_image, found[1], item.record.source.page,
                                          item.record.source.text, self.settings.data / "anh")
        except (IndexError, OSError, ValueError) as exc:
            return error_json(f"không vẽ được trang {item.record.source.page}: {exc}", 404)
        return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=300"})

    async def summary_page(self, request: Request) -> Response:
        names = {f["hash"]: f["name"] for f in self.jobs.files()}
        choices = await run_in_threadpool(summaries.pledges, self.settings.store, names)
        years = await run_in_threadpool(summaries.years_in, self.settings.store)
        first = next((f["hash"][:16] for f in choices if f["cluster"]), "")
        context = {"pledges": choices, "years": years, "made": None, "values": {"pledge": first}}
        if request.method == "GET":
            return self.page(request, "summary.html", **context)
        try:
            form = await self.form(request)
            pledge, year = _pledge_year(form)
            context["values"] = {"pledge": pledge or "", "year": str(year or "")}
            made = await run_in_threadpool(summaries.summarize_store, self.settings.store,
                                           self.settings.data / "tong-hop", pledge=pledge, year=year)
        except ThiduaError as exc:
            return self.page(request, "summary.html", status=400, **context, error=str(exc))
        self.summaries[made.id] = made
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
        return _file(path)

    # --- API ------------------------------------------------------------------------------------

    async def api_check(self, request: Request) -> Response:
        try:
            form = await self.form(request)
            draft = await run_in_threadpool(self.api_draft, form)
            problems = await run_in_threadpool(work.check, draft["template"], draft["workbook"],
                                                   self.settings.data)
        except ThiduaError as exc:
            return error_json(str(exc))
        return JSONResponse({"problems": problems})

    def api_draft(self, form) -> dict:
        """The API's fields: `template` (a built-in name or an uploaded .docx), `workbook`."""
        template, workbook = form.get("template"), form.get("workbook")
        if not isinstance(workbook, UploadFile) or not workbook.filename:
            raise ThiduaError("thiếu trường workbook (tệp .xlsx hoặc .csv).")
        fields = {"du_lieu": workbook, "csrf": form.get("csrf")}
        if isinstance(template, UploadFile):
            fields["mau_tai_len"] = template
        else:
            fields["mau"] = str(template or "")
        return self.draft(fields)

    async def api_generate(self, request: Request) -> Response:
        try:
            form = await self.form(request)
            draft = await run_in_threadpool(self.api_draft, form)
            if str(form.get("job") or "") in ("1", "true"):
                return JSONResponse({"job": self.start_generate(draft, form, self.who(request))}, status_code=202)
            out = self.new_folder("van-ban")
            made = await run_in_threadpool(
                work.make_documents, draft["template"], draft["workbook"], out,
                each=str(form.get("each") or "") or None, group_by=str(form.get("group_by") or "") or None,
                pdf=str(form.get("pdf") or "") in ("1", "on", "true"), root=self.settings.data)
        except ThiduaError as exc:
            return JSONResponse({"error": "dữ liệu chưa đủ để tạo văn bản.",
                                 "problems": work.problems_of(exc, self.settings.data)},
                                status_code=400)
        if made.download is None:
            return JSONResponse({"error": "không tạo được văn bản nào.", "failures": made.failures}, status_code=400)
        response = _file(made.download)
        if made.failures:
            response.headers["x-thidua-failures"] = str(len(made.failures))
        return response

    async def api_parse(self, request: Request) -> Response:
        try:
            form = await self.form(request)
            job = self.start_parse(form.getlist("files"), self.who(request))
        except ThiduaError as exc:
            return error_json(str(exc))
        return JSONResponse({"job": job}, status_code=202)

    async def api_job(self, request: Request) -> Response:
        job = self.jobs.get(request.path_params["job"])
        if job is None:
            return error_json("không có việc này.", 404)
        data = job.to_json()
        if job.kind == "generate" and job.result and job.result.get("download"):
            data["download_url"] = f"/api/jobs/{job.id}/download"
        return JSONResponse(data)

    async def api_records(self, request: Request) -> Response:
        try:
            limit = int(request.query_params.get("limit") or 1000)
        except ValueError:
            return error_json("limit phải là số.")
        filters, _ = _filters(request, limit=limit)
        flagged = await run_in_threadpool(summaries.flagged_units, self.settings.store)
        filters.flagged = frozenset(flagged)
        rows, total = review.list_records(self.settings.store, filters)
        return JSONResponse({"total": total, "offset": filters.offset, "records": [
            {**r.to_json(), "needs_review": r.needs_review or (r.review is None and r.record.unit in flagged)}
            for r in rows]})

    async def api_record(self, request: Request) -> Response:
        rid, store, who = request.path_params["rid"], self.settings.store, self.who(request)
        try:
            if request.method == "GET":
                item = review.get(store, rid)
                return JSONResponse({**item.to_json(), "history": review.history(store, rid)})
            if request.method == "DELETE":
                return JSONResponse(review.delete(store, rid, who).to_json())
            try:
                body = await request.json()
            except ValueError:
                return error_json("thân yêu cầu phải là JSON, ví dụ {\"value\": 77}.")
            if not isinstance(body, dict):
                return error_json("thân yêu cầu phải là một đối tượng JSON, ví dụ {\"value\": 77}.")
            return JSONResponse(review.correct(store, rid, body, who).to_json())
        except ThiduaError as exc:
            return error_json(str(exc), 404 if "không có bản ghi" in str(exc) else 400)

    async def api_accept(self, request: Request) -> Response:
        try:
            return JSONResponse(review.accept(self.settings.store, request.path_params["rid"], self.who(request)).to_json())
        except ThiduaError as exc:
            return error_json(str(exc), 404)

    async def api_summarize(self, request: Request) -> Response:
        try:
            form = await self.form(request)
            pledge, year = _pledge_year(form)
            made = await run_in_threadpool(summaries.summarize_store, self.settings.store,
                                           self.settings.data / "tong-hop", pledge=pledge, year=year)
        except ThiduaError as exc:
            return error_json(str(exc))
        wanted = summaries.REPORT if str(form.get("report") or "") in ("1", "true") else summaries.WORKBOOK
        return _file(made.folder / wanted)


# --- small pure helpers ---------------------------------------------------------------------------

async def read_form(request: Request, max_files: int, max_fields: int):
    """The request's form; Starlette's English refusals (too many files or fields, a body that
    is not a form) said in Vietnamese."""
    try:
        return await request.form(max_files=max_files, max_fields=max_fields)
    except HTTPException as exc:
        detail = str(exc.detail)
        if "files" in detail:
            raise ThiduaError(f"quá {max_files} tệp một lần tải lên; hãy chia thành nhiều lần, hoặc gộp vào "
                              "một tệp ZIP.") from None
        if "fields" in detail:
            raise ThiduaError(f"biểu mẫu gửi lên có quá {max_fields} trường.") from None
        raise ThiduaError(f"dữ liệu gửi lên không đọc được ({detail}); hãy gửi lại từ trang.") from None

def _filters(request: Request, limit: int = PAGE_SIZE) -> tuple[review.Filters, dict]:
    q = request.query_params
    query = {k: q[k] for k in ("file", "unit", "kind", "can_ra_soat", "trang") if q.get(k)}
    try:
        page = max(1, int(q.get("trang") or 1))
        offset = int(q.get("offset") or (page - 1) * limit)
    except ValueError:
        page, offset = 1, 0
    needs = (q.get("can_ra_soat") or q.get("needs_review") or "") in ("1", "true", "on")
    kind = q.get("kind") if q.get("kind") in KINDS else None
    return review.Filters(file=q.get("file") or None, unit=q.get("unit") or None, kind=kind,
                          needs_review=needs, limit=max(1, min(limit, 5000)), offset=max(0, offset)), query


def _pledge_year(form) -> tuple[str | None, int | None]:
    pledge = str(form.get("pledge") or "").strip().lower() or None
    if pledge and not all(c in "0123456789abcdef" for c in pledge):
        raise ThiduaError("mã bản giao ước không hợp lệ; hãy chọn trong danh sách.")
    year = str(form.get("year") or "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        raise ThiduaError(f"năm '{year}' không hợp lệ; viết 4 chữ số, ví dụ 2025.")
    return pledge, int(year) if year else None


def _shown(value):
    return "" if value is None else vn.format_number(value) if isinstance(value, (int, float)) else value


def _download(data: bytes, name: str) -> Response:
    return Response(data, media_type=_media(name), headers={"content-disposition": _disposition(name)})


def _file(path: Path) -> Response:
    return FileResponse(path, media_type=_media(path.name), headers={"content-disposition": _disposition(path.name)})


def _media(name: str) -> str:
    return {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".pdf": "application/pdf", ".zip": "application/zip", ".csv": "text/csv; charset=utf-8",
            ".jsonl": "application/x-ndjson"}.get(Path(name).suffix.lower(),
                                                                    "application/octet-stream")


def _disposition(name: str) -> str:
    from urllib.parse import quote

    ascii_name = vn.slug(Path(name).stem).replace("_", "-") + Path(name).suffix
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
