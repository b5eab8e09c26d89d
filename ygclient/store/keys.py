"""The data key: one random 256-bit key that encrypts the local database, attachments and
the automatic backups of a data folder.

Where it lives:

* ``keyring`` mode (a desktop with an OS keyring): the key is in the keyring, service
  ``ygclient-db``, user = the data folder's install id (a random UUID). A copy of the data
  folder on another machine or under another account finds no key there and cannot be opened.
* ``passphrase`` mode (no keyring, e.g. a headless Linux box): the key is wrapped with
  AES-256-GCM under a key derived from the clerk's passphrase with scrypt; the wrapped key,
  salt, scrypt parameters and nonce are in ``DATA_DIR/db-key.json`` — nothing secret in clear.

``db-key.json`` exists in both modes (install id, mode, and in passphrase mode the wrapped
key); it is written once, atomically, and never replaced while a database exists.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ygclient.oserror import os_reason
from ygclient.store.errors import StoreError

KEY_FILE = "db-key.json"
KEYRING_SERVICE = "ygclient-db"
FORMAT = "ygclient-db-key/1"
PASSPHRASE_ENV = "YGCLIENT_PASSPHRASE"
KEY_BYTES = 32
MIN_PASSPHRASE = 8
# scrypt N=2**17, r=8, p=1: about 0.3 s and 128 MiB per guess on the reference machine.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
_SCRYPT_MAXMEM = 512 * 1024 * 1024

Need = Literal["new", "existing"]


class KeyAccessError(StoreError):
    """The data key could not be obtained; nothing was opened or changed."""


class PassphraseRequired(KeyAccessError):
    """A passphrase is needed: ``new`` (choose one: first start without a keyring) or
    ``existing`` (type the one chosen at first start)."""

    def __init__(self, message: str, need: Need) -> None:
        super().__init__(message)
        self.need: Need = need


class WrongPassphraseError(KeyAccessError):
    """The passphrase does not unwrap the data key."""


class KeyUnavailableError(KeyAccessError):
    """The key should be in the OS keyring but is not (another machine or account)."""


class WrongKeyError(KeyAccessError):
    """The database cannot be read with the data key (a copied or foreign file)."""


@dataclass(frozen=True, slots=True)
class DatabaseKey:
    """The raw data key; never printed (``repr`` hides it)."""

    raw: bytes = field(repr=False)
    mode: str = "keyring"  # keyring | passphrase
    install_id: str = ""

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError("data key must be 32 bytes")

    @property
    def sqlcipher(self) -> str:
        """The key as SQLCipher takes a raw key (no PBKDF2 on every connection)."""
        return f"x'{self.raw.hex()}'"

    def subkey(self, purpose: str) -> bytes:
        """A key for another use (attachments), independent of the database key."""
        return hashlib.sha256(b"ygclient/" + purpose.encode() + b"/" + self.raw).digest()


def key_file(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE


def passphrase_needed(data_dir: Path) -> Need | None:
    """What the GUI must ask before opening: None (keyring holds the key), "new" or "existing"."""
    info = _read_info(data_dir)
    if info is None:
        return None if keyring_available() else "new"
    return "existing" if info.get("mode") == "passphrase" else None


def database_key(data_dir: Path, passphrase: str | None = None, *,
                 create: bool = True) -> DatabaseKey:
    """The data folder's key: from the keyring, or unwrapped with ``passphrase``.

    On first start (no key file) a new key is made when ``create`` — kept in the keyring
    when there is one, else wrapped with ``passphrase``. ``passphrase=None`` falls back to
    the environment variable YGCLIENT_PASSPHRASE.
    """
    if passphrase is None:
        passphrase = os.environ.get(PASSPHRASE_ENV) or None
    info = _read_info(data_dir)
    if info is None:
        if not create:
            raise KeyUnavailableError(
                f"数据文件夹 {data_dir} 中没有数据库密钥文件 {KEY_FILE}，无法解密其中的数据。"
                "请检查数据文件夹是否完整，或从备份恢复（ygclient restore）。")
        return _create(data_dir, passphrase)
    if info.get("mode") == "passphrase":
        if not passphrase:
            raise PassphraseRequired("本机数据已加密，请输入启用加密时设定的口令"
                                     f"（命令行也可用环境变量 {PASSPHRASE_ENV} 提供）",
                                     "existing")
        return _unwrap(info, passphrase)
    return _from_keyring(data_dir, info)


def _create(data_dir: Path, passphrase: str | None) -> DatabaseKey:
    raw = secrets.token_bytes(KEY_BYTES)
    install_id = str(uuid.uuid4())
    if keyring_available() and _keyring_set(install_id, raw):
        key = DatabaseKey(raw, "keyring", install_id)
        info: dict[str, Any] = {"format": FORMAT, "id": install_id, "created": _now(),
                                "mode": "keyring"}
    else:
        if not passphrase:
            raise PassphraseRequired(
                "本机没有系统密钥库，本地数据将用口令加密：请设定一个口令（至少 "
                f"{MIN_PASSPHRASE} 个字符），以后每次启动时输入（命令行也可用环境变量 "
                f"{PASSPHRASE_ENV} 提供）。口令遗失则数据无法恢复，请妥善保管。", "new")
        check_new_passphrase(passphrase)
        key = DatabaseKey(raw, "passphrase", install_id)
        info = passphrase_key_info(key, passphrase)
    if not _write_info(data_dir, info):
        # Another process (the app and a command started together) made the key first.
        return database_key(data_dir, passphrase, create=False)
    return key


def passphrase_key_info(key: DatabaseKey, passphrase: str) -> dict[str, Any]:
    """What the key file holds for ``key`` kept under ``passphrase`` (wrapped, never in clear)."""
    return ({"format": FORMAT, "id": key.install_id, "created": _now(), "mode": "passphrase"}
            | wrap(key.raw, passphrase, aad=_aad(key.install_id)))


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyAccessError(f"口令太短：至少需要 {MIN_PASSPHRASE} 个字符")


def wrap(raw: bytes, passphrase: str, *, aad: bytes) -> dict[str, Any]:
    """AES-256-GCM under scrypt(passphrase): the fields of a wrapped-key record."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {"kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
                    "salt": _b64(salt)},
            "cipher": "AES-256-GCM", "nonce": _b64(nonce),
            "wrapped": _b64(AESGCM(kek).encrypt(nonce, raw, aad))}


