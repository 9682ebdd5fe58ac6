"""A run the user cancelled whose record could not say so (the disk full as the cancel came:
``run_ends.ended`` swallowed the failure) read "killed" once its process was gone, and the window
resumed it at its next open, against the user's choice. Now the library handle keeps the end it could
not write and writes it when it lets go of its writer lock (the window between jobs) or closes, once
there is room again. Here even the in-place write over the room the record reserved for its end
(``run_ends.ended_in_place``, which a full disk allows) is refused, as a file system that copies
on write (btrfs, ZFS) may refuse it: only a disk still full at the close then leaves it unsaid."""

from __future__ import annotations

import errno

import pytest

from core import service, stopped_runs
from core.library import VideoLibrary
from core.library import meta_in_place
from tests.cli_proc import indexed_folder
from tests.test_stopped_run_ended import _new_folder


def _ends(library) -> set:
    return {rec.get("ended") for rec in stopped_runs.recorded(library.meta.settings).values()}


@pytest.mark.parametrize("then", ["let_go", "close", "let_go_then_close"])
def test_a_cancel_the_full_disk_kept_unsaid_is_said_once_there_is_room(tmp_path, monkeypatch, then):
    from core.encoders import Encoder

    model, videos, lib = indexed_folder(tmp_path)
    folder = _new_folder(tmp_path)
    library = VideoLibrary(lib)
    run = service.IndexRun(library, Encoder.load(str(model)), [str(folder)], part_of_folder=True)
    full = [False]
    real = VideoLibrary.update_settings

    def update(self, **values):
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, **values)

    def patch(*a, **k):  # (a file system that copies on write: no room for an in-place write either)
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_patch(*a, **k)

    real_patch = meta_in_place.patch_meta
    monkeypatch.setattr(VideoLibrary, "update_settings", update)
    monkeypatch.setattr(meta_in_place, "patch_meta", patch)
    for ev in run.events():
        if ev.kind == "scanned":
            full[0] = True  # (the plan recorded; the disk full as the user cancels)
            run.cancel(chosen=True)
    assert ev.kind == "cancelled" and _ends(library) == {None}  # (unsaid: it would read "killed")
    if then.startswith("let_go"):
        assert library.release_writer()  # (still full: kept for the next try)
        assert _ends(library) == {None}
    if then == "let_go":
        library.take_writer()
    full[0] = False  # (room again)
    if then == "let_go":
        assert library.release_writer()
        assert _ends(library) == {"cancelled"}
        library.close()
    else:  # (the window let go of the lock, then closes: it takes it back to say it)
        library.close()
        with VideoLibrary(lib, read_only=True) as reader:
            assert _ends(reader) == {"cancelled"}
    with VideoLibrary(lib, read_only=True) as reader:
        (stopped,) = stopped_runs.stopped(reader.meta.settings, reader.video_table.all())
    assert stopped.ended == stopped_runs.CANCELLED
