"""A frozen format-1 library (``tests/data/library_v1``, written by Seekframe before format 2; how:
``tests/data/README.md``) opens read-only as it is, and a writer upgrades it to the current format
keeping every video, moment, caption and setting."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.library import SCHEMA_VERSION, VideoLibrary, VideoRecord
from core.library import schema as S
from tests import frozen_library as frozen

DIM = 8
MODEL = "tiny-v1-00000001"
# video -> [(epoch, index, start, end, the axis its vector points along)]
MOMENTS = {
    f"{0:016x}": [(1, 0, 0.0, 4.0, 0), (1, 1, 4.0, 8.0, 1)],
    f"{1:016x}": [(2, 0, 0.0, 4.0, 2), (2, 1, 4.0, 8.0, 3), (2, 2, 8.0, 12.0, 4)],  # re-indexed once
    f"{2:016x}": [(1, 0, 0.0, 4.0, 5)],
}
FAILED = f"{3:016x}"
SETTINGS = {"folders": ["/media/clips"], "window_s": 4.0, "shot_cuts": False}


def axis(k: int) -> np.ndarray:
    return frozen.axis(k, DIM)


@pytest.fixture
def root(tmp_path):
    return frozen.copy_of("library_v1", tmp_path)


_version = frozen.schema_version


def _check_contents(lib: VideoLibrary) -> None:
    assert lib.meta.model_id == MODEL and lib.meta.dim == DIM and lib.meta.settings.to_json() == SETTINGS
    videos = {v.video_id: v for v in lib.video_table.all()}
    assert sorted(videos) == sorted([*MOMENTS, FAILED])
    assert videos[FAILED].status == "failed" and videos[FAILED].error == "the file holds no video track"
    assert not any(v.quick for v in videos.values())
    for video_id, want in MOMENTS.items():
        v = videos[video_id]
        assert (v.status, v.n_moments, v.epoch) == ("done", len(want), want[0][0])
        assert v.path == f"/media/clips/clip{int(video_id, 16)}.mp4" and v.root == "/media/clips"
        got = lib.moment_table.of(video_id)
        assert [(m.epoch, m.index, m.start, m.end) for m in got] == [w[:4] for w in want]
        for m, w in zip(got, want):
            np.testing.assert_array_equal(m.vector, axis(w[4]))
            hit = lib.moment_search.search(axis(w[4]), 1)[0]  # each moment is the best answer to its axis
            assert (hit.moment_id, hit.video_id, hit.start) == (m.moment_id, video_id, w[2])
            assert hit.score == pytest.approx(1.0, abs=1e-6)
            assert lib.moment_table.get(m.moment_id).vector == pytest.approx(axis(w[4]))
    assert len(lib.moment_search.search(axis(0), 10)) == 6
    captions = {c.text: c for c in lib.caption_table.read()}
    assert sorted(captions) == ["a red ball", "my note"] and captions["my note"].source == "note"
    hit = lib.caption_table.search(axis(7), 1)[0]
    assert (hit.text, hit.video_id, hit.start, hit.end) == ("my note", f"{2:016x}", 0.0, 4.0)


def test_a_reader_opens_the_frozen_format_1_library_as_it_is(root):
    with VideoLibrary(root, read_only=True) as lib:
        assert lib.meta.schema_version == 1
        _check_contents(lib)
        assert "quick" not in lib.conn.table(S.VIDEOS).schema.names  # a reader changes nothing
    assert _version(root) == 1


def test_a_writer_upgrades_the_frozen_library_and_keeps_everything(root):
    assert SCHEMA_VERSION == 3
    with VideoLibrary(root) as lib:
        assert lib.meta.schema_version == SCHEMA_VERSION and _version(root) == SCHEMA_VERSION
        assert {"quick", "reader"} <= set(lib.conn.table(S.VIDEOS).schema.names)
        _check_contents(lib)
        new = VideoRecord(f"{4:016x}", "/media/clips/new.mp4", "/media/clips", 5, 1.8e9, "hash4", quick=True)
        lib.moment_table.commit([(new, [])])  # a format-2 row: a video on its quick moments
    with VideoLibrary(root, read_only=True) as again:
        assert again.video_table.get(f"{4:016x}").quick and again.meta.schema_version == SCHEMA_VERSION
        assert len(again.video_table.all()) == 5
    with VideoLibrary(root) as writer:  # opened again: nothing left to upgrade, nothing lost
        assert writer.meta.schema_version == SCHEMA_VERSION and writer.moment_table.of(f"{4:016x}") == []
        writer.video_table.delete([f"{4:016x}"])
        _check_contents(writer)


def test_format_1_tables_whose_library_json_was_lost_are_upgraded_too(root):
    """A description rebuilt from the tables does not know their format: every migration runs."""
    (root / "library.json").unlink()
    with VideoLibrary(root) as lib:
        assert "quick" in lib.conn.table(S.VIDEOS).schema.names and _version(root) == SCHEMA_VERSION
        assert lib.meta.model_id == MODEL and lib.meta.settings.to_json() == {"folders": ["/media/clips"]}
        assert [len(lib.moment_table.of(v)) for v in MOMENTS] == [2, 3, 1]
        lib.moment_table.commit([(VideoRecord(f"{4:016x}", "/media/clips/new.mp4", "/media/clips", 5, 1.8e9, "h4",
                                   quick=True), [])])
        assert lib.video_table.get(f"{4:016x}").quick


def test_a_repairing_writer_leaves_library_json_naming_its_model_until_the_reset(root):
    """``index --reindex`` opens an inconsistent library with ``repair``: the format-1 tables are
    upgraded, but the description on disk must keep naming the old model until ``reset_for_model``
    binds the new one (a crash in between left it naming none)."""
    meta_file = root / "library.json"
    meta = json.loads(meta_file.read_text())
    meta["dim"] = DIM * 2  # disagrees with the moments table: a writer needs --reindex
    meta_file.write_text(json.dumps(meta))
    lib = VideoLibrary(root, repair=True)
    assert lib.repairing
    lib.close(optimize=False)  # as if the run died before the reset
    after = json.loads(meta_file.read_text())
    assert (after["model_id"], after["dim"]) == (MODEL, DIM * 2)