# Unwrapping costs a deliberate 0.3 s; one process (the app, a test run) pays it once per
# passphrase. The cache holds what the open database holds anyway: the key itself.
_unwrapped: dict[tuple[str, str], bytes] = {}


def _unwrap(info: dict[str, Any], passphrase: str) -> DatabaseKey:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        kdf = info["kdf"]
        salt = base64.b64decode(kdf["salt"])
        cache_key = (str(info["wrapped"]),
                     hashlib.sha256(salt + passphrase.encode("utf-8")).hexdigest())
        raw = _unwrapped.get(cache_key)
        if raw is None:
            if kdf.get("name") != "scrypt" or info.get("cipher") != "AES-256-GCM":
                raise ValueError("unknown scheme")
            kek = _scrypt(passphrase, salt, int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
            raw = AESGCM(kek).decrypt(base64.b64decode(info["nonce"]),
                                      base64.b64decode(info["wrapped"]),
                                      _aad(str(info["id"])))
            _unwrapped[cache_key] = raw
        return DatabaseKey(raw, "passphrase", str(info["id"]))
    except InvalidTag:
        raise WrongPassphraseError("口令不正确，无法解密本地数据（数据库没有任何改动）。"
                                   "请重新输入；忘记口令则只能从备份恢复。") from None
    except (KeyError, ValueError, TypeError):
        raise KeyAccessError(f"数据库密钥文件 {KEY_FILE} 已损坏或格式不对，无法解密本地数据"
                        "（数据库没有任何改动）。请从备份恢复（ygclient restore）。") from None


def _from_keyring(data_dir: Path, info: dict[str, Any]) -> DatabaseKey:
    install_id = str(info.get("id", ""))
    stored: str | None = None
    if keyring_available():
        import keyring

        try:
            stored = keyring.get_password(KEYRING_SERVICE, install_id)
        except Exception:  # noqa: BLE001 - a locked or broken keyring: say so below
            stored = None
    if not stored:
        raise KeyUnavailableError(
            f"系统密钥库中没有数据文件夹 {data_dir} 的数据库密钥，无法解密本地数据"
            "（数据库没有任何改动）。数据文件夹若是从另一台电脑或另一个系统账户复制来的，"
            "在这里无法打开：请用 ygclient restore 从有口令保护的备份恢复。")
    try:
        raw = bytes.fromhex(stored)
        return DatabaseKey(raw, "keyring", install_id)
    except ValueError:
        raise KeyUnavailableError("系统密钥库中的数据库密钥格式不对，无法解密本地数据"
                                  "（数据库没有任何改动）。") from None


def keyring_available() -> bool:
    """A real backend (not the fail or null one) is configured."""
    try:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001
        return False
    return not isinstance(backend, fail.Keyring | null.Keyring)


def _keyring_set(install_id: str, raw: bytes) -> bool:
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, install_id, raw.hex())
        return keyring.get_password(KEYRING_SERVICE, install_id) == raw.hex()
    except Exception:  # noqa: BLE001 - fall back to passphrase mode
        return False


