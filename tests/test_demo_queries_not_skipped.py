"""The demo's run ended "Indexed 12 files (31 moments). Skipped (not videos): 1 other file" (s55 G audit,
first run): the file was the demo's own list of queries (QUERIES.md, written beside the clips by
``seekframe demo`` and the window's "Try the demo library"), which puzzles a new user who put no file
there. The scan passes over it in the demo clips' folder, as over Seekframe's own files in its data home;
a file of the user's there, and a QUERIES.md anywhere else, are still counted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from core.demo import DEMO_FILES, default_demo_dir, queries_markdown
from core.paths import DEMO_CLIP_NAMES, DEMO_QUERIES_NAME
from core.scan import scan


def test_the_demo_folders_queries_are_not_counted_a_users_file_is(tmp_path):
    demo = default_demo_dir()
    demo.mkdir(parents=True)
    (demo / DEMO_QUERIES_NAME).write_text(queries_markdown(), encoding="utf-8")
    assert scan([str(demo)]).skipped == {}
    (demo / "notes.txt").write_text("mine")
    assert scan([str(demo)]).skipped == {"other file": 1}


def test_a_queries_file_elsewhere_is_the_users(tmp_path):
    (tmp_path / "trip").mkdir()
    (tmp_path / "trip" / DEMO_QUERIES_NAME).write_text("my list")
    assert scan([str(tmp_path / "trip")]).skipped == {"other file": 1}


def _demo_out(folder, **newline):
    """A folder as `seekframe demo --out DIR` leaves it: the clips (their names: the scan reads none) and
    QUERIES.md (``newline``: as write_text writes it on Windows)."""
    folder.mkdir()
    for name in DEMO_FILES:
        (folder / name).write_bytes(b"")
    (folder / DEMO_QUERIES_NAME).write_text(queries_markdown(), encoding="utf-8", **newline)
    return folder


def test_the_queries_the_demo_wrote_to_a_folder_of_the_users_choosing_are_not_counted(tmp_path):
    """`seekframe demo --out DIR` (README: "or --out DIR") then the index it prints: its run said "Skipped
    (not videos): 1 other file" of the demo's own QUERIES.md (s59 K). It is told by the demo's clips beside it,
    not by its size (s59 rv_11): the list written with Windows' line ends is passed over too, a user's own
    QUERIES.md of the very size of the demo's, in a folder of theirs, is counted."""
    assert scan([str(_demo_out(tmp_path / "my demo"))]).skipped == {}
    assert scan([str(_demo_out(tmp_path / "on windows", newline="\r\n"))]).skipped == {}
    mine = tmp_path / "trip"
    mine.mkdir()
    (mine / DEMO_QUERIES_NAME).write_bytes(b"x" * len(queries_markdown().encode("utf-8")))
    assert scan([str(mine)]).skipped == {"other file": 1}


def test_the_scan_knows_the_demo_clips_by_name_without_importing_the_demo(tmp_path):
    """The walk tells the demo's folder by its clips' names (``core.paths.DEMO_CLIP_NAMES``), the very names
    core.demo writes, without importing core.demo (cv2, numpy) in the walk of a folder holding a QUERIES.md."""
    assert DEMO_CLIP_NAMES == DEMO_FILES
    folder = _demo_out(tmp_path / "my demo")
    code = ("import sys; from core.scan import scan; assert scan([sys.argv[1]]).skipped == {}; "
            "print(sorted(m for m in ('core.demo', 'cv2') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "[]", run.stdout + run.stderr
