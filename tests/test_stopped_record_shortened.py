"""A run a full disk stopped before its plan was recorded writes its record in the room
``library.json`` keeps for it (``core.run_room``, 448 bytes). A record longer than the room (a run
of several folders with long paths) was not written at all: `seekframe status` and a window opened
later said nothing of the files it was to index. It is now written shortened (each folder named by
a short hash of its path, found again among the library's folders; the whole record in the log), and
said as any run a full disk stopped."""

from __future__ import annotations

import errno
import json
import logging

import core.cli
from core import run_room, stopped_runs
from core.cli import EXIT_DISK_FULL, main
from core.library import VideoLibrary
from core.library import meta as meta_io
from core.library import meta_in_place
from tests.fakes import ColourMeanEncoder
from tests.test_disk_full import consistent
from tests.test_stopped_full_disk import SAID, _stopped
from tests.videos import Segment, write_video


def test_a_record_longer_than_the_room_is_written_shortened(tmp_path, monkeypatch, capsys, caplog):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folders = [tmp_path / f"{name}-{'long folder name ' * 6}".strip() for name in "ABC"]
    for i, folder in enumerate(folders):
        for j in range(i + 1):
            write_video(folder / f"clip{j}.mp4", [Segment(2, ["red", "blue", "green"][j % 3])], seed=10 * i + j)
    lib = tmp_path / "lib"
    real = meta_io.write_meta

    def full(where, meta):  # (the folders listed; the plan's record refused: no room for a new file)
        if stopped_runs.KEY in meta.settings.other:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(where, meta)

    assert main(["index", str(folders[0]), "--library", str(lib), "-q"]) == 0  # (a library with its room)
    (folders[0] / "clip0.mp4").unlink()
    write_video(folders[0] / "clip9.mp4", [Segment(2, "white")], seed=99)
    with monkeypatch.context() as m, caplog.at_level(logging.WARNING, "seekframe"):
        m.setattr(meta_io, "write_meta", full)
        assert main(["index", *map(str, folders), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    text, runs = _stopped(capsys, lib)
    assert [(r["ended"], r["left"], sorted(r["roots"])) for r in runs] == \
        [(stopped_runs.FULL, 6, sorted(map(str, folders)))], runs
    assert SAID in text and "(6 files were still to index); free some space, then" in text, text
    assert "shortened to fit" in caplog.text and str(folders[2]) in caplog.text  # (the whole record: in the log)
    room = json.loads((lib / meta_io.META_FILE).read_text())["extra"]["settings"][meta_in_place.ROOM]
    assert room and all(r.startswith(run_room.FOLDER_MARK) for r in room), room
    with VideoLibrary(lib, read_only=True) as reader:  # (what the window's library panel reads)
        runs = stopped_runs.stopped(reader.meta.settings, reader.video_table.all())
        assert sorted(stopped_runs.full_in(runs, reader.meta.settings.folders)) == sorted(map(str, folders))
        assert stopped_runs.per_folder(runs, reader.meta.settings.folders) == {str(f): i + 1 for i, f in
                                                                               enumerate(folders)}
    assert main(["index", *map(str, folders), "--library", str(lib), "-q"]) == 0  # (room again)
    assert _stopped(capsys, lib)[1] == [] and consistent(lib) == 6


def test_the_shortened_records_never_overflow_the_room():
    """However many folders, the last shortening fits: this run's folders with the most files first;
    a folder no longer the library's is said by nothing."""
    folders = [f"/videos/{'x' * 200}/{i}" for i in range(40)]
    record = {f: {"files": i + 1, "failed": 0, "at": 2.5, "pid": 1, "end_slot": "ab" * 6} for i, f in enumerate(folders)}
    record["/videos/elsewhere"] = {"files": 3, "failed": 0, "at": 2.5}
    last = list(run_room.shortened(record, 2.5, folders))
    fitting = [r for r in last if meta_in_place.filled_room(r) is not None]
    assert fitting and meta_in_place.filled_room(last[0]) is None, len(fitting)
    best = fitting[0]
    named = {run_room.named(r, folders): rec["files"] for r, rec in best.items()}
    assert list(named) == folders[::-1][:len(named)] and len(named) >= 4, named
    assert run_room.named(run_room.short_name("/gone"), folders) is None
