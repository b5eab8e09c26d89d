"""No personal data in the clear anywhere the program writes (issue 9).

Records about natural persons (自然人: name and ID number) and a company's legal
representative go through the whole life of the client — typed in, imported from a
workbook, listed and shown, exported, synced with a real ygcentral on 127.0.0.1, backed up —
and a forced internal error; then every file under the data folder (database and WAL,
attachments, logs, crash reports, settings) and the temp folder is searched for those values
in UTF-8 and UTF-16: none may be found. ID numbers may appear only masked in the plain CLI
output and the export, except after an audited ``--unmask --reason``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from tests.catalog.records import penalty_for_company, penalty_for_person
from tests.sheets.books import write_records

# The real ygcentral fixture of tests/sync, used here too.
from tests.sync.conftest import (  # noqa: F401
    AGENCY,
    PASSWORD,
    USER,
    CentralServer,
    central,
    server_options,
)
from ygclient.catalog.checkdigits import cn_id_check_char
from ygclient.cli import main
from ygclient.privacy import mask_id

PERSON, PERSON_ID = "司马青岚", "44170219880808123" + cn_id_check_char("44170219880808123")
IMPORTED, IMPORTED_ID = "慕容雪晴", "44170219910303456" + cn_id_check_char("44170219910303456")
REPRESENTATIVE = "欧阳振华"  # 法定代表人 of a company subject
EVIDENCE_TEXT = f"复议决定书 {PERSON} {PERSON_ID}"
SECRETS = (PERSON, PERSON_ID, IMPORTED, IMPORTED_ID, REPRESENTATIVE)
YGCLIENT = Path(sys.executable).with_name("ygclient")


def occurrences(folder: Path, values: tuple[str, ...] = SECRETS) -> list[tuple[str, str, str]]:
    """(file, value, encoding) for every value found in the clear under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for value in values:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
                if value.encode(encoding) in data:
                    found.append((str(path.relative_to(folder)), value, encoding))
    return found


def xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--user", "clerk", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def ygclient(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run([str(YGCLIENT), "--data-dir", str(home), *args], input=stdin,
                          capture_output=True, text=True, timeout=120, env=env)


