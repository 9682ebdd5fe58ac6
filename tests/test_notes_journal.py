"""What a user writes by hand outlives what a library can lose: a note is kept in ``notes.jsonl``
beside the captions table, so a captions table set aside by repair gets its notes back (vectors
included), and a video whose row went (forgotten, a videos table set aside) has its notes tied to
it again when the next index finds the same file."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from core.library import notes_journal
from core.library.records import CaptionRecord, VideoRecord
from tests.cli_run import run_cli

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


def test_lines_that_are_no_notes_are_skipped_and_the_others_put_back(noted_library, capsys):
    videos, lib = noted_library
    journal = lib / notes_journal.JOURNAL
    good = journal.read_text()
    entry = json.loads(good)
    bad = [{"caption_id": 5}, {**entry, "caption_id": "b" * 24, "vector": "!!!"},
           {**entry, "caption_id": "c" * 24, "start": "soon"}, {**entry, "caption_id": "d" * 24, "vector": "AAA="},
           {**entry, "caption_id": "e" * 24, "video_id": "../../etc"}]
    journal.write_text(good + "".join(json.dumps(b) + "\n" for b in bad) + "\x00\x01binary\n")
    cut_short(lib / "db" / "captions.lance")
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "1 note you wrote was put back" in out and "Traceback" not in err, (out, err)
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]


def test_a_note_after_a_line_a_crash_cut_short_is_kept_whole(noted_library, capsys):
    videos, lib = noted_library
    journal = lib / notes_journal.JOURNAL
    journal.write_bytes(journal.read_bytes()[:-100])  # the last line cut short by a crash
    assert run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "the blue door", "--library", lib)[0] == 0
    assert [e["text"] for e in notes_journal.latest(lib).values()] == ["the blue door"]
    cut_short(lib / "db" / "captions.lance")
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert "1 note you wrote was put back" in out, out  # (the first's line was cut: the table had it)


def test_a_note_that_cannot_be_kept_twice_is_refused_and_nothing_is_added(noted_library, capsys):
    videos, lib = noted_library
    journal = lib / notes_journal.JOURNAL
    journal.unlink()
    journal.mkdir()  # (something in its place)
    code, _, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "the blue door", "--library", lib)
    assert code == 2 and "notes.jsonl" in err and "nothing was added" in err and "Traceback" not in err, err
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'blue.mp4'}@1", "--library", lib, "--json")
    assert "the blue door" not in out
    cut_short(lib / "db" / "captions.lance")
    code, _, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "Traceback" not in err


@pytest.mark.parametrize("gone", ["captions.lance", "."], ids=["captions table", "every table"])
def test_tables_deleted_whole_get_their_notes_back_with_the_next_writer(noted_library, capsys, colour_model, gone):
    videos, lib = noted_library
    shutil.rmtree(lib / "db" / gone)
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]


def test_a_note_follows_its_own_file_not_a_copy_of_it(noted_library, capsys, colour_model, tmp_path):
    videos, lib = noted_library
    copies = tmp_path / "copies"
    copies.mkdir()
    for name in ("aa-copy.mp4", "zz-copy.mp4"):
        shutil.copy(videos / "red.mp4", copies / name)
    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0
    assert run_cli(capsys, "index", videos, copies, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]


def test_a_note_of_a_video_gone_keeps_naming_its_file_in_a_new_line(tmp_path):
    video = VideoRecord("0123456789abcdef", "/v/a.mp4", "/v", 10, 1.0, "h")
    note = CaptionRecord("one", "note", np.ones(4, np.float32), video.video_id, 1.0, 2.0, caption_id="a" * 24)
    notes_journal.append(tmp_path, [(note, video, "m1")])
    notes_journal.append(tmp_path, [(note, None, "m2")])  # (a model switch while its video is forgotten)
    entry = notes_journal.latest(tmp_path)["a" * 24]
    assert (entry["path"], entry["size"], entry["content_hash"], entry["model_id"]) == ("/v/a.mp4", 10, "h", "m2")


def _drop_notes_from_table(lib) -> None:
    """The captions table as a writer cut short between the journal and the table leaves it: no note."""
    from core.library import VideoLibrary

    with VideoLibrary(lib, read_only=True) as library:
        ids = [c.caption_id for c in library.caption_table.read(with_vectors=False) if c.source == "note"]
    from core.library.lancedb_import import lancedb

    lancedb.connect(str(lib / "db")).open_table("captions").delete("source = 'note'")
    assert ids


def test_notes_the_journal_holds_and_the_table_lacks_come_back_with_the_next_writer(noted_library, capsys):
    """A repair that ran out of disk while putting notes back, a writer killed after it made the
    captions table again, a note killed between the journal and the table: the notes stayed in
    notes.jsonl and no command put them back (repair: 'nothing to repair')."""
    videos, lib = noted_library
    _drop_notes_from_table(lib)
    assert note_on_clip(capsys, videos, lib) == []
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "1 note you wrote was put back from notes.jsonl" in out, out
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]
    code, out, _ = run_cli(capsys, "repair", "--library", lib)  # (once)
    assert "nothing to repair" in out and note_on_clip(capsys, videos, lib) == [(NOTE, True)]


def test_notes_put_back_with_another_models_vectors_are_embedded_again_by_the_next_index(
        noted_library, capsys, tmp_path, colour_model):
    """A model switch killed before the notes' new vectors reached notes.jsonl: a repair later put
    them back with the old model's vectors, unsearchable, until a full re-index."""
    from core.library import VideoLibrary
    from tests.models import save_tiny_model

    videos, lib = noted_library
    lines = (lib / notes_journal.JOURNAL).read_text()
    other = save_tiny_model(tmp_path / "other", seed=3)
    assert run_cli(capsys, "index", "--library", lib, "--model", other, "--reindex", "-q")[0] == 0
    (lib / notes_journal.JOURNAL).write_text(lines)  # (the switch's journal lines never written)
    cut_short(lib / "db" / "captions.lance")
    assert run_cli(capsys, "repair", "--library", lib)[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        (note,) = [c for c in library.caption_table.read() if c.source == "note"]
        assert note.vector.size == 0  # (the old model's: not searchable with this one)
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        (note,) = [c for c in library.caption_table.read() if c.source == "note"]
        assert note.vector.shape == (library.meta.dim,)
    entries = notes_journal.latest(lib)
    assert [e["model_id"] for e in entries.values()] == [library.meta.model_id]  # (and journaled anew)


def test_a_table_that_is_a_link_to_nowhere_is_found_and_set_aside(noted_library, capsys):
    """A table folder moved to a drive that is not plugged in, leaving a link: status said all was
    fine (0 videos), index said 'damaged, run repair', and repair 'nothing to repair'."""
    videos, lib = noted_library
    table = lib / "db" / "videos.lance"
    shutil.move(str(table), str(lib.parent / "elsewhere.lance"))
    table.symlink_to(lib.parent / "gone.lance")
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and "Damaged: the videos table cannot be read" in out, out
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "The videos table could not be read: set aside" in out, out
    assert table.parent.joinpath(next(p.name for p in table.parent.iterdir() if p.name.startswith("videos.lance.damaged"))).is_symlink()


def test_a_library_json_of_another_model_than_the_vectors_refuses_a_text_search(noted_library, capsys, tmp_path):
    """A backup or a sync tool brought back library.json from before a model switch: search died
    with a traceback (exit 1) where status said what is wrong (exit 2); with the same width it
    would have embedded the query with the wrong model."""
    from tests.models import save_tiny_model

    videos, lib = noted_library
    before = (lib / "library.json").read_text()
    other = save_tiny_model(tmp_path / "other", seed=3)
    assert run_cli(capsys, "index", "--library", lib, "--model", other, "--reindex", "-q")[0] == 0
    (lib / "library.json").write_text(before)
    code, _, err = run_cli(capsys, "search", "red", "--library", lib)
    assert code == 2 and "is inconsistent" in err and "seekframe index --reindex" in err, err
    assert "Traceback" not in err


def test_a_long_note_is_kept_whole_and_one_too_long_refused(noted_library, capsys):
    """A 3,108-character note was stored and journaled as its first 1,000, with 'Note added.'."""
    from core.captions import MAX_NOTE_CHARS

    videos, lib = noted_library
    text = " ".join(f"word{i}" for i in range(400)) + " THE END OF MY NOTE"
    assert run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", text, "--library", lib)[0] == 0
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'blue.mp4'}@1", "--library", lib, "--json")
    assert [r["text"] for r in json.loads(out) if r["source"] == "note" and r["on_this_clip"]] == [text]
    assert text in [e["text"] for e in notes_journal.latest(lib).values()]
    code, _, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@2", "x" * (MAX_NOTE_CHARS + 1), "--library", lib)
    assert code == 2 and "at most" in err and len(notes_journal.latest(lib)) == 2


