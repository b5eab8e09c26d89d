"""Translations: the .ts sources match the code, English is complete, the .qm files work."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="Qt is part of the dev install; see Makefile")

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from tools import i18n  # noqa: E402

TITLE = "阳江市公共信用信息报送 — ygclient"
TITLE_EN = "Yangjiang Public Credit Information Reporting — ygclient"
PLACEHOLDER = re.compile(r"%(?:L?\d+|n)")
# Contexts lupdate files messages under that no class of that name exists for, so PySide6's
# tr() (which looks up the object's class and its bases) never finds their translation.
# ygclient/ui/app.py offer_restore() calls window.tr(): lupdate calls the context "window"
# while at run time it is "MainWindow". Remove the entry once app.py uses
# QCoreApplication.translate("MainWindow", ...) (or a MainWindow method).
KNOWN_BAD_CONTEXTS: set[str] = set()

Message = tuple[str, str, bool]  # context, source, numerus


def messages(ts: Path) -> Iterator[tuple[str, ET.Element]]:
    """(context, <message>) of each live message (obsolete and vanished ones left out)."""
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            yield name, message


def catalogue(ts: Path) -> set[Message]:
    return {(name, m.findtext("source", default=""), m.get("numerus") == "yes")
            for name, m in messages(ts)}


def translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.findall("numerusform")]
    return [translation.text or ""]


@pytest.fixture(autouse=True)
def restore_locale() -> Iterator[None]:
    """install_translations sets the default locale; leave it as other tests expect it."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_ts_file_is_a_linguist_file_for_its_language(language: str) -> None:
    root = ET.parse(i18n.ts_file(language)).getroot()
    assert root.tag == "TS"
    assert root.get("language") == language
    assert root.get("sourcelanguage") == i18n.SOURCE_LANGUAGE
    assert catalogue(i18n.ts_file(language))


def test_every_message_in_the_code_is_in_both_ts_files(tmp_path: Path) -> None:
    for language in i18n.LANGUAGES:
        i18n.lupdate(i18n.ts_file(language, tmp_path), language, quiet=True)
    extracted = catalogue(i18n.ts_file("en", tmp_path))
    sources = {source for _, source, _ in extracted}
    # lupdate really reads the Python files: a few strings every version of the UI has.
    assert {TITLE, "新建记录", "还有 %n 处错误，改正后才能报送"} <= sources
    for language in i18n.LANGUAGES:
        stored = catalogue(i18n.ts_file(language))
        hint = "run: python tools/i18n.py update (then translate what it lists)"
        assert not extracted - stored, f"ygclient_{language}.ts lacks messages; {hint}"
        assert not stored - extracted, f"ygclient_{language}.ts has stale messages; {hint}"


def test_english_is_complete_and_keeps_the_placeholders() -> None:
    problems = []
    for context, message in messages(i18n.ts_file("en")):
        source = message.findtext("source", default="")
        translation = message.find("translation")
        texts = translations(message)
        wanted = Counter(PLACEHOLDER.findall(source))
        where = f"[{context}] {source!r}"
        if translation is None or translation.get("type") == "unfinished":
            problems.append(f"{where}: unfinished")
        elif message.get("numerus") == "yes" and len(texts) != 2:
            problems.append(f"{where}: English needs 2 plural forms, has {len(texts)}")
        for text in texts:
            if not text.strip():
                problems.append(f"{where}: empty")
            elif Counter(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{where}: placeholders {sorted(wanted)} became "
                                f"{sorted(PLACEHOLDER.findall(text))} in {text!r}")
            elif source[:1].isspace() and not text[:1].isspace():
                problems.append(f"{where}: the leading space (joined to other text) is lost")
            elif re.search(r"[\u3400-\u9fff]", text):
                problems.append(f"{where}: Chinese left in {text!r}")
    assert not problems, "\n".join(problems)


def test_the_source_language_file_translates_each_message_by_itself() -> None:
    for context, message in messages(i18n.ts_file(i18n.SOURCE_LANGUAGE)):
        source = message.findtext("source", default="")
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        assert set(translations(message)) == {source}, (context, source)


def test_every_context_is_a_class_so_tr_finds_it_at_run_time() -> None:
    classes = {node.name for path in i18n.sources()
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.ClassDef)}
    contexts = {context for context, _, _ in catalogue(i18n.ts_file("en"))}
    assert contexts - classes == KNOWN_BAD_CONTEXTS, (
        "a tr() call whose context is not a class: use self.tr() inside the class, or "
        "QCoreApplication.translate('ClassName', ...); update KNOWN_BAD_CONTEXTS when fixed")


def test_compiled_english_translates_the_main_window_title(qapp: QApplication,
                                                           tmp_path: Path) -> None:
    i18n.build([i18n.ts_file("en")], out=tmp_path, quiet=True)
    translator = QTranslator()
    assert translator.load(str(tmp_path / "ygclient_en.qm"))
    assert translator.language() == "en"
    assert translator.translate("MainWindow", TITLE) == TITLE_EN
    assert qapp.installTranslator(translator)
    try:
        source = "还有 %n 处错误，改正后才能报送"
        assert QCoreApplication.translate("RecordEditor", source, "", 1) == \
            "1 error left: fix it before submitting"
        assert QCoreApplication.translate("RecordEditor", source, "", 3) == \
            "3 errors left: fix them before submitting"
        assert QCoreApplication.translate("MainWindow", "在线") == "Online"
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("MainWindow", TITLE) == TITLE


def test_installed_english_applies_to_the_real_main_window(qapp: QApplication, qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    from importlib import resources

    from ygclient.catalog import bundled_catalog
    from ygclient.store import Store
    from ygclient.ui.app import install_translations
    from ygclient.ui.context import AppContext
    from ygclient.ui.dialogs import Dialogs
    from ygclient.ui.main_window import MainWindow

    built = resources.files("ygclient.resources").joinpath("i18n/ygclient_en.qm")
    assert built.is_file(), ("resources/i18n/ygclient_en.qm is not built: make builds it "
                             "(or run: python tools/i18n.py build)")
    installed = install_translations(qapp, "en")
    try:
        assert [Path(t.filePath()).name for t in installed] == ["qtbase_en.qm",
                                                                "ygclient_en.qm"]
        store = Store.open(tmp_path, bundled_catalog(), actor="test")
        try:
            window = MainWindow(AppContext(store, tmp_path), Dialogs(None))
            assert window.windowTitle() == TITLE_EN
            assert window.online_label.text() == "Not connected"
            # Counted in the background, then shown.
            qtbot.waitUntil(lambda: window.queued_label.text() == "To send: 0")
            window.close()
        finally:
            store.close()
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_chinese_loads_qts_own_chinese(qapp: QApplication) -> None:
    from ygclient.ui.app import install_translations

    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (qt_dir / "qtbase_zh_CN.qm").is_file():
        pytest.skip(f"this PySide6 wheel ships no Qt translations (no qtbase_zh_CN.qm in "
                    f"{qt_dir}): Qt's own dialogs and buttons stay in English")
    installed = install_translations(qapp, "zh_CN")
    try:
        assert [Path(t.filePath()).name for t in installed] == ["qtbase_zh_CN.qm"]
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QLocale().name() == "zh_CN"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
