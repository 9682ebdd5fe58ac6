"""A library's own files that are no regular files (a named pipe or a link to /dev/zero where
``library.json`` or ``writer.lock`` should be; a folder named ``library.json``): ``status`` hung
reading a pipe ``writer.lock`` (``writer_free`` opened it blocking), every command hung on a pipe
or /dev/zero ``library.json`` (read to its end), and a folder ``library.json`` was said to be "an
error of the disk … try again once the drive reads", which no retry mends. Now such a
``library.json`` is damaged, said as any (``Location.read_bytes``; ``seekframe repair`` sets it
aside and rebuilds it), and such a lock file is refused by writers (``WriterLock.acquire``) and
read without blocking. The commands run in processes bounded at 60 s (forked from a warm parent,
``tests.cli_fork``): a hang fails the test."""

from __future__ import annotations

import os

import pytest

from tests.cli_fork import run_cli_forked


@pytest.mark.slow
@pytest.mark.parametrize("make", ["fifo", "zero", "folder"])
def test_a_library_json_that_is_no_file_is_damaged_and_repaired(noted_library, colour_model, make):
    _videos, lib = noted_library
    meta = lib / "library.json"
    meta.unlink()
    {"fifo": lambda: os.mkfifo(meta), "zero": lambda: meta.symlink_to("/dev/zero"), "folder": meta.mkdir}[make]()
    said = run_cli_forked("status", "--library", lib, timeout=60)
    assert said.returncode == 2 and "library.json is damaged" in said.stderr and "not a file" in said.stderr, said.stderr
    assert "just now" not in said.stderr and "`seekframe repair`" in said.stderr
    fixed = run_cli_forked("repair", "--library", lib, timeout=120)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    found = run_cli_forked("search", "red", "--library", lib, "--model", colour_model, "-k", "1", timeout=120)
    assert found.returncode == 0 and "red.mp4" in found.stdout, found.stdout + found.stderr


def test_a_lock_file_that_is_a_pipe_blocks_no_reader_and_is_refused_by_writers(noted_library):
    videos, lib = noted_library
    (lib / "writer.lock").unlink()
    os.mkfifo(lib / "writer.lock")
    said = run_cli_forked("status", "--library", lib, timeout=60)
    assert said.returncode == 0 and "Another seekframe is writing" not in said.stdout, said.stdout + said.stderr
    refused = run_cli_forked("note", f"{videos / 'red.mp4'}@1", "hello", "--library", lib, timeout=60)
    assert refused.returncode == 2 and "writer.lock is not a file Seekframe can open" in refused.stderr, refused.stderr


def test_a_snapshot_that_is_a_pipe_does_not_hang_a_re_scan(noted_library, colour_model):
    """``videos-snapshot.json`` (what a re-scan with nothing to do reads instead of the tables) a
    named pipe: ``seekframe index`` hung reading it; now it is no snapshot, read from the tables."""
    videos, lib = noted_library
    (lib / "videos-snapshot.json").unlink(missing_ok=True)
    os.mkfifo(lib / "videos-snapshot.json")
    ran = run_cli_forked("index", videos, "--library", lib, "--model", colour_model, timeout=60)
    assert ran.returncode == 0 and "Nothing new to index" in ran.stderr, ran.stderr


def test_a_notes_journal_that_is_a_pipe_does_not_hang_a_writer(noted_library, colour_model):
    """``notes.jsonl`` (the journal a writer's open reads to put back notes) a named pipe: every
    writer (``index``, ``note``) hung reading it; now it is read as a journal that cannot be read."""
    videos, lib = noted_library
    (lib / "notes.jsonl").unlink(missing_ok=True)
    os.mkfifo(lib / "notes.jsonl")
    ran = run_cli_forked("index", videos, "--library", lib, "--model", colour_model, timeout=60)
    assert ran.returncode == 0 and "Nothing new to index" in ran.stderr, ran.stderr
