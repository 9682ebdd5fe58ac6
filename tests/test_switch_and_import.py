"""Issue 10, points 3 and 4: a model switch killed half-way is finished by the next writer
(captions and notes included, and said in ``status`` meanwhile); ``captions-import`` is one
commit and never adds the same caption twice."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core import captions as C
from core.cli import main
from core.library import VideoLibrary
from core.library.captions import CaptionTable
from core.library.connection import Connection
from tests.cli_run import run_cli
from tests.models import save_tiny_model
from tests.videos import Segment, write_video


def _indexed_with_captions(tmp_path, capsys, model):
    videos = tmp_path / "videos"
    write_video(videos / "planted.mp4", [Segment(4, "green"), Segment(4, "red")], seed=1)
    write_video(videos / "blue.mp4", [Segment(4, "blue")], seed=2)
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", model)[0] == 0
    caps = tmp_path / "captions.txt"
    caps.write_text("a red scene\na plain blue video\na green screen\n")
    assert run_cli(capsys, "captions-import", caps, "--library", lib)[0] == 0
    assert run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "the blue background", "--library", lib)[0] == 0
    return videos, lib


def _fail_reembedding(monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("killed while re-embedding the captions")
    monkeypatch.setattr(C, "embed_and_store", boom)


def _fail_reset(monkeypatch):
    real = Connection.drop

    def drop(self, name):
        if name == "moments" and not self.meta.model_id:  # inside reset_for_model, before binding
            raise RuntimeError("killed while forgetting the old vectors")
        return real(self, name)
    monkeypatch.setattr(Connection, "drop", drop)


@pytest.mark.parametrize("crash", [_fail_reembedding, _fail_reset], ids=["re-embedding", "reset"])
def test_interrupted_reindex_is_finished_by_a_plain_index(tmp_path, capsys, colour_model, monkeypatch, crash):
    videos, lib = _indexed_with_captions(tmp_path, capsys, colour_model)
    other = save_tiny_model(tmp_path / "other", seed=3)  # another model, another width
    with monkeypatch.context() as m:
        crash(m)
        with pytest.raises(RuntimeError, match="killed"):
            main(["index", "--library", str(lib), "--model", str(other), "--reindex", "-q"])
    capsys.readouterr()

    # meanwhile, status says a switch is under way, and to which model
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Switching to the model" in out and str(other) in out
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    assert json.loads(out)["model_switch"]["model_source"] == str(other)

    # the README's plain `index` (no --model) finishes the switch, captions and notes included
    code, _, err = run_cli(capsys, "index", "--library", lib, "-q")
    assert code == 0, err
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.model_source == str(other) and library.model_switch is None
        dim = library.meta.dim
        caps = library.caption_table.read()
        assert {c.text for c in caps} == {"a red scene", "a plain blue video", "a green screen",
                                          "the blue background"}
        assert all(c.vector.shape == (dim,) for c in caps)
        assert {v.status for v in library.video_table.all()} == {"done"}
    code, out, err = run_cli(capsys, "captions", f"{videos / 'blue.mp4'}@1", "--library", lib, "--json")
    assert code == 0 and len(json.loads(out)) == 4, err
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert "Switching" not in out


def test_a_writer_with_another_model_is_told_to_finish_the_switch(tmp_path, capsys, colour_model, monkeypatch):
    videos, lib = _indexed_with_captions(tmp_path, capsys, colour_model)
    other = save_tiny_model(tmp_path / "other", seed=3)
    with monkeypatch.context() as m:
        _fail_reembedding(m)
        with pytest.raises(RuntimeError):
            main(["index", "--library", str(lib), "--model", str(other), "--reindex", "-q"])
    code, _, err = run_cli(capsys, "index", "--library", lib, "--model", colour_model, "-q")
    assert code == 2 and "being switched" in err and "--reindex" in err
    # switching back explicitly works, and ends the record
    code, _, err = run_cli(capsys, "index", "--library", lib, "--model", colour_model, "--reindex", "-q")
    assert code == 0, err
    with VideoLibrary(lib, read_only=True) as library:
        assert library.model_switch is None
        assert all(c.vector.shape == (library.meta.dim,) for c in library.caption_table.read())


# -- captions-import ---------------------------------------------------------------------------
class CountingEncoder:
    """Deterministic text vectors; ``fail_on_call`` makes that call of encode_text raise."""

    model_id, source, embed_dim = "fake-000000000001", "/fake", 8

    def __init__(self, fail_on_call: int | None = None):
        self.calls = 0
        self.fail_on_call = fail_on_call

    def encode_text(self, texts, batch_size=64):
        self.calls += 1
        if self.calls == self.fail_on_call:
            raise RuntimeError("killed mid-import")
        out = np.stack([np.random.default_rng(abs(hash(t)) % 2**32).normal(size=8) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def bound_library(tmp_path):
    lib = VideoLibrary(tmp_path / "lib")
    lib.bind_model(CountingEncoder.model_id, CountingEncoder.source, CountingEncoder.embed_dim)
    yield lib
    lib.close()


def _caption_file(tmp_path, n=40):
    f = tmp_path / "caps.txt"
    f.write_text("".join(f"caption number {i}\n" for i in range(n)))
    return f


def test_importing_the_same_file_twice_adds_each_caption_once(tmp_path, bound_library):
    f = _caption_file(tmp_path)
    first = C.import_captions(bound_library, CountingEncoder(), f, batch_size=16)
    assert first["imported"] == 40
    again = C.import_captions(bound_library, CountingEncoder(), f, batch_size=16)
    assert again["imported"] == 0 and again["already_present"] == 40
    texts = [c.text for c in bound_library.caption_table.read()]
    assert len(texts) == 40 and len(set(texts)) == 40
    # a file that adds to it: only the new lines are added
    g = tmp_path / "more.txt"
    g.write_text("caption number 3\nsomething new\nsomething new\n")
    more = C.import_captions(bound_library, CountingEncoder(), g)
    assert (more["imported"], more["already_present"]) == (1, 2)
    assert len(bound_library.caption_table.read()) == 41


def test_an_import_that_fails_half_way_leaves_nothing_and_a_rerun_completes_it(tmp_path, bound_library):
    f = _caption_file(tmp_path)
    with pytest.raises(RuntimeError, match="killed mid-import"):
        C.import_captions(bound_library, CountingEncoder(fail_on_call=2), f, batch_size=16)
    assert bound_library.caption_table.read() == []
    done = C.import_captions(bound_library, CountingEncoder(), f, batch_size=16)
    assert done["imported"] == 40
    assert len(bound_library.caption_table.read()) == 40


def test_a_failed_table_write_leaves_nothing(tmp_path, bound_library, monkeypatch):
    f = _caption_file(tmp_path)
    calls = []
    real = CaptionTable.add

    def add(self, records):
        calls.append(len(records))
        if len(calls) == 2:
            raise OSError("No space left on device")
        return real(self, records)
    monkeypatch.setattr(CaptionTable, "add", add)
    try:
        C.import_captions(bound_library, CountingEncoder(), f, batch_size=16)
    except OSError:
        pass
    # whatever happened, the file is in the library whole or not at all
    assert len(bound_library.caption_table.read()) in (0, 40)
