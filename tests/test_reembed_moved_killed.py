"""A video waiting to be embedded again (a --reindex A stopped part-way) moved into B keeps its wait under its
own path (``reembed_record.moved_values``, counted in B by ``waiting``). Where the run that found it moved was
killed (kill -9, a power cut), the window never resumed it: ``killed`` looked for an entry named B, and the
wait is kept under B/green.mp4, so nothing was resumed (s58 rv_6 #2). It is resumed as B's, with 1 video."""

from __future__ import annotations

import json
import os

from core import reembed_record
from core.library import VideoLibrary
from core.library.moments import MomentTable
from tests.cli_run import FixedTextEncoder, run_cli
from tests.test_reembed_sub_folder import _waiting
from tests.test_reindex_keeps_searchable import _two_folders, _videos
from tests.test_reindex_killed_record import _killed, dead_process
from tests.test_reindex_resumes import _crash_after_first_commit


def _as_killed(lib, owner: dict) -> None:
    """Every re-embed run recorded as ``owner``'s, its end unsaid (its process SIGKILLed); each entry's other
    fields (a video's own entry's folder) kept."""
    path = f"{lib}/library.json"
    with open(path) as f:
        data = json.load(f)
    runs = data["extra"]["settings"][reembed_record.RUNS]
    for r, rec in runs.items():
        rec.pop("ended", None)
        runs[r] = {**rec, **owner}
    with open(path, "w") as f:
        json.dump(data, f)


def test_a_waiting_video_moved_by_a_run_that_was_killed_is_resumed_in_its_new_folder(tmp_path, capsys,
                                                                                      monkeypatch):
    from app.resume import reembed_text
    from core import service

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    _crash_after_first_commit(monkeypatch, lib, a)
    (left,) = [n for n in ("red.mp4", "green.mp4") if _videos(lib)[n] == before[n]]
    os.rename(a / left, b / left)
    real = MomentTable.commit
    monkeypatch.setattr(MomentTable, "commit", lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with VideoLibrary(lib) as writer:  # (the run of A and B that finds it moved, killed at its first commit)
        try:
            list(service.IndexRun(writer, FixedTextEncoder(), [str(a), str(b)]).events())
        except KeyboardInterrupt:
            pass
    monkeypatch.setattr(MomentTable, "commit", real)
    _as_killed(lib, dead_process())
    with VideoLibrary(lib, read_only=True) as library:
        assert str(b / left) in reembed_record.runs(library.meta.settings)  # (its wait under its own path)

    assert _waiting(capsys, lib) == {str(b): 1}
    assert _killed(lib) == ((str(b), 1),)  # (the parent: (), never resumed)
    assert "with 1 video still to embed again" in reembed_text(_killed(lib))
    assert run_cli(capsys, "index", str(b), "--library", lib)[0] == 0  # (the resume's run: B's)
    assert _videos(lib)[left][1] > before[left][1]  # (embedded again)
    assert _waiting(capsys, lib) == {} and _killed(lib) == ()