def _read_info(data_dir: Path) -> dict[str, Any] | None:
    path = key_file(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyAccessError(f"无法读取数据库密钥文件 {path}：{os_reason(exc)}") from None
    try:
        info = json.loads(text)
    except ValueError:
        info = None
    if not isinstance(info, dict) or info.get("format") != FORMAT:
        raise KeyAccessError(f"数据库密钥文件 {path} 已损坏或格式不对，无法解密本地数据"
                        "（数据库没有任何改动）。请从备份恢复（ygclient restore）。")
    return info


def _write_info(data_dir: Path, info: dict[str, Any]) -> bool:
    """Write the key file once: False when another process wrote it first (never replaced,
    so that a database is never left with a key file that does not fit it)."""
    from ygclient.store.db import translate_errors

    path = key_file(data_dir)
    with translate_errors():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=f".{KEY_FILE}.", suffix=".partial",
                                       dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:  # mkstemp: mode 0600
                json.dump(info, out, ensure_ascii=False, indent=2)
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(partial, path)  # atomic and exclusive
            except FileExistsError:
                return False
            except OSError:  # no hard links (a FAT-formatted stick): exclusive create
                try:
                    with open(path, "x", encoding="utf-8") as out:
                        json.dump(info, out, ensure_ascii=False, indent=2)
                        out.flush()
                        os.fsync(out.fileno())
                except FileExistsError:
                    return False
        finally:
            with contextlib.suppress(OSError):
                os.unlink(partial)
    return True


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=_SCRYPT_MAXMEM)


def _aad(install_id: str) -> bytes:
    return f"{FORMAT}|{install_id}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- attachments ---------------------------------------------------------------------------

SEALED_MAGIC = b"YGCENC1\x00"


def seal(key: DatabaseKey, data: bytes, *, name: str) -> bytes:
    """AES-256-GCM of a local file; ``name`` (its SHA-256) is bound as associated data."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return SEALED_MAGIC + nonce + AESGCM(key.subkey("attachments")).encrypt(
        nonce, data, name.encode())


def is_sealed(data: bytes) -> bool:
    return data.startswith(SEALED_MAGIC)


def unseal(key: DatabaseKey, data: bytes, *, name: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(data):
        raise KeyAccessError(f"本地材料 {name[:12]}… 不是加密文件")
    body = data[len(SEALED_MAGIC):]
    try:
        return AESGCM(key.subkey("attachments")).decrypt(body[:12], body[12:], name.encode())
    except InvalidTag:
        raise WrongKeyError(f"本地材料 {name[:12]}… 无法用本机密钥解密（文件被改动或来自"
                            "另一台电脑）") from None
