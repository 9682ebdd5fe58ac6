"""Which model a library gets (the bundled real-footage model before the demo model; the demo
library keeps the demo model), what ``seekframe status`` says about the model, and honest
scores: search results labelled strong / weak / none from the model card's calibration."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core import cli, cli_print
from core.encoders.card import Calibration, ModelCard, write_card
from core.library import MomentRecord, VideoLibrary, VideoRecord
from core.model_choice import (available_models, bundled_demo_model, bundled_real_model, choose_model,
                               default_model, is_demo_library)
from core.paths import default_library_dir, demo_library_dir
from core.search import Searcher, SearchResult, no_strong_match
from tests.demo_clips import demo_written_once  # noqa: F401  (the fixture)

DIM = 4


def _fake_model(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}")
    return folder


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """A resources folder with a demo model and a real-footage model (config.json only)."""
    root = tmp_path / "resources"
    _fake_model(root / "models" / "demo")
    _fake_model(root / "models" / "real")
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(root))
    monkeypatch.setenv("SEEKFRAME_MODELS", str(tmp_path / "exported"))
    return root


def test_model_order_prefers_the_real_footage_model_over_the_demo(resources, tmp_path):
    real, demo = resources / "models" / "real", resources / "models" / "demo"
    assert bundled_real_model() == real and bundled_demo_model() == demo
    assert choose_model() == str(real)
    assert choose_model(library_dir=tmp_path / "my-library") == str(real)
    assert choose_model("some/hub-id") == "some/hub-id"  # --model first
    assert choose_model(None, "/the/library/model") == "/the/library/model"  # then the library's
    exported = _fake_model(tmp_path / "exported" / "student")
    assert choose_model() == str(exported)  # then the newest exported student
    assert [k for k, _ in available_models()] == ["exported", "bundled", "demo"]


def test_without_a_real_model_the_demo_model_is_the_default(resources):
    import shutil

    shutil.rmtree(resources / "models" / "real")
    assert bundled_real_model() is None
    assert choose_model() == str(resources / "models" / "demo")
    assert [k for k, _ in available_models()] == ["demo"]


def test_the_demo_library_is_its_own_library_bound_to_the_demo_model(resources, tmp_path):
    assert demo_library_dir() != default_library_dir()
    assert is_demo_library(demo_library_dir()) and not is_demo_library(default_library_dir())
    demo = str(resources / "models" / "demo")
    assert choose_model(library_dir=demo_library_dir()) == demo
    assert default_model(demo_library_dir()) == Path(demo)
    _fake_model(tmp_path / "exported" / "student")
    assert choose_model(library_dir=demo_library_dir()) == demo  # even before an exported student
    assert choose_model(None, "/recorded", library_dir=demo_library_dir()) == "/recorded"


@pytest.mark.slow
def test_seekframe_demo_prints_commands_for_the_demo_library(tmp_path, capsys, demo_written_once):  # noqa: F811
    from core.demo import holds_real_videos

    assert cli.main(["demo", "--out", str(tmp_path / "clips")]) == 0
    out = capsys.readouterr().out
    assert f'seekframe index --library "{demo_library_dir()}" "{tmp_path / "clips"}"' in out
    assert f'seekframe search --library "{demo_library_dir()}"' in out
    assert not holds_real_videos(tmp_path.glob("clips/*.mp4"))
    assert holds_real_videos([tmp_path / "clips" / "red-ball-beach.mp4", "/home/me/holiday.mp4"])


# -- a library with known vectors --------------------------------------------------------------
def _unit(*xs) -> np.ndarray:
    v = np.array(xs, np.float32)
    return v / np.linalg.norm(v)


class FakeEncoder:
    """Texts → fixed vectors; carries a card like ``core.encoders.Encoder``."""

    model_id = "fake-000000000001"
    embed_dim = DIM

    def __init__(self, card: ModelCard | None = None):
        self.card = card
        self.source = "/models/fake"

    def encode_text(self, texts):
        table = {"clear": _unit(1, 0, 0, 0), "vague": _unit(0.5, 0, 0, 1), "nothing": _unit(0, 0, 0, 1)}
        # anything else (the library calibration's queries about nothing) points nowhere
        return np.stack([table.get(t, _unit(0, 0, 0, 1)) for t in texts])


def _video(i: int, path: str) -> VideoRecord:
    return VideoRecord(video_id=f"{i:016x}", path=path, root=str(Path(path).parent), size=10 + i,
                       mtime=1.0 + i, content_hash=f"h{i}")


@pytest.fixture
def library(tmp_path):
    """Three moments whose cosines with "clear" are 1.0, 0.6 and 0.0."""
    lib = VideoLibrary(tmp_path / "lib")
    lib.bind_model(FakeEncoder.model_id, str(tmp_path / "model"), DIM)
    vecs = [_unit(1, 0, 0, 0), _unit(0.6, 0.8, 0, 0), _unit(0, 1, 0, 0)]
    for i, v in enumerate(vecs):
        lib.moment_table.commit([(_video(i, f"/home/me/videos/clip{i}.mp4"),
                       [MomentRecord(f"{i:016x}", 0, 0, 0.0, 4.0, 2.0, v)])])
    yield lib
    lib.close(optimize=False)


CALIBRATED = ModelCard(title="Calibrated", summary="test", domain="real",
                       calibration=Calibration(weak=0.3, strong=0.7))


def test_results_carry_their_strength_from_the_card_calibration(library):
    searcher = Searcher(library, FakeEncoder(CALIBRATED))
    results = searcher.text("clear", k=3)
    assert [round(r.score, 2) for r in results] == [1.0, 0.6, 0.0]
    assert [r.strength for r in results] == ["strong", "weak", "none"]
    assert not no_strong_match(results)
    assert results[0].to_json()["strength"] == "strong"
    vague = searcher.text("vague", k=3)  # best cosine 0.45: weak at most
    assert max(r.score for r in vague) < 0.7 and no_strong_match(vague)


def test_without_calibration_results_are_not_labelled(library):
    for card in (None, ModelCard(title="No calibration", summary="")):
        results = Searcher(library, FakeEncoder(card)).text("vague", k=3)
        assert all(r.strength == "" for r in results) and not no_strong_match(results)
        assert "strength" not in results[0].to_json()
    # old callers build results without a strength
    assert SearchResult("/a.mp4", 0, 4, 0.1, "v", "m", 2).strength == ""


def test_cli_says_no_strong_match_and_marks_weak_lines(capsys, tmp_path):
    (tmp_path / "v.mp4").touch()  # (a file that is there: one gone since indexed is said so too)

    def hit(score, strength):
        return SearchResult(str(tmp_path / "v.mp4"), 0.0, 4.0, score, "v", "m", 2.0, strength=strength)

    cli_print.print_hits([hit(0.5, "weak"), hit(0.2, "none")], as_json=False)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "No strong match for this query; the closest moments:"
    assert out[1].endswith("(weak match)") and out[2].endswith("(poor match)")
    cli_print.print_hits([hit(0.8, "strong"), hit(0.5, "weak")], as_json=False)
    out = capsys.readouterr().out.splitlines()
    assert "No strong match" not in out[0] and not out[0].endswith(")") and out[1].endswith("(weak match)")
    cli_print.print_hits([hit(0.8, "")], as_json=False)
    assert "No strong match" not in capsys.readouterr().out


def test_search_videos_says_its_closest_are_videos(capsys, library, monkeypatch, tmp_path):
    """``search --videos`` lists the best moment of each video: its notice says videos (it said "the closest
    moments:" above one line a video)."""
    from tests.cli_run import run_cli, use_encoder

    use_encoder(monkeypatch, lambda: FakeEncoder(CALIBRATED))
    lib = tmp_path / "lib"
    code, out, _ = run_cli(capsys, "search", "vague", "--library", lib, "--videos")
    assert code == 0 and out.splitlines()[0] == "No strong match for this query; the closest videos:", out
    code, out, _ = run_cli(capsys, "search", "vague", "--library", lib)
    assert code == 0 and out.splitlines()[0] == "No strong match for this query; the closest moments:", out


GENERATED = ModelCard(title="Demo-like model", summary="a generated world of coloured shapes; not real footage",
                      domain="generated", good_at=("coloured shapes",), weak_at=("real videos",),
                      calibration=Calibration(0.46, 0.56))


def test_seekframe_status_prints_the_models_card_and_offers_the_switch(library, tmp_path, capsys, resources):
    write_card(_fake_model(tmp_path / "model"), GENERATED)
    lib_dir = str(library.root)
    library.close(optimize=False)
    assert cli.main(["status", "--library", lib_dir]) == 0
    out = capsys.readouterr().out
    assert "Demo-like model: a generated world of coloured shapes; not real footage" in out
    assert "Finds well: coloured shapes" in out and "Weak at: real videos" in out
    # (a model of the generated world that is not the bundled demo model: named by its card)
    assert "This library uses “Demo-like model”, a model of the generated world, which only knows generated shapes" in out
    assert str(resources / "models" / "real") in out and "--reindex" in out
    assert cli.main(["status", "--library", lib_dir, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["model_card"]["domain"] == "generated" and data["model_card"]["calibration"]["weak"] == 0.46


def test_a_student_trained_on_the_generated_world_is_not_called_the_demo_model(tmp_path, capsys, resources):
    """The hint offering the real-footage model named every model of the generated world "the demo
    model": a student a run trained on the generated world (its exported card, training.export)
    was said to be the bundled demo model. The demo model itself is still called so."""
    from training.export import student_card

    trained = student_card({"format": "synthetic", "root": "data/synthetic"}, "synthetic-student")
    write_card(_fake_model(tmp_path / "student"), trained)
    write_card(resources / "models" / "demo", GENERATED)
    said = {}
    for name, source in (("student", tmp_path / "student"), ("demo", resources / "models" / "demo")):
        lib = VideoLibrary(tmp_path / f"lib-{name}")
        lib.bind_model(FakeEncoder.model_id, str(source), DIM)
        lib.moment_table.commit([(_video(0, "/home/me/videos/clip0.mp4"),
                                  [MomentRecord(f"{0:016x}", 0, 0, 0.0, 4.0, 2.0, _unit(1, 0, 0, 0))])])
        lib.close(optimize=False)
        assert cli.main(["status", "--library", str(tmp_path / f"lib-{name}")]) == 0
        said[name] = capsys.readouterr().out
    assert ("This library uses “Trained student synthetic-student”, a model of the generated world, which only "
            "knows generated shapes; switch to the real-footage model") in said["student"]
    assert "the demo model" not in said["student"]
    assert "This library uses the demo model, which only knows generated shapes" in said["demo"]


def test_status_offers_no_switch_for_a_model_that_knows_real_footage(library, tmp_path, capsys):
    write_card(_fake_model(tmp_path / "model"), CALIBRATED)
    lib_dir = str(library.root)
    library.close(optimize=False)
    assert cli.main(["status", "--library", lib_dir]) == 0
    out = capsys.readouterr().out
    assert "Calibrated: test" in out and "only knows generated shapes" not in out


def test_a_generated_world_models_name_is_looked_up_once_a_source(resources, monkeypatch):
    """The window's status names the model at every read, on its GUI thread: the demo model's folder
    looked for and two paths resolved each time (three disk checks a read); now once a source."""
    import os

    from core.model_choice import generated_model_named

    card = ModelCard(title="Shapes student", summary="", domain="generated")
    student = resources.parent / "exported" / "shapes"
    checks = []
    real = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p, *a, **k: checks.append(p) or real(p, *a, **k))
    for _ in range(5):
        assert generated_model_named(card, str(resources / "models" / "demo")) == "the demo model"
        assert generated_model_named(card, str(student)) == "“Shapes student”, a model of the generated world"
    assert len(checks) <= 4  # (two a source, the first time)
    other = ModelCard(title="Shapes student 2", summary="", domain="generated")  # (another model at that folder since)
    assert generated_model_named(other, str(student)) == "“Shapes student 2”, a model of the generated world"
