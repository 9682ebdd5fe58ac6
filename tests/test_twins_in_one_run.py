"""Files of one content found new in the same run (hard links in one folder, byte-identical
copies) are decoded and embedded once: the others take the first one's moments, as a copy of an
indexed video does, and a search lists them as copies of one result. Since hard links became names
of their own (a087f48) both names were decoded and embedded."""

from __future__ import annotations

import os
import shutil
import sys

import numpy as np
import pytest

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.search import Searcher
from core.tracks import NO_VIDEO_STREAM
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_broken_video, write_video


def run(lib_path, folder, encoder, **options) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, encoder, IndexOptions(**options)).run([str(folder)]))


def moments_by_name(lib_path) -> dict:
    """{file name: (status, duration, [(start, end, vector bytes)])}"""
    with VideoLibrary(lib_path, read_only=True) as lib:
        return {os.path.basename(v.path): (v.status, v.duration,
                                           [(m.start, m.end, np.asarray(m.vector).tobytes())
                                            for m in lib.moment_table.of(v.video_id)])
                for v in lib.video_table.all()}


def twins_folder(tmp_path, how: str):
    folder = tmp_path / "videos"
    write_video(folder / "red.mp4", [Segment(3, "red"), Segment(3, "blue")], seed=1)
    write_video(folder / "green.mp4", [Segment(2, "green")], seed=2)
    if how == "hard link":
        if sys.platform == "win32":
            pytest.skip("hard links need privileges on Windows")
        os.link(folder / "red.mp4", folder / "red again.mp4")
    else:
        shutil.copy(folder / "red.mp4", folder / "red again.mp4")
    return folder


def embedded_alone(tmp_path, name: str) -> int:
    """Moments ``name`` of the twins' folder embeds indexed alone."""
    alone, encoder = tmp_path / f"alone {name}", ColourMeanEncoder()
    alone.mkdir()
    shutil.copy(tmp_path / "videos" / name, alone / name)
    run(tmp_path / f"lib {name}", alone, encoder)
    return encoder.embedded


@pytest.mark.parametrize("two_pass", [False, True])
@pytest.mark.parametrize("how", ["hard link", "copy"])
def test_twins_found_in_one_run_are_embedded_once_and_listed_as_copies(tmp_path, how, two_pass):
    folder, lib_path, encoder = twins_folder(tmp_path, how), tmp_path / "lib", ColourMeanEncoder()
    events = run(lib_path, folder, encoder, two_pass=two_pass)
    assert events[-1].kind == "finished" and not events[-1].failed
    started = [os.path.basename(e.current) for e in events if e.kind == "file_started"]
    passes = 2 if two_pass else 1
    assert started.count("green.mp4") == passes and len(started) == 2 * passes  # one of the red twins, once a pass
    assert len({n for n in started if n.startswith("red")}) == 1
    done = [os.path.basename(e.current) for e in events if e.kind == "file_done" and e.phase == "full"]
    assert sorted(done) == ["green.mp4", "red again.mp4", "red.mp4"]
    embedded = encoder.embedded
    assert embedded == passes * (embedded_alone(tmp_path, "red.mp4") + embedded_alone(tmp_path, "green.mp4"))
    held = moments_by_name(lib_path)
    assert held["red again.mp4"] == held["red.mp4"]
    status, duration, moments = held["red.mp4"]
    assert status == "done" and duration > 5 and len(moments) >= 2
    assert held["green.mp4"][0] == "done" and held["green.mp4"][2] != moments

    with VideoLibrary(lib_path, read_only=True) as lib:  # a search lists the two as one result, copies
        red = next(v for v in lib.video_table.all() if v.path.endswith("/red.mp4"))
        first = lib.moment_table.of(red.video_id)[0]
        results = Searcher(lib, None, fold_copies=True).refine("", more=[first.moment_id], k=10)
    top = results[0]
    assert (top.start, top.end) == (first.start, first.end)
    assert {top.path, *top.copies} == {str(folder / "red.mp4"), str(folder / "red again.mp4")}
    assert not any(r.path.endswith("red again.mp4") or r.path.endswith("/red.mp4") for r in results[1:]
                   if (r.start, r.end) == (first.start, first.end))

    again = run(lib_path, folder, encoder)  # the next run finds nothing to do
    assert encoder.embedded == embedded and not [e for e in again if e.kind == "file_started"]
    assert moments_by_name(lib_path) == held


