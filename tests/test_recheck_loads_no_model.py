"""A re-scan after a reader upgrade rechecks the videos indexed by the old reader (``core.sync``); where every
file reads as before, nothing is embedded, and a model loaded on first use (``cli_models.DeferredEncoder``: the
``index`` command's) stays unloaded: it cost every user 4 s and 250 MB once per upgrade (5,000 MP4s, s52
scale audit). A file read otherwise is decoded again once the model is loaded, and embedded."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("av")

from core.indexer import IndexOptions, MomentIndexer  # noqa: E402
from core.library import VideoLibrary  # noqa: E402
from core.video_info import READER  # noqa: E402
from tests.fakes import ColourMeanEncoder  # noqa: E402
from tests.recheck_library import assert_kept, left_by  # noqa: E402
from tests.remux import remux  # noqa: E402
from tests.test_cut_short import video  # noqa: E402
from tests.test_reader_recheck_21 import later_stills  # noqa: E402
from tests.test_vfr_mp4_end import TIMES as SCREEN, write_vfr  # noqa: E402


class LoadedOnUse:
    """``ColourMeanEncoder`` loaded on first use of anything but its id, as ``DeferredEncoder`` loads a model."""

    model_id, source, name, embed_dim = ColourMeanEncoder.model_id, "fake", "fake", 4

    def __init__(self):
        self.loads, self._encoder = 0, None

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "_encoder":
            raise AttributeError(name)
        if self._encoder is None:
            self.loads += 1
            self._encoder = ColourMeanEncoder()
        return getattr(self._encoder, name)


def rescan(lib_path: Path, folder: Path, encoder) -> list:
    with VideoLibrary(lib_path) as lib:
        return list(MomentIndexer(lib, encoder, IndexOptions(two_pass=False)).run([str(folder)]))


def recordings(folder: Path) -> dict:
    """A screen recording whose index lists every sample (kept from it alone) and a fragmented one (opened, kept)."""
    folder.mkdir()
    screen = write_vfr(folder / "screen.mp4", SCREEN, 2)
    remux(screen, folder / "fragmented.mp4", movflags="frag_keyframe+empty_moov")
    return {"screen.mp4": None, "fragmented.mp4": None}


def test_a_recheck_that_keeps_every_file_loads_no_model(tmp_path):
    names = recordings(tmp_path / "videos")
    left_by(tmp_path / "lib", tmp_path / "videos", 20)
    before = {name: video(tmp_path / "lib", name) for name in names}
    encoder = LoadedOnUse()
    events = rescan(tmp_path / "lib", tmp_path / "videos", encoder)
    assert events[0].summary["recheck"] == 2 and events[-1].kind == "finished"
    assert [e.kind for e in events if e.current].count("file_checked") == 2
    assert encoder.loads == 0  # (the old indexer: 1, its pass's settings asked of the encoder first)
    assert_kept(tmp_path / "lib", before)


def test_a_file_read_otherwise_loads_the_model_and_is_embedded_again(tmp_path):
    names = recordings(tmp_path / "videos")
    later_stills(tmp_path / "videos" / "sidx.mp4")
    (tmp_path / "videos" / "sidx.src.mp4").rename(tmp_path / "src.mp4")
    left_by(tmp_path / "lib", tmp_path / "videos", 20)
    before = {name: video(tmp_path / "lib", name) for name in names}
    encoder = LoadedOnUse()
    events = rescan(tmp_path / "lib", tmp_path / "videos", encoder)
    assert events[0].summary["recheck"] == 3 and events[-1].kind == "finished"
    assert [Path(e.current).name for e in events if e.kind == "file_done"] == ["sidx.mp4"]
    assert encoder.loads == 1 and encoder.embedded > 0
    rec, moments = video(tmp_path / "lib", "sidx.mp4")
    assert rec.reader == READER and moments and all(m.vector is not None for m in moments)
    assert_kept(tmp_path / "lib", before)
    again = LoadedOnUse()  # (once: the next re-scan checks nothing)
    assert rescan(tmp_path / "lib", tmp_path / "videos", again)[0].summary["recheck"] == 0 and again.loads == 0
