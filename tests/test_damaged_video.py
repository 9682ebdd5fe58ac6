"""Videos with holes: bytes lost in the middle of a file (bad sectors, a failing card, a copy
with holes) and a recording that joined its stream long before a keyframe. Players skip what does
not decode and show the rest; Seekframe failed the first kind whole once 64 packets were rejected
(a few seconds of damage in any file) and the second as having "no video stream"."""

from __future__ import annotations

import json
import re
from pathlib import Path

import av
import numpy as np
import pytest

from core.decode_pool import DecodeSpec, decode_file
from core.errors import Damaged
from core.library.records import DONE, FAILED
from tests.test_cut_short import run, video
from tests.test_tracks import colour_at, nearest, write


def damaged(folder: Path, name: str = "holes.mp4", seconds: float = 60.0, share=(0.45, 0.55)) -> Path:
    """A clip (a new colour each second, 25 frames a second) whose media data between ``share``
    of it is zeroed, its index intact."""
    path = Path(write(folder / name, seconds, fps=25))
    data = bytearray(path.read_bytes())
    mdat, moov = data.find(b"mdat"), data.find(b"moov")
    start, end = (mdat if mdat < moov else moov), (moov if mdat < moov else len(data))
    lo, hi = start + int((end - start) * share[0]), start + int((end - start) * share[1])
    data[lo:hi] = bytes(hi - lo)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def holes(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    path = damaged(folder)
    with av.open(str(path)) as c:  # (more packets rejected than the 64 that failed a file)
        bad = 0
        for packet in c.demux(video=0):
            try:
                packet.decode()
            except av.FFmpegError:
                bad += 1
    assert bad > 64
    return folder, tmp_path / "lib"


def test_a_file_with_a_damaged_stretch_is_indexed_around_it_and_says_where(holes):
    folder, lib = holes
    events = run(lib, folder)
    assert not any(e.kind == "file_failed" for e in events)
    rec, moments = video(lib, "holes.mp4")
    assert rec.status == DONE and rec.error.startswith("damaged: ") and rec.error.endswith("the rest is indexed"), rec.error
    where = [int(m) * 60 + int(s) for m, s in re.findall(r"(\d+):(\d+)", rec.error)]  # (at 0:27, from 0:26 to 0:32)
    first, last = min(where), max(where)
    assert 20 <= first <= last <= 40  # (where the zeroed tenth lies: around 0:27-0:33)
    assert moments[0].start == 0.0 and moments[-1].end == pytest.approx(60.0, abs=0.1)
    decoded = []  # (the indexer's decoding: the right frames before the damage and after it)
    with pytest.raises(Damaged) as said:
        info, got = decode_file(str(folder / "holes.mp4"), DecodeSpec(size=16, timeout_s=30.0))
        for m in got:
            decoded.append(m)
    assert said.value.note().startswith("damaged: ") and len(decoded) == len(moments)
    for m in decoded:
        if m.end < first - 1 or m.start > last + 2:  # (until the next keyframe after it: as players show it)
            for t, f in zip(m.frame_times, m.frames):
                assert nearest(f.reshape(-1, 3).mean(0)) == colour_at(t), (m.start, t)


def test_a_file_of_which_nothing_decodes_still_fails(tmp_path):
    folder = tmp_path / "videos"
    folder.mkdir()
    damaged(folder, "gone.mp4", seconds=20.0, share=(0.0, 1.0))
    events = run(tmp_path / "lib", folder)
    (failed,) = [e for e in events if e.kind == "file_failed"]
    rec, moments = video(tmp_path / "lib", "gone.mp4")
    assert rec.status == FAILED and not moments and rec.error == failed.error != ""


def test_the_cli_says_which_files_are_damaged_apart_from_those_cut_short(holes, capsys, colour_model):
    from tests.test_cut_short import cut_clip
    from tests.cli_run import run_cli

    folder, lib = holes
    cut_clip(folder)
    code, _, err = run_cli(capsys, "index", folder, "--library", lib, "--model", colour_model)
    assert code == 0
    lines = err.splitlines()
    assert "1 file is cut short (a download or copy that did not finish?): the part that plays is indexed." \
           " 1 file is damaged (bad sectors, a failing card?): the parts that decode are indexed." in lines, err
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    lines = out.splitlines()
    at = lines.index("Damaged (bad sectors, a failing card?), indexed where they decode:")
    assert lines[at + 1].startswith(f"  {folder / 'holes.mp4'}: damaged: ")
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    data = json.loads(out)
    assert [e["path"] for e in data["damaged_videos"]] == [str(folder / "holes.mp4")]
    assert [e["path"] for e in data["cut_short"]] == [str(folder / "cut.mkv")]


def test_a_recording_that_joined_its_stream_long_before_a_keyframe_is_indexed_from_it(tmp_path):
    """An MPEG-TS taken from a live stream 2 s in, its keyframes 10 s apart (x264's and OBS's
    default): FFmpeg's first look finds no picture (no frame size), and the decoder rejects the
    packets before the first keyframe, which are no damage."""
    from core.media import probe

    folder = tmp_path / "videos"
    folder.mkdir()
    full = tmp_path / "full.ts"
    with av.open(str(full), "w", format="mpegts") as out:
        s = out.add_stream("libx264", rate=25)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        s.options = {"g": "250", "keyint_min": "250", "sc_threshold": "0"}
        for i in range(750):  # 30 s
            img = np.empty((48, 64, 3), np.uint8)
            img[:] = colour_at(i / 25)
            for p in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(p)
        for p in s.encode():
            out.mux(p)
    with av.open(str(full)) as c:  # (the packet of frame 50: the next keyframe is frame 250)
        pos = next(p.pos for p in c.demux(video=0) if p.pts is not None and p.pts == c.streams.video[0].start_time + 50 * 3600)
    path = folder / "recording.ts"
    path.write_bytes(full.read_bytes()[pos // 188 * 188:])
    info = probe(path)
    assert (info.width, info.height) == (64, 48) and info.duration == pytest.approx(28.0, abs=0.2)
    run(tmp_path / "lib", folder)
    rec, moments = video(tmp_path / "lib", "recording.ts")
    assert rec.status == DONE and rec.error == "" and moments[-1].end == pytest.approx(rec.duration)
    _, got = decode_file(str(path), DecodeSpec(size=16, timeout_s=30.0))
    late = [(t, f) for m in got for t, f in zip(m.frame_times, m.frames) if t > 8.5]
    assert late and all(nearest(f.reshape(-1, 3).mean(0)) == colour_at(t + 2.0) for t, f in late)
