"""The HTTPS client for the central system: TLS, timeouts, retries, problem details, tokens.

Only an explicit 2xx with a well-formed JSON body counts as success; a proxy's HTML page
with status 200 is an error. Connection errors, 5xx and 429 are retried with exponential
backoff and jitter (``Retry-After`` honoured); certificate problems are never retried and
say precisely what is wrong.
"""

from __future__ import annotations

import contextlib
import random
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from ygclient import __version__
from ygclient.jsontext import parse_compact
from ygclient.oserror import os_reason
from ygclient.progress import CancelToken

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class SyncError(Exception):
    """Something the user must know; ``str()`` is a Chinese message saying what to do."""


class NetworkError(SyncError):
    """The server could not be reached (after retries); nothing was lost."""


class TLSError(SyncError):
    """The connection is not trustworthy; never retried."""


class ServerError(SyncError):
    """The server answered with a problem (RFC 9457) or with something that is not JSON."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None,
                 problem: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.problem = status, code, dict(problem or {})


class AuthRequired(SyncError):
    """No valid session: the user must log in (again)."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 6
    base: float = 0.5  # seconds; doubles each attempt
    cap: float = 30.0
    retry_after_cap: float = 120.0


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect: float = 10.0
    read: float = 60.0
    write: float = 60.0
    pool: float = 10.0

    def httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write,
                             pool=self.pool)


def ssl_context(ca_file: str | Path | None = None, client_cert: str | Path | None = None,
                client_key: str | Path | None = None) -> ssl.SSLContext:
    """System trust plus an optional agency CA; an optional client certificate (mutual TLS)."""
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        if ca_file:
            context.load_verify_locations(cafile=str(ca_file))
        if client_cert:
            context.load_cert_chain(str(client_cert), str(client_key) if client_key else None)
    except (OSError, ssl.SSLError) as exc:
        which = "CA 证书" if ca_file and not client_cert else "证书"
        # An SSLError is an OSError too, but its errno is OpenSSL's, not the system's.
        reason = exc if isinstance(exc, ssl.SSLError) else os_reason(exc)
        raise TLSError(f"无法读取{which}文件：{reason}") from None
    return context


def check_server_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme != "https":
        raise TLSError(f"服务器地址“{url}”必须以 https:// 开头：报送数据只通过加密连接传输")
    if not parts.hostname:
        raise SyncError(f"服务器地址“{url}”无效，应形如 https://xyxx.yangjiang.gov.cn")
    return url.strip().rstrip("/")


class Tokens:
    """The access token (memory only) and how to get a new one."""

    def __init__(self) -> None:
        self.access: str | None = None
        self.refresher: Callable[[], str] | None = None  # returns a fresh access token


