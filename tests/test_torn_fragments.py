"""An older data file of the moments table cut short (a disk error, a partial copy of the library
folder, a power cut long ago) or gone: every version names it, so there is no whole version to go
back to. Only the moments in it are taken out (the fragment, by row address, never read) and the
rest kept; the videos whose moments they were, and only those, are embedded again by the next
index, which says how many. It used to set the whole table aside (every video embedded again) or
leave every reader and each no-op ``seekframe index`` saying the table is damaged."""

from __future__ import annotations

import pytest

from core.library import torn, torn_fragments
from tests.cli_run import run_cli
from tests.test_torn_versions import cut_tail, data_files, finds, index_green_then_cut_it, newest_manifest
from tests.videos import Segment, write_video


def green_added_then_red_and_blue_cut(noted_library, capsys, colour_model, how="cut"):
    """green.mp4 indexed in a commit of its own, then the older data file holding red's and blue's
    moments cut short (or deleted); (videos, lib, that file)."""
    videos, lib = noted_library
    (old,) = data_files(lib, "moments")  # (red and blue: one commit)
    write_video(videos / "green.mp4", [Segment(4, "green")])
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert old in torn.data_files(lib / "db" / "moments.lance", newest_manifest(lib, "moments"))
    if how == "cut":
        cut_tail(old)
    else:
        old.unlink()
    return videos, lib, old


@pytest.mark.parametrize("how", ["cut", "gone"])
def test_an_older_cut_moments_file_loses_only_its_videos_and_the_next_index_embeds_only_them(
        noted_library, capsys, colour_model, how):
    videos, lib, old = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model, how)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert "takes out the moments in it, keeps the rest" in out and "sets it aside" not in out, out + err
    assert finds(capsys, lib, "green", "green.mp4")  # a reader takes the file out, keeps green's moments
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "the moments of 2 videos are gone" in out and "Damaged" not in out, out + err
    assert not [line for line in out.splitlines() if line.rstrip().endswith("..")], out  # (a note's own full stop)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 2 of 2 video files" in err, err  # red and blue, not the whole library
    assert finds(capsys, lib, "red", "red.mp4") and finds(capsys, lib, "green", "green.mp4")
    assert not list((lib / "db").glob("*.damaged-*"))
    if how == "cut":
        assert not old.exists() and list(old.parent.glob(f"{old.name}.cut-*"))  # set aside, not deleted
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib)
    assert code == 0 and "our red wall" in out


def test_a_no_op_index_on_a_cut_moments_file_embeds_its_videos_again_and_says_so(
        noted_library, capsys, colour_model):
    videos, lib, _ = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    # (it said "Nothing new to index." and then "Damaged: ... `seekframe repair` sets it aside", exit 2)
    assert code == 0 and "Damaged" not in err and "Nothing new" not in err, err
    assert "a data file cut short" in err, err
    assert "the moments of 2 videos, which are embedded again by this run, not the whole library" in err, err
    assert "Indexed 2 of 2 video files" in err, err
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Nothing new to index" in err and "Damaged" not in err and "cut short" not in err, err
    assert finds(capsys, lib, "blue", "blue.mp4")


def test_a_no_op_index_after_a_newest_version_cut_short_says_what_it_embeds_again(noted_library, capsys, colour_model):
    videos, lib = index_green_then_cut_it(noted_library, capsys, colour_model)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    # (it said only "1 to index, 2 unchanged", of a video that had not changed)
    assert code == 0 and "moments table's last 1 version had a file cut short" in err and "Damaged" not in err, err
    assert "Indexed 1 of 1 video file" in err, err
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Nothing new to index" in err and "cut short" not in err, err


def test_repair_takes_out_only_the_cut_file_and_says_how_many_videos_it_costs(noted_library, capsys, colour_model):
    videos, lib, _ = green_added_then_red_and_blue_cut(noted_library, capsys, colour_model)
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "the moments of 2 videos, which are embedded again by the next `seekframe index`" in out, out
    assert "set aside as" not in out and not list((lib / "db").glob("*.damaged-*")), out
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "2 videos are waiting to be indexed" in out and "Damaged" not in out, out
    assert finds(capsys, lib, "green", "green.mp4")
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 2 of 2 video files" in err, err  # (it embedded all three again)
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "nothing to repair" in out, out


def test_the_fragments_a_version_file_names(tmp_path):
    from core.library.lancedb_import import lancedb
    import pyarrow as pa

    db = lancedb.connect(str(tmp_path))
    t = db.create_table("t", pa.table({"x": [1, 2]}))
    t.add(pa.table({"x": [3, 4, 5]}))
    t.add(pa.table({"x": [6]}))
    t.delete("x = 4")  # (a deletion file: the fragment keeps its physical rows)
    table = tmp_path / "t.lance"
    found = torn_fragments.fragments(torn.manifests(table)[0][1])
    assert [(f.id, f.rows) for f in found] == [(0, 2), (1, 3), (2, 1)]
    assert {n for f in found for n in f.files} == {p.name for p in (table / "data").glob("*.lance")}
    assert torn_fragments.cut_fragments(table) == {}
    middle = table / "data" / found[1].files[0]
    cut_tail(middle)
    assert torn_fragments.cut_fragments(table) == {1: [middle]}
    dropped = torn_fragments.drop_cut(db, "t", table)
    assert dropped.rows == 2 and dropped.files == [middle] and not middle.exists()
    assert sorted(db.open_table("t").to_arrow().column("x").to_pylist()) == [1, 2, 6]
    for f in found:  # every file cut: nothing would be kept, nothing taken out
        p = table / "data" / f.files[0]
        if p.exists():
            cut_tail(p)
    assert torn_fragments.cut_fragments(table) == {}


def test_status_prints_a_note_that_ends_its_own_sentence_with_one_full_stop(tmp_path, capsys):
    """The note of the file taken out ends in a full stop; status added another ('library..')."""
    from pathlib import Path

    from core.cli_status import print_library_status
    from core.library import VideoLibrary
    from core.library.torn_fragments import Dropped, dropped_text

    lib = VideoLibrary(tmp_path / "lib")
    note = dropped_text(Dropped(files=[Path("f.lance")], set_aside=[], rows=2, videos=1))
    lib.meta_notes.extend([note, "a note without its full stop"])
    assert print_library_status(lib, False) in (0, 2)
    out = capsys.readouterr().out
    assert f"Note:    {note}\n" in out and "Note:    a note without its full stop.\n" in out, out
