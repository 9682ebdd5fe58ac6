"""A new library that a full disk kept from being made (its tables or its first library.json refused):
the open left a lock file and empty table folders, no library.json; `seekframe status` then read
them as a library with no model and no folder, and the CLI said an index's words ('every video
indexed before this is in it') of a library never made. Now what that open made is removed, the
refusal says the new library was not made, and the same command once there is room makes it."""

from __future__ import annotations

import errno

import pytest

from core.cli import EXIT_DISK_FULL, main
from core.library import meta as meta_io
from tests.fakes import cli_encoder
from tests.mounts import mounts  # noqa: F401  (the fixture)
from tests.new_library_disk import filled_disk, meta_writes_refused, short_clips
from tests.test_disk_full import consistent

NOT_MADE = "was not made: the disk holding it is full"


@pytest.fixture(autouse=True)
def _encoder(monkeypatch):
    cli_encoder(monkeypatch)


def _said_not_made(capsys, lib) -> str:
    err = capsys.readouterr().err
    assert f"The new library {lib} {NOT_MADE}" in err and "every video indexed before" not in err, err
    assert "Nothing was indexed and your videos are untouched" in err, err
    assert main(["status", "--library", str(lib)]) == 2  # (no library there: not one with no model)
    assert "No library at" in capsys.readouterr().err
    return err


@pytest.mark.parametrize("free_kb", [0, 16])
def test_a_real_full_disk_leaves_no_half_made_library(tmp_path, capsys, mounts, free_kb):
    videos, disk = short_clips(tmp_path), filled_disk(tmp_path, mounts, free_kb)
    lib = disk / "new" / "lib"
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    assert "nothing of the library was left there" in _said_not_made(capsys, lib)
    assert sorted(p.name for p in disk.iterdir()) == ["filler"]  # (the folders it made for it too)
    (disk / "filler").unlink()
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 2


def test_the_first_library_json_refused_leaves_the_folder_as_it_was(tmp_path, monkeypatch, capsys):
    """The tables made, library.json refused: they go; an empty folder the user gave stays, empty."""
    videos, lib = short_clips(tmp_path), tmp_path / "lib"
    lib.mkdir()
    with monkeypatch.context() as m:
        meta_writes_refused(m, made=False)
        assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    _said_not_made(capsys, lib)
    assert list(lib.iterdir()) == []
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 2


def test_what_could_not_be_removed_is_finished_by_the_next_run(tmp_path, monkeypatch, capsys):
    import core.library.unmade as unmade

    videos, lib = short_clips(tmp_path), tmp_path / "lib"

    def rmtree(path, *a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    with monkeypatch.context() as m:
        meta_writes_refused(m, made=False)
        m.setattr(unmade.shutil, "rmtree", rmtree)
        assert main(["index", str(videos), "--library", str(lib), "-q"]) == EXIT_DISK_FULL
    err = capsys.readouterr().err
    assert f"The new library {lib} {NOT_MADE}" in err and "is finished by the next try" in err, err
    assert (lib / meta_io.DB_DIR).is_dir() and not (lib / meta_io.META_FILE).exists()
    assert main(["index", str(videos), "--library", str(lib), "-q"]) == 0
    assert consistent(lib) == 2
