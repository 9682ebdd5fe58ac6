"""``seekframe repair`` setting the videos table aside says what the next index does to imported
captions as it happens: they are tied to their clips again, as the notes are (notes.jsonl keeps
them both). It said they stay "no longer tied to their clips", and the next index tied them all."""

from __future__ import annotations

import json

from tests.cli_run import run_cli
from tests.test_notes_journal import cut_short


def imported_on_red(capsys, videos, lib) -> list[tuple[str, bool]]:
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib, "--json")
    assert code == 0, err
    return [(r["text"], r["on_this_clip"]) for r in json.loads(out) if r["source"] != "note"]


def test_repair_of_the_videos_table_says_imported_captions_are_tied_again_and_they_are(
        noted_library, capsys, colour_model, tmp_path):
    videos, lib = noted_library
    caps = tmp_path / "caps.csv"
    caps.write_text("video,start,end,text\nred.mp4,0,4,a brick wall painted red\n")
    assert run_cli(capsys, "captions-import", caps, "--library", lib)[0] == 0
    assert imported_on_red(capsys, videos, lib) == [("a brick wall painted red", True)]
    cut_short(lib / "db" / "videos.lance")
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "The videos table could not be read" in out, out
    assert "no longer tied" not in out and "ties your notes to them, and your imported captions too" in out, out
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert imported_on_red(capsys, videos, lib) == [("a brick wall painted red", True)]
