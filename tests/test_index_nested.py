"""``seekframe index SUB`` with SUB inside the library folder PARENT indexed it silently and listed
SUB as a library folder of its own (``status`` counted its videos twice, under PARENT and SUB); now
it is indexed as part of PARENT, not listed, and the run says so. The reverse, ``seekframe index
PARENT`` with SUB already listed: SUB is taken into PARENT (its videos kept, not embedded again),
said too. The app's runs nest folders the same way (``tests/app/test_add_nested_or_own_folder.py``);
``MomentIndexer`` without ``part_of_folder`` lists what it is given, as before."""

from __future__ import annotations

import shutil

from core.cli import EXIT_DISK_FULL
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.videos import VideoTable
from tests.fakes import ColourMeanEncoder
from tests.test_torn_versions import cut_tail
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
    assert code == 0 and f"{sub / 'clip0.mp4'} is a file in the library folder {parent}." in err
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


def test_without_part_of_folder_a_folder_inside_another_is_listed(tmp_path):
    parent, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    sub = make_folder(parent / "trip", 2)
    with VideoLibrary(lib) as library:
        for folder in (parent, sub):
            list(MomentIndexer(library, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(folder)]))
        assert library.meta.settings.folders == [str(parent), str(sub)]


def test_a_folder_and_one_inside_it_named_together_list_the_outer_one(tmp_path, capsys):
    """``seekframe index ~/Videos ~/Videos/trip`` (either order), neither listed yet: the inner one
    is part of the outer one, as when named after it (it was listed too, its videos counted twice)."""
    for order in (0, 1):
        parent, lib = make_folder(tmp_path / f"Videos{order}", 1), tmp_path / f"lib{order}"
        sub = make_folder(parent / "trip", 2)
        code, _, err = run(capsys, "index", *[(parent, sub), (sub, parent)][order], "--library", lib)
        assert code == 0 and "Indexed 3 of 3" in err, err
        assert f"{sub} is inside the library folder {parent}: indexed as part of it" in err, err
        status = folder_status(capsys, lib)
        assert set(status) == {str(parent)} and status[str(parent)]["videos"]["total"] == 3
        assert set(roots(lib).values()) == {str(parent)}


def test_a_new_folder_inside_a_library_folder_the_run_takes_in_goes_to_the_new_one(tmp_path, capsys):
    """``seekframe index ~/Videos ~/Videos/trip/day1`` with ~/Videos/trip listed: trip is taken into
    ~/Videos, and day1's videos are ~/Videos's too (they were trip's, a folder no longer listed)."""
    parent, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    sub = make_folder(parent / "trip", 2)
    assert run(capsys, "index", sub, "--library", lib)[0] == 0
    day = make_folder(sub / "day1", 1)
    code, _, err = run(capsys, "index", parent, day, "--library", lib)
    assert code == 0, err
    assert set(folder_status(capsys, lib)) == {str(parent)}
    assert set(roots(lib).values()) == {str(parent)}, roots(lib)


def _fold_setup(tmp_path, capsys):
    parent, lib = make_folder(tmp_path / "Videos", 1), tmp_path / "lib"
    sub = make_folder(parent / "trip", 2)
    assert run(capsys, "index", sub, "--library", lib)[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        assert str(sub) in library.meta.settings.root_ids
    return parent, sub, lib


def test_a_fold_the_disk_cuts_short_is_undone_and_said_as_a_full_disk(tmp_path, capsys, monkeypatch):
    """The write re-rooting the folder's videos, its data file cut at a full disk's limit (LanceDB
    commits it without raising): undone and said, as every other write of the library is (it was
    left in the table and built on, a cut file under the videos' newest versions)."""
    parent, sub, lib = _fold_setup(tmp_path, capsys)
    data = lib / "db" / "videos.lance" / "data"
    before, merge = set(data.glob("*.lance")), VideoTable.merge

    def merge_cut(self, records):
        merge(self, records)
        if {r.root for r in records} == {str(parent)}:  # the fold's write
            for p in set(data.glob("*.lance")) - before:
                cut_tail(p)

    monkeypatch.setattr(VideoTable, "merge", merge_cut)
    code, _, err = run(capsys, "index", parent, "--library", lib)
    monkeypatch.setattr(VideoTable, "merge", merge)
    assert code == EXIT_DISK_FULL and "is full" in err, err
    code, out, err = run(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out + err, out + err
    code, _, err = run(capsys, "index", parent, "--library", lib)  # space freed: the fold done, nothing embedded
    assert code == 0 and "it is part of it now" in err and "0 to index, 2 unchanged, 1 copy" in err, err
    assert set(folder_status(capsys, lib)) == {str(parent)} and set(roots(lib).values()) == {str(parent)}


def test_a_fold_killed_before_its_settings_are_written_leaves_the_folder_whole(tmp_path, capsys, monkeypatch):
    """Killed between the fold's writes: the folder still listed keeps its drive record (it was dropped
    first, the folder left listed without it); the next ``index PARENT`` does the fold."""
    parent, sub, lib = _fold_setup(tmp_path, capsys)
    update = VideoLibrary.update_settings

    def killed_at_the_folders(self, **values):
        if "folders" in values:
            raise KeyboardInterrupt
        update(self, **values)

    monkeypatch.setattr(VideoLibrary, "update_settings", killed_at_the_folders)
    assert run(capsys, "index", parent, "--library", lib)[0] == 130  # (Ctrl-C, or as a kill leaves it)
    monkeypatch.setattr(VideoLibrary, "update_settings", update)
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.settings.folders == [str(sub)]
        assert str(sub) in (library.meta.settings.root_ids or {})
    code, _, err = run(capsys, "index", parent, "--library", lib)
    assert code == 0 and "it is part of it now" in err and "0 to index, 2 unchanged, 1 copy" in err, err
    assert set(folder_status(capsys, lib)) == {str(parent)} and set(roots(lib).values()) == {str(parent)}
    with VideoLibrary(lib, read_only=True) as library:
        assert str(sub) not in (library.meta.settings.root_ids or {})


def test_a_library_folder_named_with_the_new_one_holding_it_is_taken_in_whole(tmp_path, capsys):
    """``seekframe index ~/Videos ~/Videos/trip`` with trip listed: a clip new in trip is ~/Videos's
    too (it got the root trip, a folder the same run unlisted); a second run is a no-op."""
    parent, sub, lib = _fold_setup(tmp_path, capsys)
    write_video(sub / "new.mp4", [Segment(2, "blue")], seed=9)
    code, _, err = run(capsys, "index", parent, sub, "--library", lib)
    assert code == 0 and "it is part of it now" in err and "Indexed 1 of 1" in err, err
    assert set(folder_status(capsys, lib)) == {str(parent)}
    assert set(roots(lib).values()) == {str(parent)}, roots(lib)
    code, _, err = run(capsys, "index", parent, "--library", lib)
    assert code == 0 and "0 to index, 4 unchanged" in err and "inside" not in err, err
