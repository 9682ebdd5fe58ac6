"""A video-named file that holds no video (an audio-only .mp4) is skipped, not indexed, and the
run's "Indexed N of M files" leaves it out once: a two-pass run (8 files or more) skipped it in the
quick pass, left it out of the full pass, and then took it off the full pass's count again, so a
folder of 8 videos and a voice memo said "Indexed 8 of 7 files" (the app's line too)."""

from __future__ import annotations

import numpy as np
import pytest

import core.cli
from core.cli import main
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.plural import count
from core.progress import Tally
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_broken_video, write_video


def write_audio_only_mp4(path) -> None:
    import av

    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=44100)
        for i in range(20):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
            frame.sample_rate, frame.pts = 44100, i * 1024
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def folder_of(tmp_path, videos: int):
    folder = tmp_path / "videos"
    for i in range(videos):
        write_video(folder / f"clip{i}.mp4", [Segment(1, "red")], seed=i)
    write_audio_only_mp4(folder / "memo.mp4")
    return folder


def test_a_two_pass_run_counts_a_file_skipped_in_its_quick_pass_once(tmp_path):
    folder = folder_of(tmp_path, 2)
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=True)).run([str(folder)]))
    assert [e.phase for e in events if e.kind == "file_skipped"] == ["quick"]
    tally = Tally()
    for e in events:
        tally.add(e)
    assert tally.indexed == 2 and [p for p, _ in tally.skipped] == [str(folder / "memo.mp4")]
    assert tally.to_index(events[-1].files_total) == 2


def test_the_cli_counts_an_audio_file_once_beside_8_videos(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder = folder_of(tmp_path, 8)  # two passes from 8 files (core.index_passes.TWO_PASS_MIN_FILES)
    assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == 0
    err = capsys.readouterr().err
    assert "Quick pass:" in err and f"skipped: {folder / 'memo.mp4'}: not a video: an audio file" in err, err
    assert "Indexed 8 of 9 video files (8 moments): 1 is not a video (skipped)." in err, err


def test_a_file_that_fails_in_the_quick_pass_counts_as_in_a_one_pass_run(tmp_path, capsys, monkeypatch):
    """A broken file among 8 (two passes) failed in the quick pass and was left out of the full pass's
    count: 'Found 8 videos: 8 to index' then 'Indexed 7 of 7 files' beside '1 file could not be indexed',
    where the same folder in one pass says 'Indexed 7 of 8 files'. Both say 7 of 8 now."""
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder = tmp_path / "videos"
    for i in range(7):
        write_video(folder / f"clip{i}.mp4", [Segment(1, "red")], seed=i)
    write_broken_video(folder / "broken.mp4")
    assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == 1
    err = capsys.readouterr().err
    assert "Quick pass:" in err and "Indexed 7 of 8 video files" in err and "1 file could not be indexed" in err, err
    with VideoLibrary(tmp_path / "one") as lib:
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(two_pass=False)).run([str(folder)]))
    tally = Tally()
    for e in events:
        tally.add(e)
    assert tally.indexed == 7 and tally.to_index(events[-1].files_total) == 8


@pytest.mark.parametrize("memos", [1, 8], ids=["one pass", "two passes"])
def test_a_folder_of_no_video_says_so_not_indexed_0_of_0(tmp_path, capsys, monkeypatch, memos):
    """A folder of voice memos (audio-only .mp4: named as videos, skipped by the passes), songs and
    a text file said 'Indexed 0 of 0 files (0 moments).' (a two-pass run 'Full pass: 0 files' too),
    and a second run 'Nothing new to index.'; a folder of songs alone said 'Nothing new to index.'
    Each run says now that there is no video to index there, and what it skipped."""
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder = tmp_path / "memos"
    folder.mkdir()
    for i in range(memos):
        write_audio_only_mp4(folder / f"memo{i}.mp4")
    (folder / "song.mp3").write_bytes(b"ID3" + bytes(64))
    (folder / "notes.txt").write_text("groceries")
    said = (f"No videos to index in {folder}: {count(memos + 2, 'file')} skipped "
            f"({count(memos + 1, 'audio file')}, 1 other file).")
    for run in ("first", "again"):  # (again: the memos, known to hold no video, counted but not named again)
        assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == 0
        err = capsys.readouterr().err
        assert said in err and err.rstrip().endswith(said), (run, err)
        assert "Indexed 0 of 0" not in err and "Nothing new to index" not in err and "Full pass" not in err, err
        assert err.count("memo0.mp4: not a video: an audio file") == (run == "first"), (run, err)

    songs = tmp_path / "songs"
    (songs / "cd1").mkdir(parents=True)
    (songs / "cd1" / "track1.flac").write_bytes(b"fLaC" + bytes(64))
    assert main(["index", str(songs), "--library", str(tmp_path / "lib")]) == 0
    err = capsys.readouterr().err
    assert f"No videos to index in {songs}: 1 file skipped (1 audio file)." in err and "Nothing new" not in err, err


