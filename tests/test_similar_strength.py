"""Similar clips say how alike each result is, as a text search says how well it matches: by the
thresholds measured for the model (``card.json``'s ``similar_calibration``, from
``tools/calibrate_similar.py``), and "no strong match" where none is. Before, similar clips carried no
label at all (s55): the closest clip in a library of other things was listed as if it were alike.
A model whose card has no thresholds measured labels none (never a guessed number)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from core.clirefs import ClipRef
from core.encoders.card import (CLIP_CARD, TINYCLIP_CARD, UNKNOWN_CARD, Calibration, ModelCard, SimilarCalibration,
                                card_from_json, read_card, write_card)
from core.library import VideoLibrary
from core.paths import bundled_models_dir
from core.search import Searcher
from core.strength import no_strong_match
from tests.cli_run import run_cli, use_encoder
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

ROOT = Path(__file__).resolve().parent.parent
MOMENT, VIDEO = Calibration(weak=0.9, strong=0.99), Calibration(weak=0.5, strong=0.8)


def test_a_card_reads_and_writes_its_similar_thresholds(tmp_path):
    card = card_from_json({"title": "t", "similar_calibration": {"moment": {"weak": 0.4, "strong": 0.7},
                                                                 "video": {"weak": 0.9, "strong": 0.1},
                                                                 "world": "demo"}})
    assert card.similar_calibration == SimilarCalibration(moment=Calibration(0.4, 0.7), video=None,  # (out of order: none)
                                                          world="demo")
    write_card(tmp_path, card)
    assert read_card(tmp_path) == card
    assert json.loads((tmp_path / "card.json").read_text())["similar_calibration"] == {
        "moment": {"weak": 0.4, "strong": 0.7}, "world": "demo"}
    assert card_from_json({"similar_calibration": {"video": {"weak": 0.1, "strong": 0.2}, "world": "mars"}}) \
        .similar_calibration == SimilarCalibration(video=Calibration(0.1, 0.2))
    for odd in (None, "high", {"moment": "x"}, {"video": {"weak": "a"}}, {}):
        assert card_from_json({"title": "t", "similar_calibration": odd}).similar_calibration is None
    assert "similar_calibration" not in card_from_json({"title": "t"}).to_json()


def test_models_never_measured_label_no_similar_clips():
    assert CLIP_CARD.similar_calibration is None and TINYCLIP_CARD.similar_calibration is None
    assert UNKNOWN_CARD.similar_calibration is None


@pytest.mark.parametrize("name", ["demo", "real"])
def test_the_bundled_cards_thresholds_follow_from_what_the_script_measured(name):
    """The numbers on a bundled card are the script's rule applied to the populations it recorded
    (``--write``), not numbers typed in; and the card says how they were measured."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import calibrate_similar
    finally:
        sys.path.remove(str(ROOT / "tools"))
    folder = bundled_models_dir() / name
    data = json.loads((folder / "card.json").read_text())
    card = read_card(folder)
    measured = data["similar_calibration_measured"]
    assert measured["world"] == card.similar_calibration.world == ("demo" if card.domain == "generated" else "real")
    for kind in ("moment", "video"):
        rule = calibrate_similar.thresholds(measured[kind]["alike"], measured[kind]["unlike"])
        on_card = getattr(card.similar_calibration, kind)
        assert rule is not None and on_card == Calibration(**rule), (name, kind)
        assert f"weak {rule['weak']}, strong {rule['strong']}" in data["similar_calibration_method"]
    assert data["similar_calibration_method"].startswith("tools/calibrate_similar.py on ")
    assert calibrate_similar.card_fields({"world": measured["world"], "clips": measured["clips"],
                                          "moments": measured["moments"],
                                          **{k: {**measured[k], "calibration": calibrate_similar.thresholds(
                                              measured[k]["alike"], measured[k]["unlike"])}
                                             for k in ("moment", "video")}}) == \
        {k: data[k] for k in data if k.startswith("similar_calibration")}


def test_too_few_pairs_measure_nothing():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import calibrate_similar
    finally:
        sys.path.remove(str(ROOT / "tools"))
    few = calibrate_similar.summary([0.9] * (calibrate_similar.MIN_PAIRS - 1))
    many = calibrate_similar.summary(list(np.linspace(0.1, 0.3, 40)))
    assert calibrate_similar.thresholds(few, many) is None
    assert calibrate_similar.thresholds(calibrate_similar.summary(list(np.linspace(0.6, 0.9, 40))), many) == \
        {"weak": 0.3, "strong": 0.67}


