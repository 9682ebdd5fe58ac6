"""A library's files damaged in the ways a disk error, an interrupted copy or a full disk leave
them: every command says which table and the way out (never a traceback, never a new table over
the old one's data), ``seekframe repair`` sets aside what cannot be read and leaves the library as
the next index will see it, and a first index cut short by a full disk runs again."""

from __future__ import annotations

import json
import shutil

import pytest

from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.videos import Segment, write_video


@pytest.fixture
def library(noted_library):
    return noted_library


def files_under(folder) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def says_damaged(err: str, table: str | None) -> bool:
    what = f"its {table} table is damaged" if table else "damaged"
    return "cannot be read" in err and what in err and "`seekframe repair`" in err and "Traceback" not in err


def test_a_damaged_videos_table_is_said_by_every_reading_command_not_a_recursion(library, capsys):
    videos, lib = library
    for data in (lib / "db" / "videos.lance" / "data").glob("*.lance"):
        data.write_bytes(data.read_bytes()[:500])
    for args in (["status"], ["search", "red"], ["captions", f"{videos / 'red.mp4'}@1"]):
        code, _, err = run_cli(capsys, *args, "--library", lib)
        assert code == 2 and says_damaged(err, None) and len(err) < 2000, (args, err[:3000])


def test_a_table_whose_versions_are_gone_is_never_made_anew_over_its_data(library, capsys, colour_model):
    videos, lib = library
    captions = lib / "db" / "captions.lance"
    shutil.rmtree(captions / "_versions")
    data_before = files_under(captions / "data")
    assert data_before
    code, _, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "a new note", "--library", lib)
    assert code == 2 and says_damaged(err, "captions"), err
    for args in (["status"], ["search", "red"]):
        code, _, err = run_cli(capsys, *args, "--library", lib)
        assert code == 2 and says_damaged(err, "captions"), (args, err)
    assert files_under(captions / "data") == data_before  # nothing written over the notes' data

    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "The captions table could not be read: set aside as" in out
    (aside,) = (lib / "db").glob("captions.lance.damaged-*")
    assert files_under(aside / "data") == data_before  # kept, whole
    assert run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "a new note", "--library", lib)[0] == 0
    code, out, _ = run_cli(capsys, "search", "red", "--library", lib, "--json", "-k", "1")
    assert code == 0 and json.loads(out)[0]["path"].endswith("red.mp4")  # the vectors were never touched


def test_after_repair_the_library_reads_as_the_next_index_will_see_it(library, capsys, colour_model):
    videos, lib = library
    for data in (lib / "db" / "moments.lance" / "data").glob("*.lance"):
        data.write_bytes(data.read_bytes()[:300])
    assert run_cli(capsys, "repair", "--library", lib)[0] == 0
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "2 videos are waiting to be indexed: `seekframe index` does it." in out
    code, out, err = run_cli(capsys, "search", "red", "--library", lib)
    assert code == 0 and "No results." in out and "2 videos are waiting to be indexed" in err
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    code, out, _ = run_cli(capsys, "search", "red", "--library", lib, "--json", "-k", "1")
    assert json.loads(out)[0]["path"].endswith("red.mp4")


def test_a_library_whose_tables_folder_is_a_file_says_so_and_repair_sets_it_aside(library, capsys, colour_model):
    videos, lib = library
    shutil.rmtree(lib / "db")
    (lib / "db").write_text("not a folder")
    code, _, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and says_damaged(err, None) and "is not a folder" in err, err
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "The library's tables folder was not a folder: set aside as" in out, out
    assert [p.read_text() for p in lib.glob("db.damaged-*")] == ["not a folder"]
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "--json", "-k", "1")
    assert json.loads(out)[0]["path"].endswith("blue.mp4")