def test_a_folder_of_videos_and_songs_says_as_before(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder = folder_of(tmp_path, 1)
    (folder / "song.mp3").write_bytes(b"ID3" + bytes(64))
    assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == 0
    assert "Indexed 1 of 2 video files (1 moment): 1 is not a video (skipped)." in capsys.readouterr().err
    assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == 0
    err = capsys.readouterr().err
    assert "Nothing new to index." in err and "No videos" not in err, err


def test_what_a_run_skips_is_said_once(tmp_path, capsys, monkeypatch):
    """A folder of videos, a README and a list saved as list.mov (text) had `seekframe index` say
    "Skipped (not videos): 1 other file." at the scan and "Skipped (not videos): 1 text file." at the
    end: two statements of what was skipped, each a part of it. One now, at the end, with each kind; and the
    kinds add up with the end line's count: "1 is not a video (skipped)" then "Skipped (not videos): 1 other
    file, 1 text file" said 2 of what the line before said 1 of (s60 X3): the README, never among the "video
    files", is said apart."""
    from tests.videos import write_text_as_video

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")])
    (folder / "README").write_text("holiday clips")
    write_text_as_video(folder / "list.mov")
    for run, said, named in (("first", "1 text file; also 1 other file, not counted as a video file", 1),
                             ("again", "1 other file", 0)):  # (again: list.mov known as no video, said by the run
        assert main(["index", str(folder), "--library", lib]) == 0  # that read it, not again: status counts it)
        err = capsys.readouterr().err
        assert err.count("Skipped (not videos)") == 1, (run, err)
        end = ("Indexed 1 of 2 video files (1 moment): 1 is not a video (skipped).\n" if named else
               "Nothing new to index.\n")
        assert f"{end}Skipped (not videos): {said}.\n" in err, (run, err)
        assert err.count(f"skipped: {folder / 'list.mov'}: not a video: a text file") == named, (run, err)


def test_a_rerun_counts_a_known_text_file_as_no_video(tmp_path, capsys, monkeypatch):
    """A re-run of a folder of two videos and a list saved as list.mov (text, known so from the first
    run) said "Found 3 videos: 0 to index, 2 unchanged", where `seekframe status` says 2 videos and
    1 file skipped, not a video: the known text file is not found. Nor is it said again (s60: each re-run said
    "Skipped (not videos): 1 text file." and named it, where nothing had changed): the run that read it said
    it, `seekframe status` keeps the standing count, and a re-run, in the CLI and the window alike, says only
    that nothing is new."""
    from app.run_words import run_messages
    from app.strip_words import finished_text
    from tests.videos import write_text_as_video

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")], seed=1)
    write_video(folder / "dog.mp4", [Segment(1, "blue")], seed=2)
    write_text_as_video(folder / "list.mov")
    assert main(["index", str(folder), "--library", lib]) == 0
    first = capsys.readouterr().err
    assert "Found 3 video files: 3 to index" in first, first  # (not read yet: no video known)
    assert main(["index", str(folder), "--library", lib]) == 0
    err = capsys.readouterr().err
    assert "Skipped (not videos): 1 text file." in first and "1 is not a video (skipped)" in first, first
    assert err.splitlines() == ["Found 2 videos: 0 to index, 2 unchanged, 0 moved, 0 removed.",
                                "Nothing new to index."], err
    with VideoLibrary(lib) as library:  # (the window's run: its status bar and its index strip)
        events = list(MomentIndexer(library, ColourMeanEncoder()).run([str(folder)]))
    tally = Tally()
    for e in events:
        tally.add(e)
    assert [m for _, m in run_messages(events[-1], tally)] == ["Nothing new to index: 2 videos up to date."]
    assert finished_text(0, events[-1].moments, 0, events[-1].summary) == "Nothing new to index: 2 videos up to date"
    assert main(["status", "--library", lib]) == 0
    assert "2 videos (2 done, 0 failed, 0 offline); 1 file skipped, not a video" in capsys.readouterr().out
    assert main(["status", "--library", lib, "--json"]) == 0
    assert '"not_videos": 1' in capsys.readouterr().out  # (the standing count, for scripts)
    (folder / "clip.mp4").unlink()  # (one video gone: the count still leaves the text file out)
    assert main(["index", str(folder), "--library", lib, "--prune"]) == 0
    err = capsys.readouterr().err
    assert "Found 1 video: 0 to index, 1 unchanged, 0 moved, 1 removed." in err, err


def test_a_run_does_not_count_files_it_has_not_read_yet_as_videos(tmp_path, capsys, monkeypatch):
    """A renamed folder's text file (list.mov) is read again where the folder is now: the run's "Found …" line
    said "Found 2 videos: 1 to index, 0 unchanged, 1 moved" then "Indexed 0 of 0 files", one of the two "videos"
    the text file, and the window's words said "Found 2 videos: 1 moved (…), 1 not a video" (s58 fr_1 F1). A
    run cannot know what a file holds before it reads it: where some are still to read it says "files named as
    videos", in the CLI and the window alike; a run with every file known says "videos"."""
    from app.run_words import found_text
    from tests.videos import write_text_as_video

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")], seed=1)
    write_text_as_video(folder / "list.mov")
    assert main(["index", str(folder), "--library", lib, "-q"]) == 0
    summaries, plan = [], MomentIndexer._plan

    def spy(self, *a, **k):  # (the run's summary, as the window gets it)
        passes = plan(self, *a, **k)
        summaries.append(dict(self.summary))
        return passes

    monkeypatch.setattr(MomentIndexer, "_plan", spy)
    renamed = tmp_path / "renamed"
    folder.rename(renamed)
    capsys.readouterr()
    assert main(["index", str(folder), str(renamed), "--library", lib]) == 0
    err = capsys.readouterr().err
    assert "Found 2 video files: 1 to index, 0 unchanged, 1 moved, 0 removed." in err, err
    assert found_text(summaries[-1], 1) == ("Found 2 video files: 1 moved (kept with its moments and "
                                            "notes), 1 not a video."), summaries[-1]
    assert main(["index", str(renamed), "--library", lib]) == 0  # (every file known now: a video is a video)
    assert "Found 1 video: 0 to index, 1 unchanged, 0 moved, 0 removed." in capsys.readouterr().err


def said_counts(line: str) -> tuple[int, int, int, int]:
    """(indexed, of, not videos, failed) of an "Indexed N of M …" line."""
    import re

    m = re.fullmatch(r"Indexed (\d+) of (\d+) video files? \(\d+ moments?\)(?:: (\d+) (?:is not a video|are not "
                     r"videos) \(skipped\))?(?:, (\d+) failed)?\.", line)
    assert m, line
    return tuple(int(g or 0) for g in m.groups())


def test_a_first_run_says_what_it_found_indexed_and_skipped_adding_up(tmp_path, capsys, monkeypatch):
    """Four videos and a list saved as list.mov (text): `seekframe index` said "Found 5 video files: 5 to
    index" then "Indexed 4 of 4 files", two numbers for one run (the text file read, skipped, counted in
    neither), "video files" then "files". Its last line counts each file to index once now, in the Found
    line's nouns: indexed, not a video, failed (could not be indexed); the window's status bar alike."""
    from app.run_words import run_messages
    from tests.videos import write_text_as_video

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder = tmp_path / "videos"
    for i in range(2):
        write_video(folder / f"clip{i}.mp4", [Segment(1, "red")], seed=i)
    write_text_as_video(folder / "list.mov")
    write_broken_video(folder / "broken.mp4")
    assert main(["index", str(folder), "--library", str(tmp_path / "lib")]) == 1
    err = capsys.readouterr().err
    assert "Found 4 video files: 4 to index, 0 unchanged, 0 moved, 0 removed." in err, err
    line = next(t for t in err.splitlines() if t.startswith("Indexed"))
    assert line.startswith("Indexed 2 of 4 video files (") and line.endswith(
        "): 1 is not a video (skipped), 1 failed."), err
    indexed, of, not_videos, failed = said_counts(line)
    assert indexed + not_videos + failed == of == 4, line

    with VideoLibrary(tmp_path / "window") as lib:  # (the window's words of the same run)
        events = list(MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]))
    tally = Tally()
    for e in events:
        tally.add(e)
    said = run_messages(events[-1], tally)[0][1]
    assert said.startswith("Indexed 2 of 4 video files (") and said_counts(said) == (2, 4, 1, 1), said


