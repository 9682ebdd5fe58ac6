"""AppSettings: its values read back, unset ones empty."""

from __future__ import annotations

from PySide6.QtCore import QByteArray

from app.settings import AppSettings


def test_values_read_back_from_the_file_and_unset_ones_are_empty(tmp_path):
    settings = AppSettings(tmp_path / "app.ini")
    assert settings.library_dir == "" and settings.model_source == "" and settings.geometry is None
    settings.library_dir, settings.model_source = str(tmp_path / "lib"), None
    settings.geometry = QByteArray(b"\x01\x02")
    settings.sync()
    again = AppSettings(tmp_path / "app.ini")
    assert again.library_dir == str(tmp_path / "lib") and again.model_source == ""
    assert bytes(again.geometry) == b"\x01\x02" and again.window_state is None


def test_a_setting_read_on_the_class_is_its_descriptor():
    assert AppSettings.library_dir.key == "library/dir" and AppSettings.geometry.key == "window/geometry"
