"""`seekframe search` on a library whose drive was unplugged since its last index (found in the
session-51 audit: a tmpfs unmounted, its mount point left empty): every result was shown as if its
file were there, with no mark, and --json said "offline": false, "missing": false, while the window
marks such results offline (app.found.annotate), as the next index keeps them. Now the CLI says
"(offline)" too; a file deleted from a folder that is there is still "gone since it was indexed"."""

from __future__ import annotations

import json
import os

from tests.cli_run import run_cli
from tests.test_search_said import copies, fake_model  # noqa: F401  (fixtures)


def _lines(out: str, name: str) -> list[str]:
    return [line for line in out.splitlines() if name in line]


def test_results_on_an_unplugged_drive_are_said_offline(copies, capsys, tmp_path):
    videos, lib = copies
    os.rename(videos, tmp_path / "unplugged")
    videos.mkdir()  # (the mount point left empty)
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4")
    assert code == 0 and _lines(out, "blue.mp4"), out
    assert all("(offline)" in line and "gone" not in line for line in _lines(out, ".mp4")), out
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4", "--json")
    rows = json.loads(out)
    assert rows and all(r["offline"] and not r["missing"] for r in rows), rows


def test_a_file_deleted_from_a_folder_that_is_there_is_still_gone(copies, capsys):
    videos, lib = copies
    os.remove(videos / "blue.mp4")
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4")
    blue = _lines(out, "blue.mp4")
    assert code == 0 and blue and "(file moved, renamed or deleted since it was indexed)" in blue[0] and "(offline)" not in blue[0], out
    assert not any("(offline)" in line for line in _lines(out, "red")), out
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4", "--json")
    row = next(r for r in json.loads(out) if r["path"].endswith("blue.mp4"))
    assert row["missing"] and not row["offline"], row
