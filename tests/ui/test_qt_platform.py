"""Qt starts headless and can draw Chinese: the ground the desktop app will stand on."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt is part of the dev install; see Makefile")

from PySide6.QtGui import QFontDatabase, QFontMetrics  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402


def test_offscreen_platform(qapp: QApplication) -> None:
    assert QApplication.platformName() == "offscreen"


def test_a_cjk_font_is_installed(qapp: QApplication) -> None:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert families, (
        "no font for 简体中文: Chinese renders as boxes. "
        "Install one: sudo apt install fonts-wqy-microhei"
    )


def test_label_text_is_drawable(qtbot: object, qapp: QApplication) -> None:
    label = QLabel("阳江市公共信用信息报送")
    metrics = QFontMetrics(label.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "阳江信用")
