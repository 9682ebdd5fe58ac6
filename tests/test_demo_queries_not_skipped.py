"""The demo's run ended "Indexed 12 files (31 moments). Skipped (not videos): 1 other file" (s55 G audit,
first run): the file was the demo's own list of queries (QUERIES.md, written beside the clips by
``seekframe demo`` and the window's "Try the demo library"), which puzzles a new user who put no file
there. The scan passes over it in the demo clips' folder, as over Seekframe's own files in its data home;
a file of the user's there, and a QUERIES.md anywhere else, are still counted."""

from __future__ import annotations

from core.demo import default_demo_dir, queries_markdown
from core.paths import DEMO_QUERIES_NAME
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


def test_the_queries_the_demo_wrote_to_a_folder_of_the_users_choosing_are_not_counted(tmp_path):
    """`seekframe demo --out DIR` (README: "or --out DIR") then the index it prints: its run said "Skipped
    (not videos): 1 other file" of the demo's own QUERIES.md (s59 K); a user's own list there still counts."""
    out = tmp_path / "my demo"
    out.mkdir()
    (out / DEMO_QUERIES_NAME).write_text(queries_markdown(), encoding="utf-8")  # (as core.demo.write_demo writes it)
    assert scan([str(out)]).skipped == {}
    (out / DEMO_QUERIES_NAME).write_text("my own list of queries\n")
    assert scan([str(out)]).skipped == {"other file": 1}
