"""The whole engine as a user meets it through the CLI: index a folder, search it, find the
planted clip and the right second; incremental re-runs; bad files; captions; notes."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.videos import (Segment, make_library_folder, write_broken_video, write_truncated, write_video,
                          write_zero_byte)


def search_json(capsys, lib, query, *extra):
    code, out, err = run_cli(capsys, "search", query, "--library", lib, "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_index_then_search_finds_the_planted_clip_and_second(tmp_path, capsys, colour_model):
    videos = make_library_folder(tmp_path / "videos")
    lib = tmp_path / "lib"
    code, out, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0, err
    hits = search_json(capsys, lib, "red", "-k", "3")
    assert set(hits[0]) >= {"path", "start", "end", "score", "video_id", "moment_id"}
    top = hits[0]
    assert os.path.basename(top["path"]) == "planted.mp4"
    assert top["start"] == pytest.approx(8.0, abs=0.6) and top["end"] == pytest.approx(12.0, abs=0.6)
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]

    purple = search_json(capsys, lib, "a purple scene", "-k", "1")[0]
    assert os.path.basename(purple["path"]) == "white then purple.mp4" and purple["start"] >= 3.5

    # best moment per video: each video at most once
    per_video = search_json(capsys, lib, "green", "--videos", "-k", "10")
    assert len({h["video_id"] for h in per_video}) == len(per_video) == 5
    assert os.path.basename(per_video[0]["path"]) == "planted.mp4"

    # filters: folder and duration
    in_trip = search_json(capsys, lib, "red", "--folder", videos / "trip")
    assert in_trip and all("/trip/" in h["path"] for h in in_trip)
    short = search_json(capsys, lib, "red", "--max-duration", "5.5", "--videos")
    assert {os.path.basename(h["path"]) for h in short} == {"yellow.mp4", "orange.avi"}

    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    status = json.loads(out)
    assert code == 0 and status["failed"] == [] and status["moments"] == 4 + 2 + 2 + 2 + 1


def test_filters_cannot_be_used_for_injection(tmp_path, capsys, colour_model):
    videos = make_library_folder(tmp_path / "videos")
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)[0] == 0
    for evil in ["' OR 1=1 --", "x') OR ('1'='1", '"; DROP TABLE moments; --', "%", "_"]:
        assert search_json(capsys, lib, "red", "--folder", evil) == []
    # the library is intact afterwards
    assert len(search_json(capsys, lib, "red", "-k", "50")) == 11
    code, _, err = run_cli(capsys, "search", "red", "--library", lib, "--after", "2024-13-45")
    assert code == 2 and "date" in err


def test_incremental_rename_delete_modify(tmp_path, capsys, colour_model):
    videos = make_library_folder(tmp_path / "videos")
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)[0] == 0
    with VideoLibrary(lib, read_only=True) as library:
        before = {v.path: v for v in library.video_table.all()}
    planted_id = before[str(videos / "planted.mp4")].video_id

    os.rename(videos / "planted.mp4", videos / "trip" / "moved-planted.mp4")  # a move
    os.remove(videos / "blue.mp4")  # a deletion
    write_video(videos / "orange.avi", [Segment(4, "blue"), Segment(4, "orange")], fourcc="MJPG", seed=9)  # modified
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0, err
    assert "1 to index" in err and "1 moved" in err and "1 removed" in err

    with VideoLibrary(lib, read_only=True) as library:
        after = {v.path: v for v in library.video_table.all()}
        moved = after[str(videos / "trip" / "moved-planted.mp4")]
        assert moved.video_id == planted_id and moved.epoch == before[str(videos / "planted.mp4")].epoch
        assert str(videos / "blue.mp4") not in after
        orange = after[str(videos / "orange.avi")]
        assert orange.epoch > before[str(videos / "orange.avi")].epoch and orange.n_moments == 2
    top = search_json(capsys, lib, "red", "-k", "1")[0]
    assert top["path"].endswith("moved-planted.mp4") and top["start"] == pytest.approx(8.0, abs=0.6)
    blue = search_json(capsys, lib, "blue", "-k", "1")[0]  # the new content of the modified file
    assert blue["path"].endswith("orange.avi") and blue["start"] < 4.0

    # nothing changed: nothing to do, said once (the scan's line) and plainly
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "0 to index" in err
    assert err.strip().splitlines()[-1] == "Nothing new to index." and "Indexed 0 of 0" not in err


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path, capsys, colour_model):
    videos = make_library_folder(tmp_path / "videos")
    write_zero_byte(videos / "empty.mp4")
    write_broken_video(videos / "notes.mp4")
    write_video(tmp_path / "full.avi", [Segment(10, "red")], fourcc="MJPG")
    write_truncated(tmp_path / "full.avi", videos / "cut short.avi", keep=0.3)
    write_video(videos / "vidéo 東京 🎬.mp4", [Segment(4, "black")])
    os.symlink(videos, videos / "trip" / "loop")
    lib = tmp_path / "lib"
    code, out, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 1  # some failed
    for name, reason in [("empty.mp4", "empty"), ("notes.mp4", "damaged or incomplete MP4"),
                         ("cut short.avi", "cut short: plays")]:
        assert any(name in line and reason in line for line in err.splitlines()), (name, err)
    # an empty file is no video yet (a download's placeholder): skipped, not a failure
    assert "1 file is cut short" in err and "1 file could not be indexed" in err and "1 empty file" in err, err
    with VideoLibrary(lib, read_only=True) as library:
        videos_ = {os.path.basename(v.path): v for v in library.video_table.all()}
        cut = videos_["cut short.avi"]
        cut_moments = library.moment_table.of(cut.video_id)
    status = {name: v.status for name, v in videos_.items()}
    assert status.pop("vidéo 東京 🎬.mp4") == "done"
    assert [status[n] for n in ("empty.mp4", "notes.mp4", "cut short.avi")] == ["failed", "failed", "done"]
    # what plays of the 10 s video (~3 s) is indexed, and says it is cut short
    assert cut.error.startswith("cut short: plays") and 1.0 < cut.duration < 5.0
    assert cut_moments and max(m.end for m in cut_moments) == cut.duration
    assert sum(s == "done" for s in status.values()) == 6
    black = search_json(capsys, lib, "black", "-k", "1")[0]
    assert black["path"].endswith("vidéo 東京 🎬.mp4")

    # failed files are not retried until they change
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0 and "0 to index" in err and "notes.mp4" in err  # (listed: an earlier run's failure)
    shutil.copy(tmp_path / "full.avi", videos / "cut short.avi")  # the user fixes the file
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert "1 to index" in err and "cut short: plays" not in err and "is cut short" not in err
    with VideoLibrary(lib, read_only=True) as library:
        fixed = library.video_table.by_path(videos / "cut short.avi")
    assert fixed.status == "done" and fixed.error == "" and fixed.duration > 9.5


def test_unmounted_folder_keeps_its_videos(tmp_path, capsys, colour_model):
    drive = make_library_folder(tmp_path / "drive")
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", drive, "--library", lib, "--model", colour_model)[0] == 0
    drive.rename(tmp_path / "elsewhere")  # the drive is unplugged
    code, _, err = run_cli(capsys, "index", drive, "--library", lib, "--model", colour_model)
    assert "offline" in err
    with VideoLibrary(lib, read_only=True) as library:
        vids = library.video_table.all()
    assert len(vids) == 5 and all(v.offline for v in vids)
    hit = search_json(capsys, lib, "red", "-k", "1")[0]
    assert hit["path"].endswith("planted.mp4") and hit["offline"] is True
    (tmp_path / "elsewhere").rename(drive)  # plugged back in: online again, nothing re-embedded
    code, _, err = run_cli(capsys, "index", drive, "--library", lib, "--model", colour_model)
    assert code == 0 and "0 to index" in err
    with VideoLibrary(lib, read_only=True) as library:
        assert not any(v.offline for v in library.video_table.all())


def test_similar_clips_and_captions(tmp_path, capsys, colour_model):
    videos = make_library_folder(tmp_path / "videos")
    write_video(videos / "red2.mp4", [Segment(4, "red")], seed=7)
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)[0] == 0

    code, out, err = run_cli(capsys, "similar", f"{videos / 'planted.mp4'}@9", "--library", lib, "--json")
    assert code == 0, err
    similar = json.loads(out)
    assert similar[0]["path"].endswith("red2.mp4")
    assert all(not h["path"].endswith("planted.mp4") for h in similar)  # the query itself excluded

    captions = tmp_path / "captions.txt"
    captions.write_text("a red scene\na plain blue video\nthe yellow background\na green screen\n")
    code, out, err = run_cli(capsys, "captions-import", captions, "--library", lib)
    assert code == 0 and "Imported 4 captions" in out, err
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'planted.mp4'}@10", "--library", lib, "--json")
    ranked = json.loads(out)
    assert ranked[0]["text"] == "a red scene" and ranked[0]["source"] == "imported"
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'planted.mp4'}@2", "--library", lib, "--json")
    assert json.loads(out)[0]["text"] == "a green screen"

    code, _, err = run_cli(capsys, "note", f"{videos / 'blue.mp4'}@1", "the blue background", "--library", lib)
    assert code == 0, err
    code, out, _ = run_cli(capsys, "captions", f"{videos / 'blue.mp4'}", "--library", lib, "--json")
    assert {"the blue background", "a plain blue video"} == {c["text"] for c in json.loads(out)[:2]}

    # a note makes its clip findable by what the note says
    query = "a dog catching a frisbee on the beach"
    assert not any(h["path"].endswith("yellow.mp4") and h["start"] >= 4 for h in search_json(capsys, lib, query, "-k", "1"))
    assert run_cli(capsys, "note", f"{videos / 'trip' / 'yellow.mp4'}@4.5", query, "--library", lib)[0] == 0
    top = search_json(capsys, lib, query, "-k", "3")[0]
    assert top["path"].endswith("yellow.mp4") and top["start"] == pytest.approx(4.0, abs=0.6)
    assert search_json(capsys, lib, query, "--folder", videos / "trip" / "nowhere") == []

    code, _, err = run_cli(capsys, "similar", tmp_path / "nope.mp4", "--library", lib)
    assert code == 2 and "not in the library" in err


def test_clear_errors_without_model_or_library(tmp_path, capsys, monkeypatch):
    code, _, err = run_cli(capsys, "search", "red", "--library", tmp_path / "none")
    assert code == 2 and "No library" in err
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(tmp_path / "no-bundled-models"))  # an install without the demo
    videos = make_library_folder(tmp_path / "videos")
    code, _, err = run_cli(capsys, "index", videos, "--library", tmp_path / "lib")
    assert code == 2 and "No model found" in err
    code, _, err = run_cli(capsys, "index", videos, "--library", tmp_path / "lib", "--model", "nobody/no-such-model")
    assert code == 2 and "--model" in err


def test_mixing_models_is_refused(tmp_path, capsys, colour_model):
    from tests.models import save_tiny_model

    videos = make_library_folder(tmp_path / "videos")
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)[0] == 0
    other = save_tiny_model(tmp_path / "other", seed=3)
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", other)
    assert code == 2 and "--reindex" in err
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", other, "--reindex")
    assert code == 0, err
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.model_source == str(other)
        assert {v.status for v in library.video_table.all()} == {"done"}


def test_real_h264_samples_index(tmp_path, capsys, colour_model, shared_videos):
    lib = tmp_path / "lib"
    code, _, err = run_cli(capsys, "index", shared_videos, "--library", lib, "--model", colour_model)
    assert code == 0, err
    with VideoLibrary(lib, read_only=True) as library:
        vids = {os.path.basename(v.path): v for v in library.video_table.all()}
        expected = {"bottle-detection.mp4": 1189 / 29.83, "car-detection.mp4": 377 / 12.5,
                    "again.mkv": 78 / 30, "bird.mkv": 64 / 30}
        for name, seconds in expected.items():
            v = vids[name]
            assert v.status == "done" and v.codec == "h264"
            assert v.duration == pytest.approx(seconds, abs=0.2)
            moments = library.moment_table.of(v.video_id)
            assert moments[0].start == 0 and moments[-1].end == pytest.approx(v.duration, abs=0.2)
            full, rest = divmod(v.duration, 4.0)  # 4 s windows; a remainder under 1 s joins the last
            assert len(moments) == max(1, int(full) + (rest >= 1.0))
    hits = search_json(capsys, lib, "white", "--videos", "-k", "4")
    assert len(hits) == 4


def test_library_remembers_folders_and_moment_settings(tmp_path, capsys, colour_model):
    a = make_library_folder(tmp_path / "a")
    b = tmp_path / "b"
    write_video(b / "red-b.mp4", [Segment(8, "red")])
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", a, b, "--library", lib, "--model", colour_model)[0] == 0
    write_video(b / "new.mp4", [Segment(4, "blue")])
    code, _, err = run_cli(capsys, "index", "--library", lib)  # no path, no model: the library's
    assert code == 0 and "1 to index" in err, err
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    assert json.loads(out)["folders"] == [str(a), str(b)]

    code, _, err = run_cli(capsys, "index", "--library", lib, "--window", "2")
    assert code == 2 and "every 4 s" in err and "--reindex" in err
    code, _, err = run_cli(capsys, "index", "--library", lib, "--window", "2", "--reindex")
    assert code == 0, err
    top = search_json(capsys, lib, "red", "-k", "1")[0]
    assert top["end"] - top["start"] == pytest.approx(2.0, abs=0.01)

    code, out, _ = run_cli(capsys, "forget", b, "--library", lib)
    assert code == 0 and "Removed 2 videos" in out
    assert all(not h["path"].startswith(str(b)) for h in search_json(capsys, lib, "red", "-k", "50"))
    assert b.joinpath("red-b.mp4").exists()
