"""Evidence files (证明材料) for objection answers, and the rules both sides apply to them.

Files are content-addressed: kept as ``<folder>/<sha256>`` and referred to by their SHA-256,
so adding the same file twice, or uploading it again after an interrupted sync, changes
nothing. The type is judged by the content, never by the name. ``ygcentral`` imports the same
limits, so a file the client accepts is a file the centre accepts.

With the data folder's key (``Store.key``) a kept file is encrypted at rest (AES-256-GCM,
:func:`ygclient.store.keys.seal`) and still named by the SHA-256 of its plaintext;
:func:`read_evidence` gives the plaintext back. Without a key (an explicit database URL)
files are kept as they are.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ygclient.oserror import os_reason

if TYPE_CHECKING:
    from ygclient.store.keys import DatabaseKey

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


def add_evidence(folder: Path, source: Path, key: DatabaseKey | None = None) -> Evidence:
    """Check ``source`` and keep a copy as ``folder/<sha256>`` (written atomically,
    encrypted with ``key`` when given)."""
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise EvidenceError(f"无法读取证明材料“{source}”：{os_reason(exc)}") from None
    check_size(size, source.name)  # refused before reading 2 GB into memory
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"无法读取证明材料“{source}”：{os_reason(exc)}") from None
    kind = check(data, source.name)
    digest = hashlib.sha256(data).hexdigest()
    if not _intact(folder / digest, digest, key):
        _write(folder, digest, data, key)
    return Evidence(digest, source.name, len(data), kind)


def read_evidence(folder: Path, sha256: str, key: DatabaseKey | None = None) -> bytes:
    """The plaintext of a kept file, checked against its name; EvidenceError when it is
    missing, damaged or cannot be decrypted with ``key``."""
    from ygclient.store.keys import KeyAccessError, is_sealed, unseal

    try:
        data = (folder / sha256).read_bytes()
    except OSError as exc:
        raise EvidenceError(f"本机没有证明材料 {sha256[:12]}…：{os_reason(exc)}") from None
    if is_sealed(data):
        if key is None:
            raise EvidenceError(f"证明材料 {sha256[:12]}… 已加密，需要本机的数据密钥才能读取")
        try:
            data = unseal(key, data, name=sha256)
        except KeyAccessError as exc:
            raise EvidenceError(str(exc)) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceError(f"本机保存的证明材料 {sha256[:12]}… 已损坏，请重新添加该文件")
    return data


def seal_folder(folder: Path, key: DatabaseKey) -> int:
    """Encrypt the files of ``folder`` still kept in clear (from before encryption)."""
    from ygclient.store.db import shred

    if not folder.is_dir():
        return 0
    for leftover in folder.glob(".plain-*"):  # from a run stopped half-way through this
        sealed = folder / leftover.name.removeprefix(".plain-")
        if not sealed.exists():
            os.replace(leftover, sealed)  # the only copy: sealed below
        elif _header_sealed(sealed):
            shred(leftover)
        else:
            leftover.unlink()  # a second name of the file still in clear
    done = 0
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".incoming-") and path.is_file():
            if time.time() - path.stat().st_mtime > 600:  # not a write going on right now
                shred(path)  # an interrupted write
            continue
        if len(path.name) != 64 or not path.is_file():
            continue
        if _header_sealed(path):  # every start: the header tells, not the whole file
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() == path.name:
            backup = path.with_name(".plain-" + path.name)
            backup.unlink(missing_ok=True)
            try:  # the clear copy goes only once the sealed one is in place
                os.link(path, backup)
            except OSError:  # no hard links here (FAT)
                backup.write_bytes(data)
            _write(folder, path.name, data, key)
            shred(backup)
            done += 1
    return done


def _header_sealed(path: Path) -> bool:
    from ygclient.store.keys import SEALED_MAGIC, is_sealed

    with path.open("rb") as handle:
        return is_sealed(handle.read(len(SEALED_MAGIC)))


def _intact(target: Path, digest: str, key: DatabaseKey | None) -> bool:
    if not target.is_file():
        return False
    try:
        from ygclient.store.keys import is_sealed

        data = target.read_bytes()
        if key is not None and not is_sealed(data):
            return False  # kept in clear: write it again, encrypted
        return bool(read_evidence(target.parent, digest, key))
    except (EvidenceError, OSError):
        return False


def _write(folder: Path, digest: str, data: bytes, key: DatabaseKey | None) -> Path:
    from ygclient.store.keys import seal

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / digest
    content = seal(key, data, name=digest) if key is not None else data
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def keep_downloaded(folder: Path, sha256: str, data: bytes,
                    key: DatabaseKey | None = None) -> Path:
    """Store a file fetched from the centre after checking it is what was asked for."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceError(f"下载的材料 {sha256[:12]}… 校验失败")
    return _write(folder, sha256, data, key)