def test_a_reindex_says_videos_as_a_run_of_known_videos_does(tmp_path, capsys, monkeypatch):
    """`seekframe index --reindex` embeds known videos again: it said "Found 2 video files: 2 to index" then
    "Indexed 2 of 2 files", where a plain run says "videos" of files each read before. It says videos now."""
    from tests.videos import write_text_as_video

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    for i in range(2):
        write_video(folder / f"clip{i}.mp4", [Segment(1, "red")], seed=i)
    write_text_as_video(folder / "list.mov")
    assert main(["index", str(folder), "--library", lib, "-q"]) == 0
    capsys.readouterr()
    assert main(["index", "--reindex", str(folder), "--library", lib]) == 0
    err = capsys.readouterr().err
    assert "Found 2 videos: 2 to index, 0 unchanged, 0 moved, 0 removed." in err, err
    assert "Indexed 2 of 2 videos (" in err and "video file" not in err, err


def test_a_renamed_folder_whose_only_new_file_is_text_says_nothing_was_indexed(tmp_path, capsys, monkeypatch):
    """A renamed folder of a video and a list saved as list.mov: the video is found moved, the text file is
    read again at its new path; the run said "1 to index" then "Indexed 0 of 0 files (0 moments)". It says
    what happened now: the file to index was no video."""
    from tests.videos import write_text_as_video

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")], seed=1)
    write_text_as_video(folder / "list.mov")
    assert main(["index", str(folder), "--library", lib, "-q"]) == 0
    renamed = tmp_path / "renamed"
    folder.rename(renamed)
    capsys.readouterr()
    assert main(["index", str(renamed), "--library", lib]) == 0
    err = capsys.readouterr().err
    assert "Found 2 video files: 1 to index, 0 unchanged, 1 moved, 0 removed." in err, err
    assert "Nothing indexed: the 1 file to index is not a video (skipped)." in err, err
    assert "Indexed 0 of" not in err, err


