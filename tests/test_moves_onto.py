"""A file moved onto another indexed file's name (``mv -f A B``), two names swapped, a copy made
over a moved file: each video's vectors and notes follow its content, nothing is embedded again,
and the run's counts add up."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest

from core import service
from core.cli import main
from core.library import VideoLibrary
from tests.fakes import cli_encoder, NoteWords as Words
from tests.videos import Segment, write_video


@pytest.fixture
def encoder(monkeypatch):
    return cli_encoder(monkeypatch)


def index(capsys, folder, lib):
    code = main(["index", str(folder), "--library", str(lib)])
    return code, capsys.readouterr().err


def library_state(lib):
    """path -> (video id, the texts of its notes), and the notes tied to no video."""
    with VideoLibrary(lib, read_only=True) as library:
        videos = {v.video_id: v for v in library.video_table.all()}
        notes = [c for c in library.caption_table.read(with_vectors=False) if c.source == "note"]
        by_path = {v.path: (v.video_id, sorted(c.text for c in notes if c.video_id == v.video_id))
                   for v in videos.values()}
        loose = sorted(c.text for c in notes if c.video_id not in videos)
        return by_path, loose


@pytest.fixture
def folder(tmp_path, capsys, encoder):
    """Three indexed videos of different colours, a note on each of A and B."""
    v = tmp_path / "v"
    for name, colour in (("A.mp4", "red"), ("B.mp4", "blue"), ("C.mp4", "green")):
        write_video(v / name, [Segment(2, colour)], seed=len(name) + ord(name[0]))
    lib = tmp_path / "lib"
    assert index(capsys, v, lib)[0] == 0
    with VideoLibrary(lib) as library:
        for name, text in (("A.mp4", "the red one"), ("B.mp4", "the blue one")):
            service.add_note(library, Words(), library.video_table.by_path(v / name).video_id, text, 0.0, 2.0)
    return v, lib


def test_a_file_moved_onto_another_indexed_name_keeps_its_vectors_and_notes(folder, capsys, encoder):
    v, lib = folder
    before, _ = library_state(lib)
    embedded = encoder.embedded
    os.replace(v / "A.mp4", v / "B.mp4")  # mv -f A.mp4 B.mp4
    code, err = index(capsys, v, lib)
    assert code == 0 and "0 to index" in err and "1 moved" in err and "1 removed" in err, err
    assert encoder.embedded == embedded  # A's content was in the library: nothing embedded again
    after, loose = library_state(lib)
    assert set(after) == {str(v / "B.mp4"), str(v / "C.mp4")}
    assert after[str(v / "B.mp4")] == (before[str(v / "A.mp4")][0], ["the red one"])  # A's video, A's note
    assert loose == ["the blue one"]  # B's content is gone: its note is on no clip, never on A's content
    assert index(capsys, v, lib)[1].count("Nothing new to index") == 1


def test_two_swapped_names_are_two_moves(folder, capsys, encoder):
    v, lib = folder
    before, _ = library_state(lib)
    embedded = encoder.embedded
    os.rename(v / "A.mp4", v / "tmp")
    os.rename(v / "B.mp4", v / "A.mp4")
    os.rename(v / "tmp", v / "B.mp4")
    code, err = index(capsys, v, lib)
    assert code == 0 and "0 to index" in err and "2 moved" in err and "0 removed" in err, err
    assert encoder.embedded == embedded
    after, loose = library_state(lib)
    assert after[str(v / "A.mp4")] == before[str(v / "B.mp4")] and after[str(v / "B.mp4")] == before[str(v / "A.mp4")]
    assert after[str(v / "A.mp4")][1] == ["the blue one"] and not loose


def test_a_moved_file_and_its_copy_over_an_indexed_name(folder, capsys, encoder):
    """A moved onto B, and a copy of it made as D: D copies A's moments, nothing is embedded."""
    v, lib = folder
    before, _ = library_state(lib)
    embedded = encoder.embedded
    shutil.copy2(v / "A.mp4", v / "D.mp4")
    os.replace(v / "A.mp4", v / "B.mp4")
    code, err = index(capsys, v, lib)
    assert code == 0 and "0 to index" in err and "1 copy of an indexed video" in err and "1 moved" in err, err
    assert encoder.embedded == embedded
    after, _ = library_state(lib)
    assert set(after) == {str(v / n) for n in ("B.mp4", "C.mp4", "D.mp4")}
    assert after[str(v / "B.mp4")][0] == before[str(v / "A.mp4")][0] or after[str(v / "D.mp4")][0] == before[str(v / "A.mp4")][0]
    with VideoLibrary(lib, read_only=True) as library:
        assert all(v_.n_moments > 0 and v_.status == "done" for v_ in library.video_table.all())


