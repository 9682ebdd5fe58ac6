"""A caption file names its videos as its writer saw them: ``2024/red.mp4`` beside the file.
Imported from another folder, such a row was linked to the first video called red.mp4 in the
library (another folder's red.mp4: the caption on the wrong clip). A relative path is now read
from the caption file's folder, and of several videos of one name the one in the folders named."""

from __future__ import annotations

import os

from core.captions import resolve_video
from core.library import VideoLibrary
from core.library.records import VideoRecord
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _video(path: str) -> VideoRecord:
    return VideoRecord(video_id=path.replace("/", "")[-16:].rjust(16, "0"), path=path, root="/v", size=1,
                       mtime=0.0, content_hash="", status="done")


def test_of_several_videos_of_one_name_the_one_in_the_folders_named_is_linked():
    vids = [_video("/v/2023/red.mp4"), _video("/v/2024/red.mp4"), _video("/w/2024/red.mov")]
    for order in (vids, vids[::-1]):
        assert resolve_video("2024/red.mp4", order).path == "/v/2024/red.mp4"
        assert resolve_video("2023/red.mp4", order).path == "/v/2023/red.mp4"
        assert resolve_video("v/2024/red", order).path == "/v/2024/red.mp4"  # a stem too
    assert resolve_video("red.mp4", vids).path == "/v/2023/red.mp4"  # a bare name: the first, as before
    assert resolve_video("blue.mp4", vids) is None


def test_a_relative_path_is_read_from_the_caption_files_folder(tmp_path, capsys, monkeypatch):
    """Imported from a folder that holds a tree of the same names (another camera's 2024/clip.mp4),
    the caption went to that folder's clip."""
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "phone" / "2024" / "clip.mp4", [Segment(4, "red")], seed=1)
    write_video(videos / "camera" / "2024" / "clip.mp4", [Segment(4, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    (videos / "camera" / "captions.csv").write_text("video,caption\n2024/clip.mp4,a blue screen\n")
    monkeypatch.chdir(videos / "phone")
    code, out, err = run_cli(capsys, "captions-import", videos / "camera" / "captions.csv", "--library", lib)
    assert code == 0 and "1 linked to a video" in out, (out, err)
    with VideoLibrary(lib, read_only=True) as library:
        by_id = {v.video_id: v.path for v in library.video_table.all()}
        linked = [by_id[c.video_id] for c in library.caption_table.read(with_vectors=False)]
    assert linked == [os.path.join(videos, "camera", "2024", "clip.mp4")]  # it was phone/2024/clip.mp4


def test_a_video_written_after_a_comma_and_a_space_is_the_video(tmp_path):
    """``caption, video`` / ``a dog, 2024/red.mp4``, as people type a CSV: the video was
    " 2024/red.mp4", whose folder " 2024" no video has (the first red.mp4 was taken)."""
    from core.captions import parse_caption_file

    (tmp_path / "c.csv").write_text("caption, video\na dog, 2024/red.mp4\n")
    rows = parse_caption_file(tmp_path / "c.csv")
    assert [(r.text, r.video) for r in rows] == [("a dog", "2024/red.mp4")]
    vids = [_video("/v/2023/red.mp4"), _video("/v/2024/red.mp4")]
    assert resolve_video(rows[0].video, vids).path == "/v/2024/red.mp4"
