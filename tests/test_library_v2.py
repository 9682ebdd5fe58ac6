"""A frozen format-2 library (``tests/data/library_v2``, written by Seekframe before format 3; how:
``tests/data/README.md``) opens read-only as it is, and a writer upgrades it to the current format
keeping every video, moment, caption and setting; its videos read as indexed by an earlier reader
(``reader`` 0), which the next index run checks (``tests/test_reader_recheck.py``)."""

from __future__ import annotations


import numpy as np
import pytest

from core.library import SCHEMA_VERSION, VideoLibrary
from core.library import schema as S
from core.library.snapshot import open_snapshot
from core.video_info import READER
from tests import frozen_library as frozen

DIM = 8
MODEL = "tiny-v2-00000001"
# video -> (quick, [the axis each moment's vector points along])
MOMENTS = {f"{0:016x}": (False, [0, 1]), f"{1:016x}": (False, [2, 3, 4]), f"{2:016x}": (True, [5])}
FAILED = f"{3:016x}"


def axis(k: int) -> np.ndarray:
    return frozen.axis(k, DIM)


@pytest.fixture
def root(tmp_path):
    return frozen.copy_of("library_v2", tmp_path)


_version = frozen.schema_version


def _check_contents(lib: VideoLibrary) -> None:
    assert (lib.meta.model_id, lib.meta.dim) == (MODEL, DIM)
    assert lib.meta.settings.to_json() == {"folders": ["/media/clips"], "window_s": 4.0, "shot_cuts": False}
    videos = {v.video_id: v for v in lib.video_table.all()}
    assert sorted(videos) == sorted([*MOMENTS, FAILED])
    assert videos[FAILED].status == "failed" and videos[FAILED].error == "the file holds no video track"
    assert {v.reader for v in videos.values()} == {0}  # not recorded before format 3
    for video_id, (quick, axes) in MOMENTS.items():
        v = videos[video_id]
        assert (v.status, v.quick, v.n_moments, v.epoch, v.width, v.height) == ("done", quick, len(axes), 1, 1920, 1080)
        got = lib.moment_table.of(video_id)
        assert [m.index for m in got] == list(range(len(axes)))
        for m, k in zip(got, axes):
            np.testing.assert_array_equal(m.vector, axis(k))
            hit = lib.moment_search.search(axis(k), 1)[0]
            assert (hit.moment_id, hit.video_id) == (m.moment_id, video_id)
    captions = {c.text: c for c in lib.caption_table.read()}
    assert sorted(captions) == ["a red ball", "my note"] and captions["my note"].source == "note"


def test_a_reader_opens_the_frozen_format_2_library_as_it_is(root):
    with VideoLibrary(root, read_only=True) as lib:
        assert lib.meta.schema_version == 2
        _check_contents(lib)
        assert "reader" not in lib.conn.table(S.VIDEOS).schema.names  # a reader changes nothing
    assert _version(root) == 2


def test_a_writer_upgrades_the_frozen_library_and_keeps_everything(root):
    assert SCHEMA_VERSION == 3
    assert open_snapshot(root) is None  # the snapshot of format 2 (its fields) is not trusted
    with VideoLibrary(root) as lib:
        assert lib.meta.schema_version == SCHEMA_VERSION and _version(root) == SCHEMA_VERSION
        assert "reader" in lib.conn.table(S.VIDEOS).schema.names
        _check_contents(lib)
        lib.video_table.set_reader([f"{0:016x}"], READER)
    with VideoLibrary(root, read_only=True) as again:
        assert again.video_table.get(f"{0:016x}").reader == READER
        assert again.video_table.get(f"{1:016x}").reader == 0
    with VideoLibrary(root) as writer:  # opened again: nothing left to upgrade, nothing lost
        writer.video_table.set_reader([f"{0:016x}"], 0)
        _check_contents(writer)
