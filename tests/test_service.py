"""``core.service``: the one orchestration of the library's operations. The CLI and the app's
engine get the same answers from the same library (status, captions import, re-index), and an
index run is cancellable before it starts, says when there is nothing to index, and finishes an
interrupted model switch with the switch's model."""

from __future__ import annotations

import json
import shutil
import zlib

import numpy as np
import pytest

import core.cli
import core.cli_models
from app import engine
from core import service
from core.cli import main
from core.errors import SeekframeError
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_broken_video, write_video


class TextColourEncoder(ColourMeanEncoder):
    """The colour fake with texts too: a deterministic vector per text."""

    def encode_text(self, texts, batch_size=64):
        out = [np.random.default_rng(zlib.crc32(t.encode())).normal(size=self.embed_dim) for t in texts]
        return np.asarray([v / np.linalg.norm(v) for v in out], np.float32)


class OtherEncoder(TextColourEncoder):
    """Another model: another id, moments embedded the other way round."""

    model_id, source, name = "fake-fedcba987654", "other", "other"

    def encode_moments(self, frames, batch_size=16):
        return super().encode_moments(frames, batch_size)[:, ::-1].copy()

    def encode_text(self, texts, batch_size=64):
        return super().encode_text(texts, batch_size)[:, ::-1].copy()


@pytest.fixture
def encoders(monkeypatch):
    enc, other = TextColourEncoder(), OtherEncoder()
    monkeypatch.setattr(core.cli, "_load_encoder",
                        lambda args, *a, **k: other if getattr(args, "model", None) == "other" else enc)
    monkeypatch.setattr(core.cli_models, "text_encoder",
                        lambda args, lib: other if lib.meta.model_id == other.model_id else enc)
    return enc, other


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def indexed(tmp_path, capsys, encoders):
    """A library of two folders (one file in it fails), indexed by the CLI, with captions."""
    home, trip = tmp_path / "home", tmp_path / "trip"
    for i, colour in enumerate(["red", "green", "blue"]):
        write_video((home if i < 2 else trip) / f"clip{i}.mp4", [Segment(2, colour), Segment(2, "yellow")], seed=i)
    write_broken_video(home / "broken.mp4")
    lib = tmp_path / "lib"
    assert run(capsys, "index", home, trip, "--library", lib, "-q")[0] == 1  # broken.mp4 failed
    caps = tmp_path / "captions.txt"
    caps.write_text("a red scene\na blue sky\n")
    assert run(capsys, "captions-import", caps, "--library", lib)[0] == 0
    return lib, home, trip


def test_the_cli_and_the_app_read_the_same_status(indexed, capsys):
    lib, home, trip = indexed
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert code == 0
    cli = json.loads(out)
    with VideoLibrary(lib, read_only=True) as library:
        app = engine.session_status(library, read_only=True)
        st = service.library_status(library)
    assert app.videos == cli["by_status"]["done"] == st.videos == 3
    assert app.moments == cli["moments"] == st.moments > 0
    assert app.captions == cli["captions"] == st.captions == 2
    assert app.failed == tuple((f["path"], f["reason"]) for f in cli["failed"]) == st.failed
    assert len(app.failed) == 1 and app.failed[0][0].endswith("broken.mp4")
    assert app.folders == tuple(cli["folders"]) == (str(home), str(trip))
    assert app.folder_videos == tuple((f["path"], f["videos"]["done"]) for f in cli["folder_status"]) \
        == ((str(home), 2), (str(trip), 1))
    assert app.offline_folders == () and app.library_model_id == cli["model_id"]

    shutil.rmtree(trip)  # a folder gone: offline for both, its video kept
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    cli = {f["path"]: f for f in json.loads(out)["folder_status"]}
    with VideoLibrary(lib, read_only=True) as library:
        app = engine.session_status(library, read_only=True)
    assert not cli[str(trip)]["online"] and app.offline_folders == (str(trip),)


def test_captions_import_is_one_operation_for_both(indexed, tmp_path, capsys, encoders):
    lib, _, _ = indexed
    enc, _ = encoders
    twin = tmp_path / "twin"
    shutil.copytree(lib, twin)
    more = tmp_path / "more.txt"
    more.write_text("a red scene\na green field\n")  # one already there
    code, out, _ = run(capsys, "captions-import", more, "--library", lib)
    assert code == 0
    with VideoLibrary(twin) as library:  # what the app's worker calls
        counts = service.import_captions(library, enc, str(more))
    assert counts == {"imported": 1, "already_present": 1, "linked_to_videos": 0, "unknown_videos": 0}
    assert out == service.import_summary(counts) + "\n"  # the app says the same sentence
    texts = []
    for root in (lib, twin):
        with VideoLibrary(root, read_only=True) as library:
            texts.append(sorted((c.text, c.source) for c in library.caption_table.read(with_vectors=False)))
    assert texts[0] == texts[1] and ("a green field", "imported") in texts[0]


