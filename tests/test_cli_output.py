"""What the command line prints (issue 11, points 11 and 13): null for a caption's missing clip
in --json, counted nouns in the singular for one ("1 caption", "1 moment"), no raw FFmpeg or
OpenCV lines on the terminal, and `seekframe demo` printing the real paths."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.plural import count
from tests.cli_run import fake_model, run_cli  # noqa: F401
from tests.videos import Segment, write_broken_video, write_truncated, write_video

ROOT = Path(__file__).resolve().parent.parent


def test_count():
    assert [count(n, "moment") for n in (0, 1, 2)] == ["0 moments", "1 moment", "2 moments"]
    assert count(1, "video in a format not read", "videos in formats not read") == "1 video in a format not read"
    assert (count(1204, "video"), count(1204, "video", thousands=True)) == ("1204 videos", "1,204 videos")


def test_one_of_each_is_said_in_the_singular(tmp_path, capsys, fake_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    write_broken_video(videos / "text.mp4")
    code, _, err = run_cli(capsys, "index", videos, "--library", lib)
    assert code == 1
    assert "Found 2 video files: 2 to index" in err, err
    assert "Indexed 1 of 2 video files (1 moment): 1 failed." in err, err
    assert "1 file could not be indexed:" in err and "file(s)" not in err

    captions = tmp_path / "c.csv"
    captions.write_text("video,caption\nred.mp4,a red screen\n")
    code, out, err = run_cli(capsys, "captions-import", captions, "--library", lib)
    assert code == 0 and "Imported 1 caption (1 linked to a video)." in out, out
    code, out, _ = run_cli(capsys, "captions-import", captions, "--library", lib)
    assert "Imported 0 captions (1 linked to a video; 1 was already in the library)." in out, out

    code, out, _ = run_cli(capsys, "forget", videos, "--library", lib)
    # (text.mp4, which failed, is no video: not counted as one, said as what it is)
    assert code == 0 and "Removed 1 video and 1 file that could not be read under" in out, out
    assert run_cli(capsys, "index", videos / "red.mp4", "--library", lib)[0] == 0
    code, out, _ = run_cli(capsys, "forget", videos / "red.mp4", "--library", lib)
    assert f"Removed the video {videos / 'red.mp4'} from the library" in out, out  # (a file: nothing "under" it)


def test_captions_json_says_null_for_a_caption_of_no_clip(tmp_path, capsys, fake_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(8, "red")])
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    loose = tmp_path / "loose.txt"
    loose.write_text("a caption of no video\n")
    assert run_cli(capsys, "captions-import", loose, "--library", lib)[0] == 0
    assert run_cli(capsys, "note", videos / "red.mp4", "the whole video", "--library", lib)[0] == 0
    assert run_cli(capsys, "note", f"{videos / 'red.mp4'}@4", "its second moment", "--library", lib)[0] == 0

    code, out, err = run_cli(capsys, "captions", videos / "red.mp4", "--library", lib, "--json")
    assert code == 0, err
    rows = {r["text"]: r for r in json.loads(out)}
    assert set(rows["a caption of no video"]) == {"text", "score", "source", "path", "start", "end", "on_this_clip"}
    assert [rows["a caption of no video"][k] for k in ("path", "start", "end")] == [None, None, None]
    whole = rows["the whole video"]
    assert whole["path"] == str(videos / "red.mp4") and whole["start"] is None and whole["end"] is None
    moment = rows["its second moment"]
    assert (moment["start"], moment["end"]) == (4.0, 8.0)
    assert "-1.0" not in out and '""' not in out
    listed = json.loads(out)  # the clip's own notes first, whatever their scores
    assert [r["on_this_clip"] for r in listed] == sorted((r["on_this_clip"] for r in listed), reverse=True)
    assert {r["text"] for r in listed if r["on_this_clip"]} == {"the whole video", "its second moment"}

    code, out, _ = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib, "-k", "1")
    lines = out.splitlines()  # the first moment: the whole video's note is on it, the second's is not
    assert lines[0] == "On this clip:" and "the whole video" in lines[1]
    assert lines[2] == "Captions that describe it:" and len(lines) == 4


def _quiet_probe(script: str, *args) -> subprocess.CompletedProcess:
    from core.decoder_logs import QUIET_ENV

    env = {k: v for k, v in os.environ.items() if k not in QUIET_ENV}  # main() in this process set them
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


def test_quiet_decoder_logs_silences_ffmpeg_inside_opencv(tmp_path):
    write_video(tmp_path / "good.mp4", [Segment(2, "red")])
    cut = write_truncated(tmp_path / "good.mp4", tmp_path / "cut.mp4")
    opens = "import cv2, sys; cv2.VideoCapture(sys.argv[1]).release(); print('done')"
    loud = _quiet_probe(opens, cut)  # what OpenCV prints on its own: the check can fail
    quiet = _quiet_probe("from core.decoder_logs import quiet_decoder_logs; quiet_decoder_logs(); " + opens, cut)
    assert loud.stdout.strip() == quiet.stdout.strip() == "done"
    if "moov atom not found" not in loud.stderr:
        pytest.skip("this OpenCV build prints nothing for a truncated file")
    assert quiet.stderr == "", quiet.stderr


def test_quiet_decoder_logs_keeps_pyav_messages_off_the_terminal():
    av_logging = pytest.importorskip("av.logging")
    script = ("import logging, av.logging as L; L.set_level(L.WARNING); {quiet}"
              "logging.getLogger('libav.mov').error('moov atom not found'); print('done')")
    loud = _quiet_probe(script.format(quiet=""))
    quiet = _quiet_probe(script.format(quiet="from core.decoder_logs import quiet_decoder_logs; quiet_decoder_logs(); "))
    assert "moov atom not found" in loud.stderr and av_logging
    assert quiet.stdout.strip() == "done" and quiet.stderr == "", quiet.stderr


INDEX_CORRUPT = """
import sys
import core.cli
from tests.fakes import ColourMeanEncoder

