"""The fourth reader (``core.video_info.READER``): a library of the third is put right by its next
run (a file whose first track is a camera's thumbnail, a slideshow whose frames were skipped, are
embedded again; every other video is kept), and a video that failed under an earlier reader is
tried again, once."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE, FAILED
from core.video_info import READER
from tests.decode_faults import decode_as_reader_3
from tests.fakes import ColourMeanEncoder
from tests.test_tracks import write
from tests.videos import write_broken_video


def run(lib_path, folder, **options) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False, **options))
                    .run([str(folder)]))


def rows(lib_path) -> dict:
    with VideoLibrary(lib_path, read_only=True) as lib:
        return {Path(v.path).name: (v, lib.moment_table.of(v.video_id)) for v in lib.video_table.all()}


def set_reader(lib_path, reader: int) -> None:
    with VideoLibrary(lib_path) as lib:
        lib.video_table.merge([replace(r, reader=reader) for r in lib.video_table.all()])


def failed_under(lib_path, folder, name: str, reader: int, reason: str) -> None:
    """The library indexed, then ``name`` recorded as that reader failed it, with ``reason``."""
    run(lib_path, folder)
    with VideoLibrary(lib_path) as lib:
        rec = lib.video_table.by_path(folder / name)
        lib.video_table.record_failure(replace(rec, reader=reader), reason)


def test_a_third_readers_library_embeds_again_only_what_this_reader_reads_otherwise(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    write(folder / "plain.mp4", 4.0)
    write(folder / "camera.mp4", 4.0, thumbnail_first=True)
    write(folder / "slides.mp4", 80.0, fps=0.1, times=[i * 10.0 for i in range(8)])
    write(folder / "late.mp4", 4.0, audio_s=7.0, first_pts=3)  # its video starts 3 s after its sound
    lib = tmp_path / "lib"
    run(lib, folder, decode_fn=decode_as_reader_3)
    set_reader(lib, 3)
    before = rows(lib)
    assert before["camera.mp4"][0].duration <= 1.0  # the thumbnail track was read

    events = run(lib, folder)
    assert events[0].summary["recheck"] == 4
    assert [(m.start, m.end) for m in before["late.mp4"][1]] == [(0.0, 4.0)]  # 3 s early: from the video's start
    kinds = {Path(e.current).name: e.kind for e in events if e.kind.startswith("file_") and e.kind != "file_started"}
    assert kinds == {"plain.mp4": "file_checked", "camera.mp4": "file_done", "slides.mp4": "file_done",
                     "late.mp4": "file_done"}
    after = rows(lib)
    assert after["plain.mp4"][0].epoch == before["plain.mp4"][0].epoch  # kept as it was
    assert [m.moment_id for m in after["plain.mp4"][1]] == [m.moment_id for m in before["plain.mp4"][1]]
    assert after["camera.mp4"][0].duration > 3.5 and len(after["camera.mp4"][1]) == 1
    assert [(m.start, m.end) for m in after["late.mp4"][1]] == [(0.0, 4.0), (4.0, 7.0)]  # as players count
    assert all(r.reader == READER for r, _ in after.values())
    assert [e.kind for e in run(lib, folder)] == ["scanned", "finished"]  # nothing left to do


def test_a_video_failed_under_an_earlier_reader_is_tried_again_once(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    write_broken_video(folder / "notes.mp4")
    lib = tmp_path / "lib"
    run(lib, folder)
    assert rows(lib)["notes.mp4"][0].status == FAILED and rows(lib)["notes.mp4"][0].reader == READER
    assert [e.kind for e in run(lib, folder)] == ["scanned", "finished"]  # this reader: not again

    set_reader(lib, READER - 1)
    events = run(lib, folder)
    assert events[0].summary["retry"] == 1
    assert [e.kind for e in events if e.kind == "file_failed"] == ["file_failed"]
    again = rows(lib)["notes.mp4"][0]
    assert again.status == FAILED and again.reader == READER
    assert [e.kind for e in run(lib, folder)] == ["scanned", "finished"]


def test_a_retried_video_this_reader_reads_is_indexed(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    write(folder / "clip.mkv", 4.0, audio_s=7.0)  # (the third reader called it truncated)
    lib = tmp_path / "lib"
    failed_under(lib, folder, "clip.mkv", 3, "truncated: decodes only 4.0 s of 7.0 s")  # as the third left it
    assert rows(lib)["clip.mkv"][0].status == FAILED
    events = run(lib, folder)
    assert events[0].summary["retry"] == 1
    clip, moments = rows(lib)["clip.mkv"]
    assert clip.status == DONE and clip.reader == READER and moments


def test_a_video_whose_decoder_hung_is_not_tried_again_by_a_later_reader(tmp_path):
    """Not for the reader's sake: a hang costs the whole bound (10 minutes); a hang is tried again
    only as a failure of the moment, in up to ``failure_retry.TRIES`` runs (tests/test_failed_retry.py),
    and this one hung in as many already."""
    from core.errors import hung_reason

    folder = tmp_path / "videos"
    folder.mkdir()
    write_broken_video(folder / "stuck.mp4")
    lib = tmp_path / "lib"
    hung = f"{hung_reason(600)} (in 3 runs; not tried again until the file changes)"
    failed_under(lib, folder, "stuck.mp4", 3, hung)  # a decoder that hung under the third reader, 3 runs in a row
    events = run(lib, folder)  # (trying it again would cost the whole bound: 10 minutes)
    assert [e.kind for e in events] == ["scanned", "finished"] and not events[0].summary["retry"]
    assert not events[0].summary["again"]
    assert [p for p, _ in events[-1].failed] == [str(folder / "stuck.mp4")]
