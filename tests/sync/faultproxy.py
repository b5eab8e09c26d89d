"""A reverse proxy on 127.0.0.1 that breaks the connection to ygcentral on purpose.

The client under test talks to the proxy; the proxy forwards each request to the real server
with httpx and answers with what the server said — unless a queued :class:`Fault` matches the
request (method and path prefix), in which case it drops the connection before or after
forwarding, answers 5xx/429 or an HTML page itself, or holds the answer back. With TLS it
presents the dev server certificate (or any other), so the client keeps verifying against a CA
it trusts; without TLS it is a plain HTTP port that answers a TLS handshake with ``400``, as
uvicorn and nginx do.
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import ssl
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx

from ygclient.sync import ssl_context

Action = Literal["pass", "drop_before", "drop_after", "answer", "delay", "stall", "rewrite"]

GATEWAY_PAGE = ("<!DOCTYPE html><html><head><title>{status}</title></head>"
                "<body><h1>{status}</h1><hr><p>nginx</p></body></html>")
PORTAL_PAGE = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>上网认证</title>"
               "</head><body><form>请输入手机号码登录后上网</form></body></html>")
# Never forwarded in either direction: they describe one hop, not the message.
_HOP_HEADERS = frozenset({"host", "connection", "keep-alive", "transfer-encoding",
                          "content-length", "content-encoding", "accept-encoding", "te",
                          "upgrade", "proxy-connection", "date", "server"})


@dataclass
class Fault:
    """What to do to the next ``times`` requests whose method and path match (-1: forever)."""

    method: str
    path: str  # a prefix of the request path
    action: Action
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    reset: bool = False  # drop with a TCP RST instead of a FIN
    transform: Callable[[bytes], bytes] | None = None  # "rewrite": the server's answer body
    times: int = 1
    applied: int = 0
    hit: threading.Event = field(default_factory=threading.Event)

    def matches(self, method: str, path: str) -> bool:
        return self.method.upper() == method and path.startswith(self.path) and (
            self.times < 0 or self.applied < self.times)


def passthrough(method: str, path: str, *, times: int = 1) -> Fault:
    """A placeholder: lets matching requests through (to aim a later fault at a later one)."""
    return Fault(method, path, "pass", times=times)


def drop_before(method: str, path: str, *, times: int = 1, reset: bool = False) -> Fault:
    """Close the connection without forwarding: the server never sees the request."""
    return Fault(method, path, "drop_before", times=times, reset=reset)


def drop_after(method: str, path: str, *, times: int = 1, reset: bool = False) -> Fault:
    """Forward, let the server commit, then close the connection without an answer."""
    return Fault(method, path, "drop_after", times=times, reset=reset)


def status(method: str, path: str, code: int, *, retry_after: str | None = None,
           times: int = 1) -> Fault:
    """Answer ``code`` with a gateway's HTML page, without forwarding."""
    headers = {"Content-Type": "text/html"} | ({"Retry-After": retry_after} if retry_after
                                               else {})
    reason = http.server.BaseHTTPRequestHandler.responses.get(code, ("",))[0]
    page = GATEWAY_PAGE.format(status=f"{code} {reason}")
    return Fault(method, path, "answer", status=code, headers=headers, body=page.encode(),
                 times=times)


def html_page(method: str, path: str, *, times: int = 1) -> Fault:
    """A captive portal's login page with status 200, without forwarding."""
    return Fault(method, path, "answer", status=200,
                 headers={"Content-Type": "text/html; charset=utf-8"},
                 body=PORTAL_PAGE.encode("utf-8"), times=times)


def json_answer(method: str, path: str, body: bytes, *, code: int = 200,
                times: int = 1) -> Fault:
    """A well-formed JSON answer that is not the server's, without forwarding."""
    return Fault(method, path, "answer", status=code,
                 headers={"Content-Type": "application/json"}, body=body, times=times)


def rewrite(method: str, path: str, transform: Callable[[bytes], bytes], *,
            times: int = 1) -> Fault:
    """Forward, then change the body of the server's answer before passing it on."""
    return Fault(method, path, "rewrite", transform=transform, times=times)


def delay(method: str, path: str, seconds: float, *, times: int = 1) -> Fault:
    """Forward (the server commits), then hold the answer back ``seconds`` (until close)."""
    return Fault(method, path, "delay", seconds=seconds, times=times)


def stall(method: str, path: str, seconds: float, *, times: int = 1) -> Fault:
    """Hold the request ``seconds`` (until close) without forwarding, then drop it."""
    return Fault(method, path, "stall", seconds=seconds, times=times)


@dataclass(frozen=True)
class Seen:
    """One request the proxy received, and what it did with it."""

    method: str
    path: str
    at: float  # time.monotonic()
    action: Action
    status: int | None  # what the client was answered; None when dropped


