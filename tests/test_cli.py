"""The ygclient command line: output, exit codes, and one clear line for bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.catalog.records import penalty_for_company, penalty_for_person
from ygclient.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, data: Any) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def one_line_error(err: str) -> None:
    assert err.count("\n") == 1, err
    assert "Traceback" not in err


# --- catalog ---------------------------------------------------------------------------

def test_catalog_show_lists_items(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show")
    assert code == 0
    assert "阳江市公共信用信息目录（演示版）" in out
    assert any(line.split()[:2] == ["CF", "行政处罚信息"] for line in out.splitlines())


def test_catalog_show_item_lists_attributes_and_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show", "CF")
    assert code == 0
    for text in ("提供方", "开放属性", "依法公开", "公示期限", "3～36个月", "CF_NR_FK",
                 "罚款金额（万元）", "数值（万元）", "视情况"):
        assert text in out


def test_catalog_show_json_is_the_catalog_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "show", "XK", "--json")
    assert code == 0
    assert json.loads(out)["fields"][0]["name"] == "XK_XDR_MC"


def test_unknown_item(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "catalog", "show", "QQ")
    assert code == 2
    one_line_error(err)
    assert "没有代码为“QQ”的条目" in err


def test_catalog_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from importlib import resources

    demo = resources.files("ygclient.resources").joinpath("catalog/yangjiang-demo.json")
    data = json.loads(demo.read_text(encoding="utf-8"))
    code, out, _ = run(capsys, "catalog", "check", write(tmp_path / "ok.json", data))
    assert code == 0 and "目录有效" in out
    data["items"][1]["fields"][0]["type"] = "txt"
    code, _, err = run(capsys, "catalog", "check", write(tmp_path / "bad.json", data))
    assert code == 2
    one_line_error(err)
    assert "条目 XK（行政许可信息）" in err and "txt" in err
    data["items"][1]["fields"][0]["type"] = "string"
    data["items"][1]["fields"][0].setdefault("constraints", {})["maxLength"] = "abc"
    code, _, err = run(capsys, "catalog", "check", write(tmp_path / "bad.json", data))
    assert code == 2 and err.rstrip().endswith('实为 "abc"')  # the closing quote is kept


def test_downloaded_catalog_is_preferred(capsys: pytest.CaptureFixture[str],
                                         data_dir: Path) -> None:
    from importlib import resources

    demo = resources.files("ygclient.resources").joinpath("catalog/yangjiang-demo.json")
    data = json.loads(demo.read_text(encoding="utf-8"))
    data["version"] = "2027.01"
    (data_dir / "catalog").mkdir(parents=True)
    write(data_dir / "catalog" / "current.json", data)
    code, out, _ = run(capsys, "catalog", "show")
    assert code == 0 and "版本 2027.01" in out


# --- validate --------------------------------------------------------------------------------

def test_validate_valid_records(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", [penalty_for_company(), penalty_for_person()])
    code, out, _ = run(capsys, "validate", "--item", "CF", path)
    assert code == 0
    assert "共 2 条记录：2 条有效，0 条无效" in out


def test_validate_invalid_record_exit_1_without_echoing_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = penalty_for_person() | {"CF_XDR_ZJHM": "441702199506151232"}
    code, out, _ = run(capsys, "validate", "--item", "CF", write(tmp_path / "r.json", bad))
    assert code == 1
    assert "记录 1：无效（1 个错误）" in out
    assert "「证件号码」校验位错误：应为 1，实为 2" in out
    assert "441702199506151232" not in out


def test_validate_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    records = [penalty_for_company(), {"CF_WSH": "x"}, "not a record"]
    code, out, _ = run(capsys, "validate", "--item", "CF", "--json",
                       write(tmp_path / "r.json", records))
    assert code == 1
    results = json.loads(out)
    assert [r["index"] for r in results] == [0, 1, 2]
    assert [r["valid"] for r in results] == [True, False, False]
    assert set(results[1]["issues"][0]) == {"field", "code", "severity", "message"}
    assert results[0]["normalized"]["CF_CFLB"] == ["警告", "罚款"]
    assert results[2]["issues"][0]["code"] == "record_type"


def test_validate_from_stdin(capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    data = json.dumps(penalty_for_company(), ensure_ascii=False).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "validate", "--item", "CF", "-")
    assert code == 0 and "记录 1：有效" in out


@pytest.mark.parametrize(("content", "fragment"), [
    (b"{not json", "不是有效的 JSON：第 1 行第 2 列，属性名应使用双引号"),
    ("{\"CF_WSH\": \"阳江\"}".encode("gbk"), "不是 UTF-8 编码"),
    (b"42", "应为 JSON 对象（一条记录）或数组"),
    (b"", "是空的"),
    (b"[" * 100000, "嵌套层数过多"),
])
def test_validate_bad_files(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                            content: bytes, fragment: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(content)
    code, _, err = run(capsys, "validate", "--item", "CF", str(path))
    assert code == 2
    one_line_error(err)
    assert fragment in err


def test_validate_missing_file_and_unknown_item(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", "--item", "CF", str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json：文件或文件夹不存在" in err  # not the system's English
    one_line_error(err)
    code, _, err = run(capsys, "validate", "--item", "CF", str(tmp_path))
    assert code == 2 and "这是一个文件夹，不是文件" in err
    code, _, err = run(capsys, "validate", "--item", "QQ", write(tmp_path / "r.json", {}))
    assert code == 2 and "没有代码为“QQ”的条目" in err


def test_usage_errors_are_chinese_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "x.json"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "缺少必需的参数：--item" in err


# --- deadline ---------------------------------------------------------------------------------

def test_deadline_into_an_unpublished_year_is_estimated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "2026-12-24", "10", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["due"] == "2027-01-08" and result["estimated"] is True
    code, out, _ = run(capsys, "deadline", "2026-12-24", "10")
    assert "2027-01-08（星期五）" in out and "预计" in out


def test_deadline_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "deadline", "2026-02-30", "10")
    assert code == 2 and "起算日期“2026-02-30”无效" in err


def test_deadline_past_the_last_representable_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "deadline", "9999-12-30", "5")
    assert code == 2 and "超出可表示的日期范围" in err
    one_line_error(err)


# --- the installed entry point -------------------------------------------------------------------

def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    exe = shutil.which("ygclient", path=str(Path(sys.executable).parent))
    assert exe is not None, "the ygclient console script is not installed in this environment"
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("ygclient ")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe")
    result = subprocess.run([exe, "validate", "--item", "CF", str(bad)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "不是 UTF-8 编码" in result.stderr