class Measured(ColourMeanEncoder):
    """The colour-mean fake with similar-clips thresholds measured (a text query's not)."""

    card = ModelCard(title="Measured colours", summary="", domain="real",
                     similar_calibration=SimilarCalibration(moment=MOMENT, video=VIDEO, world="real"))


@pytest.fixture(scope="module")
def colours(tmp_path_factory):
    """Two red videos (one with a blue square), a green one: a red moment's clip alike is red."""
    tmp = tmp_path_factory.mktemp("similar-strength")
    videos, lib = tmp / "videos", tmp / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    write_video(videos / "red-too.mp4", [Segment(4, "red", square="blue")], seed=2)
    write_video(videos / "green.mp4", [Segment(4, "green")], seed=3)
    from core.indexer import MomentIndexer

    with VideoLibrary(lib) as library:
        events = list(MomentIndexer(library, Measured()).run([str(videos)]))
    assert events[-1].kind == "finished" and events[-1].files_done == 3
    return videos, lib


def _red(library):
    return next(v for v in library.video_table.all() if Path(v.path).name == "red.mp4")


def test_similar_clips_are_labelled_by_the_cards_thresholds(colours):
    with VideoLibrary(colours[1], read_only=True) as library:
        searcher = Searcher(library, Measured())
        red = _red(library)
        moment = library.moment_table.of(red.video_id)[0]
        for per_video in (True, False):  # a moment's similar clips: its thresholds either way
            found = searcher.similar_clips(moment.moment_id, k=10, per_video=per_video)
            assert found and [r.strength for r in found] == [MOMENT.strength(r.score) for r in found]
            by_name = {Path(r.path).name: r.strength for r in found}
            assert by_name["red-too.mp4"] in ("strong", "weak") and by_name["green.mp4"] == "none", found
        videos = searcher.similar_clips(ClipRef(red.video_id), k=10)  # a whole video: set similarity's
        assert videos and [r.strength for r in videos] == [VIDEO.strength(r.score) for r in videos]
        # a whole video's mean vector against moments: never measured, not labelled
        unmeasured = searcher.similar_clips(ClipRef(red.video_id), k=10, per_video=False)
        assert unmeasured and {r.strength for r in unmeasured} == {""}
        assert {r.strength for r in Searcher(library, None).similar_clips(moment.moment_id)} == {""}  # (no card)


def test_a_clip_nothing_is_alike_says_no_strong_match(colours):
    with VideoLibrary(colours[1], read_only=True) as library:
        green = next(v for v in library.video_table.all() if Path(v.path).name == "green.mp4")
        found = Searcher(library, Measured()).similar_clips(library.moment_table.of(green.video_id)[0].moment_id)
        assert found and no_strong_match(found), found
        red = library.moment_table.of(_red(library).video_id)[0]
        assert not no_strong_match(Searcher(library, Measured()).similar_clips(red.moment_id, k=10))


def test_thresholds_measured_on_the_demo_world_label_only_a_library_of_the_demo_clips(colours, tmp_path):
    """The demo model scores real clips of nothing in common 0.99 and more: its demo-world thresholds
    would call every clip of a real library alike. They label a library of the demo clips alone."""
    from core.demo import DEMO_FILES
    from core.indexer import MomentIndexer

    demo = SimilarCalibration(moment=MOMENT, video=VIDEO, world="demo")

    class DemoMeasured(Measured):
        card = ModelCard(title="Demo-world colours", summary="", domain="generated", similar_calibration=demo)

    with VideoLibrary(colours[1], read_only=True) as library:  # red.mp4, red-too.mp4, green.mp4: real videos
        moment = library.moment_table.of(_red(library).video_id)[0]
        assert {r.strength for r in Searcher(library, DemoMeasured()).similar_clips(moment.moment_id)} == {""}
        assert "" not in {r.strength for r in Searcher(library, Measured()).similar_clips(moment.moment_id)}
    first, second = sorted(DEMO_FILES)[:2]
    write_video(tmp_path / "demo" / first, [Segment(2, "red")], seed=4)
    write_video(tmp_path / "demo" / second, [Segment(2, "green")], seed=5)
    with VideoLibrary(tmp_path / "demo-lib") as library:
        assert list(MomentIndexer(library, DemoMeasured()).run([str(tmp_path / "demo")]))[-1].files_done == 2
        video = next(v for v in library.video_table.all() if Path(v.path).name == first)
        found = Searcher(library, DemoMeasured()).similar_clips(library.moment_table.of(video.video_id)[0].moment_id)
        assert found and [r.strength for r in found] == [MOMENT.strength(r.score) for r in found]


