"""Check the system packages ygclient needs before `make` builds anything.

Runs with the system Python and the standard library only, because it runs
before the virtual environment exists. Prints what is missing and the one
command that installs it, and exits 1; prints nothing and exits 0 when all is there.
"""

from __future__ import annotations

import ctypes
import importlib.util
import shutil
import subprocess
import sys

MIN_PYTHON = (3, 11)

# Shared libraries Qt's offscreen and desktop platforms load, and the Debian 12 package of each.
QT_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
}
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
# PyInstaller (make installer, tests/test_installer.py) runs objdump on every library it bundles.
BINUTILS_PACKAGE = "binutils"


def missing_packages() -> tuple[list[str], list[str]]:
    """(packages to install, notes) for this machine."""
    packages: list[str] = []
    notes: list[str] = []
    if sys.version_info < MIN_PYTHON:
        version = ".".join(map(str, sys.version_info[:3]))
        notes.append(f"需要 Python 3.11 或更高版本，当前为 {version} / Python >= 3.11 is required")
        packages.append("python3")
    if importlib.util.find_spec("ensurepip") is None:
        packages.append("python3-venv")
    if sys.platform.startswith("linux"):
        for soname, package in QT_LIBRARIES.items():
            try:
                ctypes.CDLL(soname)
            except OSError:
                packages.append(package)
        if shutil.which("objdump") is None:
            packages.append(BINUTILS_PACKAGE)
            notes.append("没有 objdump，无法打包安装程序 / "
                         "no objdump: PyInstaller cannot build the installer")
        if not has_cjk_font():
            packages.append(CJK_FONT_PACKAGE)
            notes.append("没有中文字体，界面中的汉字会显示为方框 / "
                         "no CJK font: Chinese shows as boxes")
    return packages, notes


def has_cjk_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    result = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                            check=False)
    return bool(result.stdout.strip())


def main() -> int:
    packages, notes = missing_packages()
    if not packages:
        return 0
    print("缺少系统软件包 / Missing system packages: " + " ".join(packages), file=sys.stderr)
    for note in notes:
        print(f"  - {note}", file=sys.stderr)
    print("请先安装 / Install them with:\n"
          f"  sudo apt install -y --no-install-recommends {' '.join(packages)}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
