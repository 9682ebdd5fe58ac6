"""What a user writes by hand outlives what a library can lose: a note is kept in ``notes.jsonl``
beside the captions table, so a captions table set aside by repair gets its notes back (vectors
included), and a video whose row went (forgotten, a videos table set aside) has its notes tied to
it again when the next index finds the same file."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.library import notes_journal
from core.library.records import CaptionRecord, VideoRecord
from tests.test_end_to_end import run_cli

NOTE = "our red wall"


def note_on_clip(capsys, videos, lib) -> list[tuple[str, bool]]:
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib, "--json")
    assert code == 0, err
    return [(r["text"], r["on_this_clip"]) for r in json.loads(out) if r["source"] == "note"]


def cut_short(table_dir) -> None:
    for data in (table_dir / "data").glob("*.lance"):
        data.write_bytes(data.read_bytes()[:300])


def test_a_captions_table_set_aside_by_repair_gets_every_note_back(noted_library, capsys):
    videos, lib = noted_library
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]
    cut_short(lib / "db" / "captions.lance")
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "1 note you wrote was put back from notes.jsonl" in out, out
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]
    code, out, _ = run_cli(capsys, "search", NOTE, "--library", lib, "--json", "-k", "1")
    assert json.loads(out)[0]["path"].endswith("red.mp4")  # (searchable: its vector came back too)


def test_a_forgotten_folder_indexed_again_has_its_notes_on_its_clips(noted_library, capsys, colour_model):
    videos, lib = noted_library
    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]  # once


def test_a_videos_table_set_aside_by_repair_then_indexed_has_its_notes_on_its_clips(noted_library, capsys,
                                                                                      colour_model):
    videos, lib = noted_library
    cut_short(lib / "db" / "videos.lance")
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "ties your notes to them" in out, out
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]


def test_the_journal_keeps_the_last_line_of_each_note_and_skips_a_line_cut_short(tmp_path):
    video = VideoRecord("0123456789abcdef", "/v/a.mp4", "/v", 10, 1.0, "h")
    first = CaptionRecord("one", "note", np.ones(4, np.float32), video.video_id, 1.0, 2.0, caption_id="a" * 24)
    notes_journal.append(tmp_path, [(first, video, "m1")])
    moved = CaptionRecord("one", "note", np.full(4, 2.0, np.float32), "fedcba9876543210", 1.0, 2.0,
                          caption_id="a" * 24)
    notes_journal.append(tmp_path, [(moved, None, "m2")])
    with open(tmp_path / notes_journal.JOURNAL, "a") as f:
        f.write('{"caption_id": "bbbb", "text": "cut sh')  # a crash mid-line
    entries = notes_journal.latest(tmp_path)
    assert list(entries) == ["a" * 24]
    rec = notes_journal.record(entries["a" * 24])
    assert rec.video_id == "fedcba9876543210" and entries["a" * 24]["model_id"] == "m2"
    assert rec.vector == pytest.approx(np.full(4, 2.0)) and rec.vector.dtype == np.float32


def test_after_a_model_switch_the_notes_put_back_are_the_new_models(noted_library, capsys, tmp_path):
    from tests.models import save_tiny_model

    videos, lib = noted_library
    other = save_tiny_model(tmp_path / "other", seed=3)  # another model, another width
    assert run_cli(capsys, "index", "--library", lib, "--model", other, "--reindex", "-q")[0] == 0
    cut_short(lib / "db" / "captions.lance")
    assert run_cli(capsys, "repair", "--library", lib)[0] == 0
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]
    from core.library import VideoLibrary

    with VideoLibrary(lib, read_only=True) as library_:
        (note,) = [c for c in library_.caption_table.read() if c.source == "note"]
        assert note.vector.shape == (library_.meta.dim,)  # the new model's: searchable with it