def encoder(*a, **k):
    return ColourMeanEncoder()

if __name__ == "__main__":
    core.cli._load_encoder = encoder
    sys.exit(core.cli.main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_indexing_damaged_files_prints_reasons_not_decoder_lines(tmp_path):
    videos = tmp_path / "videos"
    write_video(videos / "good.mp4", [Segment(2, "red")])
    write_truncated(videos / "good.mp4", videos / "cut.mp4")
    write_broken_video(videos / "text.mp4")
    data = (videos / "good.mp4").read_bytes()
    (videos / "garbled.mp4").write_bytes(data[:64] + bytes(range(256)) * 16 + data[64 + 4096:])
    script = tmp_path / "run_index.py"
    script.write_text(INDEX_CORRUPT)
    from core.decoder_logs import QUIET_ENV

    env = {k: v for k, v in os.environ.items() if k not in QUIET_ENV}
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, str(script), "index", str(videos), "--library", str(tmp_path / "lib")],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 1, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    ours = re.compile(r"^(Found |Skipped |  failed: /|Indexed |\d+ files? could not be indexed:$|  /"
                      r"|(It is|They are) retried when |(Its|Their) (failure|read) |\d+ of them, whose )")  # (core's
    # failure_retry.retried_text: when they are read again)
    assert all(ours.match(line) for line in lines), "\n".join(lines)
    assert "moov atom" not in r.stderr.replace("('moov' box)", "") and " @ 0x" not in r.stderr
    for name in ("cut.mp4", "text.mp4"):  # garbled.mp4 may decode past its bad packets
        assert f"  failed: {videos / name}: " in r.stderr


# -- point 13: the demo says where things really are ------------------------------------------
def test_demo_prints_the_real_paths_under_seekframe_home(tmp_path, capsys, monkeypatch, _isolated_home):
    import core.demo

    written = []
    monkeypatch.setattr(core.demo, "write_demo", lambda out=None: written.append(out) or core.demo.default_demo_dir())
    code, out, _ = run_cli(capsys, "demo")
    assert code == 0 and written == [None]
    assert f'--library "{_isolated_home / "demo-library"}" "{_isolated_home / "demo-videos"}"' in out, out
    assert "~/.local/share" not in out and "Wrote 12 demo clips" in out


def test_printed_commands_use_the_full_path_when_seekframe_is_not_on_path(tmp_path, monkeypatch):
    from core.cli_args import program_name

    script = tmp_path / "venv" / "bin" / "seekframe"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "demo"])
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    assert program_name() == str(script)
    monkeypatch.setenv("PATH", str(script.parent))
    assert program_name() == "seekframe"
    monkeypatch.setattr(sys, "argv", ["/usr/lib/python3/pytest"])
    assert program_name() == "seekframe"


def test_status_counts_in_the_singular_and_a_video_given_by_name_is_online(tmp_path, capsys, fake_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "one" / "red.mp4", [Segment(2, "red")])
    write_video(videos / "blue.mp4", [Segment(2, "blue")])
    assert run_cli(capsys, "index", videos / "one", videos / "blue.mp4", "--library", lib)[0] == 0
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0
    assert f"Folder:  {videos / 'one'}  online, 1 video (1 done, 0 failed, 0 offline)" in out, out
    assert f"File:    {videos / 'blue.mp4'}  indexed\n" in out, out  # (a video given by name: no folder)


def test_a_run_lists_twenty_failures_and_says_where_the_rest_are(tmp_path, capsys, fake_model):
    """Every run lists the failures of earlier ones too: a folder of 999 broken files printed 999
    lines on each no-op re-scan. Twenty are listed, then how many more and where they all are."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    for i in range(23):
        write_broken_video(videos / f"text{i:02}.mp4")
    for run in range(2):  # (the second run: nothing new, the same list)
        code, _, err = run_cli(capsys, "index", videos, "--library", lib)
        # (the second run lists the first's failures again, no failure of its own: exit 0)
        assert code == (1 if run == 0 else 0) and "23 files could not be indexed:" in err, err
        live = [line for line in err.splitlines() if line.startswith("  failed: ")]  # (as they came)
        assert len(live) == (20 if run == 0 else 0)
        assert ("  (more files failed: the list at the end counts them)" in err) == (run == 0)
        listed = [line for line in err.splitlines() if line.startswith("  /") and ".mp4: " in line]  # (not the run's "  failed:")
        assert len(listed) == 20 and "  … and 3 more (`seekframe status` lists them all)." in err, err
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert sum("text" in line and ".mp4" in line for line in out.splitlines()) == 23