class CentralClient:
    """One connection pool to the central system, used by one thread."""

    def __init__(self, server: str, *, context: ssl.SSLContext | None = None,
                 timeouts: Timeouts | None = None, retry: RetryPolicy | None = None,
                 cancel: CancelToken | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.server = check_server_url(server)
        self.tokens = Tokens()
        self.retry = retry or RetryPolicy()
        self.cancel = cancel or CancelToken()
        self._sleep = sleep
        # verify is an SSLContext (httpx 0.28: never a CA path); trust_env: proxies from
        # the environment, as the agency's network requires.
        self.http = httpx.Client(base_url=self.server, verify=context or ssl_context(),
                                 timeout=(timeouts or Timeouts()).httpx(), trust_env=True,
                                 headers={"User-Agent": f"ygclient/{__version__}"})

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        """Send with retries; refresh the access token once on 401 (options: see _send)."""
        return self._send(method, path, **options)[0]

    def json(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        """:meth:`request`, and the answer's JSON object (the body is parsed once: checking
        that it is JSON already parsed it)."""
        response, data = self._send(method, path, **options)
        if not isinstance(data, dict):
            raise ServerError("服务器的答复格式不对（应为 JSON 对象）", response.status_code)
        return data

    def _send(self, method: str, path: str, *, json_body: Any = None,
              content: bytes | None = None, headers: Mapping[str, str] | None = None,
              auth: bool = True, ok: tuple[int, ...] = (200, 201),
              expect_json: bool = True) -> tuple[httpx.Response, Any]:
        """The response and, where JSON was expected and came, its parsed body (else None)."""
        refreshed = False
        attempt = 0
        while True:
            self.cancel.check()
            send_headers = dict(headers or {})
            if auth:
                if self.tokens.access is None:
                    self._refresh()
                    refreshed = True
                send_headers["Authorization"] = f"Bearer {self.tokens.access}"
            try:
                response = self.http.request(method, path, json=json_body, content=content,
                                             headers=send_headers)
            except httpx.TransportError as exc:
                tls = _tls_problem(exc, self.server)
                if tls is not None:
                    raise tls from None
                attempt += 1
                if attempt >= self.retry.attempts:
                    raise NetworkError(_network_message(exc, self.server)) from None
                self._backoff(attempt, None)
                continue
            if response.status_code == 401 and auth and not refreshed:
                self.tokens.access = None
                refreshed = True
                self._refresh()
                continue
            data = _json_of(response) if response.status_code in ok and expect_json else None
            if response.status_code in RETRY_STATUS or data is _NOT_JSON:
                attempt += 1
                if attempt >= self.retry.attempts:
                    raise _server_error(response)
                self._backoff(attempt, response.headers.get("Retry-After"))
                continue
            if response.status_code in ok or response.status_code == 304:
                return response, data
            if response.status_code == 401 and auth:
                raise AuthRequired("登录已过期，请重新登录") from None
            raise _server_error(response)

    def _refresh(self) -> None:
        if self.tokens.refresher is None:
            raise AuthRequired("需要登录：请运行 ygclient login（或在程序中重新登录）")
        self.tokens.access = self.tokens.refresher()

    def _backoff(self, attempt: int, retry_after: str | None) -> None:
        delay = min(self.retry.cap, self.retry.base * 2 ** (attempt - 1))
        delay = random.uniform(delay / 2, delay)  # jitter: clients do not retry in lockstep
        if retry_after:
            with contextlib.suppress(ValueError):  # an HTTP date: keep our own delay
                delay = max(delay, min(float(retry_after), self.retry.retry_after_cap))
        deadline = time.monotonic() + delay
        while True:  # sleep in slices so that cancelling does not wait for the backoff
            self.cancel.check()
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._sleep(min(left, 0.2))


_NOT_JSON = object()  # what _json_of gives for a body that is not a JSON object or array


def _json_of(response: httpx.Response) -> Any:
    """The body parsed, if it is declared JSON and is a JSON object or array; else _NOT_JSON."""
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ("application/json", "application/problem+json"):
        return _NOT_JSON
    try:
        data = parse_compact(response.content or b"null")  # strict JSON, and fast on a batch
    except ValueError:
        return _NOT_JSON
    return data if isinstance(data, dict | list) else _NOT_JSON


def _server_error(response: httpx.Response) -> ServerError:
    status = response.status_code
    problem = _json_of(response)
    if isinstance(problem, dict) and problem.get("detail"):
        return ServerError(str(problem["detail"]), status, problem.get("code"), problem)
    if 200 <= status < 300:
        return ServerError("服务器返回的不是预期的数据（可能是代理服务器或网关的网页），"
                           "请检查网络设置或稍后重试", status)
    if status == 429:
        return ServerError("服务器繁忙（请求过多），请稍后再同步", status)
    if status >= 500:
        return ServerError(f"市信用信息系统暂时不可用（HTTP {status}），请稍后再同步；"
                           "未发送的记录都已保留", status)
    return ServerError(f"服务器拒绝了请求（HTTP {status}）", status)


def _tls_problem(exc: httpx.TransportError, server: str) -> TLSError | None:
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, ssl.SSLError):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        return None
    host = urlsplit(server).hostname
    if isinstance(cause, ssl.SSLCertVerificationError):
        reason = cause.verify_message or str(cause)
        if "hostname" in reason.lower() or "ip address mismatch" in reason.lower():
            return TLSError(f"服务器证书与地址不符：证书不是为 {host} 签发的。请核对服务器地址；"
                            "如果地址无误，请联系市信用中心")
        if "expired" in reason.lower():
            return TLSError("服务器证书已过期，连接不安全，已停止。请联系市信用中心")
        return TLSError("服务器证书不受信任（签发机构未知），连接不安全，已停止。"
                        "请核对服务器地址，或用 --ca 指定单位提供的 CA 证书文件")
    text = str(cause).lower()
    if "wrong_version_number" in text or "record layer" in text or "http request" in text:
        return TLSError(f"{host} 的这个端口不是 HTTPS 服务（可能端口填错了），已停止")
    return TLSError(f"无法建立安全连接：{cause.reason or cause}")


def _network_message(exc: httpx.TransportError, server: str) -> str:
    host = urlsplit(server).hostname
    if isinstance(exc, httpx.TimeoutException):
        return f"连接 {host} 超时，请检查网络后重试；未发送的记录都已保留"
    if isinstance(exc, httpx.ConnectError):
        return f"无法连接到 {host}，请检查网络或服务器地址后重试；未发送的记录都已保留"
    return f"与 {host} 的连接中断，请稍后重试；未发送的记录都已保留"
