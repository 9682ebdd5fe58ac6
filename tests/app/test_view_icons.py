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


def test_missing_icon_gives_an_empty_icon(qapp, monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(tmp_path))
    assert app_icon().isNull()
    assert f"The app icon is missing: {tmp_path / 'icons' / 'seekframe.svg'}" in caplog.text


def test_an_icon_qt_cannot_draw_is_logged(qapp, monkeypatch, tmp_path, caplog):
    """What a build without Qt's SVG plugins (or a damaged file) looks like: said, not silent."""
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "seekframe.svg").write_text("not an svg", encoding="utf-8")
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(tmp_path))
    app_icon()
    assert "cannot be drawn" in caplog.text


def test_the_shipped_icon_draws_without_a_warning(qapp, caplog):
    assert not app_icon().isNull()
    assert "app icon" not in caplog.text
