"""A caption file written on Windows names its videos with backslashes (``2024\\red.mp4``,
``lib\\2024\\red.mp4``): on Linux and macOS such a row linked no video at all, not even by its
file name ("0 linked, 2 naming videos not in the library"). A reference that matches nothing as
written is now read with its backslashes as folder separators (a name as written first: on Linux
a file name may hold a backslash), and the folders a row names are compared split on both."""

from __future__ import annotations

import os

import pytest

from core.captions import resolve_video
from core.library import VideoLibrary
from core.library.records import VideoRecord
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _video(path: str) -> VideoRecord:
    return VideoRecord(video_id=path.replace("/", "")[-16:].rjust(16, "0"), path=path, root="/v", size=1,
                       mtime=0.0, content_hash="")


VIDS = [_video("/v/2023/red.mp4"), _video("/v/2024/red.mp4"), _video("/v/2024/blue.mp4")]


@pytest.mark.parametrize("ref, path", [
    ("2024\\red.mp4", "/v/2024/red.mp4"), ("v\\2024\\red.mp4", "/v/2024/red.mp4"), ("2023\\red", "/v/2023/red.mp4"),
    ("C:\\footage\\2024\\red.mp4", "/v/2024/red.mp4"), ("\\\\server\\share\\2024\\red.mp4", "/v/2024/red.mp4"),
    ("2024\\blue", "/v/2024/blue.mp4"), ("lib\\2024/red.mp4", "/v/2024/red.mp4"),  # (mixed: 2023's was taken)
])
def test_a_windows_reference_links_the_video_in_the_folders_it_names(ref, path):
    for order in (VIDS, VIDS[::-1]):
        assert resolve_video(ref, order).path == path


def test_a_name_that_holds_a_backslash_is_matched_as_written_first():
    vids = [_video("/v/2024/red.mp4"), _video("/v/a\\2024\\red.mp4")]  # (a Linux file name with backslashes)
    assert resolve_video("a\\2024\\red.mp4", vids).path == "/v/a\\2024\\red.mp4"
    assert resolve_video("green\\red.mp4", vids[:1]).path == "/v/2024/red.mp4"
    assert resolve_video("2024\\green.mp4", vids) is None


def test_a_csv_made_on_windows_links_its_rows(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    lib, videos = tmp_path / "lib", tmp_path / "videos"
    write_video(videos / "2023" / "red.mp4", [Segment(3, "red")], seed=1)
    write_video(videos / "2024" / "red.mp4", [Segment(3, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    (videos / "caps.csv").write_text("caption,video\na red bottle,2024\\red.mp4\nthe same bottle,videos\\2024\\red.mp4\n")
    code, out, err = run_cli(capsys, "captions-import", videos / "caps.csv", "--library", lib)
    assert code == 0 and "2 linked to videos" in out, (out, err)  # it was 0 linked
    with VideoLibrary(lib, read_only=True) as library:
        by_id = {v.video_id: v.path for v in library.video_table.all()}
        linked = {by_id[c.video_id] for c in library.caption_table.read(with_vectors=False)}
    assert linked == {os.path.join(videos, "2024", "red.mp4")}


def test_a_linux_folder_whose_name_holds_a_backslash_outranks_folders_it_would_spell():
    """A real folder named 'a\\b' (Linux allows it) and a chain a/b: the row 'a\\b/red.mp4' names
    the first as written; reading its backslash as a separator is only the fallback (e6b55af
    read both alike, and the first in the library's order won)."""
    from core.captions import resolve_video
    from core.library.records import VideoRecord

    def rec(i, p):
        return VideoRecord(video_id=i, path=p, root="/lib", size=1, mtime=0.0, content_hash=i, status="done",
                           duration=1.0)

    videos = [rec("v1", "/lib/c/a/b/red.mp4"), rec("v2", "/lib/a\\b/red.mp4")]
    for ref in ("a\\b/red.mp4", "x/a\\b/red.mp4"):
        assert resolve_video(ref, videos, base="/elsewhere").video_id == "v2", ref
    assert resolve_video("c\\a\\b\\red.mp4", videos, base="/elsewhere").video_id == "v1"  # (Windows-written)
