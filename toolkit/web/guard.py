"""The ASGI layer in front of every request: host, size limit, who is asking, security headers.

Order matters and is read top to bottom in `Guard.__call__`: a request for a host name we
do not serve is refused (a web page elsewhere cannot reach the loopback server by DNS
rebinding); a body larger than `--max-upload-mb` is refused with 413 before it is read, or
as soon as it grows past the limit; then the caller is known by the session cookie or the
API's bearer token, and every response carries a strict Content-Security-Policy.
"""
from __future__ import annotations

from dataclasses import dataclass
import unicodedata
from urllib.parse import unquote, urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from .auth import COOKIE, Secrets, Session, Sessions, same_token
from .uploads import TooLarge

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
           (b"cross-origin-opener-policy", b"same-origin")]
OPEN_PATHS = ("/dang-nhap", "/static/")
ANONYMOUS = "người dùng trên máy này"


@dataclass
class Caller:
    """Who made a request and how: `cookie` (a browser's session), `bearer` (a script's
    token) or `open` (a script on the loopback of a server without a password)."""

    how: str
    who: str
    session: Session | None = None
    cookie: str | None = None  # a new session's cookie to set on the response


class Guard:
    def __init__(self, app, *, secrets: Secrets, sessions: Sessions, hosts: set[str], max_bytes: int):
        self.app, self.secrets, self.sessions = app, secrets, sessions
        self.hosts, self.max_bytes = hosts, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        api = scope["path"].startswith("/api/")
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if "*" not in self.hosts and host not in self.hosts:
            return await _plain(400, "Tên máy không hợp lệ cho máy chủ này.", api)(scope, receive, send)
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            return await too_large(self.max_bytes, api)(scope, receive, send)
        caller = self._caller(request, api)
        if isinstance(caller, Response):
            return await _with_headers(caller)(scope, receive, send)
        scope.setdefault("state", {})["caller"] = caller
        receive = _limited(receive, self.max_bytes)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(HEADERS)]
                headers += HEADERS
                if caller.cookie:
                    headers.append((b"set-cookie", _cookie(caller.cookie, request).encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)  # `TooLarge` is the app's to answer (413)

    def _caller(self, request: Request, api: bool) -> Caller | Response:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            if same_token(auth[7:].strip(), self.secrets.token):
                return Caller("bearer", _user(request) or "API")
            return _plain(401, "Mã truy cập API không đúng.", True)
        cookie = request.cookies.get(COOKIE)
        session = self.sessions.get(cookie)
        if session is not None:
            if request.method not in ("GET", "HEAD") and api and not same_token(
                    request.headers.get("x-csrf-token"), session.csrf):
                return _plain(403, "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang.", True)
            return Caller("cookie", session.who, session)
        if request.url.path.startswith(OPEN_PATHS):
            return Caller("none", "")
        if self.secrets.password_hash is None:
            origin = request.headers.get("origin")
            if api and (origin is None or _same_origin(origin, request)):
                return Caller("open", _user(request) or ANONYMOUS)
            if not api:  # a browser on this machine: a session of its own, for the CSRF token
                new, session = self.sessions.start(ANONYMOUS)
                return Caller("cookie", session.who, session, cookie=new)
            return _plain(403, "Yêu cầu từ trang web khác bị từ chối.", True)
        if api:
            return _plain(401, "Cần đăng nhập hoặc mã truy cập API (Authorization: Bearer …).", True)
        return RedirectResponse("/dang-nhap", status_code=303)


def _user(request: Request) -> str:
    """A script's `X-Thidua-User`: a name percent-encoded as UTF-8 (headers cannot carry
    Vietnamese letters), e.g. `Nguy%E1%BB%85n%20Th%E1%BB%8B%20Hoa`."""
    name = " ".join(unquote(request.headers.get("x-thidua-user", "")).split())[:80]
    return unicodedata.normalize("NFC", name)


def _same_origin(origin: str, request: Request) -> bool:
    parts = urlsplit(origin)
    return parts.netloc.lower() == (request.headers.get("host") or "").lower()


def _cookie(value: str, request: Request) -> str:
    secure = "; Secure" if request.url.scheme == "https" else ""
    return f"{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict{secure}"


def set_session_cookie(response: Response, value: str, request: Request) -> None:
    response.raw_headers.append((b"set-cookie", _cookie(value, request).encode("latin-1")))


def _limited(receive, limit: int):
    """`receive` that raises `TooLarge` once the body passes the limit (no Content-Length, or a false one)."""
    seen = 0

    async def inner():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge(f"dữ liệu gửi lên vượt giới hạn {limit // (1 << 20)} MB.")
        return message
    return inner


def too_large(limit: int, api: bool) -> Response:
    return _plain(413, f"Tệp tải lên quá lớn: giới hạn {limit // (1 << 20)} MB mỗi lần. Hãy chia thành nhiều "
                       "lần tải, hoặc chạy máy chủ với --max-upload-mb lớn hơn.", api)


def _plain(status: int, message: str, api: bool) -> Response:
    if api:
        return _with_headers(JSONResponse({"error": message}, status_code=status))
    body = (f"<!doctype html><html lang=vi><meta charset=utf-8><title>thidua</title>"
            f"<link rel=stylesheet href=/static/app.css><main class=page><p class=error>{_escape(message)}</p>"
            f"<p><a href=/>Về trang đầu</a></p></main></html>")
    return _with_headers(HTMLResponse(body, status_code=status))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _with_headers(response: Response) -> Response:
    for name, value in HEADERS:
        response.headers[name.decode()] = value.decode()
    return response


def error_json(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def wants_json(headers: Headers) -> bool:
    return "application/json" in headers.get("accept", "")


__all__ = ["CSP", "Caller", "Guard", "error_json", "set_session_cookie", "too_large", "wants_json"]
