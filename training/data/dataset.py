"""Torch datasets over a ``Split``: decoded clips (through ``core.media.FrameSampler``, the
sampler the app indexes with) or pre-extracted features, plus ``collate`` and the evaluation view.

Items: ``{"frames": uint8 [T, H, W, 3] | "features": float32 [T, D], "caption": str,
"index": int, "video_id": str}``. In train mode the caption is a random one of the video's
captions; in eval mode it is always the first.

Training items are addressed as ``(index, draw)`` by ``training.loop.PairedBatchSampler``: every
random choice for that item (its caption, its augmented view) follows from ``(seed, draw)`` alone,
so a run draws the same batches whatever ran before it in the process, however many DataLoader
workers load them, and after a resume. A plain ``index`` draws from a generator per worker.
"""

from __future__ import annotations

import logging

import numpy as np
import torch
from torch.utils.data import Dataset, get_worker_info

from core.errors import MediaError, SeekframeError
from core.media import FrameSampler, probe
from training.data.augment import Augment
from training.data.base import AnnotationError, Split, VideoEntry
from training.data.features import FeatureStore, uniform_indices

log = logging.getLogger(__name__)


class SplitUnreadable(SeekframeError):
    """No video of a training split can be read any more. One message argument, so that a DataLoader
    worker's error comes back to the main process as itself (torch re-raises ``type(msg)``; a
    MediaError, of two arguments, came back a RuntimeError: a traceback mid-epoch), its message alone."""

    def __init__(self, message: str):
        super().__init__(message.rsplit(f"{type(self).__name__}: ", 1)[-1].strip())  # (a worker's traceback dropped)


class _WorkerRng:
    """A generator per DataLoader worker process (seeded from ``seed`` and torch's worker seed)."""

    def __init__(self, seed: int):
        self.seed, self._gen, self._key = seed, None, None

    def get(self) -> np.random.Generator:
        info = get_worker_info()
        key = None if info is None else (info.id, info.seed)
        if self._gen is None or key != self._key:
            self._gen = np.random.default_rng([self.seed] if info is None
                                              else [self.seed, info.seed % (1 << 63)])
            self._key = key
        return self._gen


class _Draws:
    """Per-item random generators (caption, view) from an item key ``index`` or ``(index, draw)``."""

    def __init__(self, seed: int):
        self.seed = seed
        self._stream = _WorkerRng(seed)

    def item(self, key) -> tuple[int, np.random.Generator, np.random.Generator]:
        if isinstance(key, tuple):
            index, draw = key
        else:
            index, draw = key, int(self._stream.get().integers(1 << 62))
        caption_seq, view_seq = np.random.SeedSequence([self.seed, int(draw)]).spawn(2)
        return int(index), np.random.default_rng(caption_seq), np.random.default_rng(view_seq)


def pick_caption(entry: VideoEntry, train: bool, rng: np.random.Generator) -> str:
    if not train or len(entry.captions) == 1:
        return entry.captions[0]
    return entry.captions[int(rng.integers(len(entry.captions)))]


def _usable(split: Split, kept: list[VideoEntry], dropped: list[tuple[str, str]]) -> Split:
    if not kept:
        raise ValueError(f"the {split.name} split has no usable videos")
    for entry in kept:
        if not entry.captions:
            raise ValueError(f"video '{entry.video_id}' of the {split.name} split has no captions")
    return Split(split.name, kept, list(split.skipped) + dropped, split.source, split.carved)


def readable(split: Split, timeout_s: float = 120.0) -> Split:
    """``split`` without the videos that cannot be read or whose clip lies outside the video (each
    probed once), left out with why (``Split.skipped``) and said: an evaluation split is checked
    before anything trains, so that a bad test video cannot stop a run after its training."""
    kept, dropped = [], []
    for entry in split.entries:
        try:
            info = probe(entry.path, timeout_s=timeout_s)
            end = info.duration if entry.end is None else min(entry.end, info.duration)
            if not end > entry.start:
                raise MediaError(entry.path, f"clip [{entry.start:g}, {entry.end}) s lies outside "
                                 f"the {info.duration:.1f} s video")
            kept.append(entry)
        except MediaError as e:
            dropped.append((entry.video_id, e.reason))
    if dropped:
        log.warning("%s split: %d of %d videos cannot be read, left out: %s", split.name, len(dropped),
                    len(split), "; ".join(f"{v}: {r}" for v, r in dropped[:5]) + ("; …" if len(dropped) > 5 else ""))
    return Split(split.name, kept, list(split.skipped) + dropped, split.source, split.carved)


