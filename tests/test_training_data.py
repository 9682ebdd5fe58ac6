"""Benchmark loaders (MSR-VTT, MSVD, VATEX, TGIF, features) and the torch datasets over them, on
tiny annotation files and clips fabricated here."""

from __future__ import annotations

import json
import logging
import os
import pickle
import struct

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

from core.errors import MediaError, SeekframeError
from core.media import FrameSampler
from tests.videos import COLORS, Segment, write_broken_video, write_video
from training.data import msrvtt, msvd, tgif, vatex
from training.data.base import AnnotationError, Split, VideoEntry, missing_videos
from training.data.dataset import ClipTextDataset, FeatureDataset, collate, worker_context
from training.data.features import FeatureStore, uniform_indices


def _clip(path, color="red", seconds=1.0, fourcc="mp4v"):
    return write_video(path, [Segment(seconds, color)], fps=10, size=(64, 48), fourcc=fourcc)


def _mostly(frames: np.ndarray, color: str) -> bool:
    return bool(np.abs(frames.reshape(-1, 3).mean(0) - np.array(COLORS[color])).max() < 25)


def _write_gif(path, frames: np.ndarray, delay_cs: int = 10):
    """A GIF89a (3-3-2 palette, LZW with a clear code every 250 literals = uncompressed)."""
    n, h, w, _ = frames.shape
    pal = np.array([[(i >> 5) * 255 // 7, ((i >> 2) & 7) * 255 // 7, (i & 3) * 85] for i in range(256)], np.uint8)
    out = bytearray(b"GIF89a" + struct.pack("<HHBBB", w, h, 0xF7, 0, 0) + pal.tobytes())
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    for f in frames:
        idx = ((f[..., 0] >> 5) << 5 | (f[..., 1] >> 5) << 2 | (f[..., 2] >> 6)).astype(np.uint8).ravel()
        out += b"\x21\xf9\x04\x00" + struct.pack("<H", delay_cs) + b"\x00\x00"
        out += b"\x2c" + struct.pack("<HHHHB", 0, 0, w, h, 0) + b"\x08"
        codes = []
        for i in range(0, len(idx), 250):
            codes += [256, *idx[i:i + 250].tolist()]
        codes.append(257)
        bits = nbits = 0
        data = bytearray()
        for c in codes:
            bits |= c << nbits
            nbits += 9
            while nbits >= 8:
                data.append(bits & 255)
                bits >>= 8
                nbits -= 8
        if nbits:
            data.append(bits & 255)
        for i in range(0, len(data), 255):
            out += bytes([len(data[i:i + 255])]) + data[i:i + 255]
        out += b"\x00"
    path.write_bytes(bytes(out + b"\x3b"))
    return path


# -- MSR-VTT ---------------------------------------------------------------------------------------
def _msrvtt(root, videos=True):
    splits = {"video0": "train", "video1": "train", "video2": "validate", "video3": "test", "video4": "test"}
    data = {"videos": [{"video_id": v, "split": s} for v, s in splits.items()],
            "sentences": [{"video_id": v, "caption": f"{v} caption {k}", "sen_id": 0}
                          for v in splits for k in range(3)]}
    (root / "MSRVTT_data.json").write_text(json.dumps(data))
    (root / "MSRVTT_train.9k.csv").write_text("video_id\nvideo0\nvideo1\nvideo2\n")
    (root / "MSRVTT_train.7k.csv").write_text("video_id\nvideo0\n")
    (root / "MSRVTT_JSFUSION_test.csv").write_text(
        "key,vid_key,video_id,sentence\nret0,msr7010,video3,a jsfusion sentence about three\n"
        "ret1,msr7011,video4,\"a sentence, with a comma\"\n")
    (root / "seekframe_events.json").write_text(json.dumps({"video0": [[0, 1.5, "a red square"]]}))
    if videos:
        for v in splits:
            _clip(root / "videos" / f"{v}.mp4")
    return root


def test_msrvtt_1k_a_protocol(tmp_path):
    root = _msrvtt(tmp_path)
    train = msrvtt.load(root, "train")
    assert [e.video_id for e in train.entries] == ["video0", "video1", "video2"]
    assert train.entries[1].captions == [f"video1 caption {k}" for k in range(3)]
    assert train.entries[0].path == str(root / "videos" / "video0.mp4")
    assert train.entries[0].events == [(0.0, 1.5, "a red square")] and train.entries[1].events == []
    test = msrvtt.load(root, "test")
    assert [(e.video_id, e.captions) for e in test.entries] == [
        ("video3", ["a jsfusion sentence about three"]), ("video4", ["a sentence, with a comma"])]
    assert [e.video_id for e in msrvtt.load(root, "train", train_list="7k").entries] == ["video0"]
    assert missing_videos(train) == []


def test_msrvtt_full_split_and_video_folders(tmp_path):
    root = _msrvtt(tmp_path, videos=False)
    ids = {s: [e.video_id for e in msrvtt.load(root, s, train_list="full").entries]
           for s in ("train", "val", "test")}
    assert ids == {"train": ["video0", "video1"], "val": ["video2"], "test": ["video3", "video4"]}
    assert len(msrvtt.load(root, "test", train_list="full").entries[0].captions) == 3
    assert msrvtt.load(root, "train").entries[0].path == ""  # no video folder: features only
    (root / "MSRVTT" / "videos" / "all").mkdir(parents=True)
    assert msrvtt.load(root).entries[0].path == str(root / "MSRVTT/videos/all/video0.mp4")
    (root / "clips").mkdir()
    assert msrvtt.load(root, video_dir="clips").entries[0].path == str(root / "clips/video0.mp4")
    with pytest.raises(AnnotationError, match="video folder not found"):
        msrvtt.load(root, video_dir=tmp_path / "nowhere")
    with pytest.raises(ValueError, match="no val split"):
        msrvtt.load(root, "val")


@pytest.mark.parametrize("damage, match", [
    (lambda r: (r / "MSRVTT_train.9k.csv").unlink(), r"MSRVTT_train\.9k\.csv: annotation file not found"),
    (lambda r: (r / "MSRVTT_data.json").write_text('{"videos": []}'), r"MSRVTT_data\.json: missing key 'sentences'"),
    (lambda r: (r / "MSRVTT_data.json").write_text('{"videos": [], '), r"MSRVTT_data\.json: not valid JSON"),
    (lambda r: (r / "MSRVTT_train.9k.csv").write_text("vid\nvideo0\n"), r"MSRVTT_train\.9k\.csv: bad csv header.*'video_id'"),
    (lambda r: (r / "MSRVTT_train.9k.csv").write_text("video_id\nvideo0\nvideo99\n"),
     r"MSRVTT_train\.9k\.csv: line 3: video id 'video99' has no sentences in MSRVTT_data\.json"),
    (lambda r: (r / "seekframe_events.json").write_text('{"video0": [[2, 1, "backwards"]]}'),
     r"seekframe_events\.json: video id 'video0': event 0"),
])
def test_msrvtt_bad_annotations_are_named(tmp_path, damage, match):
    root = _msrvtt(tmp_path, videos=False)
    damage(root)
    with pytest.raises(AnnotationError, match=match):
        msrvtt.load(root, "train")


def test_msrvtt_bad_test_csv(tmp_path):
    root = _msrvtt(tmp_path, videos=False)
    (root / "MSRVTT_JSFUSION_test.csv").write_text("key,vid_key,video_id\nret0,msr1,video3\n")
    with pytest.raises(AnnotationError, match=r"JSFUSION_test\.csv: bad csv header.*'sentence'"):
        msrvtt.load(root, "test")


# -- MSVD ------------------------------------------------------------------------------------------
def _msvd(root):
    caps = {"vidA_1_5": [["a", "man", "plays", "guitar"], ["someone", "plays", "music"]],
            "vidB_0_3": ["A woman is cooking.", "a cook"], "vidC_2_9": [["a", "dog", "runs"]]}
    (root / "raw-captions.pkl").write_bytes(pickle.dumps(caps))
    (root / "train_list.txt").write_text("vidA_1_5\nvidB_0_3\n\n")
    (root / "val_list.txt").write_text("vidB_0_3\n")
    (root / "test_list.txt").write_text("vidC_2_9\n")
    for v, c in [("vidA_1_5", "red"), ("vidB_0_3", "green"), ("vidC_2_9", "blue")]:
        _clip(root / "YouTubeClips" / f"{v}.avi", c, fourcc="MJPG")
    return root


def test_msvd_splits_and_token_lists(tmp_path):
    root = _msvd(tmp_path)
    train = msvd.load(root, "train")
    assert [e.video_id for e in train.entries] == ["vidA_1_5", "vidB_0_3"]
    assert train.entries[0].captions == ["a man plays guitar", "someone plays music"]
    assert train.entries[1].captions == ["A woman is cooking.", "a cook"]
    assert train.entries[0].path == str(root / "YouTubeClips" / "vidA_1_5.avi")
    test = msvd.load(root, "test")
    ds = ClipTextDataset(test, FrameSampler(size=32), 4, train=False)
    item = ds[0]
    assert item["frames"].shape == (4, 32, 32, 3) and _mostly(item["frames"].numpy(), "blue")
    assert item["caption"] == "a dog runs"


def test_msvd_unknown_id_and_missing_files(tmp_path):
    root = _msvd(tmp_path)
    (root / "train_list.txt").write_text("vidA_1_5\nabc\n")
    with pytest.raises(AnnotationError, match=r"train_list\.txt: video id 'abc' has no captions in raw-captions\.pkl"):
        msvd.load(root, "train")
    (root / "raw-captions.pkl").unlink()
    with pytest.raises(AnnotationError, match=r"raw-captions\.pkl: annotation file not found"):
        msvd.load(root, "test")
    (root / "raw-captions.pkl").write_bytes(b"not a pickle at all")
    with pytest.raises(AnnotationError, match="not a readable pickle"):
        msvd.load(root, "test")
    (root / "raw-captions.pkl").write_bytes(pickle.dumps(["a", "list"]))
    with pytest.raises(AnnotationError, match="expected a dict"):
        msvd.load(root, "test")


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("protocol", [0, 2, 4, pickle.HIGHEST_PROTOCOL])
def test_msvd_malicious_pickle_is_refused_and_never_runs(tmp_path, protocol):
    root = _msvd(tmp_path)
    marker = tmp_path / "pwned"
    nested = {"vidC_2_9": [["a", "dog"]], "vidX": [_Payload(marker)]}
    (root / "raw-captions.pkl").write_bytes(pickle.dumps(nested, protocol=protocol))
    with pytest.raises(AnnotationError, match=r"raw-captions\.pkl: refused: .*system"):
        msvd.load(root, "test")
    assert not marker.exists()
    pickle.loads(pickle.dumps(_Payload(marker)))  # the payload is live: plain pickle runs it
    assert marker.exists()


# -- VATEX -----------------------------------------------------------------------------------------
def _vatex(root):
    anns = [{"videoID": "trim_me-1_000010_000020", "enCap": ["a trimmed clip", "red everywhere"]},
            {"videoID": "yt_id_x-2_000002_000004", "enCap": ["blue after red"]},
            {"videoID": "gone00000a_000001_000011", "enCap": ["never downloaded"]},
            {"videoID": "gone00000b_000005_000015", "enCap": ["taken down"]}]
    (root / "vatex_training_v1.0.json").write_text(json.dumps(anns))
    _clip(root / "videos" / "trim_me-1_000010_000020.mp4", "red")
    write_video(root / "videos" / "yt_id_x-2.mp4", [Segment(2, "red"), Segment(2, "blue")],
                fps=10, size=(64, 48))
    return root


def test_vatex_trimmed_and_whole_videos_missing_skipped(tmp_path, caplog):
    root = _vatex(tmp_path)
    with caplog.at_level(logging.WARNING):
        split = vatex.load(root, "train")
    assert [e.video_id for e in split.entries] == ["trim_me-1_000010_000020", "yt_id_x-2_000002_000004"]
    trimmed, whole = split.entries
    assert (trimmed.start, trimmed.end) == (0.0, None)
    assert whole.path == str(root / "videos" / "yt_id_x-2.mp4") and (whole.start, whole.end) == (2.0, 4.0)
    assert [v for v, _ in split.skipped] == ["gone00000a_000001_000011", "gone00000b_000005_000015"]
    assert "2 of 4 videos not found" in caplog.text
    ds = ClipTextDataset(split, FrameSampler(size=32), 4, train=False)
    assert _mostly(ds[1]["frames"].numpy(), "blue")  # only the [2, 4) s clip of the whole video
    assert _mostly(ds[0]["frames"].numpy(), "red")
    assert len(vatex.load(root, "train", videos=False).entries) == 4
    assert vatex.parse_video_id("a_b_c_000003_000013") == ("a_b_c", 3.0, 13.0)


@pytest.mark.parametrize("anns, match", [
    ([{"videoID": "abc_000001_000002"}], r"entry 0 has no 'enCap'"),
    ([{"videoID": "no-times-here", "enCap": ["x"]}], r"entry 0: videoID 'no-times-here' is not"),
    ({"videoID": "abc_000001_000002"}, r"expected a JSON list"),
    ([{"videoID": "abc_000001_000002", "enCap": "one string"}], r"entry 0 \('abc_000001_000002'\): 'enCap' must be a list"),
])
def test_vatex_malformed(tmp_path, anns, match):
    (tmp_path / "vatex_validation_v1.0.json").write_text(json.dumps(anns))
    (tmp_path / "videos").mkdir()
    with pytest.raises(AnnotationError, match=r"vatex_validation_v1\.0\.json: " + match):
        vatex.load(tmp_path, "val")


def test_vatex_missing_file_and_no_videos_at_all(tmp_path):
    with pytest.raises(AnnotationError, match=r"vatex_training_v1\.0\.json: annotation file not found"):
        vatex.load(tmp_path, "train")
    root = _vatex(tmp_path)
    for f in (root / "videos").iterdir():
        f.unlink()
    with pytest.raises(AnnotationError, match="none of the 4 videos"):
        vatex.load(root, "train")


# -- TGIF ------------------------------------------------------------------------------------------
def _tgif(root):
    url = "https://38.media.tumblr.com/{}/tumblr_{}_500.gif"
    (root / "tgif-v1.0.tsv").write_text(
        f"{url.format('aa', 'one')}\ta cat jumps on a table\n"
        f"{url.format('bb', 'two')}\ta man waves\n"
        f"{url.format('aa', 'one')}\ta kitten leaps\n"
        f"{url.format('cc', 'three')}\tdancing people\n")
    (root / "splits").mkdir()
    (root / "splits" / "train.txt").write_text(f"{url.format('aa', 'one')}\ntumblr_two_500.gif\n")
    (root / "splits" / "test.txt").write_text(f"{url.format('cc', 'three')}\n")
    frames = np.zeros((12, 48, 64, 3), np.uint8)  # 0.6 s red, then 0.6 s blue (palette colours)
    frames[:6, ..., 0] = 255
    frames[6:, ..., 2] = 255
    (root / "gifs").mkdir()
    _write_gif(root / "gifs" / "tumblr_one_500.gif", frames)
    _clip(root / "gifs" / "tumblr_two_500.mp4", "green")  # a converted clip
    return root


def test_tgif_groups_captions_and_reads_gifs(tmp_path):
    root = _tgif(tmp_path)
    train = tgif.load(root, "train")
    assert [(e.video_id, e.captions) for e in train.entries] == [
        ("tumblr_one_500", ["a cat jumps on a table", "a kitten leaps"]),
        ("tumblr_two_500", ["a man waves"])]
    assert train.entries[0].path.endswith("tumblr_one_500.gif")
    assert train.entries[1].path.endswith("tumblr_two_500.mp4")
    test = tgif.load(root, "test")
    assert missing_videos(test) == test.entries  # not downloaded: the .gif path is still given
    ds = ClipTextDataset(train, FrameSampler(size=32), 3, train=False)
    gif = ds[0]["frames"].numpy()  # frames 2, 6, 10 of the GIF, in RGB order
    assert gif.shape == (3, 32, 32, 3)
    assert (gif[0] == [255, 0, 0]).all() and (gif[1:] == [0, 0, 255]).all()
    assert _mostly(ds[1]["frames"].numpy(), "green")


def test_tgif_malformed(tmp_path):
    root = _tgif(tmp_path)
    (root / "splits" / "train.txt").write_text("tumblr_nope_500.gif\n")
    with pytest.raises(AnnotationError, match=r"train\.txt: 'tumblr_nope_500\.gif' has no captions"):
        tgif.load(root, "train")
    (root / "tgif-v1.0.tsv").write_text("https://x/tumblr_one_500.gif\tok\nno tab on this line\n")
    with pytest.raises(AnnotationError, match=r"tgif-v1\.0\.tsv: line 2: expected"):
        tgif.load(root, "test")
    with pytest.raises(AnnotationError, match=r"val\.txt: annotation file not found"):
        tgif.load(root, "val")


# -- features --------------------------------------------------------------------------------------
def test_uniform_indices_are_the_frame_samplers_positions(tmp_path):
    path = write_video(tmp_path / "v.mp4", [Segment(3, "red")], fps=10, size=(64, 48))
    sampler = FrameSampler(size=16)
    for n in (1, 4, 7, 30, 45):
        got = sampler.uniform(path, n).times * 10
        assert np.array_equal(np.round(got).astype(int), uniform_indices(30, n)), n
    assert uniform_indices(10, 4).tolist() == [1, 3, 6, 8]


def test_feature_store_npy(tmp_path):
    (tmp_path / "f").mkdir()
    np.save(tmp_path / "f" / "v0.npy", np.arange(20, dtype=np.float64).reshape(10, 2))
    np.save(tmp_path / "f" / "v1.npy", np.ones(2, np.float16))
    store = FeatureStore(tmp_path / "f")
    assert store.dim == 2 and "v0" in store and "v9" not in store and len(store) == 2
    x = store.get("v0")
    assert x.dtype == np.float32 and x.shape == (10, 2) and x[3, 1] == 7
    assert store.get("v1").shape == (1, 2)
    with pytest.raises(AnnotationError, match="no features for video id 'v9'"):
        store.get("v9")
    np.save(tmp_path / "f" / "v2.npy", np.ones((3, 5), np.float32))
    with pytest.raises(AnnotationError, match="dimension 5"):
        FeatureStore(tmp_path / "f").get("v2")
    np.save(tmp_path / "f" / "v3.npy", np.array([{"evil": 1}], dtype=object))
    with pytest.raises(AnnotationError, match="v3"):
        FeatureStore(tmp_path / "f").get("v3")
    with pytest.raises(AnnotationError, match="not found"):
        FeatureStore(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(AnnotationError, match="no <video_id>.npy"):
        FeatureStore(tmp_path / "empty")


def test_feature_store_h5_and_dataset(tmp_path):
    h5py = pytest.importorskip("h5py")
    with h5py.File(tmp_path / "feats.h5", "w") as f:
        for i in range(3):
            f[f"video{i}"] = np.arange(12 * 4, dtype=np.float32).reshape(12, 4) + 1000 * i
    store = FeatureStore(tmp_path / "feats.h5")
    assert store.dim == 4 and sorted(store.ids()) == ["video0", "video1", "video2"]
    split = Split("train", [VideoEntry(f"video{i}", [f"cap {i} a", f"cap {i} b"]) for i in range(3)])
    ds = FeatureDataset(split, store, n_frames=3, train=False)
    batch = collate([ds[i] for i in range(3)])
    assert batch["features"].shape == (3, 3, 4) and batch["features"].dtype == torch.float32
    rows = batch["features"][:, :, 0].numpy() / 4 % 250  # row t holds 4t, + 1000 * video
    assert np.array_equal(rows, np.tile(uniform_indices(12, 3), (3, 1)))
    assert batch["caption"] == ["cap 0 a", "cap 1 a", "cap 2 a"]
    store.close()
    split.entries.append(VideoEntry("video9", ["no features"]))
    with pytest.raises(AnnotationError, match=r"feats\.h5: 1 of 4 videos .* 'video9'"):
        FeatureDataset(split, store, 3, train=True)
    ds = FeatureDataset(split, store, 3, train=True, drop_missing=True)
    assert len(ds) == 3 and ds.dropped == [("video9", "no features")]


def test_feature_store_h5_without_h5py_says_so(tmp_path, monkeypatch):
    import builtins
    real = builtins.__import__

    def no_h5py(name, *a, **k):
        if name == "h5py":
            raise ImportError("no h5py")
        return real(name, *a, **k)

    (tmp_path / "x.h5").write_bytes(b"\x89HDF\r\n\x1a\n")
    monkeypatch.setattr(builtins, "__import__", no_h5py)
    with pytest.raises(SeekframeError, match="needs h5py"):
        FeatureStore(tmp_path / "x.h5")


# -- datasets --------------------------------------------------------------------------------------
def _colour_split(tmp_path, n=3):
    colours = ["red", "green", "blue", "yellow"][:n]
    return Split("train", [VideoEntry(c, [f"{c} {k}" for k in range(5)], str(_clip(tmp_path / f"{c}.mp4", c)))
                           for c in colours])


def test_clip_dataset_through_dataloader(tmp_path):
    split = _colour_split(tmp_path)
    ds = ClipTextDataset(split, FrameSampler(size=32), n_frames=4, train=False)
    batches = list(DataLoader(ds, batch_size=2, collate_fn=collate, num_workers=0))
    b = batches[0]
    assert b["frames"].dtype == torch.uint8 and b["frames"].shape == (2, 4, 32, 32, 3)
    assert b["caption"] == ["red 0", "green 0"] and b["video_id"] == ["red", "green"]
    assert b["index"].dtype == torch.int64 and b["index"].tolist() == [0, 1]
    assert batches[1]["frames"].shape == (1, 4, 32, 32, 3)
    assert [_mostly(f.numpy(), c) for f, c in zip(b["frames"], ["red", "green"])] == [True, True]


def test_caption_choice_random_in_train_fixed_in_eval(tmp_path):
    split = _colour_split(tmp_path, n=1)
    sampler = FrameSampler(size=16)
    evals = {ClipTextDataset(split, sampler, 2, train=False)[0]["caption"] for _ in range(10)}
    assert evals == {"red 0"}
    ds = ClipTextDataset(split, sampler, 2, train=True, seed=1, cache=True)
    draws = [ds[0]["caption"] for _ in range(30)]
    assert set(draws) <= set(split.entries[0].captions) and len(set(draws)) >= 3
    again = ClipTextDataset(split, sampler, 2, train=True, seed=1, cache=True)
    assert [again[0]["caption"] for _ in range(30)] == draws  # the seed makes it reproducible
    other = ClipTextDataset(split, sampler, 2, train=True, seed=2, cache=True)
    assert [other[0]["caption"] for _ in range(30)] != draws


@pytest.mark.slow  # (worker processes: 18 s under load 12)
def test_worker_processes_draw_different_captions(tmp_path):
    split = _colour_split(tmp_path, n=1)
    split.entries *= 8  # one video many times: only the caption draws differ
    ds = ClipTextDataset(split, FrameSampler(size=16), 2, train=True, cache=True)
    torch.manual_seed(0)
    loader = DataLoader(ds, batch_size=4, collate_fn=collate, num_workers=2,
                        multiprocessing_context=worker_context(2))  # as training.loop.fit
    per_batch = [tuple(b["caption"]) for b in loader]
    assert len(per_batch) == 2 and per_batch[0] != per_batch[1]


@pytest.mark.slow  # (6.5 s under load 12)
def test_an_epoch_draws_the_same_batches_whatever_ran_before_and_however_many_workers(tmp_path):
    from training.loop import PairedBatchSampler

    ds = ClipTextDataset(_colour_split(tmp_path, n=4), FrameSampler(size=16), 2, train=True, seed=3, cache=True)

    def epoch(workers):
        sampler = PairedBatchSampler(len(ds), batch_size=4, pairs=2, seed=3)
        sampler.set_epoch(1)
        loader = DataLoader(ds, batch_sampler=sampler, collate_fn=collate, num_workers=workers,
                            multiprocessing_context=worker_context(workers))  # as training.loop.fit
        return [(b["index"].tolist(), b["caption"]) for b in loader]

    first = epoch(0)
    assert len({c for _, caps in first for c in caps}) >= 4  # random captions, not the first each time
    for _ in range(7):
        ds[0]  # an earlier stage drew items from the same dataset object
    assert epoch(0) == first
    assert epoch(2) == first


def test_cache_decodes_once(tmp_path):
    class Counting(FrameSampler):
        calls = 0

        def uniform(self, *a, **k):
            Counting.calls += 1
            return super().uniform(*a, **k)

    split = _colour_split(tmp_path, n=2)
    ds = ClipTextDataset(split, Counting(size=16), 3, train=True, cache=True)
    first = [ds[i]["frames"].clone() for i in range(2)]
    second = [ds[i]["frames"] for i in range(2)]
    assert Counting.calls == 2 and all(torch.equal(a, b) for a, b in zip(first, second))
    uncached = ClipTextDataset(split, Counting(size=16), 3, train=True)
    uncached[0], uncached[0]
    assert Counting.calls == 4


def test_broken_video_named_or_dropped(tmp_path, caplog):
    split = _colour_split(tmp_path, n=2)
    bad = write_broken_video(tmp_path / "bad.mp4")
    split.entries.insert(1, VideoEntry("bad_one", ["broken"], str(bad)))
    split.entries.append(VideoEntry("absent", ["missing"], str(tmp_path / "absent.mp4")))
    ds = ClipTextDataset(split, FrameSampler(size=16), 2, train=False)
    with pytest.raises(MediaError, match=r"bad\.mp4: .*video 'bad_one' of the train split"):
        ds[1]
    with caplog.at_level(logging.WARNING):
        ds = ClipTextDataset(split, FrameSampler(size=16), 2, train=False, check=True)
    assert [v for v, _ in ds.dropped] == ["bad_one", "absent"] and "2 of 4 videos" in caplog.text
    assert [e.video_id for e in ds.split.entries] == ["red", "green"] and ds[1]["caption"] == "green 0"
    assert [v for v, _ in ds.split.skipped] == ["bad_one", "absent"]
    with pytest.raises(ValueError, match="no video file"):
        ClipTextDataset(Split("test", [VideoEntry("f", ["x"])]), FrameSampler(size=16), 2, train=False)


def test_multi_caption_ranks_of_a_split(tmp_path):
    """A split's captions flattened with their owners, ranked by training.metrics' rules."""
    from training.metrics import t2v_ranks, v2t_ranks

    split = Split("test", [VideoEntry("a", ["a1", "a2"]), VideoEntry("b", ["b1"]),
                           VideoEntry("c", ["c1", "c2", "c3"])])
    texts, owner = split.flat_captions()
    assert texts == ["a1", "a2", "b1", "c1", "c2", "c3"] and owner.tolist() == [0, 0, 1, 2, 2, 2]
    sim = np.full((6, 3), 0.0)
    sim[np.arange(6), owner] = 1.0  # perfect, except text "c2" prefers video a
    sim[4, 0] = 2.0
    assert t2v_ranks(sim, owner).tolist() == [1, 1, 1, 1, 2, 1]
    sim[[3, 5], 2] = 0.0  # video c's best own caption is now c2 (1.0), below a1 and a2:
    sim[[0, 1], 2] = [1.5, 1.2]
    ranks, videos = v2t_ranks(sim, owner)
    assert ranks.tolist() == [2, 1, 3] and videos.tolist() == [0, 1, 2]  # video a: c2 (2.0) beats a1, a2


# -- training views ---------------------------------------------------------------------------
def test_segment_pick_takes_one_frame_of_each_segment_in_order():
    from training.data.augment import segment_pick

    rng = np.random.default_rng(0)
    seen = set()
    for _ in range(50):
        idx = segment_pick(8, rng)
        assert list(idx // 2) == list(range(8))  # one per segment, in order
        seen.update(idx.tolist())
    assert seen == set(range(16))  # both frames of every segment get picked


def test_random_crop_is_one_box_for_the_whole_clip_and_keeps_colours():
    from training.data.augment import random_crop

    rng = np.random.default_rng(1)
    solid = np.zeros((4, 40, 60, 3), np.uint8)
    solid[:] = (200, 30, 10)
    assert np.array_equal(random_crop(solid, rng, (0.5, 0.8)), solid)  # colours are never changed
    ramp = np.zeros((4, 40, 60, 3), np.uint8)
    ramp[..., 0] = np.linspace(0, 240, 60, dtype=np.uint8)[None, None, :]  # brightness grows left→right
    for _ in range(10):
        out = random_crop(ramp, rng, (0.5, 0.5))
        assert out.shape == ramp.shape and out.dtype == np.uint8
        assert all(np.array_equal(out[0], out[i]) for i in range(4))  # the same box on every frame
        row = out[0, 20, :, 0].astype(int)
        assert np.all(np.diff(row) >= 0)  # left stays left: no flip
        assert row[-1] - row[0] < 240 * 0.8  # a zoom into part of the frame
    assert np.array_equal(random_crop(ramp, rng, (1.0, 1.0)), ramp)


def test_augmented_training_views_vary_and_evaluation_stays_plain(tmp_path):
    from training.data.augment import Augment
    from training.data.dataset import ClipTextDataset

    path = tmp_path / "clip.mp4"
    write_video(path, [Segment(2.0, "red", square="blue"), Segment(2.0, "green", square="white")],
                fps=12, size=(64, 48))
    split = Split("train", [VideoEntry("v", ["a clip"], str(path))])
    sampler = FrameSampler(size=32)
    aug = Augment.from_config({"temporal": True, "crop_scale": [0.6, 0.9]})
    train = ClipTextDataset(split, sampler, 4, train=True, seed=0, cache=True, augment=aug)
    views = [train[0]["frames"].numpy() for _ in range(6)]
    assert all(v.shape == (4, 32, 32, 3) for v in views)
    assert any(not np.array_equal(views[0], v) for v in views[1:])
    again = ClipTextDataset(split, sampler, 4, train=True, seed=0, cache=True, augment=aug)
    assert np.array_equal(again[0]["frames"].numpy(), views[0])  # deterministic per seed
    test = ClipTextDataset(split, sampler, 4, train=False, augment=aug)
    plain = sampler.uniform(str(path), 4).frames
    assert np.array_equal(test[0]["frames"].numpy(), plain) and np.array_equal(test[0]["frames"].numpy(), plain)
    with pytest.raises(ValueError, match="crop_scale"):
        Augment.from_config({"crop_scale": [0, 2]})
    with pytest.raises(ValueError, match="unknown"):
        Augment.from_config({"flip": True})


@pytest.mark.parametrize("fmt, build, folder", [(msrvtt, _msrvtt, "videos"), (msvd, _msvd, "YouTubeClips"), (vatex, _vatex, "videos"),
                                                (tgif, _tgif, "gifs")])
def test_loaders_find_clips_in_teachclips_videodata_folder(tmp_path, fmt, build, folder):
    root = build(tmp_path)
    (root / folder).rename(root / "VideoData")  # TeachCLIP keeps every data set's clips there
    train = fmt.load(root, "train")
    assert train.entries and all(e.path.startswith(str(root / "VideoData")) for e in train.entries)


@pytest.mark.parametrize("ann", ["msrvtt_data", "Annotations"])
def test_msrvtt_annotations_in_clip4clips_or_teachclips_subfolder(tmp_path, ann):
    (tmp_path / ann).mkdir()
    _msrvtt(tmp_path / ann, videos=False)
    (tmp_path / "MSRVTT_Videos").mkdir()  # CLIP4Clip: msrvtt_data/ and MSRVTT_Videos/ side by side
    _clip(tmp_path / "MSRVTT_Videos" / "video0.mp4")
    train, test = msrvtt.load(tmp_path, "train"), msrvtt.load(tmp_path, "test")
    assert [e.video_id for e in train.entries] == ["video0", "video1", "video2"]
    assert train.entries[0].path == str(tmp_path / "MSRVTT_Videos" / "video0.mp4")
    assert train.entries[0].events == [(0, 1.5, "a red square")]
    assert test.entries[1].captions == ["a sentence, with a comma"]
    (tmp_path / ann / "MSRVTT_data.json").unlink()  # the 1k-A test split needs only its CSV
    assert [e.video_id for e in msrvtt.load(tmp_path, "test").entries] == ["video3", "video4"]
    with pytest.raises(AnnotationError, match=r"MSRVTT_data\.json: annotation file not found \(nor in msrvtt_data/"):
        msrvtt.load(tmp_path / "MSRVTT_Videos", "train")  # a root with none of them says where it looked
