"""Pre-extracted frame features (HGR-style): ``<video_id>.npy`` files in a folder, each [T, D],
or one ``.h5``/``.hdf5`` file with one dataset [T, D] per video id (h5py is imported only then)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from core.errors import SeekframeError
from training.data.base import AnnotationError

H5_SUFFIXES = (".h5", ".hdf5")
MANIFEST = "extractor.json"  # what ``python -m training.extract`` records about the model it ran


def read_manifest(folder: str | Path) -> dict:
    """``extractor.json`` of a features folder, or {} (an .h5 file or a folder without one)."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SeekframeError(f"{path} is not readable JSON ({e})") from e
    return data if isinstance(data, dict) else {}


def uniform_indices(t: int, n: int) -> np.ndarray:
    """int64 [n]: the centre of each of n equal segments of ``range(t)`` (repeats when n > t):
    ``core.media.FrameSampler.uniform``'s rule in frame units, so features and decoded frames of
    a video are taken at the same positions."""
    if t <= 0 or n <= 0:
        raise ValueError(f"need t > 0 and n > 0, got t={t}, n={n}")
    idx = np.floor((np.arange(n) + 0.5) * t / n + 1e-6).astype(np.int64)
    return np.minimum(idx, t - 1)


def _h5py():
    try:
        import h5py
    except ImportError as e:
        raise SeekframeError("reading .h5/.hdf5 features needs h5py: pip install h5py "
                             "(or install seekframe with the 'train' extra)") from e
    return h5py


class FeatureStore:
    """``get(video_id) -> float32 [T, D]``; ``dim`` = D; ``video_id in store``; ``len(store)``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._h5 = None
        self._h5_pid = None
        if self.path.is_dir():
            self._files = {f.stem: f for f in sorted(self.path.glob("*.npy"))}
            if not self._files:
                raise AnnotationError(self.path, "no <video_id>.npy feature files in this folder")
            self._keys = list(self._files)
        elif self.path.is_file() and self.path.suffix.lower() in H5_SUFFIXES:
            self._files = None
            f = self._file()
            self._keys = [k for k in f.keys() if isinstance(f[k], _h5py().Dataset)]
            if not self._keys:
                raise AnnotationError(self.path, "no datasets (one per video id) in this file")
        elif not self.path.exists():
            raise AnnotationError(self.path, "feature folder or file not found")
        else:
            raise AnnotationError(self.path, "expected a folder of <video_id>.npy files "
                                  "or an .h5/.hdf5 file")
        self._key_set = set(self._keys)
        self.dim = int(self._read(self._keys[0]).shape[1])

    def ids(self) -> list[str]:
        return list(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, video_id) -> bool:
        return video_id in self._key_set

    def get(self, video_id: str) -> np.ndarray:
        if video_id not in self._key_set:
            raise AnnotationError(self.path, f"no features for video id '{video_id}'")
        x = self._read(video_id)
        if x.shape[1] != self.dim:
            raise AnnotationError(self.path, f"features of '{video_id}' have dimension {x.shape[1]}, "
                                  f"the others {self.dim}")
        return x

    def _read(self, video_id: str) -> np.ndarray:
        where = self.path if self._files is None else self._files[video_id]
        try:
            if self._files is None:
                x = np.asarray(self._file()[video_id][()])
            else:
                x = np.load(where, allow_pickle=False)
        except (OSError, ValueError) as e:
            raise AnnotationError(where, f"cannot read the features of '{video_id}' ({e})") from e
        if x.ndim == 1:
            x = x[None, :]
        if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0 or not np.issubdtype(x.dtype, np.number):
            raise AnnotationError(where, f"features of '{video_id}' have shape {x.shape} "
                                  f"and type {x.dtype}; expected numbers [T, D]")
        return np.ascontiguousarray(x, dtype=np.float32)

    def _file(self):
        if self._h5 is None or self._h5_pid != os.getpid():  # one handle per (worker) process
            try:
                self._h5 = _h5py().File(self.path, "r")
            except OSError as e:
                raise AnnotationError(self.path, f"not a readable HDF5 file ({e})") from e
            self._h5_pid = os.getpid()
        return self._h5

    def close(self) -> None:
        if self._h5 is not None and self._h5_pid == os.getpid():
            self._h5.close()
        self._h5 = None

    def __getstate__(self):  # DataLoader workers (spawn) reopen the file themselves
        state = dict(self.__dict__)
        state["_h5"] = None
        return state