def fails_first_decode(path, spec):
    """``decode_file``, logging each path beside the scanned folder; the run's first decode fails
    on its file (it could not be read: another user's, a bad sector), as the reader says."""
    from core.decode_pool import decode_file
    from core.errors import MediaError

    beside = os.path.dirname(os.path.dirname(path))
    with open(os.path.join(beside, "decoded.log"), "a", encoding="utf-8") as log:
        log.write(os.path.basename(path) + "\n")
    try:
        os.close(os.open(os.path.join(beside, "failed once"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return decode_file(path, spec)
    raise MediaError(path, UNREADABLE)


UNREADABLE = "cannot read the file (Permission denied)"  # (core.unopenable.unopenable_reason's)


@pytest.mark.parametrize("how", ["hard link", "copy"])
def test_a_twin_whose_file_cannot_be_read_hands_on_to_the_next_which_is_decoded_itself(tmp_path, how):
    folder = tmp_path / "videos"
    write_video(folder / "red.mp4", [Segment(3, "red"), Segment(3, "blue")], seed=1)
    (os.link if how == "hard link" else shutil.copy)(folder / "red.mp4", folder / "red again.mp4")
    events = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=False, decode_fn=fails_first_decode)
    assert events[-1].kind == "finished"
    decoded = (tmp_path / "decoded.log").read_text(encoding="utf-8").splitlines()
    failed = [(os.path.basename(e.current), e.error) for e in events if e.kind == "file_failed"]
    assert len(decoded) == 2 and len(failed) == 1 and failed[0] == (decoded[0], UNREADABLE)
    held = moments_by_name(tmp_path / "lib")
    assert held[decoded[0]][0] == "failed" and not held[decoded[0]][2]
    assert held[decoded[1]][0] == "done" and len(held[decoded[1]][2]) >= 2


def test_twins_that_are_no_video_each_fail_with_the_reason(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    write_broken_video(folder / "broken.mp4")
    shutil.copy(folder / "broken.mp4", folder / "broken copy.mp4")
    events = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=False)
    assert events[-1].kind == "finished"
    failed = dict((os.path.basename(p), reason) for p, reason in events[-1].failed)
    assert sorted(failed) == ["broken copy.mp4", "broken.mp4"] and failed["broken.mp4"] == failed["broken copy.mp4"]
    assert {status for status, _, _ in moments_by_name(tmp_path / "lib").values()} == {"failed"}


def logged_decode(path, spec):
    """``tests.decode_faults.decode`` (``hang.mp4`` hangs), logging each path beside the folder."""
    from tests import decode_faults

    with open(os.path.join(os.path.dirname(os.path.dirname(path)), "decoded.log"), "a", encoding="utf-8") as log:
        log.write(os.path.basename(path) + "\n")
    return decode_faults.decode(path, spec)


def broken_with_copies(folder, n: int, name: str = "broken.mp4"):
    """A broken MP4 (its header zeroed past its first box: "no video stream") and ``n`` copies."""
    write_video(folder / "whole.mp4", [Segment(4, "red")], seed=1)
    data = bytearray((folder / "whole.mp4").read_bytes())
    at = data.find(b"moov") - 4
    data[at + 16: at + int.from_bytes(data[at:at + 4], "big")] = bytes(int.from_bytes(data[at:at + 4], "big") - 16)
    (folder / name).write_bytes(bytes(data))
    for i in range(n):
        shutil.copy(folder / name, folder / f"{name[:-4]} copy {i:02d}.mp4")
    return [name] + [f"{name[:-4]} copy {i:02d}.mp4" for i in range(n)]


@pytest.mark.parametrize("two_pass", [False, True])
def test_a_broken_file_copied_many_times_is_decoded_once_and_each_copy_fails_with_its_reason(tmp_path, two_pass):
    """Identical bytes fail once: the decode error of the twin decoded is every twin's, recorded
    for each at once. Before, each copy was handed on and decoded in turn, one after the other."""
    folder = tmp_path / "videos"
    names = broken_with_copies(folder, 12)
    events = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=two_pass, decode_fn=logged_decode)
    assert events[-1].kind == "finished"
    decoded = (tmp_path / "decoded.log").read_text(encoding="utf-8").splitlines()
    broken = [d for d in decoded if d != "whole.mp4"]
    assert len(broken) == 1 and broken[0] in names and decoded.count("whole.mp4") == (2 if two_pass else 1)
    failed = dict((os.path.basename(p), reason) for p, reason in events[-1].failed)
    assert sorted(failed) == sorted(names) and set(failed.values()) == {NO_VIDEO_STREAM}
    assert [os.path.basename(e.current) for e in events if e.kind == "file_failed"].count(names[0]) == 1
    held = moments_by_name(tmp_path / "lib")
    assert all(held[n][0] == "failed" for n in names) and held["whole.mp4"][0] == "done"
    again = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=two_pass, decode_fn=logged_decode)
    assert not [e for e in again if e.kind == "file_started"]  # recorded: not read again


