"""A new library whose first library.json was written but whose disk filled before its first video was
indexed (binding the model, listing the folder, recording the run's plan: 32-68 KiB free on a tmpfs
for three short clips) is a valid library that holds no video. The CLI said the index's words of it,
'Nothing was lost: the library is consistent, and every video indexed before this is in it', of a
library that never held one. It now says no video was indexed yet, and the same command once there is
room indexes them all. A library that held videos before keeps the usual words."""

from __future__ import annotations

import pytest

from core.cli import EXIT_DISK_FULL, main
from core.library import meta as meta_io
from tests.fakes import cli_encoder
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.new_library_disk import filled_disk, meta_writes_refused, short_clips
from tests.test_disk_full import consistent
from tests.videos import Segment, write_video

NONE_YET = "No video was indexed yet: the library is consistent but holds none, and your videos are untouched."
EVERY = "every video indexed before this is in it"


@pytest.fixture(autouse=True)
def _encoder(monkeypatch):
    cli_encoder(monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("free_kb", [32, 56])
def test_a_real_full_disk_after_the_first_library_json(tmp_path, capsys, mounts, free_kb):
    videos, disk = short_clips(tmp_path, 3), filled_disk(tmp_path, mounts, free_kb)
    lib = disk / "new" / "lib"
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    assert (lib / meta_io.META_FILE).is_file(), err  # (made: its first library.json written)
    assert NONE_YET in err and EVERY not in err, err
    assert consistent(lib) == 0
    (disk / "filler").unlink()
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 3


def test_a_new_library_the_disk_filled_before_its_first_video(tmp_path, monkeypatch, capsys):
    videos, lib = short_clips(tmp_path, 2), tmp_path / "lib"
    with monkeypatch.context() as m:
        meta_writes_refused(m, made=True)
        assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    assert NONE_YET in err and EVERY not in err and "run the same command again" in err, err
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 2


def test_a_library_that_held_videos_keeps_the_usual_words(tmp_path, monkeypatch, capsys):
    videos, lib = short_clips(tmp_path, 2), tmp_path / "lib"
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    write_video(videos / "more.mp4", [Segment(2, "green")], seed=9)
    capsys.readouterr()
    with monkeypatch.context() as m:
        meta_writes_refused(m, made=True)
        assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    assert EVERY in err and NONE_YET not in err, err
