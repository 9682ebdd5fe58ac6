"""A video whose read was denied (its file's permissions) was recorded as failed and never tried
again after the user put the permissions right: ``chmod`` changes the file's ctime, not its mtime,
so the file looked unchanged to every later ``seekframe index``. Now a run opens each file whose
failure was a denied read (one ``open``, no other file) and indexes it again once it opens.

The runs are the real command in a subprocess; as root (who reads any file) it runs without the
capabilities that override file permissions (``setpriv``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from core.library import VideoLibrary
from core.library.records import DONE, FAILED
from core.video_info import READER
from tests.cli_proc import ROOT, cli_env
from tests.videos import Segment, write_video

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def unprivileged(tmp_path: Path) -> list[str]:
    """The prefix that runs a command unable to read a file its permissions deny."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root reads every file, and there is no setpriv to run without that")
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]
    locked = tmp_path / "locked"
    locked.write_text("x")
    locked.chmod(0)
    try:
        if subprocess.run([*prefix, "cat", str(locked)], capture_output=True).returncode == 0:
            pytest.skip("setpriv could not take root's reading of any file away")
    finally:
        locked.unlink()
    return prefix


# ``seekframe index`` with the tests' colour encoder in place of a model: what a denied read does is
# the scan's and the reader's, whatever embeds the frames, and a real model's torch import was most of
# each run (four runs: 62 s of a loaded CI machine)
FAKE_MODEL = ("import sys, core.cli; from tests.fakes import ColourMeanEncoder; "
              "core.cli._load_encoder = lambda *a, **k: ColourMeanEncoder(); sys.exit(core.cli.main(sys.argv[1:]))")


def index(prefix: list[str], videos: Path, lib: Path) -> str:
    done = subprocess.run([*prefix, sys.executable, "-c", FAKE_MODEL, "index", str(videos), "--library", str(lib)],
                          cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return done.stderr


def index_here(capsys, monkeypatch, videos: Path, lib: Path) -> str:
    """The same run in this process, where no read is denied (none yet, or its permissions put right)."""
    import core.cli
    from tests.cli_run import run_cli
    from tests.fakes import ColourMeanEncoder

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    code, _, err = run_cli(capsys, "index", videos, "--library", lib)
    assert code in (0, 1) and "Traceback" not in err, err
    return err


def record(lib: Path, path: Path):
    with VideoLibrary(lib, read_only=True) as library:
        return library.video_table.by_path(path)


@pytest.mark.slow
def test_a_video_whose_read_was_denied_is_indexed_once_its_permissions_are_put_right(tmp_path, capsys, monkeypatch):
    prefix = unprivileged(tmp_path)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    locked = write_video(videos / "locked.mp4", [Segment(4, "red")], seed=1)
    write_video(videos / "open.mp4", [Segment(4, "blue")], seed=2)
    index_here(capsys, monkeypatch, videos, lib)  # (nothing denied yet: no subprocess needed)
    with VideoLibrary(lib) as library:  # (failed under an earlier reader: the next run reads it again,
        rec = library.video_table.by_path(locked)  # its file unchanged, without hashing it first)
        library.video_table.record_failure(replace(rec, reader=READER - 1), "decoding took longer than 9 s")

    locked.chmod(0)
    said = index(prefix, videos, lib)
    rec = record(lib, locked)
    assert rec.status == FAILED and "permission denied" in rec.error.lower(), (rec, said)
    mtime = locked.stat().st_mtime

    said = index(prefix, videos, lib)  # still denied: not read (one open, refused), still failed
    assert "0 to index" in said and record(lib, locked).status == FAILED, said

    locked.chmod(0o644)  # (its mtime as it was: only its ctime moves)
    assert locked.stat().st_mtime == mtime
    said = index(prefix, videos, lib)  # (readable again by the user it was denied: that user's run)
    assert "1 to index" in said and "Indexed 1 of 1 video file" in said, said
    rec = record(lib, locked)
    assert rec.status == DONE and rec.n_moments > 0 and not rec.error, rec
