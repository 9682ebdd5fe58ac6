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

import pytest

import core.indexer
from core.decode_pool import DecodePool
from tests.test_cli_output import _Encoder, run_cli, use_encoder
from tests.videos import Segment, write_video

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
    use_encoder(monkeypatch, _Encoder)
    monkeypatch.setattr(core.indexer, "shared_pool", lambda: DecodePool())  # no worker started before

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
