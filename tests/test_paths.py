"""The data folder: --data-dir, then $YGCLIENT_HOME, then portable mode, then the platform
default."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from ygclient.paths import (
    PORTABLE_MARKER,
    portable_data_dir,
    program_dir,
    resolve_data_dir,
    use_program_dir,
)


def test_explicit_folder_wins(tmp_path: Path) -> None:
    env = {"YGCLIENT_HOME": str(tmp_path / "b")}
    assert resolve_data_dir(tmp_path / "a", env) == tmp_path / "a"


def test_environment_next(tmp_path: Path) -> None:
    assert resolve_data_dir(None, {"YGCLIENT_HOME": str(tmp_path / "b")}) == tmp_path / "b"


def test_platform_default_last() -> None:
    default = resolve_data_dir(None, {})
    assert default.name == "ygclient"
    assert default.is_absolute()


# --- portable mode (installer bundle: portable.txt next to the executable) ------------------

def test_portable_marker_puts_data_next_to_the_program(tmp_path: Path) -> None:
    program = tmp_path / "ygclient"
    program.mkdir()
    (program / PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert resolve_data_dir(None, {}, program) == program / "data"


def test_without_marker_the_platform_default_stays(tmp_path: Path) -> None:
    assert resolve_data_dir(None, {}, tmp_path) == resolve_data_dir(None, {})
    assert resolve_data_dir(None, {}, tmp_path).name == "ygclient"


def test_a_folder_named_like_the_marker_is_no_marker(tmp_path: Path) -> None:
    (tmp_path / PORTABLE_MARKER).mkdir()
    assert portable_data_dir(tmp_path) is None


def test_explicit_choices_beat_the_marker(tmp_path: Path) -> None:
    (tmp_path / PORTABLE_MARKER).touch()
    env = {"YGCLIENT_HOME": str(tmp_path / "home")}
    assert resolve_data_dir(None, env, tmp_path) == tmp_path / "home"
    assert resolve_data_dir(tmp_path / "flag", env, tmp_path) == tmp_path / "flag"


def test_program_folder_recorded_by_the_runtime_hook(tmp_path: Path) -> None:
    """The installer's runtime hook records the executable's folder; paths uses it by default."""
    hook = Path(__file__).resolve().parent.parent / "tools" / "installer" / "rthook_ygclient.py"
    assert program_dir() is None  # a source run is never portable
    try:
        runpy.run_path(str(hook))
        assert program_dir() == Path(sys.executable).resolve().parent
        use_program_dir(tmp_path)
        assert resolve_data_dir(None, {}) != tmp_path / "data"
        (tmp_path / PORTABLE_MARKER).touch()
        assert resolve_data_dir(None, {}) == tmp_path / "data"
    finally:
        use_program_dir(None)
