"""Files named as videos that hold none (a text file saved as list.mov, a 0-byte empty.mp4) are no videos
in a run's or status's counts when they go away either (s58 rv_7): a deleted or moved list.mov was
"1 removed" ("1 video removed" in the window's strip, which words the same summary); a renamed folder left
its text files' rows behind, listed by status as skipped files at paths that no longer exist, with the
advice "rename it, or move it out of the folder"; those of a folder only offline got that advice too;
"Videos:" said no video offline where "Offline videos: 1" did, before any run; and a folder of text files
only, its mount point left empty, made the run say "0 videos seem to be gone … --prune"."""

from __future__ import annotations

import json

import core.cli
from core.cli import main
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_text_as_video, write_video


def _folder(tmp_path, monkeypatch):
    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    folder, lib = tmp_path / "videos", str(tmp_path / "lib")
    write_video(folder / "clip.mp4", [Segment(1, "red")], seed=1)
    write_text_as_video(folder / "list.mov")
    (folder / "empty.mp4").write_bytes(b"")
    assert main(["index", str(folder), "--library", lib, "-q"]) == 0
    return folder, lib


def _run(capsys, *args) -> str:
    capsys.readouterr()
    assert main(["index", *args]) == 0
    return capsys.readouterr().err


def _status(capsys, lib) -> tuple[str, dict]:
    capsys.readouterr()
    assert main(["status", "--library", lib]) == 0
    out = capsys.readouterr().out
    assert main(["status", "--library", lib, "--json"]) == 0
    return out, json.loads(capsys.readouterr().out)


def test_a_deleted_or_moved_text_file_is_no_removed_video(tmp_path, capsys, monkeypatch):
    from app.index_panel import finished_text
    from core.indexer import MomentIndexer

    folder, lib = _folder(tmp_path, monkeypatch)
    summaries, plan = [], MomentIndexer._plan

    def spy(self, *a, **k):  # (the run's summary, as the window's index strip gets it)
        passes = plan(self, *a, **k)
        summaries.append(dict(self.summary))
        return passes

    monkeypatch.setattr(MomentIndexer, "_plan", spy)
    (folder / "list.mov").unlink()
    err = _run(capsys, str(folder), "--library", lib)
    assert "Found 1 video: 0 to index, 1 unchanged, 0 moved, 0 removed." in err, err
    words = finished_text(0, 0, 0, summaries[-1])
    assert "Nothing new to index: 1 video up to date" in words and "removed" not in words, words
    write_text_as_video(folder / "list.mov")
    _run(capsys, str(folder), "--library", lib, "-q")
    (folder / "sub").mkdir()
    (folder / "list.mov").rename(folder / "sub" / "list.mov")
    err = _run(capsys, str(folder), "--library", lib)
    assert "0 moved, 0 removed." in err, err


def test_a_renamed_folder_leaves_no_rows_of_its_text_files_behind(tmp_path, capsys, monkeypatch):
    folder, lib = _folder(tmp_path, monkeypatch)
    renamed = tmp_path / "renamed"
    folder.rename(renamed)
    err = _run(capsys, str(folder), str(renamed), "--library", lib)
    assert "not found there" not in err, err
    out, data = _status(capsys, lib)
    assert "Not videos (skipped): 1 empty file, 1 text file" in out, out
    assert f"{folder}/list.mov" not in out and f"{folder}/empty.mp4" not in out, out
    assert data["by_status"]["not_videos"] == 2 and len(data["not_videos"]) == 2, data["not_videos"]
    old = next(f for f in data["folder_status"] if f["path"] == str(folder))
    assert old["videos"]["not_videos"] == 0, old


def test_an_offline_folders_text_files_are_said_offline_without_advice(tmp_path, capsys, monkeypatch):
    folder, lib = _folder(tmp_path, monkeypatch)
    folder.rename(tmp_path / "away")
    for runs in ((), (["--library", lib, "-q"],)):  # (before any run, then once a run marked them offline)
        for args in runs:
            _run(capsys, *args)
        out, data = _status(capsys, lib)
        assert "Not videos (skipped)" not in out and "rename it" not in out, out
        assert "Not videos, offline (kept; looked at again when their folder is back): 1 empty file, 1 text file" \
            in out, out
        assert "Videos:  1 (1 done, 0 failed, 1 offline)" in out and "Offline videos: 1 (kept;" in out, out
        assert data["offline"] == [str(folder / "clip.mp4")], data
        assert sorted((e["path"], e["offline"]) for e in data["not_videos"]) == [
            (str(folder / "empty.mp4"), True), (str(folder / "list.mov"), True)]


def test_a_drive_of_text_files_only_away_says_no_video_gone(tmp_path, capsys, monkeypatch):
    from tests.mounts import on_another_device

    monkeypatch.setattr(core.cli, "_load_encoder", lambda *a, **k: ColourMeanEncoder())
    drive, lib = tmp_path / "drive", str(tmp_path / "lib")
    drive.mkdir()
    write_text_as_video(drive / "list.mov")
    assert main(["index", str(drive), "--library", lib, "-q"]) == 0
    drive.rename(tmp_path / "unplugged")
    drive.mkdir()  # (the empty mount point an unplugged drive leaves)
    on_another_device(monkeypatch).add(str(drive))
    err = _run(capsys, "--library", lib)
    assert "seem to be gone" not in err and "--prune" not in err and "its videos" not in err, err


def test_a_folder_back_says_its_offline_files_are_found_at_the_next_run_not_when_it_is_back(tmp_path, capsys,
                                                                                            monkeypatch):
    """A folder its last index found missing, there again before a run: its status line says "back" and the next
    `seekframe index` brings it up to date; the lines on its offline videos and not-videos must say so too, not
    that they come back "when their folder is" with --prune advice (s58 fr_1 F3)."""
    folder, lib = _folder(tmp_path, monkeypatch)
    folder.rename(tmp_path / "away")
    _run(capsys, "--library", lib)  # (held missing: its files marked offline)
    _out, data = _status(capsys, lib)  # (away: --json's not-videos offline, not back)
    assert sorted((e["offline"], "back" in e) for e in data["not_videos"]) == [(True, False)] * 2, data["not_videos"]
    (tmp_path / "away").rename(folder)
    out, data = _status(capsys, lib)
    assert "back: its last index found it missing" in out, out
    # (--json as the lines: offline, kept, their folder back; its videos' "offline" list keeps them too)
    assert sorted((e["offline"], e.get("back")) for e in data["not_videos"]) == [(True, True)] * 2, data["not_videos"]
    assert data["offline"] == [str(folder / "clip.mp4")], data["offline"]
    assert "when their folder is" not in out and "--prune" not in out, out
    assert "Not videos, offline (kept; their folder is back: the next `seekframe index` finds them again): " \
           "1 empty file, 1 text file" in out, out
    assert "Offline videos: 1 (kept; their folder is back: the next `seekframe index` finds them again)" in out, out
    _run(capsys, "--library", lib)
    out, _data = _status(capsys, lib)
    assert "Offline videos" not in out and "Not videos, offline" not in out and "0 offline)" in out, out  # (as said)