def test_a_video_not_embedded_again_is_counted_apart_from_the_files_that_failed():
    """A `--reindex` whose embedding again failed on one video keeps its earlier moments (``core.reembed_failed``):
    the run's last line counts it so, not among the files that could not be indexed, and still adds up."""
    from types import SimpleNamespace

    from core.reembed_failed import kept_reason

    tally = Tally()
    for kind, path, error in (("file_done", "/v/a.mp4", ""), ("file_failed", "/v/b.mp4", kept_reason("I/O error")),
                              ("file_failed", "/v/c.mp4", "Invalid data found when processing input")):
        tally.add(SimpleNamespace(kind=kind, phase="full", current=path, error=error))
    said = tally.indexed_text(3, 9, {"to_index": 3, "reembed": 3})
    assert said == ("Indexed 1 of 3 videos (9 moments): 1 failed, 1 not embedded again (searched with its earlier "
                    "moments)."), said


def test_the_status_bar_counts_a_new_text_file_beside_nothing_new_to_index(tmp_path):
    """A re-scan with --retry-failed (the window's Retry) that found a video removed, a list saved as
    list.mov new and the broken file failing again says "Nothing new to index: 1 video up to date.", which
    counts no file that is not a video: the Found sentence before it dropped its "1 not a video" (only the
    "Indexed N of M" line counts them), so it did not add up (3 found: 1 unchanged, 1 removed) and the
    text file was said nowhere in the bar. With two videos removed it still did not add up (s59 rv_7 #3:
    "Found 3 video files: 1 unchanged, 2 removed (no longer there), 1 not a video."): the removed are not
    among the files found, and the file that failed again was in no clause. They are said apart now."""
    import re

    from app.run_words import run_messages
    from tests.videos import write_text_as_video

    folder = tmp_path / "videos"
    for name in ("a", "b", "c"):
        write_video(folder / f"{name}.mp4", [Segment(1, "red")], seed=len(name) + ord(name))
    write_broken_video(folder / "broken.mp4")
    with VideoLibrary(tmp_path / "lib") as lib:
        list(MomentIndexer(lib, ColourMeanEncoder()).run([str(folder)]))
        (folder / "b.mp4").unlink()
        (folder / "c.mp4").unlink()
        write_text_as_video(folder / "list.mov")
        events = list(MomentIndexer(lib, ColourMeanEncoder(), IndexOptions(reindex_failed=True)).run([str(folder)]))
    tally = Tally()
    for e in events:
        tally.add(e)
    said = run_messages(events[-1], tally)[0][1]
    # (s59 X16: a run that had files to index ends in the line that counts them, not "Nothing new to index")
    found = re.match(r"Found (\d+) video files: (.*?); 2 removed \(no longer there\)\. "
                     r"Indexed 0 of (\d+) video files \(0 moments\): 1 is not a video \(skipped\), 1 failed\.$", said)
    assert found, said  # (the parent: "…: 1 unchanged, 2 removed (no longer there), 1 not a video. …")
    counted = sum(int(n) for n in re.findall(r"(\d+) ", found.group(2))) + int(found.group(3))  # (with "of 2")
    assert counted == int(found.group(1)) == 3, said


