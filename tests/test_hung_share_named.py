"""``seekframe index FOLDER`` looked whether each folder named is there (``cli_args.check_index_paths``:
an ``os.path.isdir``, twice a run) on the command's own thread with no bound: a network share that does
not answer at all held the command for ever, before its run could say the folder offline. The look is
bounded now (``core.bounded_meta``, keyed by the folder, as the scan's own looks are): a library folder
that does not answer is left to the run, which says it offline and keeps its videos; a new folder that
does not answer is refused, with what to do, and nothing is indexed.

The share's calls hang in-process (``test_hung_share_metadata.Held``, released after ``OLD_WAIT_S``), so
that on the old code each test ends, late, and fails on the look made by the command's own thread."""

from __future__ import annotations

import os
import threading

import pytest

import core.cli
from core.library import VideoLibrary
from tests import test_hung_share_metadata
from tests.cli_run import run_cli
from tests.fakes import ColourMeanEncoder
from tests.test_hung_share_metadata import HUNG_WORDS, hold  # noqa: F401 (hold: the fixture)
from tests.test_hung_share_results import indexed  # noqa: F401 (the fixture: a share's video and a local one)

pytestmark = pytest.mark.slow  # (each hung look waits its bound, 1 s; the old code OLD_WAIT_S a call)


@pytest.fixture
def on_main(monkeypatch):
    """The share's calls made by the command's own thread (unbounded), listed; the old code's wait cut
    to 5 s a call (it still ends, late)."""
    monkeypatch.setattr(test_hung_share_metadata, "OLD_WAIT_S", 5.0)
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    made: list[str] = []

    def held(hold, name, folder):
        h = hold(name, folder)
        call = h.call

        def watched(path, *a, **kw):
            p = "" if isinstance(path, int) else os.fspath(path)
            if threading.current_thread() is threading.main_thread() and (p == h.folder or
                                                                           p.startswith(h.folder + os.sep)):
                made.append(f"{name} {p} ({_caller()})")
            return call(path, *a, **kw)

        h.call = watched
        setattr(os, name, watched)
        return h

    return made, held


def _caller() -> str:
    """The module of Seekframe's that made the call (its innermost frame in core/ or app/)."""
    import traceback

    core = [f.filename for f in traceback.extract_stack() if os.sep + "core" + os.sep in f.filename
            or os.sep + "app" + os.sep in f.filename]
    return os.path.basename(core[-1]) if core else "?"


def folders(lib) -> list[str]:
    with VideoLibrary(lib, read_only=True) as library:
        return list(library.meta.settings.folders or [])


def test_a_library_folder_named_that_does_not_answer_is_said_offline_and_the_command_ends(indexed, hold, on_main,
                                                                                         capsys):
    lib, share, local = indexed
    made, held = on_main
    for name in ("stat", "lstat"):
        held(hold, name, share)
    code, out, err = run_cli(capsys, "index", share, "--library", lib)
    said = " ".join(err.split())
    assert made == [], made  # (every look at the share bounded: none made by the command's own thread)
    assert code == 0 and f"offline: {share} ({HUNG_WORDS}" in said, said
    with VideoLibrary(lib, read_only=True) as library:
        kept = {os.path.basename(v.path): v for v in library.video_table.all()}
    assert kept["kept.mp4"].offline and not kept["own.mp4"].offline, kept  # (nothing lost)
    assert folders(lib) == [str(share), str(local)]


def test_a_new_folder_named_that_does_not_answer_is_refused_with_what_to_do(indexed, hold, on_main, capsys,
                                                                            tmp_path):
    lib, share, local = indexed
    other = tmp_path / "other_share"
    other.mkdir()
    made, held = on_main
    for name in ("stat", "lstat"):
        held(hold, name, other)
    code, out, err = run_cli(capsys, "index", other, "--library", lib)
    said = " ".join(err.split())
    assert made == [], made
    assert code == 2 and f"{other} does not answer" in said and "Nothing was indexed" in said, said
    assert "run the command again" in said, said
    assert folders(lib) == [str(share), str(local)]  # (the library as it was)


