"""The core (everything but ygclient.ui and the Qt half of ygclient.forms) runs without Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# Packages allowed to import Qt. Everything else must import with PySide6 missing.
QT_PACKAGES = ("ygclient.ui", "ygclient.forms.qt")
# Alembic scripts run only inside a migration context.
SKIPPED = (*QT_PACKAGES, "ygclient.store.migrations")

PROBE = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    sys.modules["PySide6"] = None  # makes every "import PySide6..." raise ImportError
    import ygclient
    skipped, imported = {skipped!r}, []
    for info in pkgutil.walk_packages(ygclient.__path__, "ygclient."):
        if info.name.startswith(skipped):
            continue
        importlib.import_module(info.name)
        imported.append(info.name)
    from ygclient.catalog import bundled_catalog
    from ygclient.cli import main
    assert bundled_catalog().validator("CF").validate({{}}).issues
    assert main(["catalog", "show"]) == 0
    leaked = sorted(m for m in sys.modules if m.startswith(("PySide6.", "shiboken6")))
    assert not leaked, leaked
    print(len(imported), "modules imported without Qt")
    """
).format(skipped=SKIPPED)


def test_core_imports_and_runs_with_pyside6_blocked() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            encoding="utf-8")
    assert result.returncode == 0, result.stderr
    imported = int(result.stdout.strip().splitlines()[-1].split()[0])
    assert imported >= 10  # catalog, engine, loader, checkdigits, workdays, cli, ...
