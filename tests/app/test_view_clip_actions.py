"""ClipActions: enabled states, signals carry the result, FILE@TIME round-trips through the CLI."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence

from app import clip_actions
from app.clip_actions import ClipActions, clip_ref
from core.clirefs import split_clip_ref
from core.search import SearchResult


def result(path="/videos/beach.mp4", start=72.0, end=76.0, offline=False):
    return SearchResult(path, start, end, 0.42, "v1", "m7", start + 2, offline)


@pytest.fixture
def actions(qtbot, monkeypatch):
    opened = []
    monkeypatch.setattr(clip_actions, "desktop_opener", lambda: None)  # QDesktopServices, patched here
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    a = ClipActions()
    a.opened = opened
    return a


def test_everything_disabled_without_a_result(actions):
    assert all(not x.isEnabled() for x in actions.actions())
    actions.set_query_active(True)
    assert all(not x.isEnabled() for x in actions.actions())


def test_more_and_less_need_a_text_query(actions):
    actions.set_current(result())
    assert actions.find_similar_clips.isEnabled() and actions.find_similar_captions.isEnabled()
    assert actions.open_folder.isEnabled() and actions.copy_reference.isEnabled()
    assert not actions.more_like_this.isEnabled() and not actions.less_like_this.isEnabled()
    actions.set_query_active(True)
    assert actions.more_like_this.isEnabled() and actions.less_like_this.isEnabled()
    actions.set_current(None)
    assert all(not x.isEnabled() for x in actions.actions())


@pytest.mark.parametrize("name, action", [
    ("similar_clips", "find_similar_clips"), ("similar_captions", "find_similar_captions"),
    ("more_like", "more_like_this"), ("less_like", "less_like_this"),
])
def test_signals_carry_the_result(actions, qtbot, name, action):
    r = result()
    actions.set_current(r)
    actions.set_query_active(True)
    with qtbot.waitSignal(getattr(actions, name)) as sig:
        getattr(actions, action).trigger()
    assert sig.args[0] is r


def test_shortcuts_and_menu(actions):
    assert actions.copy_reference.shortcut() == QKeySequence("Ctrl+Shift+C")
    keys = [a.shortcut().toString() for a in actions.actions()]
    assert all(keys) and len(set(keys)) == len(keys)
    menu = actions.menu()
    assert [a for a in menu.actions() if not a.isSeparator()] == actions.actions()
    assert all(a.toolTip() for a in actions.actions())


@pytest.mark.parametrize("path, start, end, text, at", [
    ("/videos/beach.mp4", 72.0, 76.0, "/videos/beach.mp4@1:12", 72.0),
    ("/videos/long film.mkv", 3723.0, 3727.0, "/videos/long film.mkv@1:02:03", 3723.0),
    ("/videos/me@home.mp4", 8.0, 12.0, "/videos/me@home.mp4@0:08", 8.0),
    ("/videos/cut.mp4", 71.4, 75.4, "/videos/cut.mp4@1:12", 72.0),
    ("/videos/cut.mp4", 10.25, 10.6, "/videos/cut.mp4@0:10.3", 10.3),
    # a time on a boundary belongs to the moment that starts there: 0:04 names 4–8, not 0–4
    ("/videos/beach.mp4", 4.0, 8.0, "/videos/beach.mp4@0:04", 4.0),
    # a start a hair past a whole second (float noise, frame times): the next second, inside
    ("/videos/beach.mp4", 4.0000001, 8.0, "/videos/beach.mp4@0:05", 5.0),
    ("/videos/beach.mp4", 3.9999999, 8.0, "/videos/beach.mp4@0:04", 4.0),
    ("/videos/ntsc.mp4", 4.004, 8.008, "/videos/ntsc.mp4@0:05", 5.0),
    ("/videos/cut.mp4", 10.25, 10.26, "/videos/cut.mp4@0:10.25", 10.25),  # shorter than a tenth
    ("/videos/cut.mp4", 59.95, 60.02, "/videos/cut.mp4@1:00", 60.0),
])
def test_copy_puts_a_clip_reference_the_cli_accepts(actions, qtbot, path, start, end, text, at):
    r = result(path, start, end)
    assert clip_ref(r) == text
    actions.set_current(r)
    with qtbot.waitSignal(actions.copied):
        actions.copy_reference.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied == text
    back_path, back_at = split_clip_ref(copied)
    assert back_path == path and back_at == pytest.approx(at)
    assert start <= back_at < end, "the time points inside the moment"


def test_open_containing_folder(actions, tmp_path):
    video = tmp_path / "clips" / "beach.mp4"
    video.parent.mkdir()
    video.write_bytes(b"x")
    actions.set_current(result(str(video)))
    actions.open_folder.trigger()
    assert actions.opened == [QUrl.fromLocalFile(str(video.parent))]


@pytest.mark.parametrize("offline", [True, False])
def test_open_folder_of_an_offline_or_missing_file_is_an_error(actions, qtbot, tmp_path, offline):
    video = tmp_path / "beach.mp4"
    if offline:
        video.write_bytes(b"x")  # present, but the library says its drive is offline
    actions.set_current(result(str(video), offline=offline))
    with qtbot.waitSignal(actions.error) as sig:
        actions.open_folder.trigger()
    assert str(video) in sig.args[0]
    assert actions.opened == []


def test_open_folder_failure_is_reported(actions, qtbot, tmp_path, monkeypatch):
    video = tmp_path / "beach.mp4"
    video.write_bytes(b"x")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    actions.set_current(result(str(video)))
    with qtbot.waitSignal(actions.error) as sig:
        actions.open_folder.trigger()
    assert str(tmp_path) in sig.args[0]


def fake_opener(tmp_path, code: int, message: str = "") -> str:
    """An ``xdg-open`` that records its argument and exits with ``code``."""
    script = tmp_path / "xdg-open"
    script.write_text(f"#!/bin/sh\necho \"$1\" > '{tmp_path / 'opened.txt'}'\n"
                      + (f"echo '{message}' >&2\n" if message else "") + f"exit {code}\n")
    script.chmod(0o755)
    return str(script)


def test_a_desktop_opener_that_fails_is_reported(actions, qtbot, tmp_path, monkeypatch):
    """xdg-open with no file manager to run fails after Qt said it launched it: say so."""
    video = tmp_path / "clips" / "beach.mp4"
    video.parent.mkdir()
    video.write_bytes(b"x")
    opener = fake_opener(tmp_path, 3, "xdg-open: no method available for opening '/x'")
    monkeypatch.setattr(clip_actions, "desktop_opener", lambda: opener)
    actions.set_current(result(str(video)))
    with qtbot.waitSignal(actions.error, timeout=10_000) as sig:
        actions.open_folder.trigger()
    assert str(video.parent) in sig.args[0] and "no method available" in sig.args[0]
    assert (tmp_path / "opened.txt").read_text().strip() == str(video.parent)


def test_a_desktop_opener_that_works_says_nothing(actions, qtbot, tmp_path, monkeypatch):
    video = tmp_path / "beach.mp4"
    video.write_bytes(b"x")
    opener = fake_opener(tmp_path, 0)
    monkeypatch.setattr(clip_actions, "desktop_opener", lambda: opener)
    actions.set_current(result(str(video)))
    with qtbot.assertNotEmitted(actions.error, wait=800):
        actions.open_folder.trigger()
    assert (tmp_path / "opened.txt").read_text().strip() == str(tmp_path)


def test_every_moment_copied_names_that_moment_for_the_engine(demo_library, demo_model):
    """The copied reference round-trips: parsed back by the command line's parser and looked up
    by the engine, each moment of each video names the moment it was copied from."""
    from core.clirefs import resolve_clip
    from core.library import VideoLibrary
    from core.search import Searcher
    from tests.app.conftest import cached_loader

    with VideoLibrary(demo_library, read_only=True) as lib:
        searcher = Searcher(lib, cached_loader(demo_model))
        checked = 0
        for video in lib.video_table.all():
            for m in lib.moment_table.of(video.video_id):
                ref = clip_ref(SearchResult(video.path, m.start, m.end, 0.0, video.video_id, m.moment_id,
                                            m.thumb_time))
                path, at = split_clip_ref(ref)
                assert path == video.path and m.start <= at < m.end, ref
                assert searcher.clip_vector(resolve_clip(lib, path, at))[2].moment_id == m.moment_id, ref
                checked += 1
    assert checked > 12  # every video has moments after its first: boundaries were crossed
