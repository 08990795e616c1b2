"""core.resources.resource_path: the source checkout, and a PyInstaller build (simulated by
setting sys.frozen / sys._MEIPASS as PyInstaller's bootloader does). Also: the icon files the
package ships are there and are what build/make_icons.py makes."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from core import fonts
from core.resources import is_frozen, resource_path, resources_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """A one-folder build: <tmp>/NianbaoZhushou/NianbaoZhushou + _internal/ (= sys._MEIPASS)."""
    app = tmp_path / "NianbaoZhushou"
    internal = app / "_internal"
    (internal / "resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "NianbaoZhushou"))
    return internal


def test_source_checkout():
    assert not is_frozen()
    assert resources_dir() == ROOT / "resources"
    sample = resource_path("samples", "sample-2025.json")
    assert sample == ROOT / "resources" / "samples" / "sample-2025.json"
    assert sample.is_file()
    assert resource_path("fonts").is_dir()
    assert resource_path() == resources_dir()


def test_frozen_uses_meipass(frozen):
    assert is_frozen()
    assert resources_dir() == frozen / "resources"
    assert resource_path("icons", "app.png") == frozen / "resources" / "icons" / "app.png"


def test_frozen_never_falls_back_to_the_checkout(frozen):
    """A file missing from the package must look missing, even on a machine that has the
    source checkout (a build machine): otherwise the smoke test could not catch it."""
    path = resource_path("samples", "sample-2025.json")
    assert path == frozen / "resources" / "samples" / "sample-2025.json"
    assert not path.exists()


def test_frozen_without_meipass_looks_next_to_the_executable(frozen, monkeypatch):
    monkeypatch.delattr(sys, "_MEIPASS")
    assert resources_dir() == frozen.parent / "resources"


def test_fonts_and_resources_agree(frozen):
    """core.fonts finds its bundled fonts where resource_path says they are."""
    assert fonts.bundled_dir() == resource_path("fonts")


def test_fonts_and_resources_agree_unfrozen():
    assert fonts.bundled_dir() == resource_path("fonts")


@pytest.mark.parametrize("bad", ["..", "../secret", "/etc/passwd", "fonts/../../x"])
def test_refuses_names_outside_resources(bad):
    with pytest.raises(ValueError):
        resource_path(bad)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icons_are_shipped():
    icons = ROOT / "resources" / "icons"
    assert (icons / "app.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert _png_size((icons / "app.png").read_bytes()) == (256, 256)
    ico = (icons / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for i in range(count):
        w, h = ico[6 + 16 * i], ico[7 + 16 * i]
        sizes.add((w or 256, h or 256))  # 0 means 256 in an ICO directory
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes


def test_spec_bundles_every_resource_folder():
    """build/nbzs.spec must ship each folder under resources/ (a new folder needs a line there)."""
    spec = (ROOT / "build" / "nbzs.spec").read_text(encoding="utf-8")
    for folder in sorted(p.name for p in (ROOT / "resources").iterdir() if p.is_dir()):
        assert f'"resources/{folder}"' in spec, f"resources/{folder} is not in build/nbzs.spec"


def test_resource_path_returns_paths():
    assert isinstance(resource_path("fonts", "README.md"), Path)
