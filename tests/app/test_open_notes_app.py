"""What the engine put right on its own as the window opened the library (an older moments data
file cut short taken out, library.json rebuilt from the tables) is said once in the window, in
its words: `seekframe status` printed it ("Note:"), the window never did, so its user saw videos
waiting to be indexed and never learned why."""

from __future__ import annotations

from core.library import VideoLibrary
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.test_torn_fragments import green_added_then_red_and_blue_cut


def test_the_moments_taken_out_at_the_open_are_said_once_in_the_apps_words(
        qtbot, make_app_window, noted_library, capsys, colour_model):
    videos, lib, _ = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model)
    window = make_app_window(lib)
    session = window.session
    wait_idle(qtbot, session)  # (red's and blue's run: the window resumes it at once)
    said = [(level, text) for level, text in window.message_log if "cut short" in text]
    assert len(said) == 1, window.message_log
    level, text = said[0]
    assert level == "warning" and text.startswith("The moments table had a data file cut short"), text
    assert "the moments of 2 videos, which are embedded again by a re-scan, not the whole library." in text
    assert "seekframe" not in text, text
    assert window.banner.isVisible() and window.banner.text == text
    session.refresh_status()  # (a status read says nothing more of it)
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.videos == 3, timeout=SESSION_TIMEOUT_MS)
    assert [t for _level, t in window.message_log if "cut short" in t] == [text]


def test_a_library_json_rebuilt_from_the_tables_is_said_with_the_apps_menus(noted_library):
    from app.open_notes import notes_text

    _videos, lib = noted_library
    (lib / "library.json").unlink()
    with VideoLibrary(lib) as library:
        text = notes_text(library)
    assert "library.json was missing and is rebuilt from the tables" in text, text
    assert "File › Add folder" in text and "File › Model…" in text and "seekframe" not in text, text
    assert "--model" not in text and text.endswith(".") and "\n" in text, text  # (two notes, a line each)


def test_what_a_librarys_open_put_right_goes_from_the_banner_once_another_library_opens(
        qtbot, make_app_window, noted_library, capsys, colour_model, tmp_path):
    _videos, lib, _ = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model)
    window = make_app_window(lib)
    session = window.session
    wait_idle(qtbot, session)
    notes = [t for _level, t in window.message_log if "cut short" in t]
    assert window.banner.isVisible() and window.banner.text == notes[0]
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):  # File › Open: another library,
        session.open(str(tmp_path / "other"))  # whose open put nothing right
    wait_idle(qtbot, session)
    assert not window.banner.isVisible(), window.banner.text  # (the first library's note is not of this one)
    assert [t for _level, t in window.message_log if "cut short" in t] == notes


def test_the_repairs_message_of_a_rebuilt_library_json_says_the_apps_way_to_add_a_folder(tmp_path):
    """The app's repair message ('… It is rebuilt from the tables: … give a folder that held no
    video again with `seekframe index FOLDER`') told a window user to run the command line."""
    from app.library_repair import repaired_text
    from core.library import repair

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "library.json").write_text("{ cut short")
    found = repair.repair(lib)
    assert "rebuilt" in found, found
    text = repaired_text(found)
    assert "File › Add folder" in text and "seekframe" not in text, text


def test_a_writer_open_refused_after_it_took_a_cut_file_out_says_both_in_the_read_only_banner(
        qtbot, make_app_window, noted_library, capsys, colour_model):
    """A writer's open that took a cut moments file out and was then refused (library.json
    inconsistent with the tables) falls back to read-only: the banner said only why it is
    read-only, and what the open did (those videos' moments gone) was never said."""
    import json

    _videos, lib, old = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model)
    meta = json.loads((lib / "library.json").read_text())
    (lib / "library.json").write_text(json.dumps({**meta, "dim": meta["dim"] + 1}))
    window = make_app_window(lib)
    session = window.session
    wait_idle(qtbot, session)
    assert session.read_only and "inconsistent" in session.read_only_reason
    assert not old.exists()  # (the writer's open took it out before it was refused)
    said = [t for _level, t in window.message_log if "cut short" in t]
    assert len(said) == 1, window.message_log
    assert said[0].startswith("The moments table had a data file cut short"), said
    assert said[0].endswith("\n" + session.read_only_reason), said  # (the reason last, in the same banner)
    note = said[0][:-len(session.read_only_reason)]
    assert "a re-scan" in note and "seekframe" not in note, note
    assert window.banner.isVisible() and window.banner.text == said[0]
