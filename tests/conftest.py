"""Shared test set-up: headless Qt, a private data folder per test, strict Hypothesis."""

from __future__ import annotations

import os
from pathlib import Path

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

# No example database in the working tree; CI runs must be repeatable.
settings.register_profile("ygclient", database=None, deadline=None)
settings.load_profile("ygclient")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; nothing touches the real user profile."""
    home = tmp_path / "ygclient-home"
    monkeypatch.setenv("YGCLIENT_HOME", str(home))
    return home
