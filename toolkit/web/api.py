"""`/api/`: the same steps as the pages, as JSON for scripts and for the pages' own script.

A script authenticates with the bearer token; a page's script with its session cookie and
the `X-CSRF-Token` header (docs/design.md, *Web*).
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import review
from ..errors import ThiduaError
from . import summaries, work
from .base import Base, filters_from, pledge_year, send_file
from .guard import error_json


class Api(Base):
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
        response = send_file(made.download)
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
        filters, _ = filters_from(request, limit=limit)
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
            pledge, year = pledge_year(form)
            made = await run_in_threadpool(summaries.summarize_store, self.settings.store,
                                           self.settings.data / "tong-hop", pledge=pledge, year=year)
        except ThiduaError as exc:
            return error_json(str(exc))
        wanted = summaries.REPORT if str(form.get("report") or "") in ("1", "true") else summaries.WORKBOOK
        return send_file(made.folder / wanted)