def test_seekframe_similar_labels_its_clips_by_the_librarys_model_card(colours, capsys, monkeypatch, tmp_path):
    """The command loads no model for similar clips: the library's model's card alone says how alike."""
    videos, lib = colours
    lib = Path(shutil.copytree(lib, tmp_path / "lib"))
    use_encoder(monkeypatch, lambda: pytest.fail("similar clips load no model"))
    import core.cli_models

    monkeypatch.setattr(core.cli_models, "library_card", lambda args, library: Measured.card)
    code, out, err = run_cli(capsys, "similar", f"{videos / 'green.mp4'}@1", "--library", lib)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "No strong match: nothing in other videos is much like this clip; the closest:", \
        (out, err)
    assert all(line.endswith(("  (weak match)", "  (poor match)")) for line in lines[1:]) and len(lines) == 3, lines
    code, out, _ = run_cli(capsys, "similar", f"{videos / 'red.mp4'}@1", "--library", lib, "--json")
    strengths = {Path(r["path"]).name: r["strength"] for r in json.loads(out)}
    assert strengths["green.mp4"] == "none" and strengths["red-too.mp4"] != "none", strengths
    monkeypatch.setattr(core.cli_models, "library_card", lambda args, library: UNKNOWN_CARD)
    code, out, _ = run_cli(capsys, "similar", f"{videos / 'green.mp4'}@1", "--library", lib)
    assert code == 0 and "No strong match" not in out and "match)" not in out, out  # (never measured: no labels)


def test_the_librarys_card_is_read_off_its_model_folder(tmp_path, monkeypatch):
    """``library_card``: the card of the model that made the library's vectors, read off its folder
    without loading it (the bundled demo model's here); none for another model's id, a library.json
    at odds with its vectors, or a folder gone."""
    from core.cli_models import library_card
    from core.encoders import model_ids

    folder, model_id = bundled_models_dir() / "demo", "seekframe-demo-0123456789ab"
    # (its id as read off its files, remembered: deriving it here imports torch, 3 s)
    monkeypatch.setattr(model_ids, "known", lambda source, f: model_id if Path(f) == folder else None)

    def lib(model_id, problems=(), source=folder):
        return SimpleNamespace(meta=SimpleNamespace(model_source=str(source), model_id=model_id), root=tmp_path / "lib",
                               meta_problems=list(problems))

    args = SimpleNamespace(model=None)
    assert model_id and library_card(args, lib(model_id)) == read_card(folder)
    assert library_card(args, lib(model_id)).similar_calibration is not None
    assert library_card(args, lib("other-0123456789ab")) is None
    assert library_card(args, lib(model_id, ["library.json names another model"])) is None
    assert library_card(args, lib(model_id, source=tmp_path / "gone")) is None


def _hub_that_downloads(monkeypatch, tmp_path, cached: bool, weights: bool = True):
    """``huggingface_hub.snapshot_download`` standing in for the hub: each call's ``local_files_only``
    recorded; a snapshot with a measured card (and its weights where ``weights``: else one half
    downloaded, configs and card first) from the cache only when ``cached``, and always over the
    network (what a download would bring)."""
    import huggingface_hub
    from huggingface_hub.errors import LocalEntryNotFoundError

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # (the suite's: a user's machine online)
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir(exist_ok=True)
    (snapshot / "config.json").write_text("{}")
    write_card(snapshot, Measured.card)
    if weights:
        (snapshot / "model.safetensors").write_bytes(b"")
    calls = []

    def snapshot_download(repo_id, local_files_only=False, **kw):
        calls.append(local_files_only)
        if local_files_only and not cached:
            raise LocalEntryNotFoundError("not in the cache")
        return str(snapshot)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)
    return snapshot, calls


