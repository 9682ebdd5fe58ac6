"""A bundled model rebuilt by an upgrade (a new label bank, so a new model id) must not lock users out
of the libraries they indexed with the build before: that build is kept beside the new one
(``core.earlier_builds``: only the files that differ), the library searches and indexes with it at
once, ``seekframe index --reindex`` moves it to the new build keeping its notes, and the words a
library is refused with name only ways out that exist. Before, every such library was refused its
searches ("Search with the library's model" / "or use <old id> (from …/models/real)", a folder that
holds the new build now) until it was indexed again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core import earlier_builds
from core.errors import ModelMismatchError
from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.conftest import ROOT, SHARED_VIDEOS

REAL = ROOT / "core" / "resources" / "models" / "real"


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """This install's bundled models: a copy of the real-footage model, which ``upgrade`` rebuilds."""
    res = tmp_path / "res"
    shutil.copytree(REAL, res / "models" / "real")
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(res))
    return res / "models" / "real"


def upgrade(folder: Path, keep: bool = True) -> tuple[str, str]:
    """A new Seekframe's rebuild of the bundled model in place (a face and a person in view weighed
    otherwise: a new id), keeping the build before as ``training.label_model`` does; (old id, new id)."""
    before = earlier_builds.snapshot(folder)
    cfg = json.loads((folder / "config.json").read_text())
    pool = cfg["temporal"]["config"]
    pool.update(face_weight=round(pool["face_weight"] + 0.05, 4), person_weight=round(pool["person_weight"] + 0.05, 4))
    (folder / "config.json").write_text(json.dumps(cfg, indent=2))
    if keep:
        earlier_builds.keep(before, folder)
    return before[0], earlier_builds.current_id("real")


def _bound(tmp_path, model_id: str, source: str) -> VideoLibrary:
    import numpy as np

    from core.library.records import MomentRecord, VideoRecord

    lib = VideoLibrary(tmp_path / "lib")
    lib.bind_model(model_id, source, 384)
    v = np.ones(384, np.float32) / np.sqrt(384)
    video = VideoRecord(video_id="0" * 16, path="/media/a.mp4", root="/media", size=1, mtime=1.0, content_hash="h")
    lib.moment_table.commit([(video, [MomentRecord("0" * 16, 0, 0, 0.0, 4.0, 2.0, v)])])
    return lib


def test_only_the_files_that_differ_are_kept_and_the_build_is_made_whole_again(resources):
    old, new = upgrade(resources)
    assert old != new and earlier_builds.kept_ids("real") == [old]
    kept = resources.parent / "earlier" / old
    assert sorted(p.name for p in kept.iterdir()) == ["build.json", "config.json"]  # (the bank is the same here)
    folder = earlier_builds.earlier_build(old)
    assert folder is not None and earlier_builds.current_id("real") == new
    from core.encoders.file_ids import derive

    assert derive(folder) == old and (folder / "tokenizer.json").read_bytes() == (resources / "tokenizer.json").read_bytes()
    # a library loads it where it names the bundled folder, and records that folder, not the cache's copy
    assert earlier_builds.for_library(str(resources), old) == str(folder)
    assert earlier_builds.for_library(str(resources), new) is None
    assert earlier_builds.recorded_source(str(folder)) == str(resources)
    from core.model_choice import choose_model, find_model

    assert choose_model(None, str(resources), None, old) == str(folder)
    assert find_model(old) == str(folder)  # (library.json lost: found by its id)


def test_the_refusal_names_only_ways_out_that_exist(resources, tmp_path):
    old, new = upgrade(resources, keep=False)
    lib = _bound(tmp_path, old, str(resources))
    try:
        with pytest.raises(ModelMismatchError) as refused:
            lib.bind_model(new, str(resources), 384)
        said = str(refused.value)
        assert "or use" not in said and "does not keep" in said and "`seekframe index --reindex` moves it" in said
    finally:
        lib.close(optimize=False)
    lib = _bound(tmp_path / "b", "other-000000000001", str(tmp_path / "gone"))
    try:
        with pytest.raises(ModelMismatchError, match="its own model is no longer at .*gone"):
            lib.bind_model(new, str(resources), 384)
    finally:
        lib.close(optimize=False)
    lib = _bound(tmp_path / "c", new, str(resources))  # a model still where the library says
    try:
        with pytest.raises(ModelMismatchError, match=f"or use {new} \\(from {resources}\\)"):
            lib.bind_model("other-000000000001", str(tmp_path), 384)
    finally:
        lib.close(optimize=False)


def _indexed(tmp_path, capsys) -> tuple[Path, str]:
    """(a folder of one real clip, a library indexed with this install's bundled model)."""
    videos, lib = tmp_path / "videos", str(tmp_path / "lib")
    videos.mkdir()
    shutil.copy(SHARED_VIDEOS / "bird.mkv", videos / "bird.mkv")
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    return videos, lib