def test_a_first_index_cut_short_before_its_first_table_was_written_runs_again(tmp_path, capsys, colour_model):
    """What a full disk leaves of a new library: a table's folders, no version of it, no
    library.json (the disk-full message says to run the same command again: it works)."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")])
    for sub in ("_versions", "_transactions"):
        (lib / "db" / "videos.lance" / sub).mkdir(parents=True)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err
    with VideoLibrary(lib, read_only=True) as library_:
        assert [v.status for v in library_.video_table.all()] == ["done"]


@pytest.mark.parametrize("text", ["{}", '{"schema_version": "x"}'])
def test_a_library_json_without_its_format_says_the_way_out_and_the_way_works(library, capsys, colour_model, text):
    videos, lib = library
    (lib / "library.json").write_text(text)
    code, _, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and "unknown format version" in err and "`seekframe repair` sets the file aside" in err, err
    assert run_cli(capsys, "repair", "--library", lib)[0] == 0  # as it says
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    code, out, _ = run_cli(capsys, "search", "red", "--library", lib, "--json", "-k", "1")
    assert code == 0 and json.loads(out)[0]["path"].endswith("red.mp4")


@pytest.mark.parametrize("table", ["captions", "moments", "videos"])
def test_the_message_names_the_damaged_table_and_no_engine_source_path(library, capsys, table):
    videos, lib = library
    for data in (lib / "db" / f"{table}.lance" / "data").glob("*.lance"):
        data.write_bytes(data.read_bytes()[:300])
    code, _, err = run_cli(capsys, "search", "red", "--library", lib)
    assert code == 2 and says_damaged(err, table) and "/rustc/" not in err, err


def test_status_finds_a_data_file_cut_short_and_no_file_a_crash_left_unused(library, capsys):
    videos, lib = library
    (lib / "db" / "moments.lance" / "data" / "left-by-a-crash.lance").write_bytes(b"half a write")  # no version uses it
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out
    for data in (lib / "db" / "captions.lance" / "data").glob("*.lance"):
        data.write_bytes(data.read_bytes()[:300])
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and "Damaged: the captions table cannot be read" in out and "`seekframe repair`" in out, out
    assert "/rustc/" not in out
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    assert code == 2 and list(json.loads(out)["damaged"]) == ["captions"]


def test_a_re_scan_with_nothing_to_do_says_a_table_is_damaged(library, capsys, colour_model):
    videos, lib = library
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Nothing new to index." in err and "Damaged" not in err
    for data in (lib / "db" / "moments.lance" / "data").glob("*.lance"):
        data.write_bytes(data.read_bytes()[:300])
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 2 and "Damaged: the moments table cannot be read" in err and "`seekframe repair`" in err, err


def test_files_another_user_owns_are_no_damage_and_say_how_to_get_them_back():
    """Tables a `sudo seekframe index` left owned by root: `note` said the table was damaged and to
    run repair, which could not help (the engine's error text as LanceDB 13 gives it)."""
    from core.unreadable import damaged_library_message, engine_text, is_denied

    raw = ("lance error: LanceError(IO): Permission denied (os error 13), /root/.cargo/registry/src/"
           "index.crates.io-1949cf8c6b5b557f/lance-io-13.0.0/src/object_store.rs:1000:21")
    said = damaged_library_message(RuntimeError(raw), "/home/me/lib")
    assert "cannot be written" in said and "chown" in said and "/home/me/lib" in said
    assert "damaged" not in said.replace("Nothing is damaged", "") and "repair" not in said
    assert ".rs:" not in said and is_denied(RuntimeError(raw))
    assert engine_text(raw) == "lance error: LanceError(IO): Permission denied (os error 13)"
    cut = "lance error: Invalid data: file ends early, /rustc/0ab1/library/core/src/ops.rs:1:2"
    assert not is_denied(RuntimeError(cut)) and "damaged" in damaged_library_message(RuntimeError(cut))


def test_moments_a_table_rolled_back_lost_are_embedded_again(tmp_path, capsys, colour_model):
    """The moments table's latest version file gone (a sync tool, a disk error): LanceDB opens the
    version before it, without the last video's moments, while its row still says done: it was
    never searchable again, and nothing said so."""
    import json

    from tests.videos import Segment, write_video

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")])
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    manifests = set((lib / "db" / "moments.lance" / "_versions").iterdir())
    red_moments = json.loads(run_cli(capsys, "status", "--json", "--library", lib)[1])["moments"]
    write_video(videos / "blue.mp4", [Segment(4, "blue")])
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    for m in set((lib / "db" / "moments.lance" / "_versions").iterdir()) - manifests:
        m.unlink()  # (back to the version with red's moments only)
    # readers say it before any index: status listed blue as done and search found nothing, silently
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "(1 done, 1 waiting to be indexed, 0 failed" in out, out
    assert "the moments of 1 video are gone from the moments table" in out
    assert "1 video is waiting to be indexed: `seekframe index` does it." in out
    assert json.loads(run_cli(capsys, "status", "--json", "--library", lib)[1])["moments"] == red_moments
    from core.library.lock import lock_library

    held = lock_library(lib)  # a writer at work (a re-index drops the moments table): nothing is called lost
    try:
        code, out, _ = run_cli(capsys, "status", "--library", lib)
        assert code == 0 and "are gone from the moments table" not in out and "(2 done" in out, out
    finally:
        held.release()
    code, out, err = run_cli(capsys, "search", "blue", "--library", lib, "--model", colour_model, "--videos")
    assert code == 0 and "blue.mp4" not in out and "1 video is waiting to be indexed" not in err  # red answered
    code, out, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "--json", "-k", "1")
    assert json.loads(out)[0]["path"].endswith("blue.mp4")


