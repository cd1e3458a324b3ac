"""`thidua serve`: the office's year in a browser (docs/design.md, *Web*).

    from toolkit.web import Settings, build
    app = build(Settings(data=Path("du-lieu-thidua")))   # an ASGI application

`serve` checks the options, prints the address and the API token once, and runs the
application with uvicorn. Starlette and uvicorn were chosen for being small, well kept and
plain: server-rendered pages and a JSON API need routing, forms and files, not a framework's
ORM or admin.
"""
from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

from ..errors import ThiduaError
from .app import Settings, build
from .auth import hash_password, load_password_file

__all__ = ["Settings", "build", "check_host", "hash_password", "serve"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, password_file: Path | None) -> None:
    """Only the loopback may be served without a password."""
    if not is_loopback(host) and password_file is None:
        raise ThiduaError(f"máy chủ nghe trên '{host}' thì máy khác trong mạng cũng vào được: cần --password-file "
                          "(tệp chứa mật khẩu). Hoặc bỏ --host để chỉ dùng trên máy này (127.0.0.1).")


def _check_port(host: str, port: int) -> None:
    """A port another program holds is said in Vietnamese before the server tries it."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise ThiduaError(f"không mở được cổng {port} trên {host} ({exc.strerror}): có thể chương trình "
                              "khác (hoặc một thidua serve khác) đang dùng cổng này. Chọn cổng khác bằng --port.") from None


def _hold_data_folder(data: Path):
    """One server per data folder: its store has one writer. The lock goes with the process,
    so a server that was killed is started again without any cleaning up."""
    import fcntl

    data.mkdir(parents=True, exist_ok=True)
    handle = open(data / ".thidua-serve.lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ThiduaError("thư mục dữ liệu này đang được một thidua serve khác dùng; dừng máy chủ kia, "
                          "hoặc chọn thư mục khác bằng --data.", file=str(data)) from None
    return handle


def settings_for(host: str, data: Path, password_file: Path | None, max_upload_mb: int) -> Settings:
    check_host(host, password_file)
    hosts = {"127.0.0.1", "localhost", "[::1]", "::1"}
    if not is_loopback(host):
        hosts.add(host.lower())
        if host in ("0.0.0.0", "::"):
            hosts = {"*"}
    return Settings(data=data, max_upload_mb=max_upload_mb, secrets=load_password_file(password_file),
                    hosts=hosts)


def serve(settings: Settings, host: str, port: int, echo=print) -> None:
    import uvicorn

    _check_port(host, port)
    lock = _hold_data_folder(settings.data)  # noqa: F841 (held until the process ends)
    app = build(settings)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    echo(f"thidua đang chạy: mở http://{shown}:{port}/ trong trình duyệt. Dữ liệu: {settings.data}")
    if settings.secrets.password_hash is None:
        echo("Chỉ máy này vào được (không cần mật khẩu).")
    if not settings.secrets.token_from_file:
        echo(f"Mã truy cập API (chỉ in một lần): {settings.secrets.token}")
    echo("Dừng: Ctrl+C.")
    # Behind a TLS proxy on this machine (X-Forwarded-Proto from 127.0.0.1 only, uvicorn's
    # default), requests are https and the session cookie is `Secure`.
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