class ClipTextDataset(Dataset):
    """Clips decoded with ``sampler.uniform(entry.path, n_frames, entry.start, entry.end)``.

    ``cache=True`` keeps decoded frames in memory (per worker process). ``check=True`` probes every
    video first and drops those that cannot be read (``self.dropped``: ``(video_id, reason)``);
    otherwise a bad video raises ``MediaError`` naming it when its item is loaded. ``self.split``
    is the split actually served (indices refer to it)."""

    def __init__(self, split: Split, sampler: FrameSampler, n_frames: int, train: bool,
                 seed: int = 0, cache: bool = False, check: bool = False, augment: Augment | None = None,
                 left_out: dict[str, str] | None = None):
        if n_frames <= 0:
            raise ValueError("n_frames must be positive")
        no_file = [e.video_id for e in split.entries if not e.path]
        if no_file:
            raise ValueError(f"{len(no_file)} videos of the {split.name} split have no video file "
                             f"(e.g. '{no_file[0]}'): the loader found no video folder; give "
                             "video_dir=, or use FeatureDataset for pre-extracted features")
        self.sampler, self.n_frames, self.train = sampler, n_frames, train
        # training views (training.data.augment); evaluation always sees the plain clip
        self.augment = augment if (train and augment is not None and augment.active) else None
        self._decode_n = self.augment.decode_count(n_frames) if self.augment else n_frames
        self.dropped: list[tuple[str, str]] = []
        kept = list(split.entries)
        if check:
            checked = readable(split, sampler.timeout_s)
            kept, self.dropped = checked.entries, checked.skipped[len(split.skipped):]
        self.split = _usable(split, kept, self.dropped)
        self.entries = self.split.entries
        self._draws = _Draws(seed)
        self._cache: dict[int, np.ndarray] | None = {} if cache else None
        # training: video id -> why, of the videos found unreadable (``note_left_out``; a dict
        # shared with earlier datasets of the split, so each is said and tried once in a run)
        self.left_out = {} if left_out is None else left_out
        self._unreadable = {i for i, e in enumerate(self.entries) if e.video_id in self.left_out}
        self._found: list[tuple[int, str]] = []  # (found in this process, not yet handed on)

    def __len__(self) -> int:
        return len(self.entries)

    def frames(self, index: int) -> np.ndarray:
        """uint8 [n_frames, H, W, 3] RGB of one video (from the cache when enabled)."""
        if self._cache is not None and index in self._cache:
            return self._cache[index]
        entry = self.entries[index]
        where = f"video '{entry.video_id}' of the {self.split.name} split"
        try:
            frames = self.sampler.uniform(entry.path, self._decode_n, entry.start, entry.end).frames
        except MediaError as e:
            raise type(e)(entry.path, f"{e.reason} ({where})") from e
        except ValueError as e:  # the clip interval lies outside the video
            raise MediaError(entry.path, f"{e} ({where})") from e
        if len(frames) != self._decode_n:
            raise MediaError(entry.path, f"decoded {len(frames)} of {self._decode_n} frames ({where})")
        if self._cache is not None:
            self._cache[index] = frames
        return frames

    def _served(self, index: int) -> tuple[int, np.ndarray]:
        """(index, frames) of the video at ``index``; in training, one that cannot be read (a clip
        outside a download shorter than it, a file damaged) is left out and the next readable one
        served instead, so one bad video of thousands does not stop a run hours in. It is said
        once, by the main process: a DataLoader worker (a process of its own, whose log goes
        nowhere) hands it on in its item's ``left_out`` for ``note_left_out``."""
        if not self.train:
            return index, self.frames(index)
        last = None
        for _ in range(len(self.entries)):
            if index not in self._unreadable:
                try:
                    return index, self.frames(index)
                except MediaError as e:
                    self._unreadable.add(index)
                    self._found.append((index, e.reason))
                    last = e
            index = (index + 1) % len(self.entries)
        raise SplitUnreadable(f"no video of the {self.split.name} split can be read"
                              + (f" (the last tried: {last})" if last else "")
                              + ": were its files removed or moved while the run read them (a WebDataset "
                              "shard's cache folder deleted, a drive unmounted)? Make them readable and run "
                              "the same command again: the stage resumes from its last checkpoint")

    takes_draws = True  # items may be addressed as (index, draw): see the module's docstring

    def __getitem__(self, key: int | tuple[int, int]) -> dict:
        index, caption_rng, view_rng = self._draws.item(key)
        index, frames = self._served(index)
        entry = self.entries[index]
        if self.augment is not None:
            frames = self.augment.view(frames, self.n_frames, view_rng)
        item = {"frames": torch.from_numpy(np.ascontiguousarray(frames)),
                "caption": pick_caption(entry, self.train, caption_rng), "index": index, "video_id": entry.video_id}
        if self.train:
            item["left_out"], self._found = self._found, []
            if get_worker_info() is None:
                self.note_left_out(item["left_out"])
        return item

    def note_left_out(self, found) -> None:
        """Record and say, once each, the unreadable training videos items name (their
        ``left_out``: ``(index, why)`` pairs); the next epoch's workers skip them."""
        for index, why in found:
            entry = self.entries[int(index)]
            self._unreadable.add(int(index))
            if entry.video_id not in self.left_out:
                self.left_out[entry.video_id] = why
                log.warning("left out of training: %s: %s", entry.path, why)


