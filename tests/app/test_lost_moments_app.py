"""Videos whose moments are gone while the window has the library open (a data file of the moments
table cut short, taken out by a reader's search, this window's or `seekframe search`'s): `seekframe
status` says "the moments of N videos are gone", the window said nothing, and its user saw them
as waiting, or indexed, while no search found them. The window now says it once, with what
embeds them again, and stops saying it once they are."""

from __future__ import annotations

from core.library import torn
from tests.app.conftest import SESSION_TIMEOUT_MS, wait_idle
from tests.cli_run import run_cli
from tests.test_torn_versions import cut_tail, data_files, finds, newest_manifest
from tests.videos import Segment, write_video


def _green_added(noted_library, capsys, colour_model):
    """green.mp4 indexed in a commit of its own; (lib, the older moments file: red's and blue's)."""
    videos, lib = noted_library
    (old,) = data_files(lib, "moments")
    write_video(videos / "green.mp4", [Segment(4, "green")])
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert old in torn.data_files(lib / "db" / "moments.lance", newest_manifest(lib, "moments"))
    return lib, old


def _lost_notes(window):
    return [t for _level, t in window.message_log if "no search finds" in t]


def test_moments_lost_while_the_window_is_open_are_said_once_and_go_once_embedded_again(
        qtbot, make_app_window, noted_library, capsys, colour_model):
    lib, old = _green_added(noted_library, capsys, colour_model)
    window = make_app_window(lib)
    session = window.session
    wait_idle(qtbot, session)
    # the writer lock let go, and the window's open done: its last step, the search matrix's preload
    # (engine.OpenRun, after the model: ``ready``), has read the moments whole. A file cut before that
    # read is taken out by this window's own search (said so: the test below), not `seekframe search`
    qtbot.waitUntil(lambda: session.library.read_only and not session._workers and not session._reader.runner.busy,
                    timeout=SESSION_TIMEOUT_MS)
    cut_tail(old)
    assert finds(capsys, lib, "green", "green.mp4")  # `seekframe search` takes the cut file out
    session.refresh_status()
    qtbot.waitUntil(lambda: bool(_lost_notes(window)), timeout=SESSION_TIMEOUT_MS)
    (text,) = _lost_notes(window)
    assert text.startswith("The moments of 2 videos are gone from the moments table"), text
    assert "a re-scan (File › Re-scan) embeds them again" in text and "seekframe" not in text, text
    assert window.banner.isVisible() and window.banner.text == text
    for _ in range(2):  # (each status read: said once)
        session.refresh_status()
        wait_idle(qtbot, session)
    assert _lost_notes(window) == [text]
    session.rescan()
    wait_idle(qtbot, session)
    session.refresh_status()
    wait_idle(qtbot, session)
    qtbot.waitUntil(lambda: session.status.videos == 3 and session.status.lost == 0, timeout=SESSION_TIMEOUT_MS)
    assert not window.banner.isVisible() or window.banner.text != text, window.banner.text
    assert _lost_notes(window) == [text]


def test_a_search_of_a_read_only_window_that_takes_a_cut_file_out_says_so(
        qtbot, make_app_window, noted_library, capsys, colour_model, monkeypatch):
    """A window read-only while another process held the writer lock (its search matrix not
    loaded then) searches once that process let go: the search takes the cut data file out and
    answers without red and blue, and nothing said why they are not found."""
    import core.library.connection
    from app import engine
    from app.requests import SearchRequest
    from core.library.lock import lock_library

    monkeypatch.setattr(core.library.connection, "WRITER_WAIT_S", 0.2)  # (the preload gives up sooner)
    lib, old = _green_added(noted_library, capsys, colour_model)
    cut_tail(old)
    lock = lock_library(lib)  # another process writes the library
    try:
        window = make_app_window(lib)
        session = window.session
        wait_idle(qtbot, session)
        assert session.read_only
    finally:
        lock.release()
    found = engine.run_search(session.searcher, SearchRequest(query="red"))  # (what the search worker runs)
    assert {f.path.rsplit("/", 1)[-1] for f in found} == {"green.mp4"}, found
    session.refresh_status()
    qtbot.waitUntil(lambda: bool(_lost_notes(window)), timeout=SESSION_TIMEOUT_MS)
    text = _lost_notes(window)[0]
    assert text.startswith("A search found a data file of the moments table cut short or missing"), text
    assert "no search finds those 2 videos until" in text, text