@pytest.mark.parametrize("cached", [False, True])
def test_the_card_of_a_hub_model_is_read_from_the_cache_alone_never_downloaded(tmp_path, monkeypatch, cached):
    """A library indexed with a hub model (CLIP, TinyCLIP) whose snapshot is not in the local cache
    (the cache cleared, the library made on another machine): ``seekframe similar``, which loads no
    model, tried a download of it (hundreds of MB, or network timeouts offline) to read its card. Its
    card is read off the cache alone now; none there, no card, the clips unlabelled."""
    from core.cli_models import library_card
    from core.encoders import model_ids

    snapshot, calls = _hub_that_downloads(monkeypatch, tmp_path, cached)
    monkeypatch.setattr(model_ids, "known", lambda source, f: "hub-0123456789ab" if Path(f) == snapshot else None)
    lib = SimpleNamespace(meta=SimpleNamespace(model_source="someone/tiny-clip", model_id="hub-0123456789ab"),
                          root=tmp_path / "lib", meta_problems=[])
    card = library_card(SimpleNamespace(model=None), lib)
    assert calls == [True], calls  # (the cache asked, never the network)
    assert card == (Measured.card if cached else None)


def test_the_card_of_a_hub_model_half_downloaded_is_none(tmp_path, monkeypatch):
    """A hub model's snapshot in the cache while it downloads (its configs and card there, its weights
    not yet: a first fetch, or a new revision replacing the one the library was made with) was read as
    the library's model's card by ``seekframe similar``, though ``seekframe status`` and the window
    (``card_of_source``: complete snapshots only) take no card from it. Both look it up one way now."""
    from core.cli_models import library_card
    from core.encoders import model_ids
    from core.encoders.card import card_of_source

    snapshot, calls = _hub_that_downloads(monkeypatch, tmp_path, cached=True, weights=False)
    monkeypatch.setattr(model_ids, "known", lambda source, f: "hub-0123456789ab" if Path(f) == snapshot else None)
    lib = SimpleNamespace(meta=SimpleNamespace(model_source="someone/tiny-clip", model_id="hub-0123456789ab"),
                          root=tmp_path / "lib", meta_problems=[])
    assert library_card(SimpleNamespace(model=None), lib) is None
    assert card_of_source("someone/tiny-clip").similar_calibration is None  # (not fetched yet, said so)
    assert False not in calls, calls  # (the cache asked, never the network)
    (snapshot / "model.safetensors").write_bytes(b"")  # (its download done)
    assert library_card(SimpleNamespace(model=None), lib) == Measured.card == card_of_source("someone/tiny-clip")


def test_seekframe_similar_on_a_hub_model_library_not_cached_lists_its_clips_unlabelled(colours, capsys, monkeypatch,
                                                                                          tmp_path):
    videos, lib = colours
    lib = Path(shutil.copytree(lib, tmp_path / "lib"))
    meta = json.loads((lib / "library.json").read_text())
    (lib / "library.json").write_text(json.dumps({**meta, "model_source": "someone/tiny-clip"}))
    use_encoder(monkeypatch, lambda: pytest.fail("similar clips load no model"))
    from core.encoders import model_ids

    snapshot, calls = _hub_that_downloads(monkeypatch, tmp_path, cached=False)
    monkeypatch.setattr(model_ids, "known", lambda source, f: meta["model_id"])
    code, out, err = run_cli(capsys, "similar", f"{videos / 'green.mp4'}@1", "--library", lib)
    assert code == 0 and False not in calls, (calls, out, err)
    assert len(out.splitlines()) == 2 and "match)" not in out and "No strong match" not in out, out


@pytest.mark.parametrize("world", [None, "mars"])
def test_thresholds_whose_world_is_not_said_label_no_library(colours, world):
    """A card whose similar-clips thresholds name no world they were measured on, or one not known (a
    card edited by hand, or written by an older calibrate_similar.py), was read as measured on any
    footage: demo-world numbers on it called every clip of a real library alike. Such thresholds label
    nothing now, as a model never measured."""
    data = {"moment": {"weak": MOMENT.weak, "strong": MOMENT.strong}, "video": {"weak": VIDEO.weak, "strong": VIDEO.strong}}
    sc = card_from_json({"title": "t", "similar_calibration": {**data, **({"world": world} if world else {})}}) \
        .similar_calibration
    assert sc.moment == MOMENT and sc.world == ""

    class Unsaid(Measured):
        card = ModelCard(title="Colours measured somewhere", summary="", domain="real", similar_calibration=sc)

    with VideoLibrary(colours[1], read_only=True) as library:
        red = _red(library)
        moment = library.moment_table.of(red.video_id)[0]
        assert {r.strength for r in Searcher(library, Unsaid()).similar_clips(moment.moment_id, k=10)} == {""}
        assert {r.strength for r in Searcher(library, Unsaid()).similar_clips(ClipRef(red.video_id), k=10)} == {""}
        assert "" not in {r.strength for r in Searcher(library, Measured()).similar_clips(moment.moment_id, k=10)}
