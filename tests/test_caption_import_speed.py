"""A caption import finds each row's video in constant time: every row read the library's whole
list of videos (by id, then path, then name and stem), 16 ms a row over 10,000 videos, so an
MSR-VTT-sized file (200,000 captions) took about an hour. The lookups are now built once per
import, and every matching rule keeps its precedence (tests/test_caption_video_refs.py)."""

from __future__ import annotations

import os

from core import captions as C
from core.library.records import VideoRecord
from tests.test_switch_and_import import CountingEncoder, bound_library  # noqa: F401  (a fixture)


class _CountedList(list):
    """The library's list of videos, counting how often it is read through."""

    reads = 0

    def __iter__(self):
        _CountedList.reads += 1
        return super().__iter__()


def _video(i: int, folder: str = "/data/msrvtt") -> VideoRecord:
    return VideoRecord(f"{i:016x}", f"{folder}/video{i}.mp4", folder, 1, 0.0, "", status="done")


def test_an_import_reads_the_list_of_videos_a_few_times_not_once_per_row(tmp_path, bound_library, monkeypatch):
    videos = _CountedList([_video(i) for i in range(300)] + [_video(7, "/data/other")])
    monkeypatch.setattr(bound_library.video_table, "all", lambda: videos)
    rows = 200
    f = tmp_path / "caps.csv"
    f.write_text("video,caption\n" + "".join(f"video{(i * 37) % 300},caption {i}\n" for i in range(rows)))
    _CountedList.reads = 0
    counts = C.import_captions(bound_library, CountingEncoder(), f)
    assert counts["linked_to_videos"] == rows and counts["imported"] == rows
    assert _CountedList.reads <= 3, _CountedList.reads  # it was read 4 times a row (id, path, names): 801
    linked = {c.text: c.video_id for c in bound_library.caption_table.read(with_vectors=False)}
    assert linked == {f"caption {i}": f"{(i * 37) % 300:016x}" for i in range(rows)}  # (not /data/other's video7)


def test_the_finder_answers_as_one_scan_of_the_list_would(tmp_path):
    """Of several videos of one id, path, name or stem, the first in the library's order wins,
    as it did when each row scanned the list."""
    vids = [VideoRecord("aaaa", "/v/a/red.mp4", "/v", 1, 0.0, ""), VideoRecord("aaaa", "/v/b/red.mp4", "/v", 1, 0.0, ""),
            VideoRecord("bbbb", "/v/b/red.mov", "/v", 1, 0.0, ""), VideoRecord("cccc", "/v/a/red.mp4", "/v", 1, 0.0, "")]
    finder = C.VideoFinder(vids)
    assert finder.find("aaaa") is vids[0]
    assert finder.find("/v/a/red.mp4") is vids[0]  # (cccc has the same path: the first)
    assert finder.find("red.mp4") is vids[0] and finder.find("b/red.mp4") is vids[1]
    assert finder.find("red.mov") is vids[2] and finder.find("b/red") is vids[1]  # the name's .mp4 before .mov
    assert finder.find("red") is vids[0] and finder.find("bbbb") is vids[2]
    assert finder.find("b/red.mp4", base=str(tmp_path)) is vids[1]
    assert finder.find(os.path.relpath("/v/b/red.mov")) is vids[2]  # (from the current folder)
