"""``library.json``'s typed settings (``LibrarySettings``), the ordered schema migrations and the
library's ids (one moment-id format, ``IN (...)`` filters in chunks)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.library import LibrarySettings, VideoLibrary, ids, migrations
from core.library.migrations import Migration
from tests.test_library import DIM, lib, moments, unit, vid, video  # noqa: F401 (lib: the fixture)


def _extra(lib) -> dict:
    return json.loads((lib.root / "library.json").read_text())["extra"]


def test_settings_are_typed_and_library_json_keeps_its_shape(lib):
    lib.update_settings(folders=["/media"], window_s=4.0, shot_cuts=True)
    lib.update_settings(root_ids={"/media": {"device": 7}})
    s = lib.meta.settings
    assert isinstance(s, LibrarySettings)
    assert (s.folders, s.window_s, s.shot_cuts, s.root_ids, s.held_roots) == \
        (["/media"], 4.0, True, {"/media": {"device": 7}}, None)
    want = {"folders": ["/media"], "window_s": 4.0, "shot_cuts": True, "root_ids": {"/media": {"device": 7}}}
    # (the file keeps room for a run's record a full disk refuses whole, core.run_room: empty, read as none)
    assert lib.meta.settings.to_json() == want and _extra(lib) == {"settings": {**want, "unfinished_room": {}}}
    lib.update_settings(shot_cuts=None)  # None removes a setting
    assert lib.meta.settings.shot_cuts is None and "shot_cuts" not in _extra(lib)["settings"]


def test_what_this_version_does_not_know_is_kept(tmp_path):
    root = tmp_path / "lib"
    VideoLibrary(root).close()
    meta = json.loads((root / "library.json").read_text())
    meta["extra"] = {"settings": {"folders": ["/a"], "later": [1, 2]}, "someday": {"x": 1}}
    (root / "library.json").write_text(json.dumps(meta))
    with VideoLibrary(root) as lib:
        assert lib.meta.settings.other == {"later": [1, 2]} and lib.meta.settings.to_json()["later"] == [1, 2]
        lib.update_settings(window_s=2.0)
    extra = json.loads((root / "library.json").read_text())["extra"]
    assert extra == {"settings": {"folders": ["/a"], "later": [1, 2], "window_s": 2.0, "unfinished_room": {}},
                     "someday": {"x": 1}}


@pytest.mark.parametrize("values, expect", [
    ({"window_s": -1}, '"window_s" should be a positive number'),
    ({"folders": "/media"}, '"folders" should be a list'),
    ({"shot_cuts": "yes"}, '"shot_cuts" should be true or false'),
])
def test_a_bad_setting_is_refused_and_nothing_is_written(lib, values, expect):
    lib.update_settings(folders=["/media"])
    before = (lib.root / "library.json").read_bytes()
    with pytest.raises(ValueError, match=expect):
        lib.update_settings(**values)
    assert (lib.root / "library.json").read_bytes() == before and lib.meta.settings.to_json() == {"folders": ["/media"]}


def test_migrations_run_in_order_from_the_librarys_version(monkeypatch):
    ran = []
    steps = tuple(Migration(v, v + 1, lambda conn, v=v: ran.append(v)) for v in (1, 2, 3))
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    assert migrations.migrate(None, 2) and ran == [2, 3]
    ran.clear()
    assert migrations.migrate(None, 1) and ran == [1, 2, 3]
    ran.clear()
    assert not migrations.migrate(None, 4) and ran == []


def test_the_real_migrations_lead_from_format_1_to_the_current_one():
    from core.library import SCHEMA_VERSION

    chain = [(m.from_version, m.to_version) for m in migrations.MIGRATIONS]
    assert chain == [(v, v + 1) for v in range(1, SCHEMA_VERSION)]


def test_one_moment_id_format():
    assert ids.moment_id(vid(3), 2, 7) == f"{vid(3)}:2:7"
    assert ids.parse_moment_id(ids.moment_id(vid(3), 2, 7)) == (vid(3), 2, 7)
    rng = np.random.default_rng(0)
    m = moments(3, unit(rng, 1))[0]
    assert m.moment_id == ids.moment_id(m.video_id, m.epoch, m.index)


def test_deletes_of_many_ids_go_in_chunks(lib):
    many = [f"{i:016x}" for i in range(1, 1201)]
    filters = list(ids.sql_in_chunks("video_id", many))
    assert len(filters) == 3 and all(f.count("'") == 2 * n for f, n in zip(filters, (500, 500, 200)))
    rng = np.random.default_rng(1)
    for i in (5, 700, 1100):  # one video in each chunk
        lib.moment_table.commit([(video(i), moments(i, unit(rng, 2)))])
    lib.moment_table.commit([(video(2000), moments(2000, unit(rng, 2)))])
    lib.video_table.delete(many)
    assert [v.video_id for v in lib.video_table.all()] == [vid(2000)]
    assert {h.video_id for h in lib.moment_search.search(unit(rng, 1)[0], 10)} == {vid(2000)}


def test_a_reader_of_lost_moments_and_library_json_finds_no_moment(tmp_path):
    """Rebuilt without a model the description has no dimension (0): a video still marked indexed
    reads as having no moments, not as an error (a reshape of nothing to width 0)."""
    root = tmp_path / "lib"
    with VideoLibrary(root) as writer:
        writer.bind_model("tiny-000000000001", "/models/tiny", DIM)
        [rec] = writer.moment_table.commit([(writer.video_table.upsert(video(0)),
                                             moments(0, unit(np.random.default_rng(0), 3)))])
        writer.conn.table("moments").delete("true")
    (root / "library.json").unlink()
    with VideoLibrary(root, read_only=True) as reader:
        assert reader.meta.dim == 0 and reader.video_table.get(vid(0)).status == "done"
        assert reader.moment_table.of(vid(0)) == []
        assert reader.moment_table.get(ids.moment_id(vid(0), rec.epoch, 0)) is None
