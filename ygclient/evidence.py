"""Evidence files (证明材料) for objection answers, and the rules both sides apply to them.

Files are content-addressed: kept as ``<folder>/<sha256>`` and referred to by their SHA-256,
so adding the same file twice, or uploading it again after an interrupted sync, changes
nothing. The type is judged by the content, never by the name. ``ygcentral`` imports the same
limits, so a file the client accepts is a file the centre accepts.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_OPINION_CHARS = 500  # the written opinion of a 无误 answer (platforms cap it around 500)
MEDIA_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
ALLOWED = "PDF、JPEG 或 PNG"


class EvidenceError(ValueError):
    """A file that cannot serve as evidence; the message (Chinese) names the file and why."""


@dataclass(frozen=True, slots=True)
class Evidence:
    sha256: str
    name: str
    size: int
    media_type: str

    def to_dict(self) -> dict[str, object]:
        return {"sha256": self.sha256, "name": self.name, "size": self.size,
                "media_type": self.media_type}


def media_type(data: bytes) -> str | None:
    """The media type by content, or None for anything but PDF, JPEG and PNG."""
    return next((media for magic, media in MEDIA_MAGIC if data.startswith(magic)), None)


def check_size(size: int, name: str) -> None:
    """EvidenceError for a file too big to send (checked before reading it)."""
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceError(f"证明材料“{name}”有 {size / 1024 / 1024:.1f} MB，"
                            f"每个文件不能超过 {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB")


def check(data: bytes, name: str) -> str:
    """The media type of acceptable evidence; EvidenceError otherwise."""
    if not data:
        raise EvidenceError(f"证明材料“{name}”是空文件")
    check_size(len(data), name)
    found = media_type(data)
    if found is None:
        raise EvidenceError(f"证明材料“{name}”不是 {ALLOWED} 文件（按文件内容判断，与扩展名无关）")
    return found


def add_evidence(folder: Path, source: Path) -> Evidence:
    """Check ``source`` and keep a copy as ``folder/<sha256>`` (written atomically)."""
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise EvidenceError(f"无法读取证明材料“{source}”：{exc.strerror or exc}") from None
    check_size(size, source.name)  # refused before reading 2 GB into memory
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"无法读取证明材料“{source}”：{exc.strerror or exc}") from None
    kind = check(data, source.name)
    digest = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / digest
    if not target.is_file() or hashlib.sha256(target.read_bytes()).hexdigest() != digest:
        handle, partial = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return Evidence(digest, source.name, len(data), kind)


def keep_downloaded(folder: Path, sha256: str, data: bytes) -> Path:
    """Store a file fetched from the centre after checking it is what was asked for."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceError(f"下载的材料 {sha256[:12]}… 校验失败")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / sha256
    partial = folder / f".incoming-{sha256}"
    partial.write_bytes(data)
    os.replace(partial, target)
    return target
