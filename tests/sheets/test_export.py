"""`ygclient export`: the agency's records with the template's headers, ID numbers masked
unless --unmask, every export in the audit chain."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests import dbfile
from tests.sheets.books import CF_KEYS, cli, company, files, person, sheet_values
from ygclient.catalog import Catalog
from ygclient.sheets.report import export_records
from ygclient.store import State, Store

ID = "441702199506151231"
MASKED = "4417**********1231"


def last_audit(data_dir: Path) -> tuple[Any, ...]:
    conn = dbfile.connect(data_dir / "ygclient.sqlite3")
    try:
        row = conn.execute("SELECT action, actor, reason, detail FROM audit "
                           "ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return tuple(row)


def archive_text(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_export_masks_id_numbers_and_is_audited(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path, store: Store,
                                                 catalog: Catalog, data_dir: Path) -> None:
    someone = store.create("CF", person(1)).record
    firm = store.create("CF", company(2)).record
    target = tmp_path / "export.xlsx"
    code, out, err = cli(capsys, "export", "--item", "CF", "-o", str(target))
    assert code == 0 and err == ""
    assert "已导出 2 条记录" in out and "证件号码已隐去中间部分" in out
    assert files(tmp_path) == {"export.xlsx"}

    rows = sheet_values(target, "数据")
    titles = [f.title for f in catalog.item("CF").fields]
    assert list(rows[0]) == [*titles, "记录ID", "状态", "版本"]
    by_id = {row[-3]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_id) == {someone.id, firm.id}
    assert by_id[someone.id]["证件号码"] == MASKED
    assert by_id[someone.id]["状态"] == "待报送" and by_id[someone.id]["版本"] == 1
    assert by_id[firm.id]["行政相对人代码_1(统一社会信用代码)"] == "91441700MA4W12346H"
    assert by_id[firm.id]["处罚类别"] == "警告;罚款"
    assert ID.encode() not in archive_text(target)
    meta = {r[0]: r[1] for r in sheet_values(target, "_ygclient")}
    assert (meta["item"], meta["export"], meta["catalog_version"]) == ("CF", "true",
                                                                        catalog.version)
    action, actor, reason, detail = last_audit(data_dir)
    assert (action, actor, reason) == ("export", "张三", None)
    assert json.loads(detail)["records"] == 2

    full = tmp_path / "full.xlsx"
    code, out, _ = cli(capsys, "export", "--item", "CF", "-o", str(full), "--unmask",
                       "--unmask-reason", "核对身份")
    assert code == 0 and "已隐去" not in out
    rows = sheet_values(full, "数据")
    assert ID in {row[CF_KEYS.index("CF_XDR_ZJHM")] for row in rows[1:]}
    action, actor, reason, detail = last_audit(data_dir)
    assert (action, actor, reason) == ("unmask_export", "张三", "核对身份")
    assert json.loads(detail)["file"] == str(full)
    assert cli(capsys, "audit", "verify")[0] == 0


def test_an_unmasked_export_is_a_valid_import_file(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path, store: Store) -> None:
    store.create("CF", person(1))
    store.create("CF", company(2))
    target = tmp_path / "export.xlsx"
    code, _, err = cli(capsys, "export", "--item", "CF", "-o", str(target), "--unmask")
    assert code == 2 and "--reason" in err and not target.exists()  # unmasking needs a reason
    assert cli(capsys, "export", "--item", "CF", "-o", str(target), "--unmask",
               "--reason", "移交另一科室")[0] == 0
    other = tmp_path / "other-office"
    code, out, err = cli(capsys, "--data-dir", str(other), "import", str(target), "--json")
    assert code == 0, out
    data = json.loads(out)
    assert (data["item"], data["sheet"], data["imported"]) == ("CF", "数据", 2)
    assert data["unknown_columns"] == ["记录ID", "状态", "版本"]
    # Into the same store, the same records are duplicates.
    code, out, _ = cli(capsys, "import", str(target), "--json")
    assert code == 1 and json.loads(out)["duplicates"] == 2


def test_export_by_state(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                         store: Store) -> None:
    sent = store.create("CF", company(1)).record
    store.create("CF", company(2))
    store.submit([sent.id])
    target = tmp_path / "queued.xlsx"
    code, out, _ = cli(capsys, "export", "--item", "CF", "--state", "queued", "-o", str(target))
    assert code == 0 and "已导出 1 条记录" in out
    rows = sheet_values(target, "数据")
    assert [row[-3] for row in rows[1:]] == [sent.id]
    assert rows[1][-2] == State.QUEUED.label


def test_export_pages_through_every_record(tmp_path: Path, store: Store) -> None:
    validator = store.validator("CF")
    raws = [company(n) for n in range(501)]  # two pages of 500
    store.bulk_create("CF", [(raw, validator.validate(raw)) for raw in raws])
    assert export_records(store, "CF", tmp_path / "all.xlsx") == 501
    rows = sheet_values(tmp_path / "all.xlsx", "数据")
    assert len(rows) == 502 and len({row[-3] for row in rows[1:]}) == 501


def test_export_refuses_other_suffixes(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    code, _, err = cli(capsys, "export", "--item", "CF", "-o", str(tmp_path / "out.csv"))
    assert code == 2 and "应以 .xlsx 结尾" in err
    assert files(tmp_path) == set()


def test_no_row_passes_through_the_system_temp_folder(tmp_path: Path, store: Store,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl streams sheets through temporary files; with ID numbers unmasked, those rows
    # must not sit in /tmp (where a crash would leave them), only beside the export.
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    store.create("CF", person(1))
    store.create("CF", person(2))
    target = tmp_path / "out" / "export.xlsx"
    in_temp: list[list[str]] = []
    beside: list[list[str]] = []
    read_revision = Store.current_revision

    def watching(self: Store, record_id: str) -> Any:  # the real method, observed
        in_temp.append(sorted(p.name for p in temp.iterdir()))
        beside.append(sorted(p.name for p in target.parent.iterdir()))
        return read_revision(self, record_id)

    monkeypatch.setattr(Store, "current_revision", watching)
    assert export_records(store, "CF", target, unmask=True, reason="核对") == 2
    assert in_temp == [[], []]
    assert all(any(name.startswith(".openpyxl-") for name in names) for names in beside)
    assert sorted(p.name for p in target.parent.iterdir()) == ["export.xlsx"]
    assert list(temp.iterdir()) == []
    assert ID in [str(v) for v in sheet_values(target, "数据")[1]]
