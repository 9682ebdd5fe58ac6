"""An MP4's index and fragments are read once per file version in a process, and each question answered from
what that read worked out: a fragmented track's samples were laid out one by one (Python lists, up to 2^20
samples) by every question asked of them, two or three an open (``uneven`` and ``shown_end`` in the probe,
``steady`` in the check before it), and whether cover art comes before the tracks was a walk of the index of its
own, twice in the one-time check of a library of reader 19 (``core.reader_recheck``)."""

from __future__ import annotations

import pytest

av = pytest.importorskip("av")

from core import bounded_read, mp4_fragments, mp4_header, mp4_samples  # noqa: E402
from core.media import MOVED_S, probe  # noqa: E402
from core.reader_recheck import steady_mp4  # noqa: E402
from core.sparse_rate import STILL_S  # noqa: E402
from tests.recheck_library import read_alike  # noqa: E402
from tests.remux import remux  # noqa: E402
from tests.test_mp4_cover_first import with_cover  # noqa: E402
from tests.test_tracks import write  # noqa: E402
from tests.test_vfr_mp4_end import END, TIMES, write_vfr  # noqa: E402


def test_a_fragmented_tracks_samples_are_laid_out_once(tmp_path, monkeypatch):
    path = remux(write_vfr(tmp_path / "screen.mp4", TIMES, 2), tmp_path / "frag.mp4", movflags="frag_keyframe")
    laid, joined = [], mp4_fragments.joined
    monkeypatch.setattr(mp4_fragments, "joined", lambda *a: laid.append(a) or joined(*a))
    assert not steady_mp4(str(path), 16) and probe(path).duration == pytest.approx(END, abs=0.002)
    assert not mp4_samples.steady(path, STILL_S, MOVED_S) and mp4_samples.uneven(path, 1)
    assert mp4_samples.fragmented(path) and mp4_samples.shown_end(path, 1) == pytest.approx(END + 2 / 60, abs=0.002)  # (+ its 2
    # B-frames' delay: its media's clock)
    assert len(laid) == 1  # (6 on the old module: steady, uneven and shown_end each, twice)


def test_cover_art_is_told_by_the_index_read_for_its_tracks(tmp_path, monkeypatch):
    path = with_cover(write(tmp_path / "phone.mp4", 2.0, fps=30, options={"bf": "2"}), tmp_path / "tagged.mp4")
    read, real = [], bounded_read.BoundedFile.__init__  # (every open of a video's bytes of ours: core.bounded_read)
    monkeypatch.setattr(bounded_read.BoundedFile, "__init__", lambda self, f, *a, **k: (
        read.append(f) if str(f) == str(path) else None) or real(self, f, *a, **k))
    assert not steady_mp4(str(path), 16) and not steady_mp4(str(path), 16)  # (cover art before the tracks: opened)
    assert mp4_header.cover_first(path) and mp4_header.edits_end(path, 1) is not None
    assert len(read) == 3  # (its index's tracks, its samples' tables, and since reader 22 its chunks' sizes and offsets
    # once for the cut-short check, core.mp4_cut, reader_recheck.ends_otherwise_by_21; before 22, 2 here and 5 on the
    # old modules: the cover walked each time)
    assert not read_alike(path, 19) and read_alike(path, 20)
