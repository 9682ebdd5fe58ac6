"""A library indexed by an earlier reader (format 2 and before: frames as stored) is put right by
the next run: each of its videos is probed once, a video the reader now shows otherwise (a phone's
portrait video, read sideways before) is indexed again, every other one is kept as it is
(``core.sync``'s recheck; ``VideoRecord.reader``). A check that fails loses nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from core.index_passes import FULL, QUICK, passes
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary, VideoRecord
from core.library.records import DONE
from core.progress import print_index_run
from core.video_info import READER
from tests.decode_faults import decode_as_reader_1, decode_as_reader_2, unreadable_when_checked
from tests.fakes import ColourMeanEncoder
from tests.videos import write_as_shown, write_interlaced

RED, BLUE = (220, 30, 30), (30, 50, 220)


class TopColourEncoder(ColourMeanEncoder):
    """A moment as the mean colour of its frames' top half: a picture read sideways differs."""

    def encode_moments(self, frames, batch_size=16):
        return super().encode_moments(np.ascontiguousarray(frames[:, :, : frames.shape[2] // 2]), batch_size)


def portrait_picture() -> np.ndarray:
    img = np.empty((96, 48, 3), np.uint8)
    img[:48], img[48:] = RED, BLUE
    return img


@pytest.fixture(scope="module")
def videos(tmp_path_factory) -> Path:
    """The same portrait picture, 3 s: as stored (plain.mp4), and as a phone stores it (turned.mp4:
    landscape frames, a quarter turn in the header)."""
    folder = tmp_path_factory.mktemp("recheck")
    frames = [portrait_picture()] * 12
    write_as_shown(folder / "plain.mp4", frames, fps=4)
    write_as_shown(folder / "turned.mp4", frames, fps=4, degrees=90)
    return folder


def run(lib_path, folder, **options) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, TopColourEncoder(), IndexOptions(**options)).run([str(folder)]))


def by_name(lib_path) -> dict[str, tuple[VideoRecord, list]]:
    with VideoLibrary(lib_path, read_only=True) as lib:
        return {Path(v.path).name: (v, lib.moment_table.of(v.video_id)) for v in lib.video_table.all()}


def indexed_by_reader_1(lib_path, folder) -> dict:
    """A library as Seekframe's first reader left it: the turned video's moments made sideways,
    no reader recorded (what a format-2 library reads as)."""
    run(lib_path, folder, decode_fn=decode_as_reader_1)
    with VideoLibrary(lib_path) as lib:
        lib.video_table.set_reader([v.video_id for v in lib.video_table.all()], 0)
    return by_name(lib_path)


def status_text(lib_path, capsys) -> str:
    from core.cli_status import print_library_status

    capsys.readouterr()
    with VideoLibrary(lib_path, read_only=True) as lib:
        assert print_library_status(lib, as_json=False) == 0
    return capsys.readouterr().out


def top_colour(moments) -> np.ndarray:
    v = np.mean([m.vector for m in moments], axis=0)
    return v[:3] / v[3]  # (ColourMeanEncoder: the colour, then 1, normalised together)


def test_an_earlier_readers_library_is_put_right_once_and_plain_videos_are_kept(tmp_path, videos, capsys):
    lib = tmp_path / "lib"
    before = indexed_by_reader_1(lib, videos)
    assert np.allclose(top_colour(before["plain.mp4"][1]), RED, atol=8)
    assert not np.allclose(top_colour(before["turned.mp4"][1]), RED, atol=30)  # read sideways

    assert "To check: 2 videos indexed by an earlier version" in status_text(lib, capsys)

    events = run(lib, videos)
    scanned = events[0]
    assert (scanned.summary["to_index"], scanned.summary["recheck"], scanned.files_total) == (0, 2, 2)
    done = {Path(e.current).name: e.kind for e in events if e.kind.startswith("file_") and e.kind != "file_started"}
    assert done == {"plain.mp4": "file_checked", "turned.mp4": "file_done"}
    after = by_name(lib)
    for name in ("plain.mp4", "turned.mp4"):
        assert after[name][0].reader == READER and after[name][0].status == DONE
        assert np.allclose(top_colour(after[name][1]), RED, atol=8), name  # upright now
    plain_before, plain_after = before["plain.mp4"], after["plain.mp4"]
    assert plain_after[0].epoch == plain_before[0].epoch  # kept: the same moments, not written again
    assert [m.moment_id for m in plain_after[1]] == [m.moment_id for m in plain_before[1]]
    assert after["turned.mp4"][0].epoch == before["turned.mp4"][0].epoch + 1
    assert (after["turned.mp4"][0].width, after["turned.mp4"][0].height) == (48, 96)  # as shown

    print_index_run(iter(events))
    err = capsys.readouterr().err
    assert "Checking 2 videos indexed by an earlier version" in err
    assert "Indexed 1 of 1 video (1 moment)." in err and "Checked 1 video indexed by an earlier version" in err

    assert "To check" not in status_text(lib, capsys)
    again = run(lib, videos)  # checked once: nothing more to do
    assert [e.kind for e in again] == ["scanned", "finished"]
    assert (again[0].summary["recheck"], again[0].summary["to_index"]) == (0, 0)


def test_a_video_that_cannot_be_checked_keeps_its_moments_and_is_checked_next_time(tmp_path, videos, capsys):
    lib = tmp_path / "lib"
    before = indexed_by_reader_1(lib, videos)
    events = run(lib, videos, decode_fn=unreadable_when_checked)
    checked = [e for e in events if e.kind == "file_checked"]
    assert sorted(Path(e.current).name for e in checked) == ["plain.mp4", "turned.mp4"]
    assert all("read error" in e.error for e in checked)
    assert events[-1].kind == "finished" and events[-1].failed == []  # not failed: still searchable
    after = by_name(lib)
    for name, (rec, moments) in after.items():
        assert (rec.status, rec.reader, rec.epoch) == (DONE, 0, before[name][0].epoch)
        assert [m.moment_id for m in moments] == [m.moment_id for m in before[name][1]]
    print_index_run(iter(events), quiet=True)
    assert "2 could not be checked (kept as they were, checked again next time" in capsys.readouterr().err
    assert run(lib, videos)[0].summary["recheck"] == 2  # tried again, and put right
    assert {rec.reader for rec, _ in by_name(lib).values()} == {READER}


def test_a_touched_video_of_an_earlier_reader_is_checked_too(tmp_path, videos, capsys):
    import os
    import shutil

    folder = tmp_path / "videos"
    folder.mkdir()
    shutil.copy2(videos / "plain.mp4", folder)
    lib = tmp_path / "lib"
    indexed_by_reader_1(lib, folder)
    st = os.stat(folder / "plain.mp4")
    os.utime(folder / "plain.mp4", (st.st_atime, st.st_mtime + 100))  # same content, new time
    events = run(lib, folder)
    assert events[0].summary["recheck"] == 1 and events[0].summary["touched"] == 1
    plain = by_name(lib)["plain.mp4"][0]
    assert plain.reader == READER and abs(plain.mtime - (st.st_mtime + 100)) < 1e-3
    print_index_run(iter(events))  # a run that only checked: no "Indexed 0 of 0 files"
    err = capsys.readouterr().err
    assert "Indexed" not in err and "Checked 1 video indexed by an earlier version" in err


def test_rechecks_wait_for_the_full_pass():
    rec = lambda i, **kw: VideoRecord(f"{i:016x}", f"/v/{i}.mp4", "/v", 1, 1.0, "h", **kw)  # noqa: E731
    new, quick, old = rec(1), rec(2, status=DONE, quick=True), rec(3, status=DONE)
    assert passes([new, quick], True, [old]) == [(QUICK, [new]), (FULL, [new, quick, old])]
    assert passes([], False, [old]) == [(FULL, [old])]


def test_an_interlaced_video_of_the_second_reader_is_embedded_again_the_others_kept(tmp_path, videos):
    """Reader 2 showed turned video as it is shown but scaled interlaced frames whole (both fields
    mixed); reader 3 reads them by one field: only the interlaced video is embedded again."""
    import shutil

    folder = tmp_path / "videos"
    folder.mkdir()
    for name in ("plain.mp4", "turned.mp4"):
        shutil.copy2(videos / name, folder)
    fields = [np.full((96, 64, 3), c, np.uint8) for c in (RED, BLUE)] * 6  # red top fields, blue bottom ones
    write_interlaced(folder / "interlaced.mp4", fields, fps=2)
    lib = tmp_path / "lib"
    run(lib, folder, decode_fn=decode_as_reader_2)
    with VideoLibrary(lib) as library:
        library.video_table.set_reader([v.video_id for v in library.video_table.all()], 2)
    before = by_name(lib)
    assert not np.allclose(top_colour(before["interlaced.mp4"][1]), RED, atol=30)  # red and blue mixed
    events = run(lib, folder)
    done = {Path(e.current).name: e.kind for e in events if e.kind in ("file_done", "file_checked")}
    assert done == {"plain.mp4": "file_checked", "turned.mp4": "file_checked", "interlaced.mp4": "file_done"}
    after = by_name(lib)
    assert np.allclose(top_colour(after["interlaced.mp4"][1]), RED, atol=12)
    assert {rec.reader for rec, _ in after.values()} == {READER}
    assert after["turned.mp4"][0].epoch == before["turned.mp4"][0].epoch


# the CLI, committing each video alone and holding still after the first commit of a checked
# one (a file marks it) until killed
HOLD_AFTER_A_CHECK = """
import sys, pathlib, time
mark = pathlib.Path(sys.argv[1])
import core.index_passes as P
init, commit = P.CommitBatcher.__init__, P.CommitBatcher.commit
def one_video_commits(self, library, every_s, max_videos, max_moments):
    init(self, library, every_s, 1, max_moments)
P.CommitBatcher.__init__ = one_video_commits
def held(self):
    out = commit(self)
    if any(n is None for _, n in out):
        mark.touch()
        time.sleep(600)
    return out
P.CommitBatcher.commit = held
from core.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_run_killed_while_checking_loses_nothing_and_the_next_finishes(tmp_path, videos, capsys):
    """Killed after some checked videos were recorded: every video keeps its moments, those
    recorded are not checked again, the rest are, and the turned one is put right."""
    import shutil

    from core.cli import main
    from tests.cli_proc import kill_when, start_cli
    from tests.models import save_tiny_model
    from tests.videos import COLORS, Segment, write_video

    model = save_tiny_model(tmp_path / "model")
    folder = tmp_path / "videos"
    for i, colour in enumerate(list(COLORS)[:6]):
        write_video(folder / f"clip{i}.mp4", [Segment(2.0, colour)], size=(64, 48), seed=i)
    shutil.copy2(videos / "turned.mp4", folder)
    lib = tmp_path / "lib"
    assert main(["index", str(folder), "--library", str(lib), "--model", str(model), "-q"]) == 0
    with VideoLibrary(lib) as library:  # as a library of the first reader
        library.video_table.set_reader([v.video_id for v in library.video_table.all()], 0)
    before = by_name(lib)
    mark = tmp_path / "checked"
    proc = start_cli(mark, "index", folder, "--library", lib, "--model", model, "-q", probe=HOLD_AFTER_A_CHECK)
    assert kill_when(proc, mark.exists), proc.stderr.read()
    after = by_name(lib)
    recorded = {name for name, (rec, _) in after.items() if rec.reader == READER}
    assert recorded and len(recorded) < len(after)
    for name, (rec, moments) in after.items():  # nothing lost: each video done, its moments there
        assert rec.status == DONE and len(moments) == rec.n_moments > 0, name
        if name != "turned.mp4":
            assert [m.moment_id for m in moments] == [m.moment_id for m in before[name][1]]
    capsys.readouterr()
    assert main(["index", str(folder), "--library", str(lib), "--model", str(model)]) == 0
    left = len(after) - len(recorded)
    assert f"Checking {left} video{'s' if left > 1 else ''} indexed by an earlier version" in capsys.readouterr().err
    final = by_name(lib)
    assert {rec.reader for rec, _ in final.values()} == {READER}
    assert final["turned.mp4"][0].epoch > before["turned.mp4"][0].epoch
    assert (final["turned.mp4"][0].width, final["turned.mp4"][0].height) == (48, 96)
