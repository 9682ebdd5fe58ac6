"""``seekframe status`` of a folder whose removal is pending (fault attack s42, finding 4). Before:
a `seekframe forget` killed after its rows were deleted, before its last write, left the folder
listed as ``online, 0 videos (0 done, 0 failed, 0 offline)`` right under "Forgetting X:
interrupted ...", as though it were an empty folder of the library. Now it is listed as the
window's library panel lists it, "(being removed)" (no count: its videos are no longer searched),
and a folder of the rest of a stopped forget of several, still searched, has its count and
"(being removed)"; ``being_removed`` in --json's ``folder_status`` ("now", "next"; absent: neither)."""

from __future__ import annotations

import json

from core.cli import main
from core.library import VideoLibrary
from tests.test_forget_whole import copy_library, indexed  # noqa: F401


def _status(capsys, lib) -> tuple[str, dict]:
    capsys.readouterr()
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert main(["status", "--library", str(lib), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return out, {f["path"]: f.get("being_removed") for f in data["folder_status"]}


def test_a_folder_whose_removal_is_under_way_is_said_being_removed(indexed, tmp_path, capsys):  # noqa: F811
    lib, a, b = copy_library(indexed, tmp_path), indexed["a"], indexed["b"]
    with VideoLibrary(lib) as library:  # (a forget killed after its rows went, before its last write)
        library.conn.write_meta(forgetting=a)
        library.video_table.delete([v.video_id for v in library.video_table.all() if v.path.startswith(a)])
    out, going = _status(capsys, lib)
    assert f"Forgetting {a}: interrupted" in out, out
    assert f"Folder:  {a}  (being removed)\n" in out, out
    assert f"Folder:  {a}  online" not in out
    assert f"Folder:  {b}  online, 1 video (1 done, 0 failed, 0 offline)\n" in out, out
    assert going == {a: "now", b: None}


def test_the_rest_of_a_stopped_forget_of_several_is_counted_and_said_being_removed(
        indexed, tmp_path, capsys):  # noqa: F811
    lib, a, b = copy_library(indexed, tmp_path), indexed["a"], indexed["b"]
    with VideoLibrary(lib) as library:
        library.conn.write_meta(forget_request=[b])
    out, going = _status(capsys, lib)
    assert f"Folder:  {b}  online, 1 video (1 done, 0 failed, 0 offline)  (being removed)\n" in out, out
    assert f"Folder:  {a}  online, 2 videos (2 done, 0 failed, 0 offline)\n" in out, out
    assert going == {a: None, b: "next"}
