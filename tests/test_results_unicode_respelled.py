"""Files renamed to the other Unicode spelling of their names since they were indexed (``Café.mp4``
indexed composed, NFC, then a Mac's copy, decomposed, NFD, put in its place, or the other way round):
before the next re-scan, ``seekframe search`` printed each '(file gone since it was indexed)' (its
``--json`` 'missing': true) beside a name that looks the same as the one on disk, and ``seekframe
similar`` of the path on disk said it 'is not in the library'. Now a result whose file is gone but
is there in the other spelling with the size it was indexed at is printed at the disk's spelling,
not gone, and that path names the video; a distinct file of another size is never taken for it. The
re-scan takes the files as moved (their vectors and notes kept, nothing embedded again)."""

from __future__ import annotations

import json
import os
import unicodedata

import pytest

from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

NAMES = ("Café.mp4", "Ålesund.mov")
SPELLINGS = [("NFC", "NFD"), ("NFD", "NFC")]
GONE = "(file moved, renamed or deleted since it was indexed)"


def _indexed(tmp_path, capsys, monkeypatch, indexed):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    for i, name in enumerate(NAMES):
        write_video(videos / unicodedata.normalize(indexed, name), [Segment(2, ["red", "blue"][i])], seed=i)
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    return videos, lib


def _renamed(videos, indexed, now) -> list[str]:
    paths = []
    for name in NAMES:
        old, new = (str(videos / unicodedata.normalize(form, name)) for form in (indexed, now))
        os.rename(old, new)
        paths.append(new)
    return paths


@pytest.mark.parametrize("indexed,now", SPELLINGS, ids=["NFC-then-NFD", "NFD-then-NFC"])
def test_results_name_the_file_as_the_disk_spells_it(tmp_path, capsys, monkeypatch, indexed, now):
    videos, lib = _indexed(tmp_path, capsys, monkeypatch, indexed)
    cafe = str(videos / unicodedata.normalize(indexed, "Café.mp4"))
    assert run_cli(capsys, "note", cafe, "the terrace at noon", "--library", lib)[0] == 0
    on_disk = _renamed(videos, indexed, now)
    code, out, err = run_cli(capsys, "search", "x", "--library", lib, "--json")
    assert code == 0, err
    assert sorted((r["path"], r["missing"]) for r in json.loads(out)) == sorted((p, False) for p in on_disk)
    code, out, err = run_cli(capsys, "search", "x", "--library", lib)
    assert code == 0 and GONE not in out and all(p in out for p in on_disk), out + err
    code, out, err = run_cli(capsys, "similar", on_disk[0], "--library", lib, "--json")
    assert code == 0, err
    code, out, err = run_cli(capsys, "index", videos, "--library", lib)  # (the re-scan: moved, kept)
    assert code == 0 and "2 moved" in err and "Nothing new to index" in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert sorted(v.path for v in library.video_table.all()) == sorted(on_disk)
    code, out, err = run_cli(capsys, "captions", on_disk[0], "--library", lib)
    assert code == 0 and "the terrace at noon" in out, out + err


def test_a_distinct_file_in_the_other_spelling_is_not_taken_for_it(tmp_path, capsys, monkeypatch):
    videos, lib = _indexed(tmp_path, capsys, monkeypatch, "NFC")
    for name in NAMES:
        os.remove(videos / unicodedata.normalize("NFC", name))
    other = videos / unicodedata.normalize("NFD", "Café.mp4")
    write_video(other, [Segment(4, "green")], seed=7)  # (another video: another size)
    code, out, err = run_cli(capsys, "search", "x", "--library", lib, "--json")
    assert code == 0 and all(r["missing"] for r in json.loads(out)), out
    assert str(other) not in out
    code, out, err = run_cli(capsys, "similar", other, "--library", lib)
    assert code == 2 and "is not in the library" in err, err
