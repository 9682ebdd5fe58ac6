"""A table version committed with a file cut short (LanceDB commits a write whose data file a full
disk cut in its footer without raising; a power cut leaves the newest version file empty) goes back
to the whole version before it, instead of leaving a library every command calls damaged and that
only ``seekframe repair`` (setting the whole table aside, every video embedded again) gets out of."""

from __future__ import annotations

import json

from core.cli import EXIT_DISK_FULL
from core.library import torn
from core.library.videos import VideoTable
from tests.cli_run import run_cli
from tests.videos import Segment, write_video


def data_files(lib, table):
    return set((lib / "db" / f"{table}.lance" / "data").glob("*.lance"))


def newest_manifest(lib, table):
    return torn.manifests(lib / "db" / f"{table}.lance")[0][1]


def cut_tail(path, by=100):
    """What a full disk leaves: the file written but for its last bytes (its footer)."""
    path.write_bytes(path.read_bytes()[:-by])


def finds(capsys, lib, query, name) -> bool:
    code, out, _ = run_cli(capsys, "search", query, "--library", lib, "--json", "-k", "1")
    return code == 0 and json.loads(out) and json.loads(out)[0]["path"].endswith(name)


def index_green_then_cut_it(noted_library, capsys, colour_model):
    """green.mp4 indexed into the noted library, the data files its commit wrote then cut short (as
    a full disk leaves them); the library's (videos, lib)."""
    videos, lib = noted_library
    write_video(videos / "green.mp4", [Segment(4, "green")])
    before = data_files(lib, "moments")
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    for p in data_files(lib, "moments") - before:
        cut_tail(p)
    return videos, lib


def test_a_commit_whose_data_file_the_disk_cut_is_undone_and_said_as_a_full_disk(
        noted_library, capsys, colour_model, monkeypatch):
    videos, lib = noted_library
    write_video(videos / "green.mp4", [Segment(4, "green")])
    before, merge = data_files(lib, "moments"), VideoTable.merge

    def merge_after_a_cut_add(self, records):  # the moments' add returned, its file cut at the limit
        for p in data_files(lib, "moments") - before:
            cut_tail(p)
        return merge(self, records)

    monkeypatch.setattr(VideoTable, "merge", merge_after_a_cut_add)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")
    assert code == EXIT_DISK_FULL and "is full" in err and "Nothing was lost" in err, err
    monkeypatch.undo()
    assert list((lib / "db" / "moments.lance" / "_versions").glob("*.cut-*"))  # set aside, not deleted
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out, out + err  # it was: every command said damaged
    assert finds(capsys, lib, "red", "red.mp4")
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err
    assert finds(capsys, lib, "green", "green.mp4")
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib)
    assert code == 0 and "our red wall" in out


def test_a_newest_version_with_a_data_file_cut_short_is_rolled_back_by_the_next_reader(
        noted_library, capsys, colour_model):
    videos, lib = noted_library
    write_video(videos / "green.mp4", [Segment(4, "green")])
    before = data_files(lib, "videos")
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    (new,) = [p for p in data_files(lib, "videos") - before
              if p.name.encode() in newest_manifest(lib, "videos").read_bytes()]
    cut_tail(new)  # (what the storage engine committed before this was checked)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out and "videos table's last 1 version had a file cut short" in out, \
        out + err
    assert finds(capsys, lib, "red", "red.mp4")
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0, err
    assert finds(capsys, lib, "green", "green.mp4")


def test_a_writer_rolls_back_a_data_file_cut_short_before_it_reads(noted_library, capsys, colour_model):
    videos, lib = index_green_then_cut_it(noted_library, capsys, colour_model)
    write_video(videos / "yellow.mp4", [Segment(4, "yellow")])  # (a run with work: the library is opened)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 2 of 2 video files" in err, err  # green's moments were in the version set aside
    assert finds(capsys, lib, "green", "green.mp4") and finds(capsys, lib, "red", "red.mp4")


def test_an_empty_newest_version_file_goes_back_one_version_not_the_whole_table(noted_library, capsys, colour_model):
    videos, lib = noted_library
    write_video(videos / "green.mp4", [Segment(4, "green")])
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    newest = newest_manifest(lib, "moments")
    newest.write_bytes(b"")  # a power cut after the rename, before the data reached the disk
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "moments table's last 1 version had a file cut short" in out, out + err
    assert not newest.exists() and list(newest.parent.glob(f"{newest.name}.cut-*"))
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "set aside as" not in out, out  # no table set aside
    assert not list((lib / "db").glob("*.damaged-*"))
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err  # green, whose moments the version held
    assert finds(capsys, lib, "red", "red.mp4") and finds(capsys, lib, "green", "green.mp4")


def test_a_table_cut_back_to_nothing_is_left_to_repair(noted_library, capsys):
    """Going back to a version of no data loses all of it, as setting the table aside does: it is
    said as damage, with ``seekframe repair`` (which says what it costs)."""
    videos, lib = noted_library
    newest = newest_manifest(lib, "videos")
    for p in torn.data_files(lib / "db" / "videos.lance", newest):
        cut_tail(p)
    code, _, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and "damaged" in err and newest.exists(), err


def test_repair_rolls_back_a_cut_version_instead_of_setting_the_table_aside(noted_library, capsys, colour_model):
    videos, lib = index_green_then_cut_it(noted_library, capsys, colour_model)
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "moments table's last" in out and "set aside as" not in out, out
    assert not list((lib / "db").glob("*.damaged-*"))
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err  # only green embedded again, not all three


def test_no_version_is_set_aside_when_none_is_whole(tmp_path):
    table = tmp_path / "t.lance"
    (table / "_versions").mkdir(parents=True)
    only = table / "_versions" / "1.manifest"
    only.write_bytes(b"")
    assert torn.roll_back(table) == [] and only.exists()