def test_a_copy_made_over_an_indexed_name_is_a_copy_not_the_old_video(folder, capsys, encoder):
    """``cp -f A.mp4 B.mp4``: B holds A's content, which the library knows. Before, B kept its video
    (its note "the blue one" now on red footage) and was embedded again; now it is a copy of A,
    its moments A's, and B's note waits for its content as after ``mv -f``."""
    v, lib = folder
    before, _ = library_state(lib)
    embedded = encoder.embedded
    shutil.copyfile(v / "A.mp4", v / "B.mp4")
    os.utime(v / "B.mp4", (os.stat(v / "B.mp4").st_mtime + 10,) * 2)
    code, err = index(capsys, v, lib)
    assert code == 0 and "1 copy of an indexed video" in err and "0 to index" in err, err
    assert encoder.embedded == embedded
    after, loose = library_state(lib)
    assert after[str(v / "A.mp4")] == before[str(v / "A.mp4")]
    assert after[str(v / "B.mp4")][0] not in {before[str(v / "B.mp4")][0], before[str(v / "A.mp4")][0]}
    assert after[str(v / "B.mp4")][1] == [] and loose == ["the blue one"]
    with VideoLibrary(lib, read_only=True) as library:
        a, b = (library.video_table.by_path(v / n) for n in ("A.mp4", "B.mp4"))
        assert b.status == "done" and b.n_moments == a.n_moments > 0
        np.testing.assert_array_equal(np.stack([m.vector for m in library.moment_table.of(b.video_id)]),
                                      np.stack([m.vector for m in library.moment_table.of(a.video_id)]))


def test_a_file_replaced_by_new_content_is_still_indexed_again_in_place(folder, capsys, encoder):
    """Content the library never saw, under an indexed name: the same video, indexed again."""
    v, lib = folder
    before, _ = library_state(lib)
    write_video(v / "B.mp4", [Segment(2, "yellow")], seed=99)
    code, err = index(capsys, v, lib)
    assert code == 0 and "1 to index" in err and "0 moved" in err and "0 removed" in err, err
    after, _ = library_state(lib)
    assert after[str(v / "B.mp4")][0] == before[str(v / "B.mp4")][0]


# -- the same files under another name: a folder or a file reached through a link ---------------
def test_a_library_folder_named_through_a_link_is_not_indexed_twice(tmp_path, capsys, encoder):
    real, lib = tmp_path / "data" / "videos", tmp_path / "lib"
    for i, colour in enumerate(("red", "blue")):
        write_video(real / f"clip{i}.mp4", [Segment(2, colour)], seed=i)
    (real / "trip").mkdir()
    write_video(real / "trip" / "beach.mp4", [Segment(2, "yellow")], seed=5)
    (tmp_path / "Videos").symlink_to(real)  # ~/Videos -> the data drive
    (tmp_path / "home").symlink_to(tmp_path / "data")
    assert index(capsys, real, lib)[0] == 0
    embedded = encoder.embedded
    code, err = index(capsys, tmp_path / "Videos", lib)
    assert code == 0 and "0 to index, 3 unchanged" in err and "reached through a link" in err, err
    assert index(capsys, tmp_path / "Videos" / "trip", lib)[1].startswith("Found 1 video: 0 to index, 1 unchanged")
    code, err = index(capsys, tmp_path / "home", lib)  # a parent of the folder, through a link
    assert code == 0 and "0 to index" in err and "0 removed" in err, err
    assert encoder.embedded == embedded
    with VideoLibrary(lib, read_only=True) as library:
        assert sorted(v.path for v in library.video_table.all()) == sorted(
            str(p) for p in (real / "clip0.mp4", real / "clip1.mp4", real / "trip" / "beach.mp4"))
        assert str(tmp_path / "Videos") not in library.meta.settings.folders
    assert main(["index", "--library", str(lib)]) == 0  # every folder: still nothing twice
    assert "0 to index, 3 unchanged" in capsys.readouterr().err


