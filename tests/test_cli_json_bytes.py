"""``--json`` output of a path whose bytes are not valid UTF-8 (Linux allows any bytes in a name:
``clip-\\xff.mp4``) came out as a lone surrogate's escape, ``"clip-\\udcff.mp4"``, which Python's
json reads back but strict readers (Rust's serde, Go, some jq builds) refuse or mangle. Now such a
name is written as ripgrep's ``--json`` writes one: readable (each undecodable byte U+FFFD) and its
exact bytes base64 in a ``<field>_bytes`` beside it (a list of paths gets a list, null for each
valid one); a valid path is written as before, with no ``_bytes`` field."""

from __future__ import annotations

import base64
import json
import os
import re

import pytest

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _strict(out: str):
    """``out`` read as a strict JSON reader reads it: valid UTF-8, no lone surrogate."""
    out.encode("utf-8", errors="strict")
    assert not LONE_SURROGATE_ESCAPE.search(out), out
    value = json.loads(out)
    for text in _strings(value):
        text.encode("utf-8", errors="strict")
    return value


@pytest.fixture
def library(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    bad = os.path.join(os.fsencode(videos), b"clip-\xff.mp4")
    try:
        with open(bad, "wb"):
            pass
        os.remove(bad)
    except (OSError, UnicodeError):
        pytest.skip("this file system keeps no name that is not valid UTF-8")
    os.rename(write_video(videos / "red.tmp.mp4", [Segment(2, "red")], seed=1), bad)
    write_video(videos / "ok.mp4", [Segment(2, "blue")], seed=2)
    odd_folder = os.path.join(os.fsencode(tmp_path), b"f\xe9tes")
    os.mkdir(odd_folder)
    os.rename(write_video(tmp_path / "green.tmp.mp4", [Segment(2, "green")], seed=3),
              os.path.join(odd_folder, b"green.mp4"))  # (PyAV writes no path that is no text)
    code, out, err = run_cli(capsys, "index", videos, os.fsdecode(odd_folder), "--library", lib)
    assert code == 0, out + err
    return lib, os.fsdecode(bad), str(videos / "ok.mp4"), os.fsdecode(odd_folder)


def _b64(path: str) -> str:
    return base64.b64encode(os.fsencode(path)).decode("ascii")


def _check_row(row: dict, bad: str, ok: str, field: str = "path") -> None:
    if row[field] == ok:
        assert f"{field}_bytes" not in row, row
        return
    assert row[field] == bad.replace("\udcff", "\ufffd"), row
    assert row[f"{field}_bytes"] == _b64(bad) and os.path.isfile(os.fsdecode(base64.b64decode(row[f"{field}_bytes"])))


def test_search_and_similar_json_give_the_bytes_of_a_name_that_is_no_text(library, capsys):
    lib, bad, ok, _ = library
    code, out, err = run_cli(capsys, "search", "a clip", "--library", lib, "--json", "--videos")
    assert code == 0, err
    rows = _strict(out)
    assert {r["path"] for r in rows} >= {ok, bad.replace("\udcff", "\ufffd")}, out
    for r in rows:
        if r["path"] in (ok, bad.replace("\udcff", "\ufffd")):
            _check_row(r, bad, ok)
    code, out, err = run_cli(capsys, "similar", ok, "--library", lib, "--json")
    assert code == 0, err
    rows = _strict(out)
    assert any("path_bytes" in r for r in rows), out
    for r in rows:
        if r["path"] in (ok, bad.replace("\udcff", "\ufffd")):
            _check_row(r, bad, ok)


def test_captions_json_gives_the_bytes_of_its_clip(library, capsys):
    lib, bad, ok, _ = library
    assert run_cli(capsys, "note", bad, "the red one", "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "captions", bad, "--library", lib, "--json")
    assert code == 0, err
    rows = [r for r in _strict(out) if r["on_this_clip"]]
    assert [r["text"] for r in rows] == ["the red one"], out
    _check_row(rows[0], bad, ok)


def test_status_json_gives_the_bytes_of_folders_that_are_no_text(library, capsys):
    lib, _, _, odd = library
    code, out, err = run_cli(capsys, "status", "--library", lib, "--json")
    assert code == 0, err
    st = _strict(out)
    readable = odd.replace("\udce9", "\ufffd")
    assert readable in st["folders"] and len(st["folders_bytes"]) == len(st["folders"]), st
    assert [b for f, b in zip(st["folders"], st["folders_bytes"]) if f == readable] == [_b64(odd)]
    assert [b for f, b in zip(st["folders"], st["folders_bytes"]) if f != readable] == [None]
    entry = next(f for f in st["folder_status"] if f["path"] == readable)
    assert entry["path_bytes"] == _b64(odd)
    assert all("path_bytes" not in f for f in st["folder_status"] if f["path"] != readable)


def test_json_ready_keeps_valid_output_as_it_was():
    from core.filenames import json_ready

    value = {"path": "/v/日本.mp4", "copies": ["/v/a.mp4"], "n": 3, "nested": [{"path": "/v/x\udce9.mp4"}]}
    assert json_ready({k: v for k, v in value.items() if k != "nested"}) == {
        "path": "/v/日本.mp4", "copies": ["/v/a.mp4"], "n": 3}
    assert json_ready(value)["nested"] == [{"path": "/v/x\ufffd.mp4", "path_bytes": _b64("/v/x\udce9.mp4")}]
    assert json_ready({"copies": ["/v/a.mp4", "/v/\udcff.mp4"]}) == {
        "copies": ["/v/a.mp4", "/v/\ufffd.mp4"], "copies_bytes": [None, _b64("/v/\udcff.mp4")]}
