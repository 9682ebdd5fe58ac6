"""A search's captions of a video no longer in the library are left out (d53fbe3) by asking, for each
caption tied to a video, whether the library holds its video: the library's ids are not listed at each
search. d53fbe3 listed them all and compared them with numpy's isin on object arrays, by pairs: a library
of 100,000 videos with 50 captions spent 1.3 s a search on it, one with 21,000 captions minutes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from core.library import CaptionRecord, VideoLibrary

DIM = 8


class AskedOnly(Mapping):
    """The library's video ids, answering membership only: listing them fails the test."""

    def __init__(self, ids):
        self._ids = set(ids)

    def __contains__(self, video_id) -> bool:
        return video_id in self._ids

    def __getitem__(self, video_id):
        raise AssertionError("a caption search read a video's record")

    def __iter__(self):
        raise AssertionError("a caption search listed every video of the library")

    def __len__(self) -> int:
        return len(self._ids)


def _axis(i: int) -> np.ndarray:
    v = np.zeros(DIM, np.float32)
    v[i] = 1.0
    return v


def test_a_search_asks_after_its_captions_videos_alone(tmp_path):
    lib = VideoLibrary(tmp_path / "lib")
    try:
        lib.bind_model("tiny-000000000001", "/models/tiny", DIM)
        lib.caption_table.add([CaptionRecord("on a video here", "imported", _axis(0), video_id="a" * 16),
                               CaptionRecord("on a video gone", "imported", _axis(0), video_id="b" * 16),
                               CaptionRecord("on no video", "note", _axis(1))])
        hits = lib.caption_table.search(_axis(0), 5, dim=DIM, model_id="tiny-000000000001",
                                        videos=AskedOnly(["a" * 16, "c" * 16]))
        assert [h.text for h in hits] == ["on a video here", "on no video"]
        assert {h.text for h in lib.caption_table.search(_axis(0), 5, dim=DIM, model_id="tiny-000000000001")} == {
            "on a video here", "on a video gone", "on no video"}
    finally:
        lib.close(optimize=False)


class Counted(AskedOnly):
    """The library's video ids, counting what is asked of them."""

    def __init__(self, ids):
        super().__init__(ids)
        self.asked = []

    def __contains__(self, video_id) -> bool:
        self.asked.append(video_id)
        return super().__contains__(video_id)


def test_a_search_of_some_sources_asks_after_their_captions_alone(tmp_path):
    """A text search's notes (``sources=['note']``) asked after every caption's video too: each search
    went over all the library's captions, though only notes could be found (14 ms at 21,000 captions)."""
    lib = VideoLibrary(tmp_path / "lib")
    try:
        lib.bind_model("tiny-000000000001", "/models/tiny", DIM)
        lib.caption_table.add([CaptionRecord(f"imported {i}", "imported", _axis(0), video_id=f"{i:016x}")
                               for i in range(20)]
                              + [CaptionRecord("a note here", "note", _axis(0), video_id="a" * 16),
                                 CaptionRecord("a note gone", "note", _axis(0), video_id="b" * 16)])
        videos = Counted([f"{i:016x}" for i in range(20)] + ["a" * 16])
        hits = lib.caption_table.search(_axis(0), 5, ["note"], dim=DIM, model_id="tiny-000000000001", videos=videos)
        assert [h.text for h in hits] == ["a note here"]
        assert sorted(videos.asked) == ["a" * 16, "b" * 16], len(videos.asked)  # (old: all 22 captions' videos)
    finally:
        lib.close(optimize=False)


def test_the_status_count_reads_the_video_ids_alone(tmp_path, monkeypatch):
    """The window's status read counts the captions of the library's videos at each refresh: through
    ``ids_and_orphans`` it read every caption's id too and made Python sets of them (about 60 ms at
    200,000 captions); the count is the same, read in Arrow from the video ids alone."""
    from core.library.captions import CaptionTable

    lib = VideoLibrary(tmp_path / "lib")
    try:
        lib.bind_model("tiny-000000000001", "/models/tiny", DIM)
        assert lib.caption_table.count({"a" * 16}) == 0
        lib.caption_table.add([CaptionRecord("on a video here", "imported", _axis(0), video_id="a" * 16),
                               CaptionRecord("on a video gone", "imported", _axis(0), video_id="b" * 16),
                               CaptionRecord("on no video", "note", _axis(1))])

        def listed(*a, **k):
            raise AssertionError("the count listed every caption's id")

        monkeypatch.setattr(CaptionTable, "ids_and_orphans", listed)
        assert lib.caption_table.count({"a" * 16, "c" * 16}) == 2  # (not the one a removed video left)
        assert lib.caption_table.count(set()) == 1 and lib.caption_table.count() == 3
    finally:
        lib.close(optimize=False)