def test_a_file_and_a_link_to_it_are_listed_by_the_files_own_name(tmp_path):
    from core.scan import scan

    write_video(tmp_path / "again.mp4", [Segment(1, "red")])
    (tmp_path / "again-link.mp4").symlink_to("again.mp4")  # sorts first
    (tmp_path / "a-linked-folder").symlink_to(tmp_path / "sub")
    write_video(tmp_path / "sub" / "x.mp4", [Segment(1, "blue")])
    assert sorted(scan([str(tmp_path)]).files) == [str(tmp_path / "again.mp4"), str(tmp_path / "sub" / "x.mp4")]


# -- a file named as a video that holds none ----------------------------------------------------
def write_voice_memo(path):
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("aac", rate=16000, layout="mono")
        for i in range(20):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
            frame.sample_rate, frame.pts = 16000, i * 1024
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


@pytest.mark.parametrize("name", ["voice memo.mp4", "song.mkv"])
def test_an_audio_file_named_as_a_video_is_skipped_not_failed(tmp_path, capsys, encoder, name):
    """A voice memo or a song saved as .mp4 is said with the files that are no videos, never read
    again, and a run with nothing else to do exits 0 (a failure would make every scheduled run fail)."""
    v, lib = tmp_path / "v", tmp_path / "lib"
    write_video(v / "clip.mp4", [Segment(2, "red")])
    write_voice_memo(v / name)
    for run in range(2):  # (the second: known so, said by the run that read it, not again: status counts it)
        code, err = index(capsys, v, lib)
        assert code == 0 and "could not be indexed" not in err, err
        assert err.count("Skipped (not videos): 1 audio file.") == (run == 0), err
        assert err.count(f"{name}: not a video: an audio file") == (run == 0), err
    assert "Nothing new to index" in err and "Skipped" not in err, err
    assert main(["status", "--library", str(lib)]) == 0
    out = capsys.readouterr().out
    assert "1 done, 0 failed" in out and "Failed files" not in out and "Not videos (skipped): 1 audio file" in out
    assert main(["status", "--json", "--library", str(lib)]) == 0
    by_status = json.loads(capsys.readouterr().out)["by_status"]  # (it counted the audio file as failed)
    assert (by_status["done"], by_status["failed"], by_status["not_videos"]) == (1, 0, 1)
    write_video(v / "broken.mp4", [Segment(1, "blue")])
    (v / "broken.mp4").write_bytes((v / "broken.mp4").read_bytes()[:300])  # a real failure still fails
    assert index(capsys, v, lib)[0] == 1


def test_a_photo_named_as_a_video_is_skipped_as_an_image(tmp_path, capsys, encoder):
    import cv2

    v, lib = tmp_path / "v", tmp_path / "lib"
    write_video(v / "clip.mp4", [Segment(2, "red")])
    picture = np.full((48, 64, 3), 200, np.uint8)
    (v / "photo.mp4").write_bytes(cv2.imencode(".jpg", picture)[1].tobytes())
    (v / "scan.mkv").write_bytes(cv2.imencode(".png", picture)[1].tobytes())
    (v / "camera.mp4").write_bytes(b"".join(  # pictures one after the other (a webcam's): a video
        cv2.imencode(".jpg", np.full((48, 64, 3), 40 * i, np.uint8))[1].tobytes() for i in range(5)))
    for run in range(2):  # (the second: known so, not said again)
        code, err = index(capsys, v, lib)
        assert code == 0 and err.count("Skipped (not videos): 2 images.") == (run == 0), err
        assert err.count("photo.mp4: not a video: an image (MJPEG) named as a video") == (run == 0), err
    with VideoLibrary(lib, read_only=True) as library:
        done = sorted(os.path.basename(x.path) for x in library.video_table.all() if x.status == "done")
    assert done == ["camera.mp4", "clip.mp4"]


