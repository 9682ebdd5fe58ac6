"""``seekframe index ~/Videos/trip`` with ~/Videos listed (trip indexed as part of it) recorded
trip's drive (library setting ``root_ids``), and nothing ever removed that record: ~/Videos's runs
indexed trip since without renewing it. Once ~/Videos was on another drive (copied to a new disk,
the same files), the next ``index ~/Videos/trip`` judged trip against that old drive: a clip the
user had deleted from trip was kept, marked offline, 'seems to be gone (device)', on every such run,
while ``index ~/Videos`` removed it. Now a run that indexes a folder whole drops the drive records
of the folders in it that are not listed (``core.sync_apply.drive_records``), and forgetting a folder
(``--keep-inside`` too) or folding it drops those of the folders in it (``LibrarySettings.without``),
so a folder listed again starts afresh."""

from __future__ import annotations

import os
import shutil

from core.library import VideoLibrary
from tests.mounts import mounts  # noqa: F401 (the fixture)
from tests.test_forget_took_in import took_in
from tests.test_status_folders import encoder, make_folder, run  # noqa: F401


def _ids(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return dict(library.meta.settings.root_ids or {})


def _rows(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path: v.offline for v in library.video_table.all()}


def _deleted_clip_is_removed(lib, trip, capsys):
    gone = trip / "clip0.mp4"
    os.remove(gone)
    code, _, err = run(capsys, "index", trip, "--library", lib)
    assert code == 0, err
    assert "seem to be gone" not in err and "seems to be gone" not in err, err
    rows = _rows(lib)
    assert str(gone) not in rows and not any(rows.values()), rows


def test_a_part_indexed_alone_is_not_judged_by_a_drive_record_its_folder_outlived(tmp_path, capsys, mounts):
    videos, lib, aside = tmp_path / "Videos", tmp_path / "lib", tmp_path / "aside"
    mounts.tmpfs(videos)
    make_folder(videos, 1)
    trip = make_folder(videos / "trip", 3)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    assert run(capsys, "index", trip, "--library", lib)[0] == 0
    shutil.copytree(videos, aside)  # ~/Videos to a new disk: the same files, times kept
    mounts.unmount(videos)
    mounts.tmpfs(videos)
    shutil.copytree(aside, videos, dirs_exist_ok=True)
    code, _, err = run(capsys, "index", videos, "--library", lib)
    assert code == 0 and "0 to index, 4 unchanged" in err and "gone" not in err, err
    assert set(_ids(lib)) == {str(videos)}
    _deleted_clip_is_removed(lib, trip, capsys)


def _stale(lib, folder):
    """``folder``'s record as if made on a drive replaced since (without mounting: its device)."""
    with VideoLibrary(lib) as library:
        ids = dict(library.meta.settings.root_ids or {})
        ids[str(folder)] = {**ids[str(folder)], "device": ids[str(folder)]["device"] + 1}
        library.update_settings(root_ids=ids)


def test_a_run_of_the_folder_drops_the_record_of_a_part_indexed_alone(tmp_path, capsys):
    videos, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    trip = make_folder(videos / "trip", 3)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    assert run(capsys, "index", trip, "--library", lib)[0] == 0
    assert set(_ids(lib)) == {str(videos), str(trip)}  # (its own last clean index: kept till the folder's)
    _stale(lib, trip)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    assert set(_ids(lib)) == {str(videos)}
    _deleted_clip_is_removed(lib, trip, capsys)


def test_forgetting_drops_the_records_of_parts_and_a_folder_kept_starts_afresh(tmp_path, capsys):
    home, videos, phone, lib = took_in(tmp_path, capsys)
    assert run(capsys, "index", videos, "--library", lib)[0] == 0  # a part of ~ indexed alone
    assert str(videos) in _ids(lib)
    _stale(lib, videos)
    code, _, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0, err
    assert set(_ids(lib)) <= {str(phone)}, _ids(lib)  # (~/Videos listed again: no record till its next index)
    _deleted_clip_is_removed(lib, videos, capsys)  # (1 of its 2: not past the valve's half)