@pytest.mark.parametrize("text", ["{}", '{"schema_version": "x"}', "", '{"schema_version": 2, "dim": "wide"', "\x00" * 40,
                                  '{"schema_version": 2, "model_id": "m", "dim": 4, "extra": {"settings": {"folders": 7}}}'])
def test_repair_sets_a_damaged_library_json_aside_and_rebuilds_it(library, capsys, colour_model, text):
    """`seekframe repair` with library.json damaged said "every table reads through: nothing to
    repair", while status and index named the file and refused. Now it is set aside, whole, and
    rebuilt from the tables: its folder from the videos' rows, its model from the vectors."""
    videos, lib = library
    original = json.loads((lib / "library.json").read_text())
    (lib / "library.json").write_text(text)
    assert run_cli(capsys, "status", "--library", lib)[0] == 2
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "nothing to repair" not in out, out + err
    assert "library.json could not be read" in out and "set aside as" in out and "It is rebuilt from the tables" in out, out
    (aside,) = lib.glob("library.json.damaged-*")
    assert aside.read_text() == text  # kept as it was
    rebuilt = json.loads((lib / "library.json").read_text())
    assert (rebuilt["model_id"], rebuilt["dim"]) == (original["model_id"], original["dim"])
    assert rebuilt["extra"]["settings"]["folders"] == [str(videos)]
    code, out, _ = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and f"Folder:  {videos}  online, 2 videos (2 done" in out, out
    code, out, _ = run_cli(capsys, "search", "red", "--library", lib, "--model", colour_model, "--json", "-k", "1")
    assert code == 0 and json.loads(out)[0]["path"].endswith("red.mp4")
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'red.mp4'}", "--library", lib)
    assert "our red wall" in out  # the notes were never touched
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "nothing to repair" in out


def test_repair_leaves_a_library_json_of_a_newer_seekframe_alone(library, capsys):
    videos, lib = library
    data = json.loads((lib / "library.json").read_text())
    (lib / "library.json").write_text(json.dumps({**data, "schema_version": 999}))
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert "newer Seekframe" in out + err and not list(lib.glob("library.json.damaged-*"))
    assert json.loads((lib / "library.json").read_text())["schema_version"] == 999
