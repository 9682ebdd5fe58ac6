"""A library whose writer lock file is missing (removed, as Seekframe tells a user to remove a broken
one when no Seekframe runs, or left out of a copy) is written by no one: `seekframe status` said
'Another seekframe is writing this library now (indexing?)', and a read-only window waiting for that
writer would wait for ever (``core.library.lock.writer_free`` took a lock file it could not open for
one held). A writer makes the lock file before anything else, so none missing is held."""

from __future__ import annotations

from core.library.lock import writer_free
from tests.cli_run import run_cli


def test_a_library_without_its_lock_file_is_written_by_no_one(noted_library, capsys, tmp_path):
    videos, lib = noted_library
    (lib / "writer.lock").unlink()
    assert writer_free(lib)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "is writing this library now" not in out + err, out + err
    assert not writer_free(tmp_path / "gone")  # (no folder: nothing to say it is free)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib)  # (a writer makes it again)
    assert code == 0 and (lib / "writer.lock").is_file(), err
