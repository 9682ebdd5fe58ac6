"""``seekframe index SUB`` with SUB inside the library folder PARENT indexed it silently and listed
SUB as a library folder of its own (``status`` counted its videos twice, under PARENT and SUB); now
it is indexed as part of PARENT, not listed, and the run says so. The reverse, ``seekframe index
PARENT`` with SUB already listed: SUB is taken into PARENT (its videos kept, not embedded again),
said too. The app's own adds (``MomentIndexer`` without ``part_of_folder``) list what they add, as before."""

from __future__ import annotations

import shutil

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.fakes import ColourMeanEncoder
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401
from tests.videos import Segment, write_video


def roots(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path: v.root for v in library.video_table.all()}


def test_a_folder_inside_a_library_folder_is_indexed_as_part_of_it_and_said(tmp_path, capsys):
    parent, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    sub = make_folder(parent / "trip", 2)
    assert run(capsys, "index", parent, "--library", lib)[0] == 0
    write_video(sub / "new.mp4", [Segment(2, "blue")], seed=9)  # a clip copied in since

    code, out, err = run(capsys, "index", sub, "--library", lib)
    assert code == 0, err
    assert f"{sub} is inside the library folder {parent}: indexed as part of it (not listed as a folder of its own)" in err
    assert "1 to index" in err and "Indexed 1 of 1" in err, err
    assert set(folder_status(capsys, lib)) == {str(parent)}
    assert folder_status(capsys, lib)[str(parent)]["videos"]["total"] == 4
    assert set(roots(lib).values()) == {str(parent)}  # its videos are the library folder's

    code, _, err = run(capsys, "index", sub / "clip0.mp4", "--library", lib)  # a file in it: the same
    assert code == 0 and f"{sub / 'clip0.mp4'} is inside the library folder {parent}" in err
    assert set(folder_status(capsys, lib)) == {str(parent)}
    code, _, err = run(capsys, "index", "-q", sub, "--library", lib)  # --quiet: not said
    assert code == 0 and "inside the library folder" not in err
    code, _, err = run(capsys, "index", "--library", lib)  # a plain re-scan: nothing new
    assert code == 0 and "0 to index, 4 unchanged" in err and "inside" not in err, err


def test_a_new_folder_holding_a_library_folder_takes_it_in_and_says_so(tmp_path, capsys):
    parent, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    sub = make_folder(parent / "trip", 2)
    assert run(capsys, "index", sub, "--library", lib)[0] == 0

    code, out, err = run(capsys, "index", parent, "--library", lib)
    assert code == 0, err
    assert f"{sub}, already a library folder, is inside {parent}: it is part of it now" in err, err
    assert "0 to index, 2 unchanged, 1 copy" in err, err  # its videos kept, not embedded again
    status = folder_status(capsys, lib)
    assert set(status) == {str(parent)} and status[str(parent)]["videos"]["total"] == 3
    assert set(roots(lib).values()) == {str(parent)}
    with VideoLibrary(lib, read_only=True) as library:
        assert str(sub) not in (library.meta.settings.root_ids or {})

    shutil.rmtree(sub)  # gone from the folder it is part of: as any of its videos
    code, _, err = run(capsys, "index", "--prune", "--library", lib)
    assert code == 0 and set(folder_status(capsys, lib)) == {str(parent)}
    assert set(roots(lib)) == {str(parent / "clip0.mp4")}


def test_a_library_folder_offline_inside_a_new_one_stays_listed(tmp_path, capsys):
    """Its drive not there (its videos kept offline): it is not taken in, and the run says why."""
    parent, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    sub = make_folder(tmp_path / "drive", 2)
    assert run(capsys, "index", sub, "--library", lib)[0] == 0
    with VideoLibrary(lib) as library:  # as if it had been indexed at Videos/trip, now unplugged
        moved = [(v.video_id, str(parent / "trip" / v.path.rsplit("/", 1)[1]), str(parent / "trip"), v.size, v.mtime)
                 for v in library.video_table.all()]
        library.video_table.move_many(moved)
        library.video_table.set_offline([m[0] for m in moved], True)
        library.update_settings(folders=[str(parent / "trip")], held_roots={str(parent / "trip"): "missing"})
    code, _, err = run(capsys, "index", parent, "--library", lib)
    assert f"{parent / 'trip'}, already a library folder, is inside {parent}: its videos are indexed as part" in err, err
    assert "stays listed on its own" in err
    assert set(folder_status(capsys, lib)) == {str(parent), str(parent / "trip")}


def test_the_apps_adds_still_list_a_folder_inside_another(tmp_path):
    parent, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    sub = make_folder(parent / "trip", 2)
    with VideoLibrary(lib) as library:
        for folder in (parent, sub):
            list(MomentIndexer(library, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(folder)]))
        assert library.meta.settings.folders == [str(parent), str(sub)]
