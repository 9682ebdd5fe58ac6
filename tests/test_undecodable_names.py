"""Videos whose names are not valid UTF-8 (a Latin-1 "café.mp4" from an old Windows disk or zip
file, a folder named in a camera's code page) are indexed, found by the very path, left alone by
the next run, and printed readably: one such name used to stop every index run with a
UnicodeEncodeError from Arrow, and printing one stopped `seekframe search`."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import pytest

from core.cli import main
from core.library import VideoLibrary
from tests.cli_proc import ROOT, cli_env
from tests.videos import Segment, write_broken_video, write_video


def _bytes_path(folder, *parts: bytes) -> str:
    return os.fsdecode(os.path.join(os.fsencode(folder), *parts))


def _exact(entry: dict) -> str:
    """The path a ``--json`` entry names: its ``path_bytes`` (base64) when the name is not valid
    UTF-8, else its ``path``."""
    return os.fsdecode(base64.b64decode(entry["path_bytes"])) if "path_bytes" in entry else entry["path"]


@pytest.fixture
def folder(tmp_path):
    """café.mp4 (red) and ÿ/x.mp4 (blue) in Latin-1, a broken "vidéo" and a name with a newline."""
    d = tmp_path / "videos"
    d.mkdir()
    try:
        os.mkdir(_bytes_path(d, b"\xff"))
    except (OSError, UnicodeError):
        pytest.skip("this filesystem keeps no name that is not valid UTF-8")
    red = write_video(d / "red.tmp.mp4", [Segment(3, "red")], seed=1)
    os.rename(red, _bytes_path(d, b"caf\xe9.mp4"))
    blue = write_video(d / "blue.tmp.mp4", [Segment(3, "blue")], seed=2)
    os.rename(blue, _bytes_path(d, b"\xff", b"x.mp4"))
    broken = write_broken_video(d / "broken.tmp.mp4")
    os.rename(broken, _bytes_path(d, b"vid\xe9o.mp4"))
    write_video(d / "line\nbreak.mp4", [Segment(3, "green")], seed=3)
    return d


def _cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_names_that_are_no_text_are_indexed_found_and_left_alone(folder, tmp_path, capsys, colour_model):
    lib = tmp_path / "lib"
    code, _, err = _cli(capsys, "index", folder, "--library", lib, "--model", colour_model)
    assert code == 1, err  # (the broken file)
    assert "Indexed 3 of 4 video files" in err and "vid\\xe9o.mp4" in err
    with VideoLibrary(str(lib), read_only=True) as library:
        by_path = {v.path: v for v in library.video_table.all()}
    cafe, blue, broken = (_bytes_path(folder, b"caf\xe9.mp4"), _bytes_path(folder, b"\xff", b"x.mp4"),
                          _bytes_path(folder, b"vid\xe9o.mp4"))
    assert by_path[cafe].status == "done" and by_path[blue].status == "done" and by_path[cafe].n_moments
    assert by_path[broken].status == "failed" and by_path[broken].error

    code, out, _ = _cli(capsys, "search", "red", "--library", lib, "--json", "-k", "1")
    assert code == 0 and _exact(json.loads(out)[0]) == cafe  # the very name (its bytes): it opens the file
    assert os.path.isfile(_exact(json.loads(out)[0]))
    code, out, _ = _cli(capsys, "search", "blue", "--library", lib, "--json", "-k", "1")
    assert _exact(json.loads(out)[0]) == blue

    code, _, err = _cli(capsys, "index", folder, "--library", lib, "--model", colour_model)
    assert "0 to index, 3 unchanged" in err  # (the failed one is retried when it changes)

    os.rename(cafe, _bytes_path(folder, b"caf\xe9 2.mp4"))  # a rename keeps its moments
    code, _, err = _cli(capsys, "index", folder, "--library", lib, "--model", colour_model)
    assert "1 moved" in err and "0 to index" in err


@pytest.mark.slow
def test_a_terminal_that_takes_only_utf8_gets_escapes_not_a_traceback(folder, tmp_path, colour_model):
    lib = tmp_path / "lib"
    assert main(["index", str(folder), "--library", str(lib), "--model", colour_model, "-q"]) == 1
    env = {**cli_env(), "PYTHONIOENCODING": "utf-8:strict", "PYTHONUTF8": "0"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "core.cli", *args, "--library", str(lib)], cwd=ROOT,
                              env=env, capture_output=True, timeout=240)

    found = run("search", "red", "-k", "1")
    assert found.returncode == 0, found.stderr
    line = found.stdout.decode("utf-8").strip().splitlines()[-1]
    assert line.endswith(f"{os.fsdecode(os.fsencode(folder))}/caf\\xe9.mp4")
    status = run("status")
    assert status.returncode == 0 and "vid\\xe9o.mp4: " in status.stdout.decode("utf-8")
    as_json = run("status", "--json")
    assert [_exact(f) for f in json.loads(as_json.stdout.decode("utf-8"))["failed"]] == [
        _bytes_path(folder, b"vid\xe9o.mp4")]


def test_a_name_with_a_line_break_stays_on_one_line(folder, tmp_path, capsys, colour_model):
    lib = tmp_path / "lib"
    _cli(capsys, "index", folder, "--library", lib, "--model", colour_model, "-q")
    code, out, _ = _cli(capsys, "search", "green", "--library", lib, "-k", "1")
    assert code == 0
    hit = [line for line in out.splitlines() if "break.mp4" in line]
    assert hit and hit[0].endswith("line\\nbreak.mp4"), out
