"""A library.json edited by hand (or written by a later release) with a ``copied_folders`` or ``moved_folders``
value of another shape: a run leaves such a value out (``core.folder_moved.copy_fits``), but `seekframe status`
took it as it was and failed ("an unexpected error … a fault of Seekframe's": ``f.copied[1]`` of [Movies]), as the
window's status read would on every read. Status reads them as a run does now: a value that does not fit is no
record, the folder said as any missing one."""

from __future__ import annotations

import json

from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_folder_renamed_rescan import _folder, encoder  # noqa: F401  (encoder: the fixture)

MISSING = "the folder is missing or cannot be read"


WRONG = [("copied_folders", ["elsewhere"]),  # (one item short: IndexError)
         ("copied_folders", ["elsewhere", 2, "2026-12-07"]),  # (one more: said found in "elsewhere")
         ("moved_folders", 5)]


def test_status_reads_a_record_of_the_wrong_shape_as_none(tmp_path, capsys, encoder):
    videos, lib = tmp_path / "Videos", tmp_path / "lib"
    _folder(videos, ("red",))
    assert run_cli(capsys, "index", videos, "--library", lib, "-q")[0] == 0
    videos.rename(tmp_path / "away")
    for key, value in WRONG:  # (one library, each record alone)
        with VideoLibrary(str(lib)) as library:
            library.update_settings(**{"copied_folders": None, "moved_folders": None, key: {str(videos): value}})
        code, out, err = run_cli(capsys, "status", "--library", lib)
        line = next(s for s in out.splitlines() if s.startswith("Folder:") and s.split()[1] == str(videos))
        assert code == 0 and MISSING in line, (key, value, out + err)
        code, out, err = run_cli(capsys, "status", "--library", lib, "--json")
        folder = next(f for f in json.loads(out)["folder_status"] if f["path"] == str(videos))
        assert (code == 0 and MISSING in folder["why"] and "copied_to" not in folder
                and "moved_to" not in folder), (key, value, folder)
