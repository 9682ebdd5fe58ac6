"""What the command line does with what a probe threw at it: a decoding process that cannot start
(out of file descriptors or processes, a fork server gone) stops `seekframe index` with a message
and exit code 2, not a thread's traceback and "Indexed 0 of 2 files", exit 0; a note or query with a
byte that is not UTF-8 (a Latin-1 terminal) is read as the user meant it, not a tokenizer's
TypeError; a caption file nested thousands deep is refused by name, not a RecursionError; and
`seekframe captions` prints the escape codes and carriage returns of imported captions and notes
as escapes, never as bytes that act on the terminal."""

from __future__ import annotations

import errno
import json
import multiprocessing.connection
import multiprocessing.process
import os

import numpy as np
import pytest

import core.index_pass
from core.cli_args import typed_text
from core.decode_pool import DecodePool
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

# a Latin-1 "café" as Python hands over an argument that is not UTF-8 (PEP 383: the byte as a surrogate)
LATIN1_NOTE = os.fsdecode(b"caf\xe9 on the terrace")


# -- 1. no decoding process can start ------------------------------------------------------------
@pytest.mark.parametrize("where, failure, said", [
    ("start", OSError(errno.EMFILE, "Too many open files"), "too many open files"),
    ("start", OSError(errno.EAGAIN, "Resource temporarily unavailable"), "no more processes"),
    ("start", EOFError("unexpected EOF"), "the process that starts them stopped"),
    ("pipe", OSError(errno.EMFILE, "Too many open files"), "too many open files"),
])
def test_index_stops_with_a_message_when_no_decoding_process_can_start(tmp_path, capsys, monkeypatch,
                                                                        where, failure, said):
    write_video(tmp_path / "videos" / "red.mp4", [Segment(4, "red")], fps=10)
    write_video(tmp_path / "videos" / "blue.mp4", [Segment(4, "blue")], fps=10)
    use_encoder(monkeypatch, FixedTextEncoder)
    monkeypatch.setattr(core.index_pass, "shared_pool", lambda: DecodePool())  # no worker started before

    def refuse(*args, **kwargs):
        raise failure

    if where == "start":
        monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    else:
        monkeypatch.setattr(multiprocessing.connection, "Pipe", refuse)
    code, out, err = run_cli(capsys, "index", tmp_path / "videos", "--library", tmp_path / "lib")
    assert code == 2, (out, err)
    assert "could not start a video decoding process" in err and said in err, err
    assert "Traceback" not in err and "Indexed 0" not in out, (out, err)
    code, out, _ = run_cli(capsys, "status", "--library", tmp_path / "lib", "--json")
    assert code == 0 and json.loads(out)["failed"] == []  # not the files' fault


# -- 2. a note or a query that is not UTF-8 -----------------------------------------------------
def test_arguments_are_read_as_utf8_where_valid_and_as_windows_1252_elsewhere():
    assert typed_text("a plain query") == "a plain query"
    assert typed_text("déjà vu, 東京") == "déjà vu, 東京"
    assert typed_text(LATIN1_NOTE) == "café on the terrace"
    assert typed_text(os.fsdecode(b"na\xc3\xafve caf\xe9 \x93quoted\x94")) == "naïve café \u201cquoted\u201d"
    assert typed_text("half \ud800 of a pair") == "half \ufffd of a pair"


def test_a_note_and_a_query_typed_in_latin1_are_read_as_meant(noted_library, capsys):
    videos, lib = noted_library
    code, _, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", LATIN1_NOTE, "--library", lib)
    assert code == 0 and "Traceback" not in err, err
    code, out, err = run_cli(capsys, "captions", f"{videos / 'blue.mp4'}@1", "--library", lib, "--json")
    assert code == 0, err
    assert [r["text"] for r in json.loads(out) if r["source"] == "note" and r["on_this_clip"]] == [
        "café on the terrace"]
    for query in (LATIN1_NOTE, "café on the terrace"):  # typed on a Latin-1 terminal, or a UTF-8 one
        code, out, err = run_cli(capsys, "search", query, "--library", lib, "--json", "-k", "1")
        assert code == 0, err
        assert json.loads(out)[0]["path"].endswith("blue.mp4"), out  # the note found its clip


def test_a_text_encoder_given_an_undecodable_byte_reads_it_as_a_replacement_character(colour_model):
    from core.encoders.text_side import load_text_encoder

    encoder = load_text_encoder(colour_model)
    got = encoder.encode_text([LATIN1_NOTE, "caf\ufffd on the terrace"])
    assert got.shape[0] == 2 and np.allclose(got[0], got[1])


# -- 3. caption files and what `seekframe captions` prints -----------------------------------------
def test_a_caption_file_nested_too_deeply_is_refused_by_name(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = run_cli(capsys, "captions-import", deep, "--library", tmp_path / "lib")
    assert code == 2, (out, err)
    assert str(deep) in err and "nested too deeply" in err and "Traceback" not in err, err


def test_captions_prints_escape_codes_and_carriage_returns_as_escapes(noted_library, capsys, tmp_path):
    videos, lib = noted_library
    caption = "a harmless caption\x1b[2J\x1b]0;pwned\x07 FAKE"
    file = tmp_path / "caps.csv"
    file.write_text(f'video,caption\nred.mp4,"{caption}"\n', encoding="utf-8")
    assert run_cli(capsys, "captions-import", file, "--library", lib)[0] == 0
    note = "our wall\rFAKE RESULT"
    assert run_cli(capsys, "note", f"{videos / 'red.mp4'}@1", note, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib)
    assert code == 0, err
    assert not any(c in out for c in "\x1b\x07\r"), repr(out)
    assert "a harmless caption\\x1b[2J\\x1b]0;pwned\\x07 FAKE" in out and "our wall\\rFAKE RESULT" in out, out
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib, "--json")
    assert code == 0 and {caption, note} <= {r["text"] for r in json.loads(out)}, out  # JSON: exact


def test_note_and_forget_on_a_mistyped_library_path_make_no_library(tmp_path, capsys):
    """`seekframe note --library ~/Videos/libary ...` made an empty library there."""
    from tests.cli_run import run_cli

    typo = tmp_path / "libary"
    for args in (["note", f"{tmp_path / 'clip.mp4'}@1", "a note"], ["forget", str(tmp_path)]):
        code, _, err = run_cli(capsys, *args, "--library", typo)
        assert code == 2 and f"No library at {typo}" in err and "seekframe index" in err, err
        assert not typo.exists()
