"""A library folder's drive plugged back in: the videos its run indexes again are online. Before,
a video the run had to index again (changed while the drive was away, or left with only its quick
pass's moments by a run the unplugging cut short) was written back still marked offline: `seekframe
status` counted it offline in a folder online, and searches showed its moments '(offline)' though
its file was there, until one more run of the folder. Now the records a run indexes (or rechecks)
are online; one found unchanged at its path is back online as soon as the run plans, one changed
(another file there now) once its run has indexed it, never its old moments served before."""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pytest

import core.cli

from core.library import VideoLibrary
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401
from tests.videos import Segment, write_video


def _offline_flags(lib) -> dict[str, bool]:
    with VideoLibrary(lib, read_only=True) as library:
        return {os.path.basename(v.path): v.offline for v in library.video_table.all()}


def _offline_at_the_plan(capsys, lib) -> dict[str, bool]:
    """An index run cut (killed) right after its plan's cheap changes: the videos' offline flags then."""
    import core.index_pass

    seen = {}

    def stop(self, *a, **k):
        seen.update(_offline_flags(lib))
        raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(core.index_pass.IndexPass, "_start_decoders", stop)
        try:
            run(capsys, "index", "--library", lib)
        except KeyboardInterrupt:
            pass
    return seen


def _unplug(capsys, drive, away, lib):
    os.rename(drive, away)
    assert run(capsys, "index", "--library", lib)[0] == 0
    assert set(_offline_flags(lib).values()) == {True}  # (kept, offline)


def _plug_back_and_index(capsys, drive, away, lib):
    os.rename(away, drive)
    code, out, err = run(capsys, "index", "--library", lib)
    assert code == 0, (out, err)
    return out + err


def test_a_video_changed_while_its_drive_was_away_is_online_once_indexed_again(tmp_path, capsys, encoder, monkeypatch):
    drive, away, lib = make_folder(tmp_path / "drive", 2), tmp_path / "unplugged", tmp_path / "lib"
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    _unplug(capsys, drive, away, lib)
    write_video(away / "clip0.mp4", [Segment(3, "yellow")], seed=11)  # edited elsewhere meanwhile
    out = _plug_back_and_index(capsys, drive, away, lib)
    assert "1 to index" in out, out
    assert _offline_flags(lib) == {"clip0.mp4": False, "clip1.mp4": False}
    assert folder_status(capsys, lib)[str(drive)]["videos"]["offline"] == 0
    yellow = np.array([[1, 1, 0, 1]], np.float32) / np.sqrt(3)  # (the fake's vector of a yellow frame)
    encoder.encode_text = lambda texts: np.repeat(yellow, len(texts), axis=0)
    monkeypatch.setattr(core.cli.cli_models, "text_encoder", lambda *a: encoder)
    code, out, err = run(capsys, "search", "yellow", "--library", lib, "-k", "1")
    assert code == 0 and "clip0.mp4" in out and "(offline)" not in out, (out, err)


def test_a_video_left_at_its_quick_pass_by_an_unplugging_is_online_once_finished(tmp_path, capsys):
    drive, away, lib = make_folder(tmp_path / "drive", 2), tmp_path / "unplugged", tmp_path / "lib"
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    with VideoLibrary(lib) as library:  # as a run cut short in its full pass leaves them
        library.video_table.merge([replace(v, quick=True) for v in library.video_table.all()])
    _unplug(capsys, drive, away, lib)
    out = _plug_back_and_index(capsys, drive, away, lib)
    assert "2 to index" in out, out
    assert _offline_flags(lib) == {"clip0.mp4": False, "clip1.mp4": False}
    assert folder_status(capsys, lib)[str(drive)]["videos"]["offline"] == 0


def test_a_video_replaced_while_away_by_one_that_fails_never_shows_the_old_moments_online(tmp_path, capsys, encoder):
    """Another file at the path (here one that cannot be read): the old content's moments are
    never served as that file's, online, neither once the plan is applied nor after its run."""
    drive, away, lib = make_folder(tmp_path / "drive", 2), tmp_path / "unplugged", tmp_path / "lib"
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    _unplug(capsys, drive, away, lib)
    (away / "clip0.mp4").write_bytes(b"not a video any more " * 4096)
    os.rename(away, drive)
    seen = _offline_at_the_plan(capsys, lib)
    assert seen.get("clip0.mp4") is True, seen  # (its old moments not served as the new file's)
    code, out, err = run(capsys, "index", "--library", lib)
    with VideoLibrary(lib, read_only=True) as library:
        rec = {os.path.basename(v.path): v for v in library.video_table.all()}["clip0.mp4"]
        moments = library.moment_table.of(rec.video_id)
    assert rec.offline or rec.status != "done" or not moments, (rec, out, err)


def test_a_video_whose_mtime_alone_changed_while_away_is_back_online_at_the_plan(tmp_path, capsys):
    """A video left at its quick pass (a run cut short in its full pass), its file's mtime alone
    changed while its drive was away (a FAT drive's local-time stamps read after a clock change, a
    copy back that kept no dates): the same content, so its quick moments are its own. ae02dbd kept
    it offline until its full pass committed ('(offline)' in every search though its file was
    there), and for good if the run was cut; now it is back online at the plan, as before."""
    drive, away, lib = make_folder(tmp_path / "drive", 2), tmp_path / "unplugged", tmp_path / "lib"
    assert run(capsys, "index", drive, "--library", lib)[0] == 0
    with VideoLibrary(lib) as library:  # as a run cut short in its full pass leaves them
        library.video_table.merge([replace(v, quick=True) for v in library.video_table.all()])
    _unplug(capsys, drive, away, lib)
    st = os.stat(away / "clip0.mp4")
    os.utime(away / "clip0.mp4", (st.st_atime, st.st_mtime + 3600))  # (the same bytes)
    os.rename(away, drive)
    seen = _offline_at_the_plan(capsys, lib)
    assert seen == {"clip0.mp4": False, "clip1.mp4": False}, seen