def test_the_next_index_puts_them_back_and_says_so(noted_library, capsys, colour_model):
    videos, lib = noted_library
    _drop_notes_from_table(lib)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "1 note you wrote was put back from notes.jsonl." in err, err
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]


def test_imported_captions_come_back_too_and_the_next_index_embeds_them(noted_library, capsys, colour_model, tmp_path):
    """A captions table set aside by repair lost every imported caption: 'import their files again'."""
    videos, lib = noted_library
    file = tmp_path / "caps.csv"
    file.write_text("video,caption\nblue.mp4,a calm blue sea\nblue.mp4,the deep blue\n")
    assert run_cli(capsys, "captions-import", file, "--library", lib)[0] == 0
    lines = (lib / notes_journal.JOURNAL).read_text().splitlines()
    imported = [json.loads(line) for line in lines if json.loads(line)["source"] == "imported"]
    assert len(imported) == 2 and all(e["vector"] == "" for e in imported)  # (no vector: a small journal)
    cut_short(lib / "db" / "captions.lance")
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "1 note you wrote was put back" in out and "2 imported captions were put back" in out, out
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'blue.mp4'}@1", "--library", lib, "--json")
    mine = {r["text"]: r["score"] for r in json.loads(out) if r["source"] == "imported"}
    assert set(mine) == {"a calm blue sea", "the deep blue"} and all(s != 0 for s in mine.values())  # (embedded again)
    assert run_cli(capsys, "captions-import", file, "--library", lib)[0] == 0  # (nothing twice)
    from core.library import VideoLibrary

    with VideoLibrary(lib, read_only=True) as library:
        assert sorted(c.text for c in library.caption_table.read() if c.source == "imported") == ["a calm blue sea", "the deep blue"]


