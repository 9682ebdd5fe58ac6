"""The status read worked out ``kept_apart`` (the library folders a folder added above them leaves
listed, ``core.taking_in``) by walking up every offline video's path, at every read (every 0.7 s in
the window during a run): 12-25 ms at 20,000 offline videos with the GIL held, for an answer used
only when a folder is added (s55 app review). It now takes it from the per-folder offline counts the
read makes anyway (``kept_apart_counted``): the same folders, no walk of the videos."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import core.taking_in as taking_in
from core.folder_counts import folder_counts
from core.library.records import DONE, PENDING
from core.taking_in import kept_apart, kept_apart_counted
from tests.app.test_add_question_offline_inside import _library, _status

FOLDERS = ["/A", "/A/B", "/A/C", "/D", "/A/Bee", "/F/clip.mp4"]


def _counted(folders, held, offline_paths, online_paths=("/A/C/on.mp4", "/D/on.mp4")):
    rows = [SimpleNamespace(path=p, status=DONE, quick=False, offline=True, video_id=p) for p in offline_paths]
    rows += [SimpleNamespace(path=p, status=PENDING, quick=False, offline=False, video_id=p) for p in online_paths]
    counted, _ = folder_counts(rows, folders, set())
    return kept_apart_counted(folders, held, {f for f in folders if counted[f][4]})


@pytest.mark.parametrize("held, offline", [
    ({"/D": "missing"}, []),
    ({"/A/B": "valve"}, ["/A/B/x.mp4"]),
    (None, ["/A/Bee/y.mp4", "/A/B/z/x.mp4"]),
    ({}, ["/E/x.mp4"]),
    ({}, ["/F/clip.mp4"]),  # (a video given by name)
    ({}, ["/A/x.mp4"]),  # (in A, none of the folders inside it)
])
def test_the_counts_give_the_walks_folders(held, offline):
    assert _counted(FOLDERS, held, offline) == kept_apart(FOLDERS, held, offline)


def test_a_status_read_walks_no_video_path(tmp_path, capsys, monkeypatch):
    top, lib = _library(tmp_path, capsys, monkeypatch)  # (A/Clips held, its video offline; A/Other online)

    def walked(*_a, **_k):
        raise AssertionError("the status read walked every offline video's path")

    monkeypatch.setattr(taking_in, "kept_apart", walked)
    assert _status(lib).kept_apart == (str(top / "Clips"),)
