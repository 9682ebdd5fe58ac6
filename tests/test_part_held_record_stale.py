"""``seekframe index ~/Videos`` with ~ listed (~/Videos taken in by it, indexed as part of it) while
~/Videos was empty (its drive unplugged) recorded ~/Videos as held, 'empty' (library setting ``held_roots``), and no
run ever cleared it: ~'s runs judged ~/Videos's videos since without touching that record, as
``root_ids`` was (eb9f93b). Once ~ was forgotten with ``--keep-inside``, ~/Videos was listed again
with it: ``seekframe status`` said it offline, 'the folder is empty', its videos there and
indexed, and the library took it for offline (never mapped through a link, never folded into a
new folder). Now a run drops the held records of the folders in its roots that are not listed,
and forgetting a folder drops those of the unlisted folders in it (``LibrarySettings.without``)."""

from __future__ import annotations

import os

from core.library import VideoLibrary
from tests.test_forget_took_in import took_in
from tests.test_status_folders import encoder, folder_status, run  # noqa: F401


def _held(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return dict(library.meta.settings.held_roots or {})


def _part_held_missing(tmp_path, capsys):
    home, videos, phone, lib = took_in(tmp_path, capsys)
    os.rename(videos, tmp_path / "aside")
    os.mkdir(videos)  # (an unplugged drive's mount point, left empty)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0  # (a part of ~ indexed alone: held)
    assert _held(lib) == {str(videos): "empty"}
    os.rmdir(videos)
    os.rename(tmp_path / "aside", videos)
    return home, videos, lib


def _kept_is_online(capsys, home, videos, lib):
    code, _, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0, err
    status = folder_status(capsys, lib)[str(videos)]
    assert status["online"] and status["held"] is None and status["videos"]["offline"] == 0, status


def test_a_run_of_the_folder_drops_the_held_record_of_a_part_indexed_alone(tmp_path, capsys):
    home, videos, lib = _part_held_missing(tmp_path, capsys)
    code, _, err = run(capsys, "index", home, "--library", lib)
    assert code == 0 and "0 to index" in err, err
    assert _held(lib) == {}
    _kept_is_online(capsys, home, videos, lib)


def test_forgetting_the_folder_drops_the_held_record_of_a_part(tmp_path, capsys):
    home, videos, lib = _part_held_missing(tmp_path, capsys)
    code, _, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0, err
    assert _held(lib) == {}  # (~/Videos listed again: nothing held till its next index)
    assert folder_status(capsys, lib)[str(videos)]["held"] is None
    code, _, err = run(capsys, "index", videos, "--library", lib)
    assert code == 0 and "0 to index" in err, err
    assert folder_status(capsys, lib)[str(videos)]["online"]
