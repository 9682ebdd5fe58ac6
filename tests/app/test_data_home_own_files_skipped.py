"""A data home that is the videos folder (``SEEKFRAME_HOME=~/Videos``, indexable since 4a1a29d): the
window's first run of it said "Indexed 3 files (7 moments). Skipped (not videos): 1 other file", and
every re-scan after "Nothing new to index: 3 videos up to date. Skipped (not videos): 1 other file"
(screenshot, s52 window walk): the file was Seekframe's own settings (seekframe-app.ini), and its log
(seekframe-app.log and the log's older parts) counted too once written. The scan passes over
Seekframe's own files in its data home as it passes over its own folders there; a file of the user's
beside them is still counted."""

from __future__ import annotations

import shutil

from core.paths import own_folders
from core.scan import scan
from tests.app.conftest import wait_indexing


def test_a_re_scan_of_the_data_home_says_nothing_of_seekframes_own_files(qtbot, make_app_window, tmp_path,
                                                                          demo_clips, monkeypatch):
    home = tmp_path / "Videos"
    home.mkdir()
    monkeypatch.setenv("SEEKFRAME_HOME", str(home))
    for clip in sorted(demo_clips.glob("*.mp4"))[:2]:
        shutil.copy(clip, home / clip.name)
    window = make_app_window(home / "library")  # (its settings written in the data home)
    wait_indexing(qtbot, window.session, lambda: window.session.add_folder(str(home)))
    assert (home / "seekframe-app.ini").is_file()
    said = window.index_panel.summary_text()
    assert said.startswith("Indexed 2 of 2 video files (") and "Skipped" not in said, said
    wait_indexing(qtbot, window.session, window.session.rescan)
    assert window.index_panel.summary_text() == "Nothing new to index: 2 videos up to date"


def test_the_log_and_its_older_parts_are_not_counted_a_users_file_is(tmp_path, monkeypatch):
    home = tmp_path / "Videos"
    (home / "trip").mkdir(parents=True)
    monkeypatch.setenv("SEEKFRAME_HOME", str(home))
    for name in ("seekframe-app.ini", "seekframe-app.ini.lock", "seekframe-app.log", "seekframe-app.log.1",
                 "seekframe-app.log.2", "notes.txt"):
        (home / name).write_text("x")
    (home / "trip" / "seekframe-app.log").write_text("x")  # (not in the data home: the user's)
    assert scan([str(home)], exclude=own_folders()).skipped == {"other file": 2}


def test_the_own_files_rule_names_the_files_seekframe_writes(tmp_path, monkeypatch):
    """The rule is built from the names the window's settings and the log are written under, so renaming
    either cannot leave it counting Seekframe's own file as the user's (s52 late review)."""
    from app.settings import AppSettings
    from core.log_file import log_path
    from core.paths import own_file_name

    monkeypatch.setenv("SEEKFRAME_HOME", str(tmp_path))
    for name in (AppSettings().path.name, log_path().name):
        assert own_file_name(name) and own_file_name(name + (".lock" if name.endswith(".ini") else ".3")), name
        assert not own_file_name("my-" + name)
