"""Each command imports and loads only what it needs (issue 11 point 16, issue 12 point 4):
``search`` (and ``note``) the model's text side, ``similar``/``captions`` no model at all, and a
re-scan that finds nothing to embed loads no model and optimizes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import core.encoders.encoder as encoder_mod
from core.cli import main
from core.encoders import Encoder
from core.library import VideoLibrary
from core.library.maintenance import Maintenance
from core.search import Searcher
from tests.cli_proc import indexed_folder
from tests.videos import Segment, write_video

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "cv2", "av", "core.encoders.encoder", "core.indexer",
         "lance_namespace_urllib3_client.api")

CHILD = r"""
import contextlib, io, json, sys
from core.cli import main
for name, argv in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    print(json.dumps({"name": name, "code": code, "stdout": out.getvalue(),
                      "modules": sorted(m for m in HEAVY if m in sys.modules),
                      "text_side": "core.encoders.text_side" in sys.modules}), flush=True)
"""


@pytest.fixture
def indexed(tmp_path):
    return indexed_folder(tmp_path)


def _child(commands) -> dict:
    """Run CLI commands one after the other in a fresh process: what each printed, and which
    heavy modules were imported by then."""
    code = f"HEAVY = {HEAVY!r}\n" + CHILD
    out = subprocess.run([sys.executable, "-c", code, json.dumps(commands)], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return {r["name"]: r for r in map(json.loads, out.stdout.splitlines())}


@pytest.mark.slow  # a fresh interpreter running three commands
def test_search_loads_the_text_side_only_and_finds_what_the_full_model_finds(indexed):
    model, videos, lib = indexed
    red = str(videos / "red.mp4")
    with VideoLibrary(lib, read_only=True) as library:  # the same search with the whole model
        want = [r.to_json() for r in Searcher(library, Encoder.load(model)).text("red", k=3)]
    seen = _child([
        ["similar", ["similar", f"{red}@2", "--library", str(lib), "--json"]],
        ["search", ["search", "red", "--library", str(lib), "--json", "-k", "3"]],
        ["note", ["note", f"{red}@1", "a red wall", "--library", str(lib)]],
    ])
    similar, search, note = seen["similar"], seen["search"], seen["note"]
    # similar clips: the library's own vectors, no model at all
    assert (similar["code"], similar["modules"], similar["text_side"]) == (0, [], False)
    assert json.loads(similar["stdout"])[0]["path"] == str(videos / "blue.mp4")
    # a text search and a note: the text side alone (no torch, transformers, OpenCV, PyAV, REST client)
    assert (search["code"], search["modules"], search["text_side"]) == (0, [], True)
    assert (note["code"], note["modules"]) == (0, [])
    got = json.loads(search["stdout"])
    assert [(r["path"], r["moment_id"]) for r in got] == [(r["path"], r["moment_id"]) for r in want]
    assert [r["score"] for r in got] == pytest.approx([r["score"] for r in want], abs=1e-5)


def test_a_rescan_with_nothing_to_embed_loads_no_model_and_optimizes_nothing(indexed, monkeypatch, capsys):
    model, videos, lib = indexed
    loads, optimized = [], []
    real_load = encoder_mod.Encoder.load.__func__

    def counting_load(cls, *a, **k):
        loads.append(a[0] if a else k.get("source"))
        return real_load(cls, *a, **k)

    import core.encoders.video_side as video_side

    real_side = video_side.load_video_encoder
    side_loads = []  # what `index` loads: the model's video side (the whole model the first time)
    monkeypatch.setattr(video_side, "load_video_encoder", lambda *a, **k: side_loads.append(a[0]) or real_side(*a, **k))
    real_optimize = Maintenance.optimize
    monkeypatch.setattr(encoder_mod.Encoder, "load", classmethod(counting_load))
    monkeypatch.setattr(Maintenance, "optimize", lambda self, **k: optimized.append(1) or real_optimize(self, **k))
    capsys.readouterr()

    assert main(["index", "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "0 to index" in err and "2 unchanged" in err and "Loading model" not in err
    assert loads == [] and side_loads == [] and optimized == []

    write_video(videos / "green.mp4", [Segment(4, "green")], seed=3)  # something to embed: loaded once
    assert main(["index", "--library", str(lib)]) == 0
    assert "Loading model" in capsys.readouterr().err and len(side_loads) == 1
    with VideoLibrary(lib, read_only=True) as library:
        assert sorted(v.status for v in library.video_table.all()) == ["done"] * 3


def test_a_move_is_recorded_without_loading_the_model(indexed, monkeypatch):
    model, videos, lib = indexed
    with VideoLibrary(lib, read_only=True) as library:
        bound = library.meta.model_id
    monkeypatch.setattr(encoder_mod.Encoder, "load", classmethod(lambda cls, *a, **k: pytest.fail("loaded")))
    (videos / "blue.mp4").rename(videos / "renamed.mp4")  # a move: no decoding, no model
    assert main(["index", "--library", str(lib), "-q"]) == 0
    with VideoLibrary(lib, read_only=True) as library:
        assert {v.path.rsplit("/", 1)[1] for v in library.video_table.all()} == {"red.mp4", "renamed.mp4"}
        assert library.meta.model_id == bound  # the id the model would have, known without it


@pytest.mark.slow  # a fresh interpreter
def test_a_rescan_with_nothing_to_embed_imports_no_decoder_or_model(indexed):
    model, videos, lib = indexed
    ran = _child([["rescan", ["index", str(videos), "--library", str(lib), "-q"]]])["rescan"]
    assert ran["code"] == 0
    assert not {"av", "cv2", "torch", "transformers"} & set(ran["modules"]), ran["modules"]
