"""The application icon: resources/icons/ygclient.svg and the PNG and Windows .ico made from it.

    .venv/bin/python tools/make_icons.py

The SVG below is the source; Qt renders it (offscreen, no display needed) at each size. The
.ico holds every size as PNG data (Windows Vista and later read that). Outputs are committed,
so run this only after changing the drawing.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

# A report form on a blue tile with a green tick: "a record, checked and sent".
SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>ygclient 阳江市公共信用信息报送客户端</title>
  <rect x="8" y="8" width="240" height="240" rx="48" fill="#1d5fae"/>
  <path d="M72 40 H156 L196 80 V208 a8 8 0 0 1 -8 8 H72 a8 8 0 0 1 -8 -8 V48 a8 8 0 0 1 8 -8 Z"
        fill="#ffffff"/>
  <path d="M156 40 V72 a8 8 0 0 0 8 8 H196 Z" fill="#b9cde8"/>
  <rect x="86" y="98" width="88" height="12" rx="6" fill="#1d5fae"/>
  <rect x="86" y="126" width="88" height="12" rx="6" fill="#1d5fae"/>
  <rect x="86" y="154" width="52" height="12" rx="6" fill="#1d5fae"/>
  <circle cx="182" cy="186" r="46" fill="#1f9d55" stroke="#ffffff" stroke-width="10"/>
  <path d="M160 186 L176 202 L206 170" fill="none" stroke="#ffffff" stroke-width="13"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def render_png(svg: bytes, size: int, path: Path) -> bytes:
    """Render the SVG at ``size`` × ``size`` into ``path``; the PNG's bytes."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SystemExit("invalid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(path)):
        raise SystemExit(f"cannot write {path}")
    return path.read_bytes()


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose images are PNG streams (ICONDIR, ICONDIRENTRY × n, data)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, blobs = b"", b""
    offset = 6 + 16 * len(pngs)
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage text and SVG need an instance
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    (ICON_DIR / "ygclient.svg").write_text(SVG, encoding="utf-8")
    pngs = {size: render_png(SVG.encode("utf-8"), size, ICON_DIR / f"ygclient-{size}.png")
            for size in SIZES}
    (ICON_DIR / "ygclient.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    print(f"{ICON_DIR.relative_to(ROOT)}: ygclient.svg, {len(pngs)} PNG, ygclient.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
