"""A long video among short clips: the ETA follows it as it is read (``PassBook.reading``).

Found by indexing a 2-hour video beside 100 two-second clips (s54's camera-footage audit): the
clips came first, and the bar said "about 1 min left" for the many minutes the long video's moments
took, as the ETA only moved when a file was through."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from core import pass_book
from core.decode_pool import shared_pool
from core.index_passes import FULL
from core.library.records import VideoRecord
from core.pass_book import PROGRESS_EVERY_S, IndexEvent, PassBook
from core.progress import print_index_run
from core.timefmt import format_eta

from .videos import Segment, write_video

MB = 1_000_000


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def record(name: str, size: int) -> VideoRecord:
    return VideoRecord(video_id=name, path=f"/videos/{name}.mp4", root="/videos", size=size, mtime=0.0,
                       content_hash="")


def book_of(jobs) -> PassBook:
    indexer = SimpleNamespace(options=SimpleNamespace(commit_every_s=1.0, commit_videos=32, commit_moments=4096),
                              library=None, failed=[], summary={}, broken=set(), skipped=[], rechecks={})
    return PassBook(indexer, jobs, FULL)


def moment(end: float):
    return SimpleNamespace(index=0, start=max(0.0, end - 4.0), end=end, thumb_time=end - 2.0)


def test_a_long_files_moments_move_the_eta(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(pass_book.time, "monotonic", clock)
    clips = [record(f"clip{i}", MB // 100) for i in range(100)]  # 1 MB of clips in all
    long = record("long", 10 * MB)
    book = book_of([*clips, long])
    for clip in clips:  # through in 10 s: 0.1 MB/s, 10 MB left
        clock.now += 0.1
        list(book.reading("length", clip, 2.0))
        assert list(book.reading("moment", clip, moment(2.0))) == []  # (a short file never says how far)
        book.fail(clip, "no")  # (through, as a finished one is; no library needed)
    assert book.event("file_done").eta_s == pytest.approx(100.0)
    assert list(book.reading("length", long, 7200.0)) == []
    clock.now += PROGRESS_EVERY_S / 2
    assert list(book.reading("moment", long, moment(4.0))) == []  # (said at most every PROGRESS_EVERY_S)
    clock.now = 1000.0 + 10.0 + 100.0  # 100 s later, half of it read: 6 MB in 110 s
    said = list(book.reading("moment", long, moment(3600.0)))
    assert [ev.kind for ev in said] == ["file_progress"]
    assert said[0].current == long.path and said[0].files_done == 100
    assert said[0].eta_s == pytest.approx(5 * MB / (6 * MB / 110.0))
    book.fail(long, "no")  # through: its bytes count once, whole
    assert book.event("finished").eta_s == 0.0


def test_the_decode_pool_says_a_files_length_before_its_moments(tmp_path):
    from core.decode_pool import DecodeSpec

    path = write_video(tmp_path / "two.mp4", [Segment(2.0, "red")])
    messages = list(shared_pool().decode(str(path), DecodeSpec(), timeout_s=60))
    kinds = [kind for kind, _ in messages]
    assert kinds[0] == "length" and messages[0][1] == pytest.approx(2.0, abs=0.1)
    assert "moment" in kinds and kinds[-1] == "done" and kinds.count("length") == 1


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_bar_shows_a_long_files_eta(monkeypatch):
    term = Terminal()
    monkeypatch.setattr("sys.stderr", term)
    summary = {"found": 2, "to_index": 2, "unchanged": 0, "moved": 0, "deleted": 0, "offline_roots": []}
    events = [IndexEvent("scanned", files_total=2, summary=summary),
              IndexEvent("file_done", files_done=1, files_total=2, moments=1, eta_s=30.0, summary=summary),
              IndexEvent("file_progress", files_done=1, files_total=2, moments=1, eta_s=600.0, summary=summary),
              IndexEvent("file_done", files_done=2, files_total=2, moments=1800, eta_s=0.0, summary=summary),
              IndexEvent("finished", files_done=2, files_total=2, moments=1800, summary=summary)]
    print_index_run(iter(events))
    out = term.getvalue()
    assert format_eta(30.0) in out and format_eta(600.0) in out
    assert out.index(format_eta(30.0)) < out.index(format_eta(600.0))
