"""The app icon loads from core/resources/icons and renders at small and large sizes."""

from __future__ import annotations

import pytest

from app.icons import app_icon, icon_path


@pytest.mark.parametrize("size", [16, 48, 256])
def test_app_icon_renders(qapp, size):
    assert icon_path().is_file()
    icon = app_icon()
    assert not icon.isNull()
    img = icon.pixmap(size, size).toImage()
    assert img.width() == size and img.height() == size
    opaque = sum(img.pixelColor(x, y).alpha() > 200 for x in range(size) for y in range(size))
    assert 0.2 < opaque / size**2 < 0.95, "a drawn icon, not blank and not a filled square"


def test_missing_icon_gives_an_empty_icon(qapp, monkeypatch, tmp_path):
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(tmp_path))
    assert app_icon().isNull()
