"""An index a full disk stopped is recorded as such (``core.stopped_runs.FULL``), so what is said of it
later names the full disk and that room is to be made first: `seekframe status`, and the window's
library panel for a window opened on the library after the run. Before, its record said
'interrupted', as any error's, and both said only 'stopped before it finished ... `seekframe index`
(Finish indexing) indexes the rest': a nightly run a full disk stopped was told from a crash by
nothing, and the way out offered failed again at once on the disk still full."""

from __future__ import annotations

import errno
import json

import pytest

import core.cli
from core import stopped_runs
from core.cli import EXIT_DISK_FULL, main
from core.library.moments import MomentTable
from core.stopped_runs import FULL, KILLED, StoppedRun
from tests.fakes import ColourMeanEncoder
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.test_disk_full import _fill, consistent
from tests.videos import Segment, write_video

SAID = "stopped before it finished: the disk holding the library was full"


def _clips(folder, n: int) -> None:
    for i in range(n):
        write_video(folder / f"clip{i:02d}.mp4", [Segment(2, ["red", "blue", "green"][i % 3])], seed=i)


def _stopped(capsys, lib) -> tuple[str, list[dict]]:
    """`seekframe status`'s text and its --json's stopped runs."""
    capsys.readouterr()
    assert main(["status", "--library", str(lib)]) == 0
    text = capsys.readouterr().out
    assert main(["status", "--library", str(lib), "--json"]) == 0
    return text, json.loads(capsys.readouterr().out)["stopped_runs"]


def test_status_says_a_full_disk_stopped_the_index_and_to_make_room_first(tmp_path, monkeypatch, capsys):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    _clips(videos, 3)
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    real, landed = MomentTable.commit, []

    def commit(self, items):
        landed.extend(items)
        if len(landed) >= 2:  # the disk fills up while the second video is written
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, items)

    monkeypatch.setattr(MomentTable, "commit", commit)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    text, runs = _stopped(capsys, lib)
    assert [r["ended"] for r in runs] == [FULL], runs
    assert f"An index of {videos} {SAID} (" in text, text
    assert " files were still to index); free some space, then `seekframe index` indexes the rest." in text, text
    monkeypatch.setattr(MomentTable, "commit", real)  # room again: the same command finishes it
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert _stopped(capsys, lib)[1] == [] and consistent(lib) == 3


def test_a_real_full_disk_writes_its_end_in_the_room_kept_for_it(tmp_path, monkeypatch, capsys, mounts):
    """The disk still full as the run says how it ended: written over the room its record kept."""
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib = mounts.tmpfs(tmp_path / "lib", size="8m")
    videos = tmp_path / "videos"
    _clips(videos, 1)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    _clips(videos, 12)
    real, landed = MomentTable.commit, []

    def commit(self, items):  # one video at a time; the disk fills up once one more is in
        out = []
        for item in items:
            out += real(self, [item])
            landed.append(item)
            if len(landed) == 1:
                _fill(lib, 4)
        return out

    monkeypatch.setattr(MomentTable, "commit", commit)
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    monkeypatch.setattr(MomentTable, "commit", real)
    text, runs = _stopped(capsys, lib)
    assert [r["ended"] for r in runs] == [FULL] and SAID in text, (runs, text)
    (lib / "filler").unlink()
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert _stopped(capsys, lib)[1] == [] and consistent(lib) == 12


@pytest.mark.parametrize("last, full", [(FULL, True), (KILLED, False)])
def test_the_panel_words_of_a_folder_a_full_disk_stopped_last(last, full):
    runs = (StoppedRun(("/v/A",), 3, 3, (("/v/A", 3),), FULL if last == KILLED else KILLED),
            StoppedRun(("/v/A",), 2, 2, (("/v/A", 2),), last))
    assert stopped_runs.full_in(runs, ["/v/A", "/v/B"]) == (("/v/A",) if full else ())
    tip = stopped_runs.folder_words(5, full=full)[1]
    assert (tip == f"Its last index {SAID} (5 files were still to index); free some space, then Finish indexing "
            "indexes the rest.") == full, tip