@pytest.mark.slow
def test_a_library_of_the_build_before_searches_at_once_and_reindex_moves_it(resources, tmp_path, capsys):
    videos, lib = _indexed(tmp_path, capsys)
    assert run_cli(capsys, "note", videos / "bird.mkv", "my friend signing", "--library", lib)[0] == 0
    code, before, _ = run_cli(capsys, "search", "a person", "--library", lib, "--json")
    assert code == 0 and json.loads(before)

    old, new = upgrade(resources)
    code, after, err = run_cli(capsys, "search", "a person", "--library", lib, "--json")
    assert code == 0 and after == before  # at once, the build its vectors came from
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert f"earlier build of the bundled model ({old}); it searches and indexes with that build" in out
    assert json.loads((Path(lib) / "library.json").read_text())["model_source"] == str(resources)

    code, out, err = run_cli(capsys, "index", "--reindex", "--library", lib)
    assert code == 0 and "Moving this library from an earlier build" in err
    meta = json.loads((Path(lib) / "library.json").read_text())
    assert meta["model_id"] == new
    code, out, _ = run_cli(capsys, "captions", videos / "bird.mkv", "--library", lib, "--json")
    assert [c["text"] for c in json.loads(out) if c["source"] == "note"] == ["my friend signing"]
    code, out, _ = run_cli(capsys, "search", "a person", "--library", lib, "--json")
    assert code == 0 and [h["path"] for h in json.loads(out)] == [h["path"] for h in json.loads(before)]
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert "earlier build" not in out


@pytest.mark.slow
def test_without_the_build_kept_a_search_is_told_what_is_true(resources, tmp_path, capsys):
    videos, lib = _indexed(tmp_path, capsys)
    old, new = upgrade(resources, keep=False)
    code, out, err = run_cli(capsys, "search", "a person", "--library", lib)
    assert code != 0 and "which this version does not keep" in err and "the library's model" not in err


def test_rebuilding_a_bundled_model_in_place_keeps_the_build_before(resources, monkeypatch):
    import training.label_model as label_model

    old = earlier_builds.current_id("real")

    def rebuilt(out, *args, **kwargs):  # (the rebuild itself: tests/test_real_model.py)
        cfg = json.loads((out / "config.json").read_text())
        cfg["temporal"]["config"]["face_weight"] = 0.45
        (out / "config.json").write_text(json.dumps(cfg, indent=2))

    monkeypatch.setattr(label_model, "build", rebuilt)
    assert label_model.main(["--out", str(resources)]) == 0
    assert earlier_builds.kept_ids("real") == [old] != [earlier_builds.current_id("real")]
    assert label_model.main(["--out", str(resources)]) == 0  # the same build again: nothing more kept
    assert earlier_builds.kept_ids("real") == [old]


def test_a_rebuild_failing_half_way_still_leaves_the_build_before_kept(resources, monkeypatch):
    import training.label_model as label_model

    old = earlier_builds.current_id("real")

    def failing(out, *args, **kwargs):  # (killed, out of memory, a full disk: after it began writing)
        cfg = json.loads((out / "config.json").read_text())
        cfg["temporal"]["config"]["face_weight"] = 0.45
        (out / "config.json").write_text(json.dumps(cfg, indent=2))
        (out / "model.safetensors").write_bytes(b"cut short")
        raise MemoryError

    monkeypatch.setattr(label_model, "build", failing)
    with pytest.raises(MemoryError):
        label_model.main(["--out", str(resources)])
    assert earlier_builds.kept_ids("real") == [old]
    assert earlier_builds.earlier_build(old) is not None  # made whole again, its files give its id


def test_the_window_opens_it_with_its_build_and_says_what_is_true_without_it(resources, tmp_path):
    from app.engine import OpenRun, make_searcher
    from core.encoders.text_side import load_text_encoder

    old, new = upgrade(resources)
    lib = _bound(tmp_path, old, str(resources))
    try:
        run = OpenRun(str(tmp_path / "lib"), None, None, loader=lambda source: None)
        run.library = lib
        assert run.candidates() == [str(earlier_builds.earlier_build(old))]  # what the window loads
        searcher, said = make_searcher(lib, load_text_encoder(run.candidates()[0]))
        assert searcher is not None and said == ""
        shutil.rmtree(resources.parent / "earlier")  # (a build not kept: by the package, nor in the cache,
        from core.paths import cache_dir  # which keeps one a library uses: core.earlier_users)

        shutil.rmtree(cache_dir() / earlier_builds.ASSEMBLED / old)
        searcher, said = make_searcher(lib, load_text_encoder(str(resources)))
        assert searcher is None and "does not keep" in said and "File › Model… moves it" in said
        assert "the library's model" not in said
    finally:
        lib.close(optimize=False)