@pytest.mark.parametrize("how", ["swap", "onto"])
def test_notes_follow_their_content_through_a_reindex_too(folder, capsys, encoder, how, monkeypatch):
    """``--reindex`` makes every video pending first: a swap or a ``mv -f`` is still a move. The CLI said
    "3 to index (2 of them moved), 0 unchanged, 0 moved", and the window (its strip, its status bar's "Found …")
    said nothing of the moves (rv_2 #2): each says them now, by one rule (``core.status_words.moved_words``)."""
    import core.progress
    from app.run_words import found_text
    from app.strip_words import finished_text

    scanned, printed = [], core.progress.print_index_run
    monkeypatch.setattr(core.progress, "print_index_run", lambda events, **kw: printed(
        ((scanned.append(ev.summary) if ev.kind == "scanned" else None) or ev for ev in events), **kw))
    v, lib = folder
    before, _ = library_state(lib)
    if how == "swap":
        os.rename(v / "A.mp4", v / "tmp")
        os.rename(v / "B.mp4", v / "A.mp4")
        os.rename(v / "tmp", v / "B.mp4")
    else:
        os.replace(v / "A.mp4", v / "B.mp4")
    assert main(["index", str(v), "--library", str(lib), "--reindex"]) == 0
    err = capsys.readouterr().err
    assert (f"Found {3 if how == 'swap' else 2} videos: {3 if how == 'swap' else 2} to index ({2 if how == 'swap' else 1} "
            f"of them moved), 0 unchanged, {0 if how == 'swap' else 1} removed.") in err, err  # (each counted
    # once, as what happens to it: embedded again, its notes following it; the parent: "… 2 moved" beside "3 to index")
    moves = f"{2 if how == 'swap' else 1} moved, embedded again ({'their' if how == 'swap' else 'its'} notes kept)"
    summary, = scanned
    assert found_text(summary).startswith(f"Found {3 if how == 'swap' else 2} videos: {moves}"), found_text(summary)
    said = finished_text(3 if how == "swap" else 2, 6, 0, summary, of=summary["to_index"])
    assert f"; {moves.replace(' moved', ' videos moved' if how == 'swap' else ' video moved', 1)}" in said, said
    after, loose = library_state(lib)
    assert after[str(v / "B.mp4")] == before[str(v / "A.mp4")]  # A's video and note, at B
    assert loose == ([] if how == "swap" else ["the blue one"])
    with VideoLibrary(lib, read_only=True) as library:
        assert all(x.status == "done" and x.n_moments > 0 for x in library.video_table.all())



def test_an_empty_file_is_skipped_until_it_holds_a_video(tmp_path, capsys, encoder):
    """A browser's or a copy's 0-byte placeholder (new.mp4, before its bytes arrive) failed and
    made the run exit 1; it is now skipped as no video yet, and indexed once it holds one."""
    v, lib = tmp_path / "v", tmp_path / "lib"
    write_video(v / "clip.mp4", [Segment(2, "red")])
    (v / "new.mp4").write_bytes(b"")
    for run in range(2):  # (the second: known so, not said again)
        code, err = index(capsys, v, lib)
        assert code == 0 and "could not be indexed" not in err, err
        assert err.count("Skipped (not videos): 1 empty file.") == (run == 0), err
        assert err.count("new.mp4: not a video: an empty file (still being copied or downloaded?)") == (run == 0), err
    write_video(v / "new.mp4", [Segment(2, "blue")])  # its bytes arrived
    code, err = index(capsys, v, lib)
    assert code == 0 and "Indexed 1 of 1 video file" in err, err
    with VideoLibrary(lib, read_only=True) as library:
        assert sorted(x.status for x in library.video_table.all()) == ["done", "done"]