class FeatureDataset(Dataset):
    """``n_frames`` rows of each video's [T, D] features at ``uniform_indices(T, n_frames)``.
    Videos without features raise AnnotationError (or are dropped with ``drop_missing=True``)."""

    def __init__(self, split: Split, store: FeatureStore, n_frames: int, train: bool,
                 seed: int = 0, drop_missing: bool = False):
        if n_frames <= 0:
            raise ValueError("n_frames must be positive")
        self.store, self.n_frames, self.train = store, n_frames, train
        missing = [e.video_id for e in split.entries if e.video_id not in store]
        if missing and not drop_missing:
            raise AnnotationError(store.path, f"{len(missing)} of {len(split)} videos of the "
                                  f"{split.name} split have no features, e.g. "
                                  + ", ".join(f"'{m}'" for m in missing[:3]))
        self.dropped = [(m, "no features") for m in missing]
        kept = [e for e in split.entries if e.video_id in store]
        self.split = _usable(split, kept, self.dropped)
        self.entries = self.split.entries
        self._draws = _Draws(seed)

    def __len__(self) -> int:
        return len(self.entries)

    takes_draws = True  # items may be addressed as (index, draw): see the module's docstring

    def __getitem__(self, key: int | tuple[int, int]) -> dict:
        index, caption_rng, _ = self._draws.item(key)
        entry = self.entries[index]
        x = self.store.get(entry.video_id)
        x = x[uniform_indices(len(x), self.n_frames)]
        return {"features": torch.from_numpy(np.ascontiguousarray(x)),
                "caption": pick_caption(entry, self.train, caption_rng), "index": index, "video_id": entry.video_id}


def worker_context(num_workers: int):
    """The multiprocessing context for a DataLoader's workers: "forkserver" on Linux. A plain fork
    copies a parent that may hold FFmpeg's, OpenMP's or a library's threads mid-lock (a worker of
    a long-lived process segfaulted decoding its first clip); None (the default) without workers."""
    import sys

    if num_workers <= 0 or not sys.platform.startswith("linux"):
        return None
    import multiprocessing

    return multiprocessing.get_context("forkserver")


def collate(items: list[dict]) -> dict:
    """Batch items: tensors stacked, ints as an int64 tensor, strings (captions, ids) as lists."""
    out = {}
    for key in items[0]:
        values = [it[key] for it in items]
        if torch.is_tensor(values[0]):
            out[key] = torch.stack(values)
        elif isinstance(values[0], (int, np.integer)) and not isinstance(values[0], bool):
            out[key] = torch.tensor(values, dtype=torch.int64)
        else:
            out[key] = values
    return out
