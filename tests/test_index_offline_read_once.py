"""An index run of one library folder reads which of the library's other folders are offline
(``core.folder_spelling.offline_folders``, over every row) once: for its scan (never walked, never
looked at) and for its plan's look for a folder renamed (``core.sync_missing.MissingFolders``), which read
it again over all the rows. Same answers: the offline folder's videos are not taken for moved."""

from __future__ import annotations

import core.folder_spelling
import core.indexer
import core.sync_missing
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401


def test_one_run_reads_the_offline_folders_once(tmp_path, capsys, monkeypatch):
    a, b, lib = make_folder(tmp_path / "a", 1), make_folder(tmp_path / "b", 2), tmp_path / "lib"
    assert run(capsys, "index", a, b, "--library", lib)[0] == 0
    make_folder(tmp_path / "new", 2)
    (tmp_path / "new" / "clip1.mp4").rename(a / "fresh.mp4")  # (a new file in a: looked up among the moved)
    calls, real = [], core.folder_spelling.offline_folders

    def counted(*args, **kw):
        calls.append(args[1])
        return real(*args, **kw)

    for module in (core.folder_spelling, core.indexer, core.sync_missing):
        monkeypatch.setattr(module, "offline_folders", counted)
    code, out, err = run(capsys, "index", a, "--library", lib)
    assert code == 0, err
    assert len(calls) == 1, calls
    status = folder_status(capsys, lib)
    assert status[str(a)]["videos"]["total"] == 2 and status[str(b)]["videos"]["total"] == 2, status
