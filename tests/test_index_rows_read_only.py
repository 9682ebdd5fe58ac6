"""An index run copied every video row (``VideoTable.all``: a ``dataclasses.replace`` a row, 57-114 ms at 5,000
videos) where it only reads them: to record its plan (``stopped_runs.planned``), to know which other library
folders are offline (``MomentIndexer._unscanned``), and ``seekframe status``'s demo-model hint. They read the
table's uncopied view now, and so does the plan (``sync.plan_sync``), copying only the records it hands on."""

from __future__ import annotations

import sys
from types import SimpleNamespace

from core import cli_status
from core.library import VideoLibrary
from core.library.videos import VideoTable
from tests.videos import Segment, write_video
from tests.test_status_folders import encoder, make_folder, run  # noqa: F401


def counted_copies(monkeypatch) -> list[str]:
    """The functions that copy every row from now on, one name a copy."""
    copies, read_all = [], VideoTable.all

    def counted(self):
        copies.append(sys._getframe(1).f_code.co_name)
        return read_all(self)

    monkeypatch.setattr(VideoTable, "all", counted)
    return copies


def test_an_index_run_copies_the_rows_only_for_its_plan(tmp_path, capsys, monkeypatch, encoder):  # noqa: F811
    a, b, lib = make_folder(tmp_path / "a", 1), make_folder(tmp_path / "b", 1), tmp_path / "lib"
    assert run(capsys, "index", a, b, "--library", lib)[0] == 0
    write_video(b / "new.mp4", [Segment(3, "blue")], seed=7)  # (a new video: the run records its plan)
    copies = counted_copies(monkeypatch)
    code, out, err = run(capsys, "index", b, "--library", lib)  # (a, another library folder, not looked at)
    assert code == 0 and encoder.embedded, (out, err)
    assert "planned" not in copies and "_unscanned" not in copies, copies  # (old: both copied every row)
    assert "plan_sync" not in copies, copies  # (it reads the view since s53: its own copies only of what it hands on)


def test_the_demo_model_hint_copies_no_row(tmp_path, capsys, monkeypatch, encoder):  # noqa: F811
    lib = tmp_path / "lib"
    assert run(capsys, "index", make_folder(tmp_path / "a", 2), "--library", lib)[0] == 0
    copies = counted_copies(monkeypatch)
    with VideoLibrary(lib, read_only=True) as library:
        cli_status.model_hint(library, SimpleNamespace(domain="generated", name="demo"))
    assert copies == []  # (old: every row copied to look at their paths)
