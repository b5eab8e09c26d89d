"""Where the program keeps its data: one root folder for database, catalog, logs and backups."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "ygclient"
HOME_ENV = "YGCLIENT_HOME"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None,
                     environ: Mapping[str, str] | None = None) -> Path:
    """``--data-dir`` first, then ``$YGCLIENT_HOME``, then the platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ if environ is None else environ
    if env.get(HOME_ENV):
        return Path(env[HOME_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def current_catalog_path(data_dir: Path) -> Path:
    """The catalog last downloaded from the central system (written by the sync engine)."""
    return data_dir / "catalog" / "current.json"


def attachments_dir(data_dir: Path) -> Path:
    """Evidence files and case materials, each named by its SHA-256 (see ygclient.evidence)."""
    return data_dir / "attachments"
