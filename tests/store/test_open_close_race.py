"""Connections to the encrypted database opened and closed from several threads at once.

SQLite 3.51.1 inside sqlcipher3 can deadlock when one thread opens a connection while another
closes the last one of the same WAL database (see ygclient/store/db.py, _OPEN_CLOSE). The
deadlock holds the GIL, so it hangs the whole process: the race runs in a child process with
a time limit. It is a race, so a run without the fix does not hang every time (it did within
10 seconds in about one run of four here); with the fix it must never hang.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHILD = textwrap.dedent("""
    import sys, threading, time
    from pathlib import Path
    from ygclient.catalog import bundled_catalog
    from ygclient.store import Store

    store = Store.open(Path(sys.argv[1]), bundled_catalog(), actor="race")
    stop = time.monotonic() + float(sys.argv[2])
    done = [0] * 4

    def work(n):
        while time.monotonic() < stop:
            with store.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchall()
            done[n] += 1

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    print(min(done))
""")


def test_opening_and_closing_from_four_threads_never_hangs(data_dir: Path) -> None:
    try:
        result = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), "6"],
                                capture_output=True, text=True, timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("opening and closing connections from several threads hung (deadlock)")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 100  # every thread really went round many times