def test_one_file_of_a_library_folder_named_is_said_as_a_file(tmp_path, capsys, monkeypatch):
    """`seekframe index DIR/list.mov` (a text file of an indexed folder) said "… is inside the library folder DIR:
    indexed as part of it (not listed as a folder of its own)" and "No videos to index in DIR/list.mov: 1 file
    skipped (1 text file)." of a file (s60 W); an indexed video named alone, "Nothing new to index." Now each in
    words that fit a file: not a video, or indexed already; a new video as any run counts it."""
    from tests.videos import write_text_as_video, write_zero_byte

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")], seed=1)
    write_text_as_video(folder / "list.mov")
    write_zero_byte(folder / "empty.mp4")
    assert main(["index", str(folder), "--library", lib]) == 0
    capsys.readouterr()
    write_video(folder / "new.mp4", [Segment(1, "blue")], seed=2)
    said = {}
    for name in ("list.mov", "empty.mp4", "clip.mp4", "new.mp4"):
        assert main(["index", str(folder / name), "--library", lib]) == 0
        said[name] = capsys.readouterr().err.splitlines()
        assert said[name][1] == f"  {folder / name} is a file in the library folder {folder}.", said
    assert said["list.mov"][2:] == [f"Nothing indexed: {folder / 'list.mov'} is not a video (a text file), skipped."]
    assert said["empty.mp4"][2:] == [f"Nothing indexed: {folder / 'empty.mp4'} is not a video (an empty file), "
                                     "skipped."]
    assert said["clip.mp4"][2:] == [f"Nothing new to index: {folder / 'clip.mp4'} is indexed already."], said
    assert said["new.mp4"][-1].startswith("Indexed 1 of 1 video file ("), said
