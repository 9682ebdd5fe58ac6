"""Library state that is missing, odd or locked: a message and exit code 2, never a traceback,
never a silently emptied library (issue 10, points 2, 9 and 10)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.cli import main
from core.errors import LibraryError, SeekframeError
from core.library.lock import lock_library

ROOT = Path(__file__).resolve().parent.parent
LOCKED = "is being written by another Seekframe process"


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ point 10: lock first


def test_second_writer_is_refused_before_any_model_is_loaded(tmp_path, capsys, monkeypatch):
    from core.encoders import Encoder

    def no_load(*a, **k):
        raise AssertionError("the model was loaded before the lock was checked")

    monkeypatch.setattr(Encoder, "load", classmethod(no_load))
    lib = tmp_path / "lib"
    holder = lock_library(lib)
    try:
        for cmd in (["index", tmp_path], ["captions-import", tmp_path / "c.txt"],
                    ["note", tmp_path / "v.mp4@3", "a note"], ["forget", tmp_path]):
            code, _, err = run_cli(capsys, *cmd, "--library", lib)
            assert code == 2 and LOCKED in err, (cmd, err)
    finally:
        holder.release()


def test_second_writer_process_is_refused_at_once_without_heavy_imports(tmp_path):
    lib = tmp_path / "lib"
    holder = lock_library(lib)
    probe = ("import sys; from core.cli import main; code = main(sys.argv[1:]); "
             "print(sorted(m for m in ('lancedb', 'torch', 'transformers') if m in sys.modules)); "
             "sys.exit(code)")
    try:
        t0 = time.monotonic()
        r = subprocess.run([sys.executable, "-c", probe, "index", str(tmp_path), "--library", str(lib),
                            "--model", str(tmp_path / "no-model")],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
        elapsed = time.monotonic() - t0
    finally:
        holder.release()
    assert r.returncode == 2 and LOCKED in r.stderr, r.stderr
    assert r.stdout.strip() == "[]", f"imported before refusing: {r.stdout}"
    assert elapsed < 10, elapsed  # about half a second; generous for a loaded machine


# ------------------------------------------------------------------ point 9: odd library state


def test_lock_file_that_is_a_folder_gives_a_message(tmp_path, capsys):
    lib = tmp_path / "lib"
    (lib / "writer.lock").mkdir(parents=True)
    code, _, err = run_cli(capsys, "index", tmp_path / "none", "--library", lib)
    assert code == 2 and "writer.lock" in err and "folder" in err and "Traceback" not in err
    with pytest.raises(LibraryError, match="rmdir"):
        lock_library(lib)


# ------------------------------------------------------------------ point 9: odd clip times


@pytest.mark.parametrize("when", ["-1", "nan", "inf", "-inf", "NaN", "-0.5", "1:-3"])
def test_a_time_that_is_no_time_is_refused_with_a_message(tmp_path, when):
    from core.cli import split_clip_ref

    f = tmp_path / "clip.mp4"
    f.write_bytes(b"x")
    with pytest.raises(SeekframeError, match="not a time in the clip"):
        split_clip_ref(f"{f}@{when}")
    if when != "1:-3":  # a plain number is a time attempt even for a file that is not there
        with pytest.raises(SeekframeError, match="not a time in the clip"):
            split_clip_ref(f"{tmp_path / 'gone.mp4'}@{when}")


def test_exponent_seconds_are_seconds_and_real_at_names_still_work(tmp_path):
    from core.cli import split_clip_ref

    f = tmp_path / "clip.mp4"
    f.write_bytes(b"x")
    assert split_clip_ref(f"{f}@1e3") == (str(f), 1000.0)
    assert split_clip_ref(f"{f}@2.5e1") == (str(f), 25.0)
    # a name with "@" that is not on disk is still just a name (the search says it is unknown)
    assert split_clip_ref(f"{tmp_path}/me@beach.mp4") == (f"{tmp_path}/me@beach.mp4", None)


@pytest.mark.parametrize("cmd", ["similar", "captions", "note"])
def test_cli_odd_times_exit_2_with_a_message(tmp_path, capsys, cmd):
    f = tmp_path / "clip.mp4"
    f.write_bytes(b"x")
    extra = ["a note"] if cmd == "note" else []
    for when in ("-1", "nan", "inf"):
        code, _, err = run_cli(capsys, cmd, f"{f}@{when}", *extra, "--library", tmp_path / "lib")
        assert code == 2 and "not a time in the clip" in err and "not in the library" not in err, err
