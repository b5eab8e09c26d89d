"""HTTP face of the central system: JSON over HTTPS under /api/v1, errors as RFC 9457 problems.

docs/protocol.md is the human contract; /openapi.json (generated from the models here) the
machine one.
"""

import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ygcentral import __version__
from ygcentral.service import MAX_ATTACHMENT, MAX_BATCH, Central, Principal, ProblemError
from ygclient.jsontext import compact_json, parse_compact

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("ygcentral")


class _StrictJsonRequest(Request):
    """A request whose JSON body is parsed by orjson: twice as fast as the standard library on
    a batch of 1,000 operations, and strict (NaN, Infinity and lone surrogates are not JSON).
    FastAPI answers a parse error as before: its error is a ``json.JSONDecodeError``."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_compact(await self.body())
        return self._json


class _StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return route


# --- models (they make /openapi.json say what the protocol is) ------------------------------

class Problem(BaseModel):
    type: str = Field(description="/problems/<code>")
    title: str
    status: int
    detail: str = Field(description="为用户准备的中文说明")
    code: str


class LoginRequest(BaseModel):
    agency: str = Field(description="信用信息提供单位的统一社会信用代码",
                        examples=["114417000070012332"])
    user: str
    password: str
    device: str = Field(description="客户端生成的设备标识（UUID），用于停用丢失的设备",
                        min_length=8, max_length=64)


class RefreshRequest(BaseModel):
    refresh_token: str


class Agency(BaseModel):
    code: str
    name: str


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    agency: Agency
    user: str


class AuditHead(BaseModel):
    seq: int
    hash: str


class OperationsRequest(BaseModel):
    audit_head: AuditHead | None = Field(
        None, description="客户端审计链的链头，中心据此发现本地篡改")
    operations: list[dict[str, Any]] = Field(
        description=f"至多 {MAX_BATCH} 个操作；每个操作的字段见 docs/protocol.md",
        max_length=MAX_BATCH)


class OperationResult(BaseModel):
    idempotency_key: str | None
    status: str = Field(description="accepted | rejected | duplicate | conflict | error")
    record_id: str | None = None
    revision_id: str | None = None
    record_state: str | None = None
    issues: list[dict[str, Any]] | None = None
    original: dict[str, Any] | None = Field(None, description="duplicate：原操作的答复")
    code: str | None = None
    message: str | None = None
    current_revision_id: str | None = None
    case_id: str | None = Field(None, description="答复核查通知的操作：案件编号")
    case_state: str | None = Field(None, description="referred | answered | closed …")
    extension: str | None = Field(None, description="申请延期：requested | granted")


class OperationsResponse(BaseModel):
    results: list[OperationResult]
    audit_head_ok: bool
    received_at: str


class FeedResponse(BaseModel):
    events: list[dict[str, Any]]
    next: str = Field(description="下次请求的 after 参数")
    more: bool


class AttachmentInfo(BaseModel):
    sha256: str
    size: int
    media_type: str


class Ok(BaseModel):
    ok: bool = True


# --- the app ----------------------------------------------------------------------------

def create_app(central: Central) -> FastAPI:
    app = FastAPI(title="ygcentral — 阳江市信用信息系统报送接口", version=__version__,
                  description="信用信息提供单位直接报送（《阳江市公共信用信息管理暂行办法》第十条）"
                              "所用的接口。详见 docs/protocol.md。")
    app.router.route_class = _StrictJsonRoute
    problems: dict[int | str, dict[str, Any]] = {401: {"model": Problem},
                                                  422: {"model": Problem}}

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        detail = f"请求内容不符合接口要求：{where} {first.get('msg', '')}"
        return problem_response(ProblemError(422, "malformed-request", "请求格式错误", detail))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(ProblemError(exc.status_code, "http-error", "请求无法处理",
                                             str(exc.detail)))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(ProblemError(500, "internal-error", "服务器内部错误",
                                             "市信用信息系统暂时无法处理请求，请稍后重试"))

    def principal(authorization: Annotated[str | None, Header()] = None) -> Principal:
        if not authorization or not authorization.startswith("Bearer "):
            raise ProblemError(401, "not-logged-in", "未登录", "请先登录",
                               headers={"WWW-Authenticate": "Bearer"})
        return central.authenticate(authorization[len("Bearer "):].strip())

    Auth = Annotated[Principal, Depends(principal)]

    @app.get("/api/v1/health", response_model=dict[str, str])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.post("/api/v1/session/login", response_model=TokenResponse,
              responses=problems | {423: {"model": Problem}})
    def login(body: LoginRequest) -> dict[str, Any]:
        return central.login(body.agency.strip().upper(), body.user, body.password, body.device)

    @app.post("/api/v1/session/refresh", response_model=TokenResponse, responses=problems)
    def refresh(body: RefreshRequest) -> dict[str, Any]:
        return central.refresh(body.refresh_token)

    @app.post("/api/v1/session/logout", response_model=Ok, responses=problems)
    def logout(who: Auth) -> dict[str, bool]:
        central.logout(who)
        return {"ok": True}

    @app.get("/api/v1/catalog", responses=problems | {304: {"description": "目录未变"}})
    def catalog(who: Auth, if_none_match: Annotated[str | None, Header()] = None) -> Response:
        etag, body = central.current_catalog()
        if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(content=body.encode("utf-8"), media_type="application/json",
                        headers={"ETag": etag, "Cache-Control": "no-cache"})

    @app.post("/api/v1/operations", response_model=OperationsResponse,
              responses=problems | {413: {"model": Problem}})
    def submit(who: Auth, body: OperationsRequest) -> Response:
        data = {"operations": body.operations,
                "audit_head": body.audit_head.model_dump() if body.audit_head else None}
        # Encoded directly: having the response model validate a thousand results again
        # cost more than writing the JSON. OperationsResponse still documents the shape, and
        # a contract test holds every kind of answer to it.
        return Response(content=compact_json(central.submit(who, data)),
                        media_type="application/json")

    @app.put("/api/v1/attachments/{sha256}", response_model=AttachmentInfo,
             responses=problems | {413: {"model": Problem}, 415: {"model": Problem}})
    async def put_attachment(sha256: str, request: Request, who: Auth,
                             response: Response) -> dict[str, Any]:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_ATTACHMENT:
            raise ProblemError(413, "attachment-too-large", "文件过大",
                               f"证明材料每个文件不超过 {MAX_ATTACHMENT // (1024 * 1024)} MB")
        created, info = central.put_attachment(who, sha256, await request.body())
        response.status_code = 201 if created else 200
        return info

    @app.head("/api/v1/attachments/{sha256}")
    def has_attachment(sha256: str, who: Auth) -> Response:
        # The ETag names the content, so that a gateway's blanket 200 is never taken for "have".
        if central.has_attachment(sha256):
            return Response(status_code=200, headers={"ETag": f'"{sha256.lower()}"'})
        return Response(status_code=404)

    @app.get("/api/v1/attachments/{sha256}", response_class=Response,
             responses=problems | {200: {"content": {"application/pdf": {}, "image/jpeg": {},
                                                     "image/png": {}},
                                         "description": "文件内容"},
                                   404: {"model": Problem}})
    def get_attachment(sha256: str, who: Auth) -> Response:
        data, media = central.get_attachment(who, sha256)
        return Response(content=data, media_type=media,
                        headers={"ETag": f'"{sha256.lower()}"', "Cache-Control": "private"})

    @app.get("/api/v1/feed", response_model=FeedResponse, responses=problems)
    def feed(who: Auth, after: str | None = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> dict[str, Any]:
        return central.feed(who, after, limit)

    return app


def problem_response(exc: ProblemError) -> JSONResponse:
    body = {"type": f"/problems/{exc.code}", "title": exc.title, "status": exc.status,
            "detail": exc.detail, "code": exc.code} | exc.extra
    return JSONResponse(body, status_code=exc.status, media_type=PROBLEM_TYPE,
                        headers=exc.headers)
