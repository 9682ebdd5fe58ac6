"""`seekframe status` printed the library's figures as the stats dict's own keys and Python values
(``by_status: {'pending': 0, 'done': 7, 'failed': 1, 'not_videos': 1}``, ``ann_index: False``,
``size_bytes: 121661``, the model's folder again as ``model_source``): a new user's first status
read as a debug dump. They are lines in words now (core.status_figures); ``--json`` keeps the keys."""

from __future__ import annotations

import json

from core.status_figures import figures_lines
from core.timefmt import format_bytes
from tests.cli_run import run_cli


def test_status_says_the_library_s_figures_in_words(noted_library, capsys):
    _, lib = noted_library
    code, out, err = run_cli(capsys, "status", "--library", str(lib))
    assert code == 0, out + err
    assert "Videos:  2 (2 done, 0 failed)" in out and "Captions and notes: 1" in out, out
    assert "Moments: " in out and " on disk" in out, out
    for raw in ("by_status", "{'", "size_bytes", "ann_index", "ann_unindexed", "dim:", "model_source"):
        assert raw not in out, (raw, out)
    code, out, _ = run_cli(capsys, "status", "--json", "--library", str(lib))
    data = json.loads(out)  # (scripts keep the keys)
    assert data["by_status"]["done"] == 2 and data["size_bytes"] > 0 and "ann_index" in data


def test_the_figures_count_what_is_waiting_skipped_and_offline():
    stats = {"videos": 1295, "by_status": {"pending": 3, "done": 1290, "failed": 2, "not_videos": 5}, "offline": 40,
             "moments": 52000, "captions": 0, "model_id": "m", "model_source": "/m", "dim": 384, "ann_index": True,
             "ann_unindexed": 1, "size_bytes": 3_000_000_000}
    assert figures_lines(stats) == [
        "Videos:  1,295 (1,290 done, 3 waiting to be indexed, 2 failed, 40 offline)",  # (the 5 no videos: listed
        # apart by `status`, "Not videos (skipped): ...", not counted among the videos)
        "Moments: 52,000 (searched through an index; 1 newer moment searched exactly)",
        "Captions and notes: 0",
        "Size:    3.0 GB on disk"]


def test_status_gives_a_size_as_the_window_does():
    """`seekframe status` stepped by 1024 (121661 bytes: "119 KB") where the window's format_bytes
    steps by 1000 ("121.7 KB"): one library's size read otherwise in each. One rule now, decimal,
    its labels honest for it (kB, not KB, a kibibyte's)."""
    for n in (0, 999, 1536, 121661, 999_960, 20 * 1024 ** 2, 3 * 1024 ** 3, 4_200_000_000_000):
        assert figures_lines({"size_bytes": n})[-1] == f"Size:    {format_bytes(n)} on disk"
    assert [format_bytes(n) for n in (0, 999, 1536, 121661, 999_960, 20 * 1024 ** 2, 3 * 1024 ** 3,
                                      4_200_000_000_000)] == [
        "0 bytes", "999 bytes", "1.5 kB", "121.7 kB", "1.0 MB", "21.0 MB", "3.2 GB", "4.2 TB"]


def test_a_folder_s_line_counts_its_files_that_are_no_videos(noted_library, capsys):
    """The folder's line said "3 videos (2 done, 0 failed, 0 offline)" of a folder holding an empty
    clip.mp4 beside its two videos: its counts did not add up to its total."""
    videos, lib = noted_library
    (videos / "empty.mp4").write_bytes(b"")
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "status", "--library", str(lib))
    assert f"Folder:  {videos}  online, 2 videos (2 done, 0 failed, 0 offline); 1 file skipped, not a video" in out, \
        out + err
    assert "Videos:  2 (2 done, 0 failed)" in out, out


def test_a_text_file_named_as_a_video_is_no_video_in_the_counts(noted_library, capsys):
    """A folder of videos and a list saved as list.mov (text) read "Videos: 3 (2 done, 0 failed, 1 not
    a video)": a text file counted as a video. It is counted apart now, in the words and the JSON
    alike (``videos`` and a folder's ``total`` count videos; ``not_videos`` beside them)."""
    videos, lib = noted_library
    (videos / "list.mov").write_text("milk\neggs\nbread\n")
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "status", "--library", str(lib))
    assert code == 0, out + err
    assert "Videos:  2 (2 done, 0 failed)" in out and "not a video)" not in out, out
    assert f"online, 2 videos (2 done, 0 failed, 0 offline); 1 file skipped, not a video" in out, out
    assert "Not videos (skipped): 1 text file" in out and f"{videos / 'list.mov'}: not a video" in out, out
    code, out, _ = run_cli(capsys, "status", "--json", "--library", str(lib))
    data = json.loads(out)
    assert data["videos"] == 2 and data["by_status"]["not_videos"] == 1, data
    folder = data["folder_status"][0]["videos"]
    assert (folder["total"], folder["not_videos"], folder["done"]) == (2, 1, 2), folder
    assert [v["path"] for v in data["not_videos"]] == [str(videos / "list.mov")], data["not_videos"]
