"""The web application: the routes of the pages and of `/api/`, over one data folder.

`build` wires the handlers (`pages.Pages`, `api.Api`, both on `base.Base`) to their paths,
starts one runner thread per kind of job and puts `guard.Guard` in front of everything
(docs/design.md, *Web*).
"""
from __future__ import annotations

import multiprocessing
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import work
from .api import Api
from .base import HERE, Settings
from .guard import Guard, too_large
from .jobs import Jobs
from .pages import Pages
from .uploads import TooLarge

__all__ = ["Settings", "build"]


class Views(Pages, Api):
    """Every handler, sharing one `Base`."""


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
