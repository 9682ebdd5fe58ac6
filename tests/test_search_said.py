"""What a search says, as a demanding user reads it: a command's usage errors name the command;
a name's bidirectional override cannot turn a result's line around; byte-identical copies of a
video are one result, not one per copy; a search that finds nothing says why when the library
knows (nothing indexed, filters that let no video through)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from core import filenames as F
from core import cli_print
from core.cli_print import print_hits
from core.library import VideoLibrary
from core.search import SearchResult, Searcher, fold_copies
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


@pytest.fixture
def fake_model(monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)


@pytest.fixture
def copies(tmp_path, capsys, fake_model):
    """red.mp4 with two byte-identical copies (one in a subfolder), and blue.mp4, indexed."""
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")], seed=1)
    (videos / "backup").mkdir()
    shutil.copyfile(videos / "red.mp4", videos / "backup" / "red.mp4")
    shutil.copyfile(videos / "red.mp4", videos / "red (copy).mp4")
    write_video(videos / "blue.mp4", [Segment(4, "blue")], seed=2)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    return videos, lib


def test_a_commands_usage_error_names_the_command(capsys):
    code, out, err = run_cli(capsys, "search", "red", "-k", "0")
    # it said "seekframe [-h] [--version] [--library DIR|URI] [--model DIR|HUB_ID] [COMMAND ...] search: error: ..."
    assert code == 2 and "seekframe search: error: argument -k: '0' is not a number of results" in err, err
    assert err.startswith("usage: seekframe search [-h]") and "[COMMAND ...]" not in err, err
    code, out, err = run_cli(capsys, "similar", "--help")
    assert code == 0 and out.startswith("usage: seekframe similar [-h]"), out


def test_a_bidirectional_override_in_a_name_is_shown_as_its_escape(capsys):
    spoof = "/v/\u202e4pm.exe"  # shows as /v/exe.mp4 on a terminal, and turns what follows around
    assert F.shown(spoof) == "/v/\\u202e4pm.exe"
    for ch in "\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069":
        assert F.shown(f"a{ch}b") == f"a\\u{ord(ch):04x}b"
    assert F.shown("/v/שלום عالم.mp4") == "/v/שלום عالم.mp4"  # right-to-left names themselves are shown as they are
    print_hits([SearchResult(spoof, 0.0, 4.0, 0.5, "v", "v:1:0", 2.0, offline=True)], as_json=False)
    out = capsys.readouterr().out
    assert "\u202e" not in out and out.rstrip().endswith("/v/\\u202e4pm.exe  (offline)"), out


def test_byte_identical_copies_are_one_result_naming_the_others(copies, capsys):
    videos, lib = copies
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "-k", "2")
    lines = out.splitlines()
    # it listed red.mp4, backup/red.mp4 and red (copy).mp4 as three identical results, and -k 2 saw no blue
    assert code == 0 and len(lines) == 2, out
    assert lines[0].endswith("/backup/red.mp4  (identical copies: red (copy).mp4, videos/red.mp4)"), lines
    assert lines[1].endswith("blue.mp4"), lines
    code, out, _ = run_cli(capsys, "search", "red", "--library", lib, "-k", "2", "--json")
    rows = json.loads(out)
    assert [r["path"] for r in rows] == [str(videos / "backup" / "red.mp4"), str(videos / "blue.mp4")]
    assert rows[0]["copies"] == [str(videos / "red (copy).mp4"), str(videos / "red.mp4")] and rows[1]["copies"] == []
    # similar clips: the query's own video left out, its copies one result
    code, out, _ = run_cli(capsys, "similar", f"{videos / 'blue.mp4'}@1", "--library", lib)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 1 and "(identical copies: red (copy).mp4, videos/red.mp4)" in lines[0], out
    code, out, _ = run_cli(capsys, "similar", videos / "red.mp4", "--library", lib, "--moments")
    lines = out.splitlines()  # (the query's copies are the same clip: left out, not listed first at 1.0)
    assert len(lines) == 1 and lines[0].endswith("blue.mp4") and "red" not in lines[0].split("videos/")[-1], out
    with VideoLibrary(lib, read_only=True) as library:  # the engine folds them only when asked (the app does not)
        assert len(Searcher(library, FixedTextEncoder()).text("red", k=3)) == 3


def test_a_note_on_one_copy_finds_its_identical_copies_as_the_same_one_result(copies, capsys):
    videos, lib = copies
    assert run_cli(capsys, "note", f"{videos / 'red.mp4'}@1", "our red ball", "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "search", "our red ball", "--library", lib, "-k", "2")
    lines = out.splitlines()
    # it listed red.mp4 (its note's score) and then backup/red.mp4 with red (copy).mp4 (their vectors' score) as two
    # results of one video, and -k 2 saw no blue
    assert code == 0 and len(lines) == 2, out
    # (the copy the note was written on listed, its copies named: the backup named first, as by path, opened
    # on Enter, and it may lie on a slow drive the user never named)
    assert " 1.000 " in lines[0] and lines[0].endswith("/videos/red.mp4  (identical copies: backup/red.mp4, red "
                                                       "(copy).mp4)"), lines
    assert lines[1].endswith("blue.mp4"), lines
    code, out, _ = run_cli(capsys, "search", "our red ball", "--library", lib, "-k", "2", "--json")
    assert json.loads(out)[0]["path"] == str(videos / "red.mp4") and "noted" not in json.loads(out)[0], out
    code, out, _ = run_cli(capsys, "search", "our red ball", "--library", lib, "-k", "2", "--folder", videos / "backup")
    lines = out.splitlines()  # a copy the filter lets through is found by the note too; the others are not listed
    assert code == 0 and len(lines) == 1 and " 1.000 " in lines[0] and lines[0].endswith("backup/red.mp4"), out


def test_the_noted_copy_stays_first_when_a_plain_hit_of_the_same_moment_outscores_its_note(copies, capsys,
                                                                                             monkeypatch):
    """The note's result of a moment was replaced by the plain hit of the same moment scoring higher, its mark
    of the copy the note is on lost: the backup was listed (and opened on Enter) again."""
    videos, lib = copies
    assert run_cli(capsys, "note", f"{videos / 'red.mp4'}@1", "our red ball", "--library", lib)[0] == 0
    notes = Searcher._note_matches
    monkeypatch.setattr(Searcher, "_note_matches", lambda *a: [replace(r, score=r.score - 5) for r in notes(*a)])
    code, out, _ = run_cli(capsys, "search", "our red ball", "--library", lib, "-k", "2", "--json")
    assert code == 0 and json.loads(out)[0]["path"] == str(videos / "red.mp4"), out  # (parent: backup/red.mp4)


def test_notes_on_copies_are_looked_up_in_one_pass_over_the_videos(copies, capsys):
    """A note's copies were looked for in the whole video list once a matching note (up to 20 a search, and
    again each ``_folded`` round): 1.5 s a search in a library of 100k videos. One pass a search now."""
    videos, lib = copies
    for name in ("red.mp4", "blue.mp4"):
        assert run_cli(capsys, "note", f"{videos / name}@1", "our ball", "--library", lib)[0] == 0

    class Counted(dict):
        passes = 0

        def items(self):
            Counted.passes += 1
            return super().items()

        def values(self):
            Counted.passes += 1
            return super().values()

    with VideoLibrary(lib, read_only=True) as library:
        searcher = Searcher(library, FixedTextEncoder())
        listed = Counted(searcher._videos())
        found = searcher._note_matches(searcher._query_vector("our ball"), None, listed)
    assert len(found) == 3 + 1 and Counted.passes <= 1, (len(found), Counted.passes)  # (red's 3 copies, blue)


def test_folding_copies_lists_an_online_copy_and_keeps_different_moments():
    from types import SimpleNamespace

    videos = {vid: SimpleNamespace(content_hash="h", size=10) for vid in ("a", "b", "c")}
    videos["d"] = SimpleNamespace(content_hash="other", size=10)

    def hit(vid, start, score, offline=False):
        return SearchResult(f"/{vid}.mp4", start, start + 4, score, vid, f"{vid}:1:{int(start)}", start + 2, offline)

    got = fold_copies([hit("a", 0, 0.9, offline=True), hit("b", 0, 0.9 + 1e-7), hit("d", 0, 0.9), hit("c", 4, 0.8),
                       hit("a", 4, 0.8, offline=True), hit("c", 0, 0.5)], videos)
    assert [(r.path, r.start, r.copies, r.offline) for r in got] == [
        ("/b.mp4", 0, ["/a.mp4"], False),  # the offline copy named, the one that plays listed
        ("/d.mp4", 0, [], False),  # other content at the same score
        ("/c.mp4", 4, ["/a.mp4"], False),
        ("/c.mp4", 0, [], False),  # the same content at another score (indexed otherwise): its own
    ]


def test_a_search_that_finds_nothing_says_why(tmp_path, capsys, fake_model):
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    videos.mkdir()
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "search", "red", "--library", lib)
    assert code == 0 and out == "No results.\n"
    assert "The library holds no indexed video yet: seekframe index FOLDER adds some." in err, err  # it said nothing
    write_video(videos / "red.mp4", [Segment(4, "red")])
    write_video(videos / "blue.mp4", [Segment(8, "blue")])
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "--folder", tmp_path / "vidoes")
    assert code == 0 and out == "No results.\n"
    assert f"None of the library's 2 indexed videos passes --folder (none is under {tmp_path / 'vidoes'})." in err, err
    code, out, err = run_cli(capsys, "similar", videos / "red.mp4", "--library", lib, "--folder", videos,
                             "--min-duration", "10")
    assert code == 0 and "None of the library's 2 indexed videos passes --folder and --min-duration." in err, err
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "--folder", tmp_path / "nope", "--json")
    assert code == 0 and json.loads(out) == [] and err == ""  # (scripts read the JSON alone)
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "-k", "1")
    assert code == 0 and len(out.splitlines()) == 1 and err == ""


def test_a_clip_named_past_its_end_is_said_with_its_name_escaped(tmp_path, capsys, fake_model):
    import os

    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "red.mp4", [Segment(4, "red")])
    for name in ("new\nline.mp4", os.fsdecode(b"caf\xe9.mp4")):
        shutil.copyfile(videos / "red.mp4", videos / name)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    code, _, err = run_cli(capsys, "similar", f"{videos}/new\nline.mp4@100", "--library", lib)
    # it printed the newline itself, the message split over two lines
    assert code == 2 and err == f"seekframe: 1:40.0 is outside {videos}/new\\nline.mp4 (0:00–0:04.0).\n", err
    code, _, err = run_cli(capsys, "captions", os.fsdecode(f"{videos}/caf\xe9.mp4@7".encode("latin-1")), "--library", lib)
    assert code == 2 and f"outside {videos}/caf\\xe9.mp4 (0" in err, err  # (it was "\udce9")


def test_a_result_whose_file_was_deleted_since_it_was_indexed_says_so(copies, capsys):
    """Its drive is there, so it is not offline: the line said nothing, and the path led nowhere."""
    videos, lib = copies
    (videos / "blue.mp4").unlink()
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4")
    line = next(l for l in out.splitlines() if "blue.mp4" in l)
    assert code == 0 and line.endswith("blue.mp4  (file moved, renamed or deleted since it was indexed)"), out
    assert not any("gone" in l for l in out.splitlines() if "red" in l)
    code, out, _ = run_cli(capsys, "search", "blue", "--library", lib, "-k", "4", "--json")
    rows = json.loads(out)
    assert {r["path"].endswith("blue.mp4") for r in rows if r["missing"]} == {True}
    assert any(r["missing"] for r in rows) and not all(r["missing"] for r in rows)


def test_before_a_day_leaves_out_a_file_made_at_its_midnight():
    """``--before 2024-06-02``: files modified before that day. One stamped at its very midnight is
    on that day; it was kept (``mtime > before``)."""
    from core.filters import Filters, parse_date
    from core.library import VideoRecord

    midnight = parse_date("2024-06-02")
    matches = Filters(modified_before=midnight).matcher()
    rec = lambda t: VideoRecord("0" * 16, "/v/a.mp4", "/v", 10, t, "h", status="done")  # noqa: E731
    assert not matches(rec(midnight)) and matches(rec(midnight - 1)) and not matches(rec(midnight + 1))
    assert Filters(modified_after=midnight).matcher()(rec(midnight))  # (on or after: that day's midnight is in)


def test_a_reader_whose_library_another_process_re_indexes_with_another_model_refuses_text_queries(copies):
    """A search kept open (the app between its writes) while ``index --reindex --model OTHER`` ran
    embedded its queries with the old model and scored them against the new model's vectors."""
    from core.errors import SeekframeError

    _videos, lib = copies
    with VideoLibrary(lib, read_only=True) as library:
        searcher = Searcher(library, FixedTextEncoder())
        assert searcher.text("red", k=1)
        with VideoLibrary(lib) as other:
            other.reset_for_model("other-0123456789", "/models/other", other.meta.dim)
        library.refresh()
        with pytest.raises(SeekframeError, match="indexed with model other-0123456789"):
            searcher.text("red", k=1)
        with pytest.raises(SeekframeError, match="indexed with model other-0123456789"):
            searcher.refine("red", [], [], k=1)