class FaultProxy:
    """The proxy; ``url`` is what the client connects to. Close it (or use ``with``)."""

    def __init__(self, upstream: str, upstream_ca: Path | None, *,
                 cert: Path | None = None, key: Path | None = None) -> None:
        self.upstream = httpx.Client(base_url=upstream, verify=ssl_context(upstream_ca),
                                     timeout=30)
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.errors: list[str] = []  # failed handshakes and the like, for inspection
        self.connections = 0
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        context = None
        if cert is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(cert), str(key) if key else None)
        self.tls = context is not None
        self._server = _Server(self, context)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, name="faultproxy")
        self._thread.start()

    @classmethod
    def for_central(cls, central: Any) -> FaultProxy:
        """In front of a tests.sync.conftest.CentralServer, with its dev certificate."""
        tls = central.data_dir / "tls"
        return cls(central.url, central.ca_file, cert=tls / "server.pem",
                   key=tls / "server-key.pem")

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def add(self, *faults: Fault) -> Fault:
        """Queue faults (matched in order); returns the last, whose ``hit`` can be awaited."""
        with self.lock:
            self.faults.extend(faults)
        return faults[-1]

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()

    def requests(self, method: str | None = None, path: str = "") -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if (method is None or s.method == method)
                    and s.path.startswith(path)]

    def close(self) -> None:
        self.stopping.set()  # held answers give up now
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()  # joins the handler threads
        self._thread.join()
        self.upstream.close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- used by the handler threads ---------------------------------------------------------

    def _take(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.applied += 1
                    return fault
        return None

    def _note(self, method: str, path: str, at: float, action: Action,
              answered: int | None) -> None:
        with self.lock:
            self.seen.append(Seen(method, path, at, action, answered))


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins them: nothing outlives the test
    block_on_close = True

    def __init__(self, proxy: FaultProxy, context: ssl.SSLContext | None) -> None:
        self.proxy = proxy
        self.context = context
        self.live: set[socket.socket] = set()
        self.resets: set[socket.socket] = set()
        super().__init__(("127.0.0.1", 0), _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        with self.proxy.lock:
            self.proxy.connections += 1
        if self.context is not None:  # the handshake happens in the handler's thread
            sock = self.context.wrap_socket(sock, server_side=True,
                                            do_handshake_on_connect=False)
        with self.proxy.lock:
            self.live.add(sock)
        return sock, address

    def shutdown_request(self, request: Any) -> None:
        with self.proxy.lock:
            self.live.discard(request)
            reset = request in self.resets
            self.resets.discard(request)
        with contextlib.suppress(OSError):
            if reset:  # no FIN first: close() with SO_LINGER 0 sends only the RST
                self.close_request(request)
            else:
                super().shutdown_request(request)

    def close_connections(self) -> None:
        """Wake handler threads waiting on idle keep-alive connections."""
        with self.proxy.lock:
            live = list(self.live)
        for sock in live:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        with self.proxy.lock:
            self.proxy.errors.append(f"{type(error).__name__}: {error}")


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as between httpx and uvicorn
    timeout = 10
    server: _Server

    def setup(self) -> None:
        self.request.settimeout(self.timeout)
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        super().setup()

    def handle(self) -> None:
        if not self.server.proxy.tls:
            first = self.request.recv(1, socket.MSG_PEEK)
            if first == b"\x16":  # a TLS ClientHello sent to plain HTTP
                self.request.recv(65536)  # read it: closing with unread data would reset
                self.wfile.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
                return
        super().handle()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: pytest shows what matters

    def do_GET(self) -> None:
        self._proxy()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def _proxy(self) -> None:
        proxy = self.server.proxy
        method, path, at = self.command, self.path, time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = proxy._take(method, path.split("?")[0])
        action: Action = fault.action if fault else "pass"
        if fault is not None and action == "answer":
            fault.hit.set()
            proxy._note(method, path, at, action, fault.status)
            self._answer(fault.status, list(fault.headers.items()), fault.body)
            return
        if fault is not None and action in ("drop_before", "stall"):
            proxy._note(method, path, at, action, None)
            fault.hit.set()
            if action == "stall":
                proxy.stopping.wait(fault.seconds)
            self._drop(fault.reset)
            return
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS]
        try:
            response = proxy.upstream.request(method, path, headers=headers, content=body)
        except httpx.TransportError:
            proxy._note(method, path, at, action, 502)
            page = GATEWAY_PAGE.format(status="502 Bad Gateway").encode()
            self._answer(502, [("Content-Type", "text/html")], page)
            return
        dropped = action == "drop_after"
        proxy._note(method, path, at, action, None if dropped else response.status_code)
        if fault is not None:
            fault.hit.set()  # the server has answered (and committed)
        if dropped:
            self._drop(bool(fault and fault.reset))
            return
        if fault is not None and action == "delay":
            proxy.stopping.wait(fault.seconds)  # the client is still waiting
        kept = [(k, v) for k, v in response.headers.multi_items()
                if k.lower() not in _HOP_HEADERS]
        content = response.content
        if fault is not None and fault.transform is not None:
            content = fault.transform(content)
        self._answer(response.status_code, kept, content)

    def _answer(self, code: int, headers: list[tuple[str, str]], body: bytes) -> None:
        try:
            self.send_response(code)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and code not in (204, 304):
                self.wfile.write(body)
            self.wfile.flush()
        except OSError:  # the client gave up (a read timeout): that is the point
            self.close_connection = True

    def _drop(self, reset: bool) -> None:
        """Close without answering: a FIN (the server hung up), or an RST (a middlebox)."""
        self.close_connection = True
        if reset:
            with contextlib.suppress(OSError):
                self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                        struct.pack("ii", 1, 0))
                with self.server.proxy.lock:
                    self.server.resets.add(self.request)

