"""The installer bundle (build_installer.spec), built into a temporary folder and run from there
the way an agency PC runs it: no Python on PATH, no PYTHONPATH, a fresh home folder, started
from another folder. Slow (the build takes a minute or more) but part of `make test`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ygclient import __version__

ROOT = Path(__file__).resolve().parent.parent
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
BUILD_TIMEOUT_S = 1800
RUN_TIMEOUT_S = 180

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """dist/ygclient/ of a fresh build (removed afterwards: it is about 230 MB)."""
    if not list((ROOT / "resources" / "i18n").glob("*.qm")):
        pytest.fail("resources/i18n/*.qm missing: run `make venv` (or make test) first")
    build = tmp_path_factory.mktemp("installer")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(build / "dist"), "--workpath", str(build / "work"),
         str(ROOT / "build_installer.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    try:
        yield build / "dist" / "ygclient"
    finally:
        shutil.rmtree(build, ignore_errors=True)


def clean_env(home: Path) -> dict[str, str]:
    """What a user's session has: a PATH without our venv, a home folder, nothing of ours."""
    home.mkdir(parents=True, exist_ok=True)
    env = {"HOME": str(home), "LANG": "C.UTF-8", "PATH": os.defpath}
    if sys.platform == "win32":
        for name in ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP"):
            if name in os.environ:
                env[name] = os.environ[name]
        env |= {"USERPROFILE": str(home), "APPDATA": str(home / "Roaming"),
                "LOCALAPPDATA": str(home / "Local")}
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and \
            not os.environ.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(bundle: Path, tmp_path: Path, *argv: str,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir(exist_ok=True)
    return subprocess.run(
        [str(bundle / f"ygclient{EXE_SUFFIX}"), *argv], cwd=elsewhere,
        env=env or clean_env(tmp_path / "home"), capture_output=True, text=True,
        encoding="utf-8", timeout=RUN_TIMEOUT_S, check=False)


def test_version(bundle: Path, tmp_path: Path) -> None:
    result = run(bundle, tmp_path, "--version")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == f"ygclient {__version__}"


def test_self_check_passes_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    result = run(bundle, tmp_path, "self-check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"安装包 / bundle {bundle}" in result.stdout
    assert "失败" not in result.stdout
    assert result.stdout.count("正常 ok") == 8
    assert "自检通过" in result.stdout
    # The default data folder is in the (fresh) home folder, and self-check left it alone.
    assert str(tmp_path / "home") in result.stdout
    assert not (tmp_path / "home" / ".local" / "share" / "ygclient").exists()

    result = run(bundle, tmp_path, "self-check", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["ok"] is True
    migrated = next(s for s in report["steps"] if s["name"] == "database")
    assert "迁移到" in migrated["detail"]


def test_self_check_reports_a_failure_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[", encoding="utf-8")
    result = run(bundle, tmp_path, "--catalog", str(broken), "self-check")
    assert result.returncode == 1
    assert "失败 failed" in result.stdout and "自检未通过" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_portable_mode_keeps_data_next_to_the_program(bundle: Path, tmp_path: Path) -> None:
    marker, data = bundle / "portable.txt", bundle / "data"
    marker.write_text("", encoding="utf-8")
    env = clean_env(tmp_path / "home") | {"YGCLIENT_PASSPHRASE": "portable-test-passphrase"}
    try:
        result = run(bundle, tmp_path, "records", "list", env=env)
        assert result.returncode == 0, result.stderr
        assert (data / "ygclient.sqlite3").is_file()
        assert not (tmp_path / "home" / ".local" / "share" / "ygclient").exists()
        result = run(bundle, tmp_path, "self-check", env=env)
        assert f"{data}（便携模式 / portable）" in result.stdout
    finally:
        marker.unlink(missing_ok=True)
        shutil.rmtree(data, ignore_errors=True)
    result = run(bundle, tmp_path, "self-check", env=env)
    assert "便携模式" not in result.stdout


def test_bundle_layout(bundle: Path) -> None:
    """Resources and migrations as files; the unused parts of Qt and the dev tools left out."""
    internal = bundle / "_internal"
    for name in ("ygclient/resources/catalog/yangjiang-demo.json",
                 "ygclient/resources/i18n/ygclient_en.qm",
                 "ygclient/resources/icons/ygclient-256.png",
                 "ygclient/store/migrations/env.py",
                 "ygclient/store/migrations/script.py.mako",
                 "ygclient/store/migrations/versions/0001_initial.py"):
        assert (internal / name).is_file(), name
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("pytest", "hypothesis", "mypy", "tkinter", "QtQml.abi3.so",
                     "QtNetwork.abi3.so", "libqgtk3.so", "libqeglfs.so", "qtdeclarative_en.qm"):
        assert unwanted not in names, unwanted
    qt_translations = {p.name for p in internal.rglob("translations/*.qm")}
    assert "qtbase_zh_CN.qm" in qt_translations
    assert all(n.startswith(("qtbase_zh_CN.", "qtbase_en.", "qt_zh_CN.", "qt_en."))
               for n in qt_translations)