def test_a_copy_is_named_by_what_tells_it_apart():
    """A copy of the same name in another folder was named by its file name alone: "…/dup/car.mp4
    (identical copies: car.mp4, trip.mp4)" read as a copy of itself (s53 search audit)."""
    r = SearchResult("/v/dup/car.mp4", 0.0, 4.0, 0.9, "a", "a:1:0", 2.0,
                     copies=["/v/orig/car.mp4", "/v/renamed/trip.mp4"])
    text = cli_print.copies_text(r.copies, r.path)
    assert text == "  (identical copies: orig/car.mp4, trip.mp4)", text
    text = cli_print.copies_text(["/v/orig/car.mp4", "/w/orig/car.mp4"], "/v/dup/car.mp4")
    assert text == "  (identical copies: /v/orig/car.mp4, /w/orig/car.mp4)", text  # (whole paths: nothing shorter)
    assert cli_print.copies_text(["/v/a/b.mp4"], "/v/c.mp4") == "  (identical copy: b.mp4)"


def test_similar_of_a_whole_video_says_its_copies_were_left_out(copies, capsys):
    """``similar`` of a whole video left its byte-identical copies out and said nothing of them."""
    videos, lib = copies
    code, out, err = run_cli(capsys, "similar", videos / "red.mp4", "--library", lib)
    assert code == 0 and out.strip().endswith("blue.mp4"), out
    said = "Its identical copies backup/red.mp4, red (copy).mp4 are left out: the same video, not ones like it."
    assert err.count(said) == 1, err
    code, out, err = run_cli(capsys, "similar", videos / "red.mp4", "--library", lib, "--json")
    assert code == 0 and "left out" not in err and json.loads(out)[0]["path"].endswith("blue.mp4"), err
    code, out, err = run_cli(capsys, "similar", videos / "blue.mp4", "--library", lib)
    assert code == 0 and "left out" not in err, err  # (it has none)


def test_similar_of_a_moment_says_its_videos_copies_were_left_out(copies, capsys):
    """``similar FILE@TIME`` left the clip's byte-identical copies out silently, where ``similar FILE``
    says it (s58 h.md): it says it the same way now."""
    videos, lib = copies
    code, out, err = run_cli(capsys, "similar", f"{videos / 'red.mp4'}@1", "--library", lib)
    assert code == 0 and out.strip() and "red" not in out.split("videos/")[-1], out  # (left out, as before)
    said = "Its video's identical copies backup/red.mp4, red (copy).mp4 are left out: the same video, not ones like it."
    assert err.count(said) == 1, err
    code, out, err = run_cli(capsys, "similar", f"{videos / 'red.mp4'}@1", "--library", lib, "--moments")
    assert code == 0 and err.count(said) == 1, err
    code, out, err = run_cli(capsys, "similar", f"{videos / 'red.mp4'}@1", "--library", lib, "--json")
    assert code == 0 and "left out" not in err, err
    code, out, err = run_cli(capsys, "similar", f"{videos / 'blue.mp4'}@1", "--library", lib)
    assert code == 0 and "left out" not in err, err  # (it has none)
