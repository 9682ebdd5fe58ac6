"""Animated GIFs are videos, and a scan says what it skipped (issue 11, point 15): "9 videos" for
a folder of 9 videos and 2 GIFs said nothing about the GIFs."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

import core.cli
from core.cli import main
from core.scan import gif_frames, scan, skipped_text
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

Image = pytest.importorskip("PIL.Image")


def write_gif(path, colours, ms_per_frame=100):
    frames = [Image.fromarray(np.full((48, 64, 3), c, np.uint8)) for c in colours]
    frames[0].save(path, save_all=len(frames) > 1, append_images=frames[1:], duration=ms_per_frame, loop=0)
    return path


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "videos"
    (d / "sub").mkdir(parents=True)
    write_gif(d / "dance.gif", [(200, 30, 30), (30, 200, 30)] * 15)  # 3 s, animated
    write_gif(d / "sub" / "logo.gif", [(30, 30, 200)])  # a still image
    write_video(d / "clip.mp4", [Segment(2, "red")])
    for name in ("photo.jpg", "scan.PNG", "song.mp3", "clip.srt", "notes.txt", ".hidden.jpg"):
        (d / name).write_bytes(b"x")
    if hasattr(os, "mkfifo"):
        os.mkfifo(d / "fifo")
    return d


def test_gif_frames_counts_frames_and_tolerates_garbage(tmp_path, folder):
    assert gif_frames(str(folder / "dance.gif"), enough=100) == 30
    assert gif_frames(str(folder / "sub" / "logo.gif")) == 1
    fake = tmp_path / "fake.gif"
    fake.write_bytes(b"not a gif at all")
    assert gif_frames(str(fake)) == 2  # not readable as GIF: left to the decoder, which says why


def test_scan_takes_animated_gifs_and_counts_what_it_skips(folder):
    found = scan([str(folder)])
    assert sorted(os.path.basename(p) for p in found.files) == ["clip.mp4", "dance.gif"]
    kinds = {"image": 3, "audio file": 1, "subtitle file": 1, "other file": 1}  # logo.gif is an image
    if hasattr(os, "mkfifo"):
        kinds["named pipe"] = 1
    assert dict(found.skipped) == kinds  # hidden files are not counted
    assert found.skipped_files == [(str(folder / "sub" / "logo.gif"), "a still image (a GIF with one frame), not a video")]
    assert not found.problems
    assert skipped_text({"image": 3, "named pipe": 1, "other file": 1}) == "3 images, 1 named pipe, 1 other file"


def test_a_still_gif_given_by_name_is_skipped_with_its_reason(folder):
    found = scan([str(folder / "sub" / "logo.gif")])
    assert not found.files and found.skipped_files[0][1].startswith("a still image")


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes")
def test_index_says_what_it_skipped_and_indexes_the_gif(tmp_path, capsys, monkeypatch, folder):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    lib = tmp_path / "lib"
    assert main(["index", str(folder), "--library", str(lib)]) == 0
    err = capsys.readouterr().err
    assert "Found 2 video files: 2 to index" in err, err  # (not read yet)
    assert ("Skipped (not videos): 3 images, 1 audio file, 1 named pipe, 1 other file, 1 subtitle file."
            in err), err
    assert f"  skipped: {folder / 'sub' / 'logo.gif'}: a still image (a GIF with one frame), not a video" in err
    assert "Indexed 2 of 2 video files" in err

    import json

    assert main(["status", "--library", str(lib), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["failed"] == [] and status["videos"] == 2


def test_a_camcorders_mod_file_is_a_video_and_a_music_module_is_skipped(tmp_path):
    """JVC Everio camcorders record MPEG-2 program streams named .MOD (and transport streams,
    .TOD); Amiga's tracker music is .mod too: its first bytes tell them apart."""
    import av

    from core.media import probe

    folder = tmp_path / "everio"
    folder.mkdir()
    with av.open(str(folder / "MOV001.MOD"), "w", format="vob") as out:
        stream = out.add_stream("mpeg2video", rate=25)
        stream.width, stream.height, stream.pix_fmt = 720, 576, "yuv420p"
        for i in range(10):
            for packet in stream.encode(av.VideoFrame.from_ndarray(np.full((576, 720, 3), 20 * i, np.uint8),
                                                                   format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    module = bytearray(2048)  # a ProTracker module: title, samples, then "M.K." at 1080
    module[:10], module[1080:1084] = b"space song", b"M.K."
    (folder / "space.mod").write_bytes(bytes(module))
    found = scan([str(folder)])
    assert list(found.files) == [str(folder / "MOV001.MOD")]
    assert probe(str(folder / "MOV001.MOD")).codec == "mpeg2video"
    assert found.skipped == {"audio file": 1}
    assert found.skipped_files == [(str(folder / "space.mod"), "a music module (.mod), not a camcorder's video")]


def test_seekframes_own_folders_inside_a_folder_of_videos_are_not_scanned(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    videos = tmp_path / "videos"
    write_video(videos / "clip.mp4", [Segment(2, "red")])
    cache = videos / "seekframe-cache"  # (SEEKFRAME_CACHE set there): its links name videos too
    (cache / "links" / "0123").mkdir(parents=True)
    os.symlink(videos / "clip.mp4", cache / "links" / "0123" / "a clip.mp4")
    monkeypatch.setenv("SEEKFRAME_CACHE", str(cache))
    lib = videos / "seekframe-library"
    assert main(["index", str(videos), "--library", str(lib)]) == 0
    assert main(["index", str(videos), "--library", str(lib)]) == 0  # the library has files now
    err = capsys.readouterr().err
    assert "Found 1 video:" in err.splitlines()[-2] and "Skipped" not in err
    assert scan([str(videos)]).skipped["other file"] > 0  # (what a scan of it all would count)
