"""Faults around taking a cut moments data file out (``torn_fragments``, 7864ef0): a file that only
cannot be read this instant (EIO on a disk or network share that blips, a permission) is not a file
cut short, and its moments stay; a removal cut short by a crash or a full disk leaves a library
that reads and embeds again what it lost."""

from __future__ import annotations

import builtins
import errno
import subprocess
import sys

import pyarrow as pa
import pytest

from core.library import torn, torn_fragments
from tests.cli_run import run_cli
from tests.test_torn_fragments import green_added_then_red_and_blue_cut
from tests.test_torn_versions import data_files, finds


def unreadable(monkeypatch, path, err=errno.EIO):
    """Opening ``path`` from Python fails with ``err`` (LanceDB's own reads are untouched)."""
    real = builtins.open

    def fake(file, *args, **kwargs):
        if str(file) == str(path):
            raise OSError(err, "Input/output error", str(file))
        return real(file, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", fake)


def three_fragments(tmp_path):
    from core.library.lancedb_import import lancedb

    db = lancedb.connect(str(tmp_path))
    t = db.create_table("t", pa.table({"x": [1, 2]}))
    t.add(pa.table({"x": [3, 4, 5]}))
    t.add(pa.table({"x": [6]}))
    table = tmp_path / "t.lance"
    found = torn_fragments.fragments(torn.manifests(table)[0][1])
    return db, table, table / "data" / found[1].files[0]


def test_a_data_file_that_cannot_be_read_this_instant_is_not_taken_out(tmp_path, monkeypatch):
    db, table, middle = three_fragments(tmp_path)
    for err in (errno.EIO, errno.EACCES):
        unreadable(monkeypatch, middle, err)
        assert torn_fragments.cut_fragments(table) == {}
        assert torn_fragments.drop_cut(db, "t", table) is None
        monkeypatch.undo()
    assert middle.exists()
    assert sorted(db.open_table("t").to_arrow().column("x").to_pylist()) == [1, 2, 3, 4, 5, 6]


def test_a_writer_opened_while_an_older_moments_file_blips_keeps_its_moments(
        noted_library, capsys, colour_model, monkeypatch):
    from core.library import VideoLibrary

    videos, lib = noted_library
    (old,) = data_files(lib, "moments")
    from tests.videos import Segment, write_video

    write_video(videos / "green.mp4", [Segment(4, "green")])
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    unreadable(monkeypatch, old)
    with VideoLibrary(lib) as library:  # (a writer's open: seekframe index, the app)
        assert library.conn.dropped is None
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert "cut short" not in out + err and "Damaged" not in out + err, out + err
    monkeypatch.undo()
    assert old.exists()  # (it was set aside, red's and blue's moments taken out: both embedded again)
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "gone" not in out and "waiting" not in out, out
    assert finds(capsys, lib, "red", "red.mp4")


def test_a_writer_opened_while_the_newest_videos_file_blips_sets_no_version_aside(
        noted_library, capsys, colour_model, monkeypatch):
    """``torn.roll_back`` (a newest version cut short) reads the same tails: an unreadable file is
    not a cut one there either, in any table (the videos and captions tables hold what cannot be
    made again)."""
    from core.library import VideoLibrary
    from tests.videos import Segment, write_video

    videos, lib = noted_library
    before = {t: data_files(lib, t) for t in ("videos", "moments", "captions")}
    write_video(videos / "green.mp4", [Segment(4, "green")])
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert run_cli(capsys, "note", f"{videos / 'green.mp4'}@1", "our green wall", "--library", lib)[0] == 0
    for table in ("videos", "moments", "captions"):
        new = sorted(data_files(lib, table) - before[table])
        unreadable(monkeypatch, new[-1])
        with VideoLibrary(lib) as library:
            assert library.conn.rolled_back == {} and library.conn.dropped is None, table
        monkeypatch.undo()
    assert not list(lib.glob("db/*.lance/_versions/*.cut-*"))
    assert finds(capsys, lib, "green", "green.mp4")
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'green.mp4'}@1", "--library", lib)
    assert code == 0 and "our green wall" in out, out


def test_a_half_written_file_no_version_names_does_not_read_the_table_through_at_each_status(
        noted_library, capsys, colour_model, monkeypatch):
    """A crash between the delete and the file set aside, or a write a full disk refused, leaves a
    data file no version names: it read the whole table through at each status and no-op index
    (1.4-1.9 s with 200,000 moments, against 3 ms), until cleaned up. A file the newest version
    names that is cut is still found."""
    from core.library import repair

    videos, lib = noted_library
    for table in ("videos", "moments", "captions"):
        (lib / "db" / f"{table}.lance" / "data" / "0110-left-half-written.lance").write_bytes(b"\0" * 300)
    read_through = []
    real = repair.unreadable_tables
    monkeypatch.setattr(repair, "unreadable_tables", lambda *a, **k: read_through.append(k) or real(*a, **k))
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out + err, out + err
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Nothing new to index" in err, err
    assert read_through == []
    (named,) = data_files(lib, "captions") - {lib / "db/captions.lance/data/0110-left-half-written.lance"}
    named.write_bytes(named.read_bytes()[:-100])
    assert "captions" in repair.damaged_tables(lib) and read_through


def test_a_cut_file_that_cannot_be_set_aside_still_lets_the_library_open(
        noted_library, capsys, colour_model, monkeypatch):
    """The delete committed, the file could not be moved (a permission on data/, a read-only
    remount): the open failed with that error, after the fragment was already out, the writer lock
    left to the failed open's objects, and nothing said what the delete cost."""
    from core.library import VideoLibrary

    videos, lib, old = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model)

    def refused(path, stamp):
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(torn, "_aside", refused)
    with VideoLibrary(lib) as library:
        assert library.conn.dropped.rows == 2 and library.conn.dropped.set_aside == []
        assert library.conn.dropped.videos == 2
    monkeypatch.undo()
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 2 of 2 video files" in err, err
    assert finds(capsys, lib, "red", "red.mp4") and finds(capsys, lib, "green", "green.mp4")
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out + err and "waiting" not in out, out + err


@pytest.mark.parametrize("kill_at", ["set_aside", "mark_short", "delete_version_cut"])
def test_a_removal_killed_part_way_leaves_a_library_that_embeds_again_what_it_lost(
        noted_library, capsys, colour_model, kill_at):
    """Killed between the delete and the file set aside, between that and the videos made pending,
    or the delete's version file cut by a power cut: the next status says what waits, the next
    index embeds red and blue again (only them), and nothing is said damaged."""
    videos, lib, old = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model)
    if kill_at == "delete_version_cut":
        assert finds(capsys, lib, "green", "green.mp4")  # (a reader takes the file out)
        manifest = torn.manifests(lib / "db" / "moments.lance")[0][1]
        manifest.write_bytes(manifest.read_bytes()[:-100])
    else:
        patch = {"set_aside": "from core.library import torn; torn._aside = lambda *a, **k: os._exit(9)",
                 "mark_short": "from core.library.moments import MomentTable; "
                               "MomentTable.mark_short = lambda *a, **k: os._exit(9)"}[kill_at]
        code = f"import os\n{patch}\nfrom core.library import VideoLibrary\nVideoLibrary({str(lib)!r})\n"
        assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "2 videos are waiting to be indexed" in out and "Damaged" not in out + err, out + err
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 2 of 2 video files" in err, err
    assert finds(capsys, lib, "red", "red.mp4") and finds(capsys, lib, "blue", "blue.mp4")
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out + err and "waiting" not in out, out + err
