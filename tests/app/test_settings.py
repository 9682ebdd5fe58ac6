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


def test_values_of_another_type_or_relative_folders_are_not_taken_for_a_library(tmp_path):
    """A settings file edited by hand or written by a newer Seekframe: a list where a folder was, or
    a relative folder, would open (and create) a library named so in whatever folder the app was
    started from."""
    (tmp_path / "app.ini").write_text("[library]\ndir=lib, other\nown_dir=relative/lib\n[model]\nsource=a, b\n"
                                      "[search]\nresults_mode=clips\n[splitters]\nmain=a, b\n")
    settings = AppSettings(tmp_path / "app.ini")
    assert settings.library_dir == "" and settings.own_library_dir == "" and settings.model_source == ""
    assert settings.results_mode == "moments" and settings.splitter_sizes("main") == []


def test_a_data_folder_that_cannot_be_made_is_said_and_nothing_is_kept(tmp_path):
    (tmp_path / "a-file").write_text("")
    settings = AppSettings(tmp_path / "a-file" / "home" / "seekframe-app.ini")
    assert "cannot write its data folder" in settings.problem and "SEEKFRAME_HOME" in settings.problem
    settings.library_dir = str(tmp_path / "lib")  # (kept in memory only; never an exception)
    settings.sync()
    assert AppSettings(tmp_path / "app.ini").problem == ""
