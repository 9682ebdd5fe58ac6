"""Batched commits (``commit_videos``) and the format-2 ``quick`` column of the videos table."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pyarrow as pa
import pytest

from core.library import SCHEMA_VERSION, VideoLibrary
from core.library import schema as S
from tests.test_library import DIM, lib, moments, unit, vid, video  # noqa: F401 (lib: the fixture)


def test_batch_is_one_version_and_replaces_earlier_epochs(lib):
    rng = np.random.default_rng(0)
    lib.moment_table.commit([(video(0, quick=True), moments(0, unit(rng, 3)))])
    videos_t, moments_t = lib.conn.table(S.VIDEOS), lib.conn.table(S.MOMENTS)
    v0, m0 = videos_t.version, moments_t.version
    new = {i: unit(rng, 4) for i in range(5)}
    recs = lib.moment_table.commit([(video(i), moments(i, new[i])) for i in range(5)])
    # one merge of the rows: every video of the batch flips in the same table version
    assert videos_t.version == v0 + 1
    assert moments_t.version == m0 + 2  # one append, one delete of video 0's quick epoch
    assert [r.status for r in recs] == ["done"] * 5 and recs[0].epoch == 2 and not recs[0].quick
    for i in range(5):
        got = lib.moment_table.of(vid(i))
        assert len(got) == 4 and np.allclose(np.stack([m.vector for m in got]), new[i], atol=1e-6)
    assert moments_t.count_rows() == 20  # the quick moments are gone
    assert not lib.video_table.get(vid(0)).quick


def test_batch_refuses_a_video_twice_and_writes_nothing(lib):
    rng = np.random.default_rng(1)
    with pytest.raises(ValueError, match="twice"):
        lib.moment_table.commit([(video(0), moments(0, unit(rng, 2))), (video(0), moments(0, unit(rng, 2)))])
    assert lib.video_table.all() == [] and lib.conn.table(S.MOMENTS).count_rows() == 0


def test_crash_between_append_and_flip_leaves_each_video_whole_or_absent(tmp_path, monkeypatch):
    rng = np.random.default_rng(2)
    lib = VideoLibrary(tmp_path / "lib")
    lib.bind_model("tiny-000000000001", "/models/tiny", DIM)
    lib.moment_table.commit([(video(0), moments(0, unit(rng, 3)))])
    monkeypatch.setattr(lib.video_table, "merge", lambda recs: (_ for _ in ()).throw(OSError("killed")))
    with pytest.raises(OSError):
        lib.moment_table.commit([(video(0), moments(0, unit(rng, 5))), (video(1), moments(1, unit(rng, 2)))])
    monkeypatch.undo()
    lib.close(optimize=False)
    with VideoLibrary(tmp_path / "lib") as again:  # the next writer sweeps the orphans
        assert [v.video_id for v in again.video_table.all()] == [vid(0)]
        assert len(again.moment_table.of(vid(0))) == 3 and again.conn.table(S.MOMENTS).count_rows() == 3
        ids = Counter(m.moment_id for m in again.moment_table.of(vid(0)))
        assert max(ids.values()) == 1



def test_a_writer_sweeps_orphans_on_close_only_after_a_write_failed_part_way(tmp_path, monkeypatch):
    """Orphans arise only from a commit or a delete that failed part-way: a writer whose writes
    all went through closes without reading every moment to look for them; one whose delete
    failed between the rows and their moments sweeps them."""
    from core.library.moments import MomentTable

    rng, swept = np.random.default_rng(4), []
    real_sweep = MomentTable.sweep_orphans
    monkeypatch.setattr(MomentTable, "sweep_orphans", lambda self, *rows: swept.append(1) or real_sweep(self, *rows))
    lib = VideoLibrary(tmp_path / "lib")
    lib.bind_model("tiny-000000000001", "/models/tiny", DIM)
    for i in range(3):
        lib.moment_table.commit([(video(i), moments(i, unit(rng, 3)))])
    lib.video_table.delete([vid(2)])
    swept.clear()  # (the open's)
    lib.close(optimize=False)
    assert swept == []

    lib = VideoLibrary(tmp_path / "lib")
    deletes = []
    real_delete = type(lib.conn.table(S.MOMENTS)).delete

    def delete(table, where):
        deletes.append(where)
        if len(deletes) == 2:  # the moments' delete, after the row's
            raise OSError("disk full")
        return real_delete(table, where)

    monkeypatch.setattr(type(lib.conn.table(S.MOMENTS)), "delete", delete)
    with pytest.raises(OSError):
        lib.video_table.delete([vid(1)])
    monkeypatch.undo()
    monkeypatch.setattr(MomentTable, "sweep_orphans", lambda self, *rows: swept.append(1) or real_sweep(self, *rows))
    swept.clear()
    lib.close(optimize=False)
    assert swept == [1]
    with VideoLibrary(tmp_path / "lib", read_only=True) as again:
        assert [v.video_id for v in again.video_table.all()] == [vid(0)]
        assert again.conn.table(S.MOMENTS).count_rows() == 3  # video 1's orphans swept


def test_a_done_video_whose_reindex_failed_has_its_old_moments_swept_on_close(tmp_path, monkeypatch):
    """A done video recorded as failed (its file changed and no longer decodes) leaves moments no
    done row points at: the writer's close sweeps them, so the snapshot a no-op re-scan trusts is
    never of a library holding them."""
    from core.library.moments import MomentTable

    rng, swept = np.random.default_rng(5), []
    lib = VideoLibrary(tmp_path / "lib")
    lib.bind_model("tiny-000000000001", "/models/tiny", DIM)
    for i in range(2):
        lib.moment_table.commit([(video(i), moments(i, unit(rng, 3)))])
    lib.close(optimize=False)
    real_sweep = MomentTable.sweep_orphans
    monkeypatch.setattr(MomentTable, "sweep_orphans", lambda self, *rows: swept.append(1) or real_sweep(self, *rows))
    lib = VideoLibrary(tmp_path / "lib")
    lib.video_table.record_failure(video(1), "no longer decodes")
    swept.clear()  # (the open's)
    lib.close(optimize=False)
    assert swept == [1]
    with VideoLibrary(tmp_path / "lib", read_only=True) as again:
        assert [v.status for v in again.video_table.all()] == ["done", "failed"]
        assert again.conn.table(S.MOMENTS).count_rows() == 3  # video 1's old moments swept

def test_format_1_library_is_read_and_upgraded(tmp_path):
    rng = np.random.default_rng(3)
    root = tmp_path / "lib"
    with VideoLibrary(root) as lib:
        lib.bind_model("tiny-000000000001", "/models/tiny", DIM)
        lib.moment_table.commit([(video(0), moments(0, unit(rng, 2)))])
        rows = lib.conn.table(S.VIDEOS).to_arrow()
    # what format 1 wrote: no quick column, schema_version 1
    old = rows.drop_columns(["quick"])
    db = lib.conn.db
    db.drop_table(S.VIDEOS)
    db.create_table(S.VIDEOS, data=old, schema=pa.schema([f for f in S.VIDEOS_SCHEMA if f.name != "quick"]))
    meta = json.loads((root / "library.json").read_text())
    meta["schema_version"] = 1
    (root / "library.json").write_text(json.dumps(meta))
    with VideoLibrary(root, read_only=True) as reader:  # a reader reads it as it is
        assert reader.video_table.get(vid(0)).quick is False and len(reader.moment_table.of(vid(0))) == 2
        assert "quick" not in reader.conn.table(S.VIDEOS).schema.names
    with VideoLibrary(root) as writer:  # a writer upgrades it
        assert "quick" in writer.conn.table(S.VIDEOS).schema.names
        assert writer.video_table.get(vid(0)).quick is False and writer.video_table.get(vid(0)).status == "done"
        writer.moment_table.commit([(video(1, quick=True), moments(1, unit(rng, 2)))])
        assert writer.video_table.get(vid(1)).quick is True
    assert json.loads((root / "library.json").read_text())["schema_version"] == SCHEMA_VERSION == 3
