"""VATEX's look at the files named by YouTube id alone (``vatex.settle_files``) probed each one,
one after another, at every run: about 2 minutes for the 26k training videos before anything
trained. The files are now probed several at once, and their lengths remembered per file (its size
and time), so that a second run probes none again; the verdicts are those of a probe of each."""

from __future__ import annotations

import json
import logging
import os
import threading

import pytest

from core.errors import DecodeTimeout, MediaError
from core.media import probe
from tests.test_training_vatex_trimmed import _root, _video
from tests.videos import write_broken_video
from training.data import durations, vatex


def _splits(root):
    return [vatex.load(root, "train"), vatex.load(root, "val")]


def _spans(splits):
    return {e.video_id: (e.start, e.end) for s in splits for e in s.entries}


def _patch_probe(monkeypatch, fake):
    """``fake`` in place of every probe settle_files may call (its own before, ``durations``' now)."""
    monkeypatch.setattr(durations, "probe", fake)
    monkeypatch.setattr(vatex, "probe", fake, raising=False)


@pytest.fixture
def probes(monkeypatch):
    """The files probed, in the order asked (the real probe answers)."""
    asked, lock = [], threading.Lock()

    def counting(path, **kw):
        with lock:
            asked.append(os.path.basename(path))
        return probe(path, **kw)

    _patch_probe(monkeypatch, counting)
    return asked


def _serially(splits):
    """The verdicts as settle_files gave them before: a probe of each file, one by one."""
    out = {}
    for s in splits:
        for e in s.entries:
            trimmed = e.end is not None and vatex.is_trimmed(probe(e.path).duration, e.start, e.end)
            out[e.video_id] = (0.0, None) if trimmed else (e.start, e.end)
    return out


def test_a_second_run_probes_no_file_again_and_settles_the_same(tmp_path, probes, caplog):
    root = _root(tmp_path)
    expected = _serially(_splits(root))
    assert sum(v == (0.0, None) for v in expected.values()) == 6  # (the layout's 6 trimmed by id)

    said = []
    for _ in range(2):
        splits = _splits(root)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="training"):
            assert vatex.settle_files(splits) == 6
        assert _spans(splits) == expected
        said.append([r.getMessage() for r in caplog.records if "trimmed" in r.getMessage()])
    # every file named by YouTube id probed once, in the first run only (before: 9 each run)
    assert sorted(probes) == sorted(f"{v}.mp4" for v in ["trm0", "trm1", "trm2", "trm3", "whole0", "vtrm0",
                                                         "vtrm1", "vwhole", "vshort"])
    assert said[0] == said[1] and len(said[0]) == 1 and said[0][0].startswith("VATEX: 6 clips (4 train, 2 val)")
    assert durations.cache_file().is_file()  # (the user's cache folder: a data folder may be read-only)

    # a file replaced by another (a new download, whole this time) is probed again, alone
    probes.clear()
    _video(root / "videos" / "trm0.mp4", 130, "red")
    splits = _splits(root)
    assert vatex.settle_files(splits) == 5 and probes == ["trm0.mp4"]
    assert _spans(splits)["trm0_000122_000126"] == (122.0, 126.0)


def test_files_are_probed_several_at_once(tmp_path, monkeypatch):
    """Two probes must be under way together for either to answer (one by one: a broken barrier)."""
    root = _root(tmp_path)
    together, calls = threading.Barrier(2, timeout=20), iter(range(100))

    def waiting(path, **kw):
        if next(calls) < 2:  # (the first two: 9 files, an odd number)
            together.wait()
        return probe(path, **kw)

    _patch_probe(monkeypatch, waiting)
    splits = _splits(root)
    assert vatex.settle_files(splits) == 6


def test_unreadable_files_are_remembered_timeouts_are_not(tmp_path, probes, monkeypatch):
    root = _root(tmp_path)
    write_broken_video(root / "videos" / "vshort.mp4")  # (unreadable: left as it is, as before)
    real = durations.probe

    def slow_whole0(path, **kw):
        if os.path.basename(path) == "whole0.mp4":
            probes.append("whole0.mp4")
            raise DecodeTimeout(path, "decoding took longer than 20 s")
        return real(path, **kw)

    monkeypatch.setattr(durations, "probe", slow_whole0)
    for run in range(2):
        probes.clear()
        splits = _splits(root)
        assert vatex.settle_files(splits) == 6
        spans = _spans(splits)
        assert spans["vshort_000030_000034"] == (30.0, 34.0) and spans["whole0_000002_000004"] == (2.0, 4.0)
        assert ("vshort.mp4" in probes) == (run == 0) and "whole0.mp4" in probes
    with pytest.raises(MediaError):
        probe(root / "videos" / "vshort.mp4")


def test_a_cache_that_cannot_be_read_or_written_only_costs_the_probes(tmp_path, probes):
    root = _root(tmp_path)
    cache = tmp_path / "durations.json"
    cache.write_text("{not json")
    assert vatex.settle_files(_splits(root), cache=cache) == 6 and len(probes) == 9
    assert json.loads(cache.read_text())["files"]  # written again, whole
    probes.clear()
    assert vatex.settle_files(_splits(root), cache=cache) == 6 and probes == []

    blocked = tmp_path / "a file" / "durations.json"
    blocked.parent.write_text("not a folder")
    assert vatex.settle_files(_splits(root), cache=blocked) == 6 and len(probes) == 9


class _Info:
    def __init__(self, duration):
        self.duration = duration


def _by_content(monkeypatch, asked):
    """A probe whose length is the file's first byte (the file's content, not its name, says it)."""
    def fake(path, **kw):
        asked.append(os.path.basename(path))
        with open(path, "rb") as f:
            return _Info(float(f.read(1)[0]))

    _patch_probe(monkeypatch, fake)


def test_a_file_replaced_by_another_of_the_same_size_and_time_is_probed_again(tmp_path, monkeypatch):
    """``cp -p``/``rsync -a`` or a re-download stamped with the server's date: same size, same
    modification time, another video. Its remembered length was taken for the new file's."""
    asked, cache, clip = [], tmp_path / "durations.json", tmp_path / "clip.mp4"
    _by_content(monkeypatch, asked)
    clip.write_bytes(bytes([4]) * 100)
    stamp = clip.stat().st_mtime_ns
    assert durations.durations([clip], cache=cache) == {str(clip): 4.0}
    new = tmp_path / "new.part"
    new.write_bytes(bytes([9]) * 100)
    os.utime(new, ns=(stamp, stamp))
    os.replace(new, clip)
    assert clip.stat().st_size == 100 and clip.stat().st_mtime_ns == stamp
    assert durations.durations([clip], cache=cache) == {str(clip): 9.0} and asked == ["clip.mp4"] * 2
    assert durations.durations([clip], cache=cache) == {str(clip): 9.0} and len(asked) == 2  # (remembered)


@pytest.mark.parametrize("length", ["4.0", "abc", {"s": 4}, [4], True, -1.0, "NaN"])
def test_a_hand_edited_or_damaged_entry_is_probed_again_not_a_crash(tmp_path, monkeypatch, length):
    asked, cache, clip = [], tmp_path / "durations.json", tmp_path / "clip.mp4"
    _by_content(monkeypatch, asked)
    clip.write_bytes(bytes([4]) * 100)
    durations.durations([clip], cache=cache)
    data = json.loads(cache.read_text())
    entry = data["files"][os.path.abspath(clip)]
    entry[-1] = float("nan") if length == "NaN" else length
    cache.write_text(json.dumps(data))
    assert durations.durations([clip], cache=cache) == {str(clip): 4.0} and len(asked) == 2
