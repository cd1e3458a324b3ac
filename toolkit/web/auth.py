"""Who may use the web page: the password, sessions, CSRF tokens, the API's bearer token.

The rules (docs/design.md, *Web*): without `--password-file` the server listens only on the
loopback; with it, a login page gives a session cookie (HttpOnly, SameSite=Strict, Secure
over TLS) and each session has a CSRF token every form POST and every API call made with the
cookie must carry. Scripts use the bearer token instead. Passwords are kept only as scrypt
hashes; failed logins are slowed down, more with each failure from the same address.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

from ..errors import ThiduaError

SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
SESSION_HOURS = 12
COOKIE = "thidua_phien"
MAX_SESSIONS = 10_000


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$SALT$HASH` (base64): what a password file may hold instead of the password."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(base64.b64decode(digest)), maxmem=2 ** 27)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


@dataclass
class Secrets:
    """What the password file gives: the password's hash and, when it names one, the API token."""

    password_hash: str | None = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    token_from_file: bool = False


def load_password_file(path: Path | None) -> Secrets:
    """Read `--password-file`: its first line is the password, or a `scrypt$…` hash of it; an
    optional line `token: VALUE` fixes the API token (otherwise a new one is printed at start)."""
    if path is None:
        return Secrets()
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    except OSError as exc:
        raise ThiduaError(f"không đọc được tệp mật khẩu ({exc.strerror}).", file=str(path)) from None
    token = next((line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("token:")), None)
    words = [line for line in lines if not line.lower().startswith("token:")]
    if not words:
        raise ThiduaError("tệp mật khẩu trống; dòng đầu phải là mật khẩu hoặc mã băm scrypt$… của nó.",
                          file=str(path))
    first = words[0]
    if first.startswith("scrypt$"):
        if first.count("$") != 5:
            raise ThiduaError("mã băm mật khẩu không đúng dạng scrypt$N$r$p$SALT$HASH; tạo lại bằng "
                              "`thidua serve --hash-password`.", file=str(path))
        stored = first
    else:
        if len(first) < 8:
            raise ThiduaError("mật khẩu quá ngắn; cần ít nhất 8 ký tự.", file=str(path))
        stored = hash_password(first)  # the plain password is hashed at once and not kept
    if token is not None and len(token) < 16:
        raise ThiduaError("mã truy cập API (dòng token:) quá ngắn; cần ít nhất 16 ký tự.", file=str(path))
    return Secrets(stored, token or secrets.token_urlsafe(24), token is not None)


@dataclass
class Session:
    who: str
    csrf: str
    expires: float


class Sessions:
    """Sessions in memory, keyed by a hash of the cookie's value (a restart logs everyone out)."""

    def __init__(self) -> None:
        self._by_key: dict[str, Session] = {}
        self._lock = Lock()

    def start(self, who: str) -> tuple[str, Session]:
        cookie = secrets.token_urlsafe(32)
        session = Session(who, secrets.token_urlsafe(32), time.time() + SESSION_HOURS * 3600)
        with self._lock:
            if len(self._by_key) >= MAX_SESSIONS:  # scripts that never keep a cookie must not fill memory
                now = time.time()
                live = sorted(((k, s) for k, s in self._by_key.items() if s.expires > now), key=lambda i: i[1].expires)
                self._by_key = dict(live[len(live) // 2:] if len(live) >= MAX_SESSIONS // 2 else live)
            self._by_key[_key(cookie)] = session
        return cookie, session

    def get(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        with self._lock:
            session = self._by_key.get(_key(cookie))
            if session and session.expires < time.time():
                del self._by_key[_key(cookie)]
                return None
        return session

    def end(self, cookie: str | None) -> None:
        if cookie:
            with self._lock:
                self._by_key.pop(_key(cookie), None)


def _key(cookie: str) -> str:
    return hashlib.sha256(cookie.encode()).hexdigest()


class Throttle:
    """Failed logins from one address wait longer each time: 0.5 s, 1 s, 2 s … up to 8 s."""

    def __init__(self) -> None:
        self._failures: dict[str, int] = {}
        self._lock = Lock()

    def delay(self, address: str) -> float:
        with self._lock:
            count = self._failures.get(address, 0)
        return min(8.0, 0.5 * 2 ** (count - 1)) if count else 0.0

    def failed(self, address: str) -> None:
        with self._lock:
            self._failures[address] = self._failures.get(address, 0) + 1

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())
