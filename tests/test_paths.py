"""The data folder: --data-dir, then $YGCLIENT_HOME, then the platform default."""

from __future__ import annotations

from pathlib import Path

from ygclient.paths import resolve_data_dir


def test_explicit_folder_wins(tmp_path: Path) -> None:
    env = {"YGCLIENT_HOME": str(tmp_path / "b")}
    assert resolve_data_dir(tmp_path / "a", env) == tmp_path / "a"


def test_environment_next(tmp_path: Path) -> None:
    assert resolve_data_dir(None, {"YGCLIENT_HOME": str(tmp_path / "b")}) == tmp_path / "b"


def test_platform_default_last() -> None:
    default = resolve_data_dir(None, {})
    assert default.name == "ygclient"
    assert default.is_absolute()
