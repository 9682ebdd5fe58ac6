"""A run whose disk was full before its plan was recorded left no record: the CLI said "the disk
holding L is full ... run the same command again" at the time, but `seekframe status` and a window
opened later said nothing of the files it was to index. ``library.json`` now keeps room for the
record (``core.run_room``), filled in place when a full disk refuses the whole write: no new block
needed, so the run is known later as one a full disk stopped."""

from __future__ import annotations

import errno
import json

import pytest

import core.cli
import core.indexer
from core import stopped_runs
from core.cli import EXIT_DISK_FULL, main
from core.library import VideoLibrary
from core.library import meta as meta_io
from core.library import meta_in_place
from tests.fakes import ColourMeanEncoder
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.test_disk_full import _fill, consistent
from tests.test_stopped_full_disk import SAID, _stopped
from tests.videos import Segment, write_video


def _clips(folder, n: int, touched: bool = True) -> None:
    """``n`` clips in ``folder``; ``touched``: those there already written again (a run moves their
    rows to the new files before its plan is recorded: ``core.sync_apply``), else left as they are."""
    for i in range(n):
        if touched or not (folder / f"clip{i:02d}.mp4").exists():
            write_video(folder / f"clip{i:02d}.mp4", [Segment(2, ["red", "blue", "green"][i % 3])], seed=i)


@pytest.mark.parametrize("touched", [False, True], ids=["new-files", "a-file-written-again"])
def test_a_disk_full_before_the_plan_is_recorded_still_leaves_its_record(tmp_path, monkeypatch, capsys, mounts,
                                                                         touched):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib = mounts.tmpfs(tmp_path / "lib", size="8m")
    videos = tmp_path / "videos"
    _clips(videos, 1)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    _clips(videos, 4, touched)
    _fill(lib, 0)  # another program took the last of the disk before this run
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    assert "is full" in capsys.readouterr().err
    text, runs = _stopped(capsys, lib)
    assert [(r["ended"], r["left"]) for r in runs] == [(stopped_runs.FULL, 3)], runs
    assert f"An index of {videos} {SAID} (3 files were still to index); free some space, then " \
           "`seekframe index` indexes the rest." in text, text
    with VideoLibrary(lib, read_only=True) as reader:  # (what the window's library panel reads)
        runs = stopped_runs.stopped(reader.meta.settings, reader.video_table.all())
        assert stopped_runs.full_in(runs, reader.meta.settings.folders) == (str(videos),)
    (lib / "filler").unlink()
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert _stopped(capsys, lib)[1] == [] and consistent(lib) == 4
    settings = json.loads((lib / meta_io.META_FILE).read_text())["extra"]["settings"]
    assert settings[meta_in_place.ROOM] == {} and stopped_runs.KEY not in settings, settings  # (emptied, kept for the next)


def test_the_room_is_in_one_sector_and_a_record_too_big_for_it_is_not_written(tmp_path):
    """Each whole write keeps the room empty, within one sector (a power cut tears no rewrite of it);
    a record that does not fit leaves the file as it was."""
    from core.library.location import Location

    where = Location(tmp_path)
    for pad in range(0, 600, 37):  # (the room wherever the settings before it put it)
        meta = meta_io.LibraryMeta(schema_version=1, settings=meta_io.LibrarySettings(other={"a": "x" * pad}))
        meta_io.write_meta(where, meta)
        data = (tmp_path / meta_io.META_FILE).read_bytes()
        at = data.index(meta_in_place.blank_room())
        assert at // meta_in_place.SECTOR == (at + meta_in_place.ROOM_BYTES - 1) // meta_in_place.SECTOR, (pad, at)
        assert meta_io.read_meta(where).settings.other == {"a": "x" * pad}  # (an empty room reads as none)
    assert meta_in_place.filled_room({"/v/" + "x" * 500: {"files": 1}}) is None
    record = {"/v/A": {"files": 3, "failed": 0, "at": 1.5, "ended": "full"}}
    meta_in_place.patch_meta(where, {meta_in_place.blank_room(): meta_in_place.filled_room(record)})
    settings = meta_io.read_meta(where).settings
    assert stopped_runs.recorded(settings) == record and settings.other["a"] == "x" * 592


def test_a_disk_full_in_the_changes_before_the_plan_still_records_it(tmp_path, monkeypatch, capsys):
    """The tables refused (a move's rows) where ``library.json`` still takes a whole write: the plan
    recorded whole, with its end."""
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    _clips(videos, 1)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    _clips(videos, 3, touched=False)

    def refused(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(core.indexer, "apply_cheap_changes", refused)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    monkeypatch.undo()
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    text, runs = _stopped(capsys, lib)
    assert [(r["ended"], r["left"]) for r in runs] == [(stopped_runs.FULL, 2)], runs
    settings = json.loads((lib / meta_io.META_FILE).read_text())["extra"]["settings"]
    assert settings[meta_in_place.ROOM] == {}, settings  # (written whole: the room not needed)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert _stopped(capsys, lib)[1] == [] and consistent(lib) == 3


def test_a_room_holding_a_record_is_kept_as_a_later_fill_finds_it(tmp_path):
    """Another whole write before the record's own (a forget, the model bound) keeps the room as
    ``patch_meta`` wrote it: a second run a full disk stops finds it to write its record over (dumped
    as any setting, it was not found: no record)."""
    from dataclasses import replace

    from core.library.location import Location

    where = Location(tmp_path)
    meta_io.write_meta(where, meta_io.LibraryMeta(schema_version=1))
    first = {"/v/A": {"files": 3, "failed": 0, "at": 1.5, "ended": "full"}}
    meta_in_place.patch_meta(where, {meta_in_place.blank_room(): meta_in_place.filled_room(first)})
    meta = meta_io.read_meta(where)
    meta_io.write_meta(where, replace(meta, settings=meta.settings.updated(window_s=2.0)))
    assert stopped_runs.recorded(meta_io.read_meta(where).settings) == first
    second = {**first, "/v/B": {"files": 2, "failed": 0, "at": 2.5, "ended": "full"}}
    meta_in_place.patch_meta(where, {meta_in_place.filled_room(first): meta_in_place.filled_room(second)})
    settings = meta_io.read_meta(where).settings
    assert stopped_runs.recorded(settings) == second and settings.window_s == 2.0
