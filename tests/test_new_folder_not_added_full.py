"""`seekframe index NEW` (and the window's Add) on a full disk that refused the one write listing the
new folder said an index run's words: 'Nothing was lost ... every video indexed before this is in
it ... run the same command again' (the window: 'Indexing stopped … choose Re-scan in the library
panel to index the rest', a re-scan that would never index the folder: it is not the library's),
and nothing said it later. It now says the folder was not added and to add it again once there is
room (the disk-full exit code)."""

from __future__ import annotations

import errno

import core.cli
from core.cli import EXIT_DISK_FULL, main
from core.library import meta as meta_io
from tests.fakes import ColourMeanEncoder
from tests.test_disk_full import consistent
from tests.videos import Segment, write_video


def refusing_the_listing_of(monkeypatch, folder) -> None:
    """A full disk for each whole write of library.json that would list ``folder``."""
    real = meta_io.write_meta

    def full(where, meta):
        if str(folder) in (meta.settings.folders or []):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(where, meta)

    monkeypatch.setattr(meta_io, "write_meta", full)


def test_a_new_folder_a_full_disk_kept_from_the_library_is_said_not_added(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    a, b, lib = tmp_path / "a", tmp_path / "b", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(b / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert main(["index", str(a), "--library", str(lib), "-q"]) == 0
    capsys.readouterr()
    with monkeypatch.context() as m:
        refusing_the_listing_of(m, b)
        assert main(["index", str(b), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    assert f"seekframe: {b} was not added to the library: the disk holding the library is full (or a disk " \
           "quota or the file size limit was reached). Nothing was lost: the library is consistent. Free some " \
           "space (or raise the limit), then run the same command again." in err, err
    assert "every video indexed before this" not in err and "Traceback" not in err, err
    assert main(["index", str(b), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 2
