"""What the page and API handlers share: settings, rendering, forms, uploads, starting jobs.

`Base` holds the server's state (settings, the jobs tables, the runners, sessions) and the
steps both kinds of handler take: read a form with its CSRF token checked, save uploads,
start a parse or generate job, apply a review action. The functions after it are pure
helpers for requests and responses (docs/design.md, *Web*).
"""
from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from .. import __version__, review, vn
from ..errors import ThiduaError
from ..records import KINDS
from . import work
from .auth import Secrets, Sessions, Throttle
from .jobs import STATUS_NAMES, Jobs
from .uploads import Budget, Saved, safe_name, save, unpack

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



def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "html"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["so"] = lambda v: "" if v is None else vn.format_number(v) if isinstance(v, (int, float)) else v
    env.globals.update(version=__version__, STATUS=STATUS_NAMES, KIND_NAMES=review.KIND_NAMES,
                       REVIEW_NAMES=review.REVIEW_NAMES, METRICS=vn.METRICS)
    return env


class Base:
    """The server's state and the steps handlers share."""

    def __init__(self, settings: Settings, jobs: Jobs, runners: dict):
        self.settings, self.jobs, self.runners = settings, jobs, runners
        self.sessions, self.throttle = Sessions(), Throttle()
        self.env = environment()

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
        folder = self.settings.data / kind / secrets.token_hex(8)
        folder.mkdir(parents=True)
        return folder

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

    def apply(self, rid: str, action, changes: dict, who: str) -> review.Reviewed:
        store = self.settings.store
        if action == "delete":
            return review.delete(store, rid, who)
        if action == "accept":
            return review.accept(store, rid, who)
        return review.correct(store, rid, changes, who)


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


def filters_from(request: Request, limit: int = PAGE_SIZE) -> tuple[review.Filters, dict]:
    """The review filters a page's or the API's query asks for, and the query to keep in links."""
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


def pledge_year(form) -> tuple[str | None, int | None]:
    pledge = str(form.get("pledge") or "").strip().lower() or None
    if pledge and not all(c in "0123456789abcdef" for c in pledge):
        raise ThiduaError("mã bản giao ước không hợp lệ; hãy chọn trong danh sách.")
    year = str(form.get("year") or "").strip()
    if year and not (year.isdigit() and len(year) == 4):
        raise ThiduaError(f"năm '{year}' không hợp lệ; viết 4 chữ số, ví dụ 2025.")
    return pledge, int(year) if year else None


def download(data: bytes, name: str) -> Response:
    return Response(data, media_type=_media(name), headers={"content-disposition": _disposition(name)})


def send_file(path: Path) -> Response:
    return FileResponse(path, media_type=_media(path.name), headers={"content-disposition": _disposition(path.name)})


_MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".pdf": "application/pdf", ".zip": "application/zip", ".csv": "text/csv; charset=utf-8",
          ".jsonl": "application/x-ndjson"}


def _media(name: str) -> str:
    return _MEDIA.get(Path(name).suffix.lower(), "application/octet-stream")


def _disposition(name: str) -> str:
    """A download's name: plain ASCII for old browsers, the Vietnamese name for the others."""
    ascii_name = vn.slug(Path(name).stem).replace("_", "-") + Path(name).suffix
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
