"""Hugging Face dumps that hold the videos inside their tables (HuggingFaceM4/TGIF's ``video_bytes``,
an MSR-VTT dump's ``mp4`` bytes or ``datasets``' ``{bytes, path}`` Video struct): the loaders read
only the id and caption columns and looked for files, so every entry was 'file not found', with
no reason. The videos are now written out once into the user's cache folder and read there."""

from __future__ import annotations

import errno
import io
import logging
import os
import time
from pathlib import Path

import numpy as np
import pytest

from core.errors import SeekframeError
from core.media import FrameSampler
from core.paths import cache_dir
from training.data import hf_videos, msrvtt, tgif

COLOURS = [(220, 30, 30), (30, 200, 40), (30, 50, 220), (235, 220, 30), (240, 240, 240)]
TGIF_SPLITS = {"train": range(0, 6), "validation": range(6, 8), "test": range(8, 10)}
URL = "https://38.media.tumblr.com/tumblr_g{}_500.gif"


def _gif(i: int) -> bytes:
    from PIL import Image

    frames = [Image.new("RGB", (32, 24), COLOURS[i % 5]) for _ in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def _mp4(i: int) -> bytes:
    import av

    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for _ in range(5):
            frame = np.full((32, 32, 3), COLOURS[i % 5], np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def _tgif_dump(root: Path, gif=_gif) -> dict[str, bytes]:
    """HuggingFaceM4/TGIF as the Hub converts it: default/<split>/0000.parquet, a row a GIF (its url,
    its captions, its bytes), two rows a row group (a table is read a group at a time)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    held = {}
    for split, ids in TGIF_SPLITS.items():
        rows = []
        for i in ids:
            held[f"tumblr_g{i}_500"] = gif(i)
            rows.append({"video_path": URL.format(i), "video_bytes": held[f"tumblr_g{i}_500"],
                         "en_global_captions": [f"gif {i} caption"]})
        (root / "default" / split).mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(rows), root / "default" / split / "0000.parquet", row_group_size=2)
    return held


def _msrvtt_dump(root: Path, layout: str) -> dict[str, bytes]:
    """An MSR-VTT dump: train and test parquet shards, each video's mp4 bytes in a binary ``mp4``
    column, or in ``datasets``' Video struct ``video: {bytes, path}`` (beside a ``video_id``, or alone)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    held, parts = {}, {"train-00000-of-00001": range(0, 4), "test-00000-of-00001": range(4, 6)}
    (root / "data").mkdir()
    for name, ids in parts.items():
        rows = []
        for i in ids:
            vid = f"video{i}"
            held[vid] = _mp4(i)
            row = {"caption": [f"a clip {i}", f"clip {i} again"]}
            if layout == "mp4":
                row.update(video_id=vid, mp4=held[vid])
            elif layout == "struct":
                row.update(video_id=vid, video={"bytes": held[vid], "path": f"{vid}.mp4"})
            else:
                row.update(video={"bytes": held[vid], "path": f"videos/{vid}.mp4"})
            rows.append(row)
        pq.write_table(pa.Table.from_pylist(rows), root / "data" / f"{name}.parquet", row_group_size=1)
    return held


def _decodes(path: str) -> np.ndarray:
    frames = FrameSampler(size=None).uniform(path, 2).frames
    assert frames.shape[0] == 2
    return frames[0, frames.shape[1] // 2, frames.shape[2] // 2].astype(int)


def _written():
    return sorted(p.name for p in (cache_dir() / "training").glob("*/*"))


def _counting(monkeypatch):
    """Each file hf_videos writes, and each row group whose bytes it reads."""
    import pyarrow.parquet as pq

    writes, groups = [], []
    real_write, real_batches = hf_videos.write_bytes, pq.ParquetFile.iter_batches
    monkeypatch.setattr(hf_videos, "write_bytes", lambda p, data: writes.append(Path(p).name) or real_write(p, data))
    monkeypatch.setattr(pq.ParquetFile, "iter_batches", lambda self, *a, row_groups=None, **kw:
                        groups.append(row_groups) or real_batches(self, *a, row_groups=row_groups, **kw))
    return writes, groups


def test_a_tgif_dump_holding_its_gifs_is_read_through_gif_files_written_once(tmp_path, monkeypatch, caplog):
    held = _tgif_dump(tmp_path)
    writes, groups = _counting(monkeypatch)
    with caplog.at_level(logging.INFO, logger="training.data.hf_videos"):
        test = tgif.load(tmp_path, "test")
    folder = Path(test.entries[0].path).parent
    assert folder.parent == cache_dir() / "training" and folder.name.startswith("tgif-")
    assert [(e.video_id, Path(e.path).name) for e in test.entries] == [
        ("tumblr_g8_500", "tumblr_g8_500.gif"), ("tumblr_g9_500", "tumblr_g9_500.gif")]
    for i, e in zip((8, 9), test.entries):
        assert Path(e.path).read_bytes() == held[e.video_id]
        assert np.abs(_decodes(e.path) - COLOURS[i % 5]).max() < 40
    assert sorted(writes) == ["tumblr_g8_500.gif", "tumblr_g9_500.gif"]  # (the test split's only)
    assert groups == [[0]]  # (the bytes of its one row group; the other tables' ids only)
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and f"2 videos held in the dump's tables written to {folder} (" in said[0]

    train = tgif.load(tmp_path, "train")  # (the same folder: the train split's written beside)
    assert {Path(e.path).parent for e in train.entries} == {folder} and len(writes) == 8
    assert all(Path(e.path).read_bytes() == held[e.video_id] for e in train.entries)

    writes.clear(), groups.clear()
    assert [e.path for e in tgif.load(tmp_path, "test").entries] == [e.path for e in test.entries]
    assert [e.path for e in tgif.load(tmp_path, "train").entries] == [e.path for e in train.entries]
    assert writes == [] and groups == []  # a second load writes nothing and reads no bytes
    assert len(_written()) == 8


@pytest.mark.parametrize("layout", ["mp4", "struct", "struct-alone"])
def test_an_msrvtt_dump_holding_its_mp4s_is_read_through_files_written_once(tmp_path, monkeypatch, layout):
    held = _msrvtt_dump(tmp_path, layout)
    writes, _ = _counting(monkeypatch)
    train, test = msrvtt.load(tmp_path, "train"), msrvtt.load(tmp_path, "test")
    assert [e.video_id for e in train.entries] == ["video0", "video1", "video2", "video3"]
    assert [e.video_id for e in test.entries] == ["video4", "video5"]
    assert test.entries[0].captions == ["a clip 4", "clip 4 again"]
    for i, e in enumerate(train.entries + test.entries):
        assert Path(e.path).name == f"video{i}.mp4" and Path(e.path).parent.name.startswith("msrvtt-")
        assert Path(e.path).read_bytes() == held[e.video_id]
        assert np.abs(_decodes(e.path) - COLOURS[i % 5]).max() < 40
    assert len(writes) == 6
    msrvtt.load(tmp_path, "train"), msrvtt.load(tmp_path, "test")
    assert len(writes) == 6


def test_another_dump_is_written_to_a_folder_of_its_own(tmp_path):
    """A dump replaced by another (re-downloaded, a new revision) is never read through the old one's videos."""
    import shutil

    _tgif_dump(tmp_path)
    first = tgif.load(tmp_path, "test").entries[0].path
    shutil.rmtree(tmp_path / "default")
    held = _tgif_dump(tmp_path, gif=lambda i: _gif(i + 1))
    again = tgif.load(tmp_path, "test").entries[0]
    assert Path(again.path).parent != Path(first).parent
    assert Path(again.path).read_bytes() == held[again.video_id] != Path(first).read_bytes()


def test_clips_on_disk_win_and_the_bytes_are_never_read(tmp_path, monkeypatch):
    _tgif_dump(tmp_path)
    for i in range(10):
        (tmp_path / "gifs").mkdir(exist_ok=True)
        (tmp_path / "gifs" / f"tumblr_g{i}_500.gif").write_bytes(_gif(i))
    writes, groups = _counting(monkeypatch)
    assert all(e.path == str(tmp_path / "gifs" / f"{e.video_id}.gif") for e in tgif.load(tmp_path, "train").entries)
    assert (writes, groups) == ([], []) and not (cache_dir() / "training").exists()


class Killed(BaseException):
    """The process killed (SIGKILL, a power cut): no clean-up runs."""


def test_a_load_killed_mid_way_goes_on_where_it_stopped_its_half_written_file_not_a_video(tmp_path, monkeypatch):
    held = _tgif_dump(tmp_path)
    real_write, calls = Path.write_bytes, []

    def killed(self, data):  # the third video is killed half-way through its write
        calls.append(self)
        if len(calls) == 3:
            real_write(self, bytes(data)[: len(bytes(data)) // 2])
            raise Killed
        return real_write(self, data)

    with pytest.MonkeyPatch.context() as kill, pytest.raises(Killed):
        kill.setattr(Path, "write_bytes", killed)
        kill.setattr(Path, "unlink", lambda self, missing_ok=False: None)  # (a kill cleans nothing up)
        tgif.load(tmp_path, "train")
    folder = calls[0].parent
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 3 and left[0].startswith(".tumblr_g2_500.gif.") and left[0].endswith(".part")
    assert left[1:] == ["tumblr_g0_500.gif", "tumblr_g1_500.gif"]

    writes, _ = _counting(monkeypatch)
    train = tgif.load(tmp_path, "train")
    assert sorted(writes) == [f"tumblr_g{i}_500.gif" for i in range(2, 6)]  # the two written kept
    assert all(Path(e.path).read_bytes() == held[e.video_id] for e in train.entries)  # the half one written whole
    half = folder / left[0]
    old = time.time() - 2 * hf_videos.STALE_S
    os.utime(half, (old, old))
    tgif.load(tmp_path, "test")  # (a load that writes removes a killed write's leftover)
    assert not half.exists()


def test_a_full_disk_stops_the_load_naming_the_folder_and_the_space_needed(tmp_path, monkeypatch):
    held = _tgif_dump(tmp_path)
    real, calls = hf_videos.write_bytes, []

    def filling(path, data):
        calls.append(path)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(hf_videos, "write_bytes", filling)
    with pytest.raises(SeekframeError) as caught:
        tgif.load(tmp_path, "train")
    folder = calls[0].parent
    need = sum(len(held[f"tumblr_g{i}_500"]) for i in range(6)) * 4 / 6
    said = str(caught.value)
    assert said.startswith(f"{folder}: the disk is full") and "the 4 still to write (2 written" in said
    number, unit = said.split("about ")[1].split(" ")[:2]
    more = float(number) * {"bytes": 1, "KB": 1e3, "MB": 1e6}[unit]
    assert 0.5 * need < more < 2 * need and "SEEKFRAME_CACHE" in said


def test_bytes_that_are_no_video_are_not_written_and_said(tmp_path, caplog):
    _tgif_dump(tmp_path, gif=lambda i: b"\x89PNG\r\n\x1a\n" + bytes(40) if i == 9 else _gif(i))
    with caplog.at_level(logging.WARNING, logger="training.data.hf_videos"):
        test = tgif.load(tmp_path, "test")
    assert Path(test.entries[0].path).is_file() and not Path(test.entries[1].path).is_file()
    assert "1 videos' bytes in" in caplog.text and "'tumblr_g9_500' (its first bytes are none of" in caplog.text


@pytest.mark.parametrize("head,ext", [(b"GIF87a", ".gif"), (b"GIF89a", ".gif"), (b"\0\0\0\x20ftypisom", ".mp4"),
                                      (b"\x1a\x45\xdf\xa3\x01\0\0\0\0\0\0\x1f\x42\x82\x84webm", ".webm"),
                                      (b"\x1a\x45\xdf\xa3\x01\0\0\0\0\0\0\x23\x42\x82\x88matroska", ".mkv"),
                                      (b"RIFF\0\0\0\0AVI LIST", ".avi"), (b"\x89PNG\r\n", None), (b"", None)])
def test_a_videos_kind_by_its_first_bytes(head, ext):
    assert hf_videos.kind(head) == ext


@pytest.mark.parametrize("bad", ["../../escaped", "sub/dir", "..", "nul\0id"])
def test_an_id_that_is_no_file_name_is_never_written_out_of_the_folder(tmp_path, caplog, monkeypatch, bad):
    """The ids come from the tables: ``../../x`` written as ``folder / f"{id}.mp4"`` left the cache
    folder (a crafted dump writes where it likes), ``a/b`` made folders, a NUL or a long id crashed
    the load. Such a video is left unwritten and said; the others are written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    # The tables and the cache in one folder, four levels above the videos' (home/cache/training/<set>):
    # every way out these ids know (two levels up at most) ends inside it, so the scan for escapes
    # looks there, not over the whole session's temporary folder (seconds late in a full run).
    root = tmp_path / "root"
    monkeypatch.setenv("SEEKFRAME_CACHE", str(root / "home" / "cache"))
    tables = root / "tables"
    (tables / "data").mkdir(parents=True)
    rows = [{"video_id": vid, "caption": f"clip {i}", "mp4": _mp4(i)} for i, vid in enumerate(["good", bad])]
    pq.write_table(pa.Table.from_pylist(rows), tables / "data" / "test.parquet")
    before = {p for p in root.rglob("*")}
    with caplog.at_level(logging.WARNING, logger="training.data.hf_videos"):
        good, other = msrvtt.load(tables, "test").entries
    folder = Path(good.path).parent
    assert Path(good.path).read_bytes() == rows[0]["mp4"] and folder.parent == cache_dir() / "training"
    assert not Path(other.path).is_file() if "\0" not in other.path else True
    assert sorted(p.name for p in folder.iterdir()) == ["good.mp4"]
    escaped = {p for p in root.rglob("*")} - before
    assert all(p == folder or folder in p.parents or p in folder.parents for p in escaped), escaped
    assert "1 videos held in the tables are not written out: their id is no file name" in caplog.text