def test_twins_that_hang_cost_the_time_bound_twice_not_once_each(tmp_path):
    """A decoder that hangs on some bytes hangs on their copies: once a second copy hung too (a
    hang may be a share's stall: tests/test_twin_failures.py) they
    fail with it, not each after the bound again (here 3 s each, a fresh decode process's start
    within it: a run of 6 s, not 15 s)."""
    folder = tmp_path / "videos"
    write_video(folder / "hang.mp4", [Segment(2, "red")], seed=1)
    for i in range(4):
        shutil.copy(folder / "hang.mp4", folder / f"hang {i}.mp4")
    events = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=False, decode_fn=logged_decode,
                 file_timeout_s=3.0)
    assert len((tmp_path / "decoded.log").read_text(encoding="utf-8").splitlines()) == 2
    assert sorted(os.path.basename(p) for p, _ in events[-1].failed) == sorted(os.listdir(folder))
    assert {reason for _, reason in events[-1].failed} == {"decoding hung for more than 3 s"}


def replaces_a_twin_as_it_fails(path, spec):
    """``decode_file``; the first file read has "broken copy 00.mp4" replaced by a good clip beside
    the folder ("good.mp4") as it is read."""
    from core.decode_pool import decode_file

    beside = os.path.dirname(os.path.dirname(path))
    try:
        os.close(os.open(os.path.join(beside, "replaced"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return decode_file(path, spec)
    other = "broken copy 00.mp4" if os.path.basename(path) != "broken copy 00.mp4" else "broken.mp4"
    target = os.path.join(os.path.dirname(path), other)
    os.remove(target)
    shutil.copy(os.path.join(beside, "good.mp4"), target)
    with open(os.path.join(beside, "replaced"), "w", encoding="utf-8") as f:
        f.write(other)
    return decode_file(path, spec)


def test_a_twin_replaced_while_the_broken_one_is_read_is_read_itself(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    names = broken_with_copies(folder, 3)
    os.remove(folder / "whole.mp4")
    write_video(tmp_path / "good.mp4", [Segment(4, "blue")], seed=3)
    events = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=False, decode_fn=replaces_a_twin_as_it_fails)
    assert events[-1].kind == "finished"
    other = (tmp_path / "replaced").read_text(encoding="utf-8")
    held = moments_by_name(tmp_path / "lib")
    assert held[other][0] == "done" and held[other][2]  # its new content, read itself
    assert all(held[n][0] == "failed" for n in names if n != other)


def test_a_run_that_dies_at_the_twins_commit_leaves_both_new_and_the_next_run_embeds_them_once(tmp_path, monkeypatch):
    from core.library.moments import MomentTable

    folder, lib_path = tmp_path / "videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(3, "red"), Segment(3, "blue")], seed=1)
    shutil.copy(folder / "red.mp4", folder / "red again.mp4")
    real, batches = MomentTable.commit, []

    def dies(self, items):
        batches.append(sorted(os.path.basename(r.path) for r, _ in items))
        raise RuntimeError("killed mid-commit")

    monkeypatch.setattr(MomentTable, "commit", dies)
    with pytest.raises(RuntimeError, match="killed mid-commit"):
        run(lib_path, folder, ColourMeanEncoder(), two_pass=False)
    assert batches == [["red again.mp4", "red.mp4"]]  # one batch: the twins whole together, or neither
    monkeypatch.setattr(MomentTable, "commit", real)
    assert not any(status == "done" for status, _, _ in moments_by_name(lib_path).values())
    encoder = ColourMeanEncoder()
    events = run(lib_path, folder, encoder, two_pass=False)
    assert events[-1].kind == "finished" and len([e for e in events if e.kind == "file_started"]) == 1
    held = moments_by_name(lib_path)
    assert held["red.mp4"][0] == "done" and held["red again.mp4"] == held["red.mp4"]
    assert encoder.embedded == len(held["red.mp4"][2])


def changes_the_other_twin(path, spec):
    """``decode_file``; as the first of red.mp4 / "red again.mp4" is read, the other name is
    deleted or replaced by blue.mp4 beside the folder (as the file "do" there says)."""
    from core.decode_pool import decode_file

    folder = os.path.dirname(path)
    beside = os.path.dirname(folder)
    try:
        os.close(os.open(os.path.join(beside, "changed"), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return decode_file(path, spec)
    other = os.path.join(folder, "red again.mp4" if os.path.basename(path) == "red.mp4" else "red.mp4")
    with open(os.path.join(beside, "do"), encoding="utf-8") as f:
        do = f.read()
    with open(os.path.join(beside, "changed"), "w", encoding="utf-8") as f:
        f.write(os.path.basename(other))
    if do == "delete":
        os.remove(other)
    else:
        os.remove(other)  # (a new file at the name, as a save over it leaves)
        shutil.copy(os.path.join(beside, "blue.mp4"), other)
    return decode_file(path, spec)


@pytest.mark.parametrize("do", ["replace", "delete"])
def test_a_twin_changed_while_the_other_is_decoded_is_never_given_its_moments(tmp_path, do):
    folder = tmp_path / "videos"
    write_video(folder / "red.mp4", [Segment(3, "red"), Segment(3, "red")], seed=1)
    shutil.copy(folder / "red.mp4", folder / "red again.mp4")
    write_video(tmp_path / "blue.mp4", [Segment(5, "blue")], seed=3)
    (tmp_path / "do").write_text(do, encoding="utf-8")
    events = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=False, decode_fn=changes_the_other_twin)
    assert events[-1].kind == "finished"
    other = (tmp_path / "changed").read_text(encoding="utf-8")
    decoded = "red.mp4" if other == "red again.mp4" else "red again.mp4"
    held = moments_by_name(tmp_path / "lib")
    assert held[decoded][0] == "done" and held[decoded][2]
    if do == "delete":  # gone before it was read: nothing recorded, as for any file gone mid-run
        assert other not in held or held[other][0] != "done"
    else:  # read itself: the blue take's one moment, not the red one's
        alone = tmp_path / "blue alone"
        alone.mkdir()
        shutil.copy(tmp_path / "blue.mp4", alone / other)
        run(tmp_path / "lib blue", alone, ColourMeanEncoder())
        assert held[other][0] == "done" and held[other][2] == moments_by_name(tmp_path / "lib blue")[other][2]
        assert held[other][2] != held[decoded][2]


def test_a_decode_that_stops_unexpectedly_hands_its_twins_on_and_the_run_ends(tmp_path, monkeypatch):
    """An exception out of the pool other than DecodePoolError (a worker gone between its lease
    and the send: BrokenPipeError) used to leave the twins waiting on it, and the run, forever."""
    import threading

    from core import decode_pool

    folder = twins_folder(tmp_path, "copy")
    real, broke = decode_pool.DecodePool.decode, []

    def decode(self, path, spec, **kw):
        if os.path.basename(path).startswith("red") and not broke:
            broke.append(os.path.basename(path))
            raise BrokenPipeError(32, "Broken pipe")
        return (yield from real(self, path, spec, **kw))

    monkeypatch.setattr(decode_pool.DecodePool, "decode", decode)
    events: list = []
    runner = threading.Thread(target=lambda: events.extend(run(tmp_path / "lib", folder, ColourMeanEncoder(),
                                                                  two_pass=False, decode_workers=2)), daemon=True)
    runner.start()
    runner.join(120)
    assert not runner.is_alive(), "the run waited forever on a twin whose decode stopped"
    assert events[-1].kind == "finished"
    held = moments_by_name(tmp_path / "lib")
    twin = "red again.mp4" if broke[0] == "red.mp4" else "red.mp4"
    assert held[twin][0] == "done" and held[twin][2] and held["green.mp4"][0] == "done"
    assert broke[0] not in held or held[broke[0]][0] != "done"  # left for the next run, which copies it
    monkeypatch.setattr(decode_pool.DecodePool, "decode", real)
    again = run(tmp_path / "lib", folder, ColourMeanEncoder(), two_pass=False)
    assert again[-1].kind == "finished"
    assert moments_by_name(tmp_path / "lib")[broke[0]][2] == held[twin][2]