def test_the_quick_read_of_the_journal_finds_what_the_whole_read_finds(tmp_path):
    """A writer's open checks the journal's ids without parsing each line (a library of 200,000
    imported captions opened in 3.3 s, 0.2 s now); a line in another form sends it to the whole read."""
    recs = [CaptionRecord(f"note {i}", "note", np.ones(4, np.float32), f"{i:016x}", 0.0, 1.0, caption_id=f"{i:024x}")
            for i in range(3)]
    notes_journal.append(tmp_path, [(r, None, "m") for r in recs])
    path = tmp_path / notes_journal.JOURNAL
    assert notes_journal.journal_ids(tmp_path) == set(notes_journal.latest(tmp_path)) == {r.caption_id for r in recs}
    with open(path, "ab") as f:
        f.write(path.read_bytes().splitlines(keepends=True)[0][:50])  # a line a crash cut short
    assert notes_journal.journal_ids(tmp_path) == set(notes_journal.latest(tmp_path))
    entry = json.loads(path.read_text().splitlines()[1])
    with open(path, "a") as f:  # the same note, written by hand in another key order
        f.write("\n" + json.dumps(dict(reversed(list(entry.items())))) + "\n")
    assert notes_journal.journal_ids(tmp_path) is None
    assert notes_journal.journal_ids(tmp_path / "none") == set()


def test_a_note_whose_journal_line_was_rewritten_by_hand_still_comes_back(noted_library, capsys):
    videos, lib = noted_library
    path = lib / notes_journal.JOURNAL
    path.write_text("".join(json.dumps(dict(sorted(json.loads(line).items(), reverse=True)), indent=None,
                                       separators=(",", ":")) + "\n"
                            for line in path.read_text().splitlines()))  # (keys in another order, compact)
    _drop_notes_from_table(lib)
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "1 note you wrote was put back from notes.jsonl" in out, out
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]


def test_a_note_no_search_could_find_is_refused_or_said_so(noted_library, capsys):
    """fr_2 #1: `note FILE@1 '???'` was added ("Note added to …") while `search '???'` answered "Nothing to
    search for": a note of no word at all is refused, nothing stored; one of words this model does not know
    (another model may) is kept, said to be found by no search."""
    videos, lib = noted_library
    before = notes_journal.latest(lib)
    assert "Nothing to search for" in "".join(run_cli(capsys, "search", "???", "--library", lib)[1:])
    code, out, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "???", "--library", lib)
    assert code == 2 and "Nothing was added: that note holds no word" in err and "Note added" not in out, (out, err)
    assert notes_journal.latest(lib) == before and note_on_clip(capsys, videos, lib) == [(NOTE, True)]

    assert "Nothing to search for" in "".join(run_cli(capsys, "search", "zebra xylophone", "--library", lib)[1:])
    code, out, err = run_cli(capsys, "note", f"{videos / 'red.mp4'}@1", "zebra xylophone", "--library", lib)
    assert code == 0 and out.startswith("Note added to ") and "knows no word in it, so searching does not find" in err
    code, out, err = run_cli(capsys, "note", f"{videos / 'red.mp4'}@1", "blue!", "--library", lib)
    assert code == 0 and "Note added to" in out and not err  # (a word it reads, with its punctuation: as before)