def test_reindex_with_another_model_is_one_operation_for_both(indexed, tmp_path, capsys, encoders):
    lib, _, _ = indexed
    _, other = encoders
    twin = tmp_path / "twin"
    shutil.copytree(lib, twin)
    assert run(capsys, "index", "--library", lib, "--model", "other", "--reindex", "-q")[0] == 0  # (broken.mp4:
    # failed in the first run, not tried again: listed, no failure of this one)
    with VideoLibrary(twin) as library:  # the app: its switch job, then an index run
        events = list(service.IndexRun(library, other, None, reindex=True).events())
    assert events[-1].kind == "finished" and len(events[-1].failed) == 1
    seen = []
    for root in (lib, twin):
        with VideoLibrary(root, read_only=True) as library:
            assert library.meta.model_id == other.model_id and library.model_switch is None
            caps = sorted(library.caption_table.read(), key=lambda c: c.text)
            seen.append((service.library_status(library).moments,
                         [(c.text, c.vector.round(5).tolist()) for c in caps]))
    assert seen[0] == seen[1]
    assert seen[0][1][0][1] == other.encode_text([seen[0][1][0][0]])[0].round(5).tolist()


def test_an_index_run_cancelled_before_it_starts_does_nothing(tmp_path, encoders):
    enc, _ = encoders
    folder = tmp_path / "videos"
    write_video(folder / "a.mp4", [Segment(2, "red")], seed=1)
    with VideoLibrary(tmp_path / "lib") as library:
        run_ = service.IndexRun(library, enc, [str(folder)])
        run_.cancel()
        assert [e.kind for e in run_.events()] == ["cancelled"]
        assert library.video_table.all() == [] and enc.embedded == 0


def test_no_folders_is_said_before_anything_is_done(tmp_path, encoders, monkeypatch):
    enc, _ = encoders
    with VideoLibrary(tmp_path / "lib") as library:
        monkeypatch.setattr(service, "finish_switch", lambda *a: pytest.fail("prepared a run with nothing to index"))
        with pytest.raises(SeekframeError, match="add one"):
            next(service.IndexRun(library, enc, None, no_folders="No folders yet: add one.").events())


def test_a_writer_takes_the_model_of_an_interrupted_switch(indexed, encoders):
    lib, _, _ = indexed
    enc, other = encoders
    with VideoLibrary(lib) as library:
        assert service.writer_model(library) == (enc.source, enc.model_id)
        library.reset_for_model(other.model_id, other.source, other.embed_dim)  # a switch killed here
        assert library.model_switch is not None
        assert service.writer_model(library) == (other.source, other.model_id)
        with pytest.raises(SeekframeError, match="being switched"):
            next(service.IndexRun(library, enc).events())  # the old model may not index it
        list(service.IndexRun(library, other).events())
        assert library.model_switch is None
        assert all(c.vector.shape == (other.embed_dim,) for c in library.caption_table.read())


def test_index_settings_are_the_given_ones_else_the_saved_ones(tmp_path):
    with VideoLibrary(tmp_path / "lib") as library:
        assert service.index_options(library).window_s == 4.0
        library.update_settings(window_s=2.5, shot_cuts=True)
        opts = service.index_options(library, prune=True)
        assert (opts.window_s, opts.shot_cuts, opts.prune) == (2.5, True, True)
        assert service.index_options(library, window_s=6, shot_cuts=False).window_s == 6.0


def test_a_note_on_a_video_gone_since_says_so(indexed, encoders):
    lib, home, _ = indexed
    enc, _ = encoders
    with VideoLibrary(lib) as library:
        video = next(v for v in library.video_table.all() if v.path.endswith("clip0.mp4"))
        service.add_note(library, enc, video.video_id, "the red one", 0.0, 2.0)
        assert service.forget_folder(library, str(home)) == 2  # (its failed file is no video: not counted)
        with pytest.raises(SeekframeError, match="clip0.mp4 is no longer in the library"):
            service.add_note(library, enc, video.video_id, "again", name=video.path)


def test_the_same_note_again_is_not_stored_twice(indexed, encoders):
    lib, _, _ = indexed
    enc, _ = encoders
    with VideoLibrary(lib) as library:
        video = next(v for v in library.video_table.all() if v.path.endswith("clip0.mp4"))
        first = service.add_note(library, enc, video.video_id, "the red one", 0.0, 2.0)
        assert first.added  # (written: "Note added")
        again = service.add_note(library, enc, video.video_id, "  the red one ", 0.0, 2.0)  # a re-run
        assert again == (first.caption_id, False, True)  # (the note the clip has: nothing written, said so; its
        # words read by the model: searchable)
        other = service.add_note(library, enc, video.video_id, "the red one", 2.0, 4.0)  # another moment
        assert other.added and other.caption_id != first.caption_id
        notes = [c for c in library.caption_table.read(video.video_id) if c.source == "note"]
        assert sorted(c.caption_id for c in notes) == sorted([first.caption_id, other.caption_id])
