"""``ygclient self-check``: every step is real, a broken part fails its step (exit 1), and the
report is lines of text or JSON, never a traceback. tests/test_installer.py runs it from the
installer bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ygclient.cli import main

STEPS = ["resources", "catalog", "database", "drivers", "validation", "workbook", "keyring",
         "qt"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def step_lines(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.startswith("  正常") or
            line.startswith("  失败")]


def test_every_step_passes_here(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run(capsys, "self-check")
    assert (code, err) == (0, "")
    lines = step_lines(out)
    assert len(lines) == len(STEPS)
    assert all(line.startswith("正常 ok") for line in lines), out
    for title in ("程序资源", "信用信息目录", "新建数据库", "校验示例记录", "模板工作簿",
                  "Qt 图形平台"):
        assert any(title in line for line in lines), title
    assert "迁移到 " in out and "平台 offscreen" in out
    assert "自检通过" in out
    # The user's data folder is reported, never written.
    assert f"数据文件夹 / data folder: {data_dir}" in out
    assert not data_dir.exists()


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "self-check", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True
    assert [s["name"] for s in report["steps"]] == STEPS
    assert all(s["ok"] and s["detail"] for s in report["steps"])


def test_a_broken_catalog_fails_its_step(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    broken = tmp_path / "catalog.json"
    broken.write_text('{"version": ', encoding="utf-8")
    code, out, err = run(capsys, "--catalog", str(broken), "self-check")
    assert code == 1
    assert err == ""
    assert "Traceback" not in out
    lines = step_lines(out)
    failed = [line for line in lines if line.startswith("失败 failed")]
    assert len(failed) == 1 and "信用信息目录" in failed[0] and "catalog.json" in failed[0]
    # The other steps still run: the database falls back to the bundled catalog.
    assert sum(line.startswith("正常 ok") for line in lines) == len(STEPS) - 1
    assert "自检未通过：1 项失败（信用信息目录）" in out

    code, out, _ = run(capsys, "--catalog", str(broken), "self-check", "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert [s["name"] for s in report["steps"] if not s["ok"]] == ["catalog"]


def test_qt_that_cannot_start_is_a_failed_step(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A Qt platform plugin that cannot load aborts its process: self-check survives it."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    code, out, _ = run(capsys, "self-check")
    assert code == 1
    qt = next(line for line in step_lines(out) if "Qt 图形平台" in line)
    assert qt.startswith("失败 failed") and "no-such-platform" in qt
    assert "Traceback" not in out


def test_probe_option_is_not_advertised(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["self-check", "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "--json" in out and "--qt-probe" not in out