def test_nothing_personal_in_the_clear_after_a_full_working_day(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path,
        temp_folder: Path, central: CentralServer,  # noqa: F811 - the fixture
        monkeypatch: pytest.MonkeyPatch,
        no_keyring: None) -> None:
    server = central
    outside = tmp_path / "clerk-documents"  # where the clerk keeps source files and exports
    outside.mkdir()
    person = penalty_for_person() | {"CF_XDR_MC": PERSON, "CF_XDR_ZJHM": PERSON_ID,
                                     "CF_WSH": "阳市监罚〔2026〕101号"}
    company = penalty_for_company() | {"CF_FRDB": REPRESENTATIVE, "CF_WSH": "阳市监罚〔2026〕102号"}
    typed = outside / "records.json"
    typed.write_text(json.dumps([person, company], ensure_ascii=False), encoding="utf-8")

    # Typed in, and an import from a workbook.
    code, out, err = cli(capsys, "records", "new", "--item", "CF", str(typed))
    assert code == 0, err
    imported = penalty_for_person() | {"CF_XDR_MC": IMPORTED, "CF_XDR_ZJHM": IMPORTED_ID,
                                       "CF_WSH": "阳市监罚〔2026〕103号"}
    book = write_records(outside / "导入.xlsx", [imported])
    code, out, err = cli(capsys, "import", str(book))
    assert code == 0, out + err
    # A failing import writes an error report next to the source: masked there too? It
    # holds the clerk's own rows as typed, so it goes beside the source, never to our folders.
    code, out, err = cli(capsys, "records", "list")
    assert code == 0 and mask_id(PERSON_ID) in out and mask_id(IMPORTED_ID) in out
    assert PERSON_ID not in out + err and IMPORTED_ID not in out + err
    code, out, err = cli(capsys, "records", "list", "--json", "--search", PERSON)
    (row,) = json.loads(out)
    assert row["subject_code"] == mask_id(PERSON_ID) and PERSON_ID not in out
    code, out, err = cli(capsys, "records", "show", row["id"])
    assert code == 0 and PERSON_ID not in out + err and mask_id(PERSON_ID) in out
    code, out, err = cli(capsys, "records", "show", row["id"], "--json")
    assert code == 0 and PERSON_ID not in out + err
    # Unmasked only with a reason, and then audited.
    code, out, err = cli(capsys, "records", "show", row["id"], "--unmask")
    assert code == 2 and PERSON_ID not in out + err
    code, out, err = cli(capsys, "records", "show", row["id"], "--unmask", "--reason", "核对身份")
    assert code == 0 and PERSON_ID in out

    # Export: masked by default.
    export = outside / "导出.xlsx"
    code, out, err = cli(capsys, "export", "--item", "CF", "-o", str(export))
    assert code == 0, err
    text = xlsx_text(export)
    assert PERSON_ID not in text and IMPORTED_ID not in text
    assert mask_id(PERSON_ID) in text and mask_id(IMPORTED_ID) in text
    # Unmasked with a reason (audited): the full numbers go to the clerk's file only.
    full = outside / "导出-完整.xlsx"
    code, out, err = cli(capsys, "export", "--item", "CF", "-o", str(full), "--unmask",
                         "--reason", "移交执法科核对")
    assert code == 0, err
    assert PERSON_ID in xlsx_text(full)
    # An import with a bad row: the error report holds the rows as typed, beside the source.
    bad = write_records(outside / "有错误.xlsx", [imported | {"CF_WSH": "阳市监罚〔2026〕104号",
                                                             "CF_JDRQ": "不是日期"}])
    code, out, err = cli(capsys, "import", str(bad))
    assert code == 1, out + err
    assert list(outside.glob("*错误报告*.xlsx"))

    # Sync with a real ygcentral in a separate client process (no keyring: the session lasts
    # one run, so the password goes in on stdin).
    code, out, err = cli(capsys, "records", "submit", "--all-ready")
    assert code == 0, err
    login = ygclient(data_dir, "login", "--server", server.url, "--agency", AGENCY,
                     "--user", USER, "--ca", str(server.ca_file),
                     "--password-stdin", stdin=PASSWORD + "\n")
    assert login.returncode == 0, login.stderr
    synced = ygclient(data_dir, "sync", "--json", "--password-stdin", stdin=PASSWORD + "\n")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["sent"] == 3
    for result in (login, synced):
        assert not any(s in result.stdout + result.stderr for s in (PERSON_ID, IMPORTED_ID))

    # A backup, with its passphrase.
    monkeypatch.setenv("BACKUP_PASS", "备份口令 2026")
    code, out, err = cli(capsys, "backup", str(data_dir / "backups" / "manual.ygbak"),
                         "--passphrase-env", "BACKUP_PASS")
    assert code == 0, err

    # A forced internal error whose message carries personal data: the crash report keeps
    # the type and the code location only.
    from ygclient.store import Store

    def broken(self: Store, *args: object, **kwargs: object) -> None:
        raise RuntimeError(f"simulated bug while listing {PERSON} {PERSON_ID}")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "list_records", broken)
        code, out, err = cli(capsys, "records", "list")
    assert code == 70 and PERSON not in err and PERSON_ID not in err
    crash_logs = list((data_dir / "logs").glob("crash-*.log"))
    assert crash_logs and "RuntimeError" in crash_logs[0].read_text(encoding="utf-8")

    # What the program wrote: the data folder (encrypted database and WAL, logs, settings,
    # backups) and the temp folder.
    assert (data_dir / "ygclient.sqlite3").is_file() and (data_dir / "logs").is_dir()
    assert occurrences(data_dir) == []
    assert occurrences(temp_folder) == []
    # The check itself can fail: the clerk's own source files do hold the values.
    assert occurrences(outside, (PERSON_ID,)) != []
