"""Where the program keeps its data: one root folder for database, catalog, logs and backups."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "ygclient"
HOME_ENV = "YGCLIENT_HOME"
# Portable mode (installer bundle only): this file next to the executable keeps the data
# folder beside the program, e.g. on a USB stick or a shared folder.
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "data"

# The installed program's folder; set by the installer's runtime hook
# (tools/installer/rthook_ygclient.py), None when run from source or a wheel.
_program_dir: Path | None = None


def use_program_dir(folder: Path | None) -> None:
    """Record the folder the installed executable runs from (None: not an installed bundle)."""
    global _program_dir
    _program_dir = folder


def program_dir() -> Path | None:
    return _program_dir


def portable_data_dir(program: Path | None) -> Path | None:
    """``<program>/data`` when ``<program>/portable.txt`` exists, else None."""
    if program is None or not (program / PORTABLE_MARKER).is_file():
        return None
    return program / PORTABLE_DATA


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None,
                     environ: Mapping[str, str] | None = None,
                     program: Path | None = None) -> Path:
    """``--data-dir`` first, then ``$YGCLIENT_HOME``, then portable mode, then the platform's
    user data folder.

    ``program`` is the installed program's folder (default: the one the installer's runtime
    hook recorded); explicit choices beat the portable marker, so an administrator can still
    point a portable copy elsewhere.
    """
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ if environ is None else environ
    if env.get(HOME_ENV):
        return Path(env[HOME_ENV]).expanduser()
    portable = portable_data_dir(program if program is not None else _program_dir)
    if portable is not None:
        return portable
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def current_catalog_path(data_dir: Path) -> Path:
    """The catalog last downloaded from the central system (written by the sync engine)."""
    return data_dir / "catalog" / "current.json"


def attachments_dir(data_dir: Path) -> Path:
    """Evidence files and case materials, each named by its SHA-256 (see ygclient.evidence)."""
    return data_dir / "attachments"


def login_name() -> str:
    """The operating-system user, the default actor of the store; "unknown" where there is
    none (a container without a passwd entry)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
