#!/usr/bin/env python3
"""Render the application icon: resources/icons/app.svg -> app.png (256×256) and app.ico
(Windows, 16–256 px). The outputs are committed; run this again after editing the SVG:

    .venv/bin/python build/make_icons.py      (Windows: .venv\\Scripts\\python build\\make_icons.py)

Uses what the development environment already has: Qt's SVG renderer (PySide6.QtSvg, part of
PySide6-Essentials) draws every size from the vector source — small sizes are drawn, not
scaled down from 256 px — and Pillow (installed with the test requirements) writes the
multi-size .ico. Output is deterministic: PNGs are written by Pillow without metadata.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "app.svg"
PNG_SIZE = 256
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(renderer, size: int):  # noqa: ANN001, ANN201 — Qt types imported lazily
    """The SVG drawn at size×size as a Pillow RGBA image."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 — keep alive
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in ICO_SIZES}

    png = ICONS / "app.png"
    images[PNG_SIZE].save(png, format="PNG", optimize=True)
    ico = ICONS / "app.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    for path in (png, ico):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
