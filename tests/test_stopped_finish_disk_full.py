"""A disk that fills just as an index run notes it finished (the write of library.json that drops
the run's stopped-run record, ``core.stopped_runs.finished``) made `seekframe index` end as a
full disk does, exit code 3, "The disk ... is full", though every video of the run was in the
library. Now the run finishes as it did (its summary said, exit code 0: every file was indexed),
and says apart that the library could not note it finished; the record stays, said by nothing
since no file is left, and the next run drops it."""

from __future__ import annotations

import errno
import json

from core import stopped_runs
from core.cli import main
from core.library import store
from tests.cli_proc import indexed_folder
from tests.videos import Segment, write_video


def test_a_full_disk_at_the_finished_note_fails_no_video(tmp_path, capsys, monkeypatch):
    model, videos, lib = indexed_folder(tmp_path)
    folder = tmp_path / "D"
    for i, colour in enumerate(("green", "white")):
        write_video(folder / f"new{i}.mp4", [Segment(2, colour)], seed=10 + i)
    real = store.VideoLibrary.update_settings

    def full_at_finish(self, **values):
        if stopped_runs.KEY in values and values[stopped_runs.KEY] is None:  # (the write dropping the record)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, **values)

    capsys.readouterr()
    with monkeypatch.context() as m:
        m.setattr(store.VideoLibrary, "update_settings", full_at_finish)
        code = main(["index", str(folder), "--library", str(lib)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Indexed 2 of 2 video files" in err and stopped_runs.unnoted_text() in err, err
    assert "Traceback" not in err and err.count("is full") == 1, err
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert f"Folder:  {folder}  online, 2 videos (2 done" in out and "before it finished" not in out, out
    settings = json.loads((lib / "library.json").read_text())["extra"]["settings"]
    assert str(folder) in settings[stopped_runs.KEY]  # (kept: the next run drops it)
    assert main(["index", "--library", str(lib), "-q"]) == 0
    settings = json.loads((lib / "library.json").read_text())["extra"]["settings"]
    assert stopped_runs.KEY not in settings
