"""The window's and `seekframe search`'s rule for a video not there (``core.gone_rule``) walks its
library folder to ask what the re-scan's walk finds there: every folder read, a video there. It had
rules of its own: a link in a loop of links was a folder it could not read (the re-scan skips it),
a still GIF a video (the re-scan lists none), Seekframe's own folders walked (the re-scan never
walks them). Both walks now take each entry by one rule set (``core.walk_rule``)."""

from __future__ import annotations

import os

from core.gone_rule import FolderVideos, _walk
from core.scan import scan
from tests.videos import Segment, write_video


def _rescan_finds(root) -> tuple[bool, bool]:
    found = scan([str(root)])
    return not found.problems, bool(found.files)


def test_a_link_loop_is_no_folder_it_cannot_read(tmp_path):
    root = tmp_path / "videos"
    (root / "sub").mkdir(parents=True)
    os.symlink("loop-b", root / "sub" / "loop-a")
    os.symlink("loop-a", root / "sub" / "loop-b")
    write_video(root / "red.mp4", [Segment(2, "red")])
    assert _walk(str(root)) == _rescan_finds(root) == (True, True)


def test_a_still_gif_is_no_video_seen(tmp_path):
    import av  # (a one-frame GIF, as a phone's sticker)
    import numpy as np

    root = tmp_path / "videos"
    root.mkdir()
    with av.open(str(root / "still.gif"), "w") as out:
        stream = out.add_stream("gif", rate=1)
        stream.width, stream.height, stream.pix_fmt = 16, 16, "rgb8"
        frame = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), np.uint8), format="rgb24")
        for packet in [*stream.encode(frame), *stream.encode()]:
            out.mux(packet)
    assert _walk(str(root)) == _rescan_finds(root) == (True, False)


def test_seekframes_own_folders_and_the_librarys_other_folders_are_not_walked(tmp_path, monkeypatch):
    root = tmp_path / "videos"
    home = root / "Seekframe"  # (SEEKFRAME_HOME inside a library folder: its demo videos are Seekframe's)
    monkeypatch.setenv("SEEKFRAME_HOME", str(home))
    write_video(home / "demo-videos" / "demo.mp4", [Segment(2, "green")])
    write_video(root / "camera" / "clip.mp4", [Segment(2, "blue")])  # (a library folder of its own)
    assert _walk(str(root), [str(root / "camera")]) == (True, False)
    from core.library.records import VideoRecord

    def record(video_id, path, folder):
        return VideoRecord(video_id=video_id, path=str(path), root=str(folder), size=1, mtime=0.0, content_hash="")

    records = [record("a", root / "gone.mp4", root), record("b", root / "camera" / "clip.mp4", root / "camera")]
    assert FolderVideos(records).walked(str(root)) == (True, False)