def test_a_look_stuck_before_is_waited_for_once(monkeypatch):
    """``bounded_meta.waited``: a look of the folder left stuck earlier in the process (a re-scan's) is
    waited for, and its answer taken once it comes; one that never answers is waited for once, then the
    next look of the named folder (the command's second check, its run's scan) answers at once."""
    from core import bounded_meta, bounded_read

    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    gates = {name: threading.Event() for name in ("back", "gone")}
    waits = {name: [] for name in gates}
    try:
        for name, gate in gates.items():
            folder = f"/no-share-{os.getpid()}-{id(gate)}/{name}"
            with pytest.raises(TimeoutError):
                bounded_meta.call(folder, gate.wait, 60)  # (left stuck)
            stuck = bounded_meta._stuck[folder]
            real = stuck.wait

            def spy(timeout=None, name=name, real=real):
                waits[name].append(timeout)
                if name == "back":
                    gates[name].set()  # (the share answers while the named look waits)
                return real(timeout)

            stuck.wait = spy
            if name == "back":
                assert bounded_meta.waited(folder, lambda: "answered") == "answered"
                assert len(waits[name]) == 1
                continue
            for _ in range(2):
                with pytest.raises(TimeoutError):
                    bounded_meta.waited(folder, lambda: "answered")
            assert len(waits[name]) == 1 and waits[name][0] > 0, waits  # (the second: at once, no wait)
    finally:
        for gate in gates.values():
            gate.set()


def test_a_new_folder_is_indexed_while_another_library_folder_does_not_answer(indexed, hold, on_main, capsys,
                                                                             tmp_path):
    """The run's spelling of a new folder as the library knows it (``folder_spelling.as_library_folder``:
    is it one of the library's folders reached through a link?) resolved every library folder's links,
    unbounded: a share that does not answer held the run of another folder. Its look is bounded now and
    keyed by the share, whose scan's look then answers at once: the new folder is indexed."""
    from tests.videos import Segment, write_video

    lib, share, local = indexed
    fresh = tmp_path / "fresh"
    write_video(fresh / "new.mp4", [Segment(2, "green")])
    made, held = on_main
    for name in ("stat", "lstat"):
        held(hold, name, share)
    code, out, err = run_cli(capsys, "index", fresh, "--library", lib)
    assert made == [], made  # (core.sync_missing's look whether the share is missing, for a rename, too)
    assert code == 0, err
    assert folders(lib) == [str(share), str(local), str(fresh)]
    with VideoLibrary(lib, read_only=True) as library:
        kept = {os.path.basename(v.path): v for v in library.video_table.all()}
    assert kept["new.mp4"].n_moments and not kept["kept.mp4"].offline, kept  # (the share not looked at: as it was)


def test_a_folder_holding_a_library_folder_that_does_not_answer_is_added_and_leaves_it_listed(tmp_path, hold,
                                                                                             on_main, capsys,
                                                                                             monkeypatch):
    """``seekframe index OUTER`` takes in the library folders inside OUTER that are there (``taking_in.taken_in``:
    an ``os.path.exists`` of each, unbounded): one on a share that does not answer held the command. Its look
    is bounded now; one that does not answer is not taken in, as one not there: it stays listed, its videos
    kept. So is one remembered as not answering (``hung_folders``), never looked at."""
    from tests.test_hung_share_metadata import index
    from tests.videos import Segment, write_video

    outer, lib = tmp_path / "outer", tmp_path / "lib"
    share, remembered = outer / "share", outer / "remembered"
    for folder in (share, remembered):
        write_video(folder / f"{folder.name}.mp4", [Segment(2, "red")])
    index(lib, [share, remembered])
    with VideoLibrary(lib) as library:
        library.update_settings(hung_folders={str(remembered): 1.0})
    import core.taking_in

    looked, real_there = [], core.taking_in._there
    monkeypatch.setattr(core.taking_in, "_there", lambda f: looked.append(f) or real_there(f))
    made, held = on_main
    held(hold, "stat", share)
    held(hold, "stat", remembered)
    run_cli(capsys, "index", outer, "--library", lib)
    assert made == [], made
    assert looked == [str(share)], looked  # (the one remembered never looked at)
    assert folders(lib) == [str(share), str(remembered), str(outer)]


def test_a_new_folder_that_stops_answering_after_its_check_is_said_offline(indexed, hold, on_main, capsys, tmp_path):
    """A new folder whose ``stat`` answers (the command's check) but whose links' looks (``lstat``) do not:
    the run's spelling of it (``folder_spelling.as_library_folder``: is it a library folder reached through a
    link?) and ``run_roots.once`` (is it another new folder named twice?) resolved it unbounded. Each is one
    bounded look of the folder now; the run goes on, the folder as typed, its scan saying it offline."""
    lib, share, local = indexed
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    made, held = on_main
    held(hold, "lstat", fresh)
    code, out, err = run_cli(capsys, "index", fresh, "--library", lib)
    assert made == [], made
    assert code == 0 and f"offline: {fresh} ({HUNG_WORDS}" in " ".join(err.split()), err
