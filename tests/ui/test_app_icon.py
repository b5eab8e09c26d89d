"""The program's icon comes from the package's resources, as in the installed bundle."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from ygclient.ui.app import app_icon


def test_the_icon_has_every_shipped_size(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} == {16, 24, 32, 48, 64, 128, 256}
    assert icon.actualSize(QSize(40, 40)).width() <= 40
