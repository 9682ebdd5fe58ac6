"""``seekframe similar`` / ``captions`` naming a video of the library that waits to be indexed said
only "FILE has no indexed moments.": while another ``seekframe index`` (or the window) indexes the
library, as a user searching from a terminal meets it (s54's audit of two Seekframes on one library:
every video waits during a ``--reindex``), and after a ``--reindex`` stopped part-way and then
``seekframe index A``, which leaves the library's other folders waiting for the next run. ``seekframe search`` said which (cli_status's
``waiting_text``); these now say it too, and a failed video keeps its reason."""

from __future__ import annotations

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_reindex_folder_scope import _two_folders
from tests.videos import Segment, write_video


def _library(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)  # A/red.mp4, B/blue.mp4 indexed
    with VideoLibrary(lib) as library:  # (a --reindex stopped after its switch: every video waits)
        library.reset_for_model(library.meta.model_id, library.meta.model_source, library.meta.dim)
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0  # (B's video waits still)
    return b / "blue.mp4", lib


def test_a_video_waiting_for_the_next_index_says_so(tmp_path, capsys, monkeypatch):
    blue, lib = _library(tmp_path, capsys, monkeypatch)
    for command in ("similar", "captions"):
        code, out, err = run_cli(capsys, command, blue, "--library", lib)
        assert code == 2 and "waiting to be indexed: `seekframe index` does it" in err, (command, err)


def test_a_video_another_process_indexes_now_says_so(tmp_path, capsys, monkeypatch):
    from core.library.lock import lock_library

    blue, lib = _library(tmp_path, capsys, monkeypatch)
    lock = lock_library(lib, existing=True)  # (another run holds the writer lock: flock is per open file)
    try:
        code, out, err = run_cli(capsys, "similar", blue, "--library", lib)
    finally:
        lock.release()
    assert code == 2 and "being indexed now (another Seekframe is indexing this library)" in err, err


def test_a_second_index_refused_is_told_it_can_wait(tmp_path, capsys, monkeypatch):
    """Two terminals, two seekframe index runs (folder A, folder B): the second was told to run again
    once the first is done, not that --wait does it for it. A forget is told no such thing."""
    from core.library.lock import lock_library

    use_encoder(monkeypatch, FixedTextEncoder)
    b, lib = tmp_path / "B", tmp_path / "lib"
    write_video(b / "blue.mp4", [Segment(2, "blue")], seed=2)
    holder = lock_library(lib)  # (the first run)
    try:
        code, out, err = run_cli(capsys, "index", b, "--library", lib)
        assert code == 2 and "another Seekframe process" in err and "run this again with --wait 30" in err, err
        code, out, err = run_cli(capsys, "forget", b, "--library", lib)
        assert code == 2 and "another Seekframe process" in err and "--wait" not in err, err
    finally:
        holder.release()
    assert run_cli(capsys, "index", b, "--library", lib, "--wait", "1")[0] == 0  # (and --wait does as said)
