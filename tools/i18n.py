"""Translations of the desktop app: Qt Linguist ``.ts`` sources and the ``.qm`` Qt loads.

The source language is 简体中文 (zh_CN): the text inside ``self.tr(...)`` is what a clerk
reads when no translation is loaded. ``resources/i18n/ygclient_<lang>.ts`` are the sources
(kept in git, edited with ``pyside6-linguist`` or by hand); the ``.qm`` files next to them are
build output (``make`` builds them; ygclient.ui.app.install_translations loads them).

    python tools/i18n.py update [--keep-obsolete]   # pyside6-lupdate over the UI sources
    python tools/i18n.py build [TS ...] [--out DIR] [--quiet]   # pyside6-lrelease -> .qm

``update`` keeps every existing translation; messages that are new in the code arrive in
``ygclient_en.ts`` as unfinished (the command lists them), and in ``ygclient_zh_CN.ts`` with
the source text as their (finished) translation, since that file's language is the source's.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = ROOT / "resources" / "i18n"
SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
APP = "ygclient"


def sources() -> list[Path]:
    """The files whose ``tr()`` calls make up the catalogue of messages."""
    return sorted((ROOT / "ygclient" / "ui").glob("*.py")) + [ROOT / "ygclient" / "forms" / "qt.py"]


def ts_file(language: str, folder: Path = I18N_DIR) -> Path:
    return folder / f"{APP}_{language}.ts"


def qm_file(ts: Path, out: Path | None = None) -> Path:
    return (out or ts.parent) / (ts.stem + ".qm")


def tool(name: str) -> str:
    """A PySide6 tool: the one next to this Python (the venv) first, then PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: it comes with PySide6-Essentials (make venv)")
    return found


def lupdate(ts: Path, language: str, *, keep_obsolete: bool = False, quiet: bool = False,
            files: Sequence[Path] | None = None) -> None:
    """Extract the messages of ``files`` (default: the UI sources) into ``ts``, merging."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    inputs = [str(p) for p in (files if files is not None else sources())]
    command = [tool("pyside6-lupdate"), *inputs, "-source-language", SOURCE_LANGUAGE,
               "-target-language", language, "-locations", "relative", "-ts", str(ts)]
    if not keep_obsolete:
        command.insert(-2, "-no-obsolete")
    if quiet:
        command.insert(-2, "-silent")
    subprocess.run(command, check=True, cwd=ROOT)


def fill_identity(ts: Path) -> int:
    """Make every message of a source-language file its own finished translation.

    Returns how many messages changed. (In a source-language file a translation other than the
    source is always stale: lupdate's merge heuristics may carry an old text over.)
    """
    tree = ET.parse(ts)
    changed = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation", type="unfinished")
        if translation.get("type") in ("obsolete", "vanished"):
            continue
        source = message.findtext("source", default="")
        forms = translation.findall("numerusform")
        if message.get("numerus") == "yes" and not forms:
            forms = [ET.SubElement(translation, "numerusform")]
        texts = [f.text for f in forms] if forms else [translation.text]
        if translation.get("type") is None and all(t == source for t in texts):
            continue
        if forms:
            for form in forms:
                form.text = source
        else:
            translation.text = source
        translation.attrib.pop("type", None)
        changed += 1
    if changed:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return changed


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of each message still to translate (obsolete ones do not count)."""
    result = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            texts = ([f.text for f in translation.findall("numerusform")]
                     if translation is not None and message.get("numerus") == "yes"
                     else [translation.text if translation is not None else None])
            if kind == "unfinished" or not all(texts):
                result.append((name, message.findtext("source", default="")))
    return result


def update(keep_obsolete: bool = False, folder: Path = I18N_DIR, quiet: bool = False) -> int:
    for language in LANGUAGES:
        ts = ts_file(language, folder)
        lupdate(ts, language, keep_obsolete=keep_obsolete, quiet=quiet)
        if language == SOURCE_LANGUAGE and fill_identity(ts):
            lupdate(ts, language, keep_obsolete=keep_obsolete, quiet=True)  # lupdate's layout
    english = ts_file("en", folder)
    todo = unfinished(english)
    if todo:
        print(f"{english}: {len(todo)} message(s) to translate:")
        for context, source in todo:
            print(f"  [{context}] {source}")
    return 0


def build(files: Sequence[Path] = (), out: Path | None = None, quiet: bool = False) -> int:
    """``.qm`` from each ``.ts`` (default: every language), next to it or into ``out``."""
    targets = list(files) or [ts_file(language) for language in LANGUAGES]
    for ts in targets:
        qm = qm_file(ts, out)
        qm.parent.mkdir(parents=True, exist_ok=True)
        command = [tool("pyside6-lrelease"), str(ts), "-qm", str(qm)]
        if quiet:
            command.insert(1, "-silent")
        subprocess.run(command, check=True, cwd=ROOT)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/i18n.py", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("update", help="extract tr() messages into resources/i18n/*.ts")
    up.add_argument("--keep-obsolete", action="store_true",
                    help="keep messages no longer in the code (marked vanished)")
    up.add_argument("--quiet", action="store_true")
    rel = commands.add_parser("build", help="compile .ts into .qm with pyside6-lrelease")
    rel.add_argument("ts", nargs="*", type=Path, help="default: every language")
    rel.add_argument("--out", type=Path, help="folder for the .qm (default: next to the .ts)")
    rel.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "update":
        return update(args.keep_obsolete, quiet=args.quiet)
    return build([p.resolve() for p in args.ts], args.out.resolve() if args.out else None,
                 quiet=args.quiet)


if __name__ == "__main__":
    sys.exit(main())
