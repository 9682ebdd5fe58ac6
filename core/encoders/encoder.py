"""Encoder: the one interface the app and the CLI use (device, precision, batching, and how many
CPU threads torch uses for queries and for indexing: ``cpu_plan``, ``cpu_threads``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from core.encoders import model_ids
from core.encoders.card import UNKNOWN_CARD, ModelCard, read_card, write_card
from core.encoders.folder import load_model, save_model
from core.encoders.model import VideoTextModel, state_digest
from core.encoders.registry import canonical_config
from core.encoders.text_side import encode_in_batches
from core.errors import ModelError

# encode_text calls of at most this many texts (queries) run on one CPU thread: a query is a few
# small products, and more threads mostly wait on each other (3-5x slower p50 on a busy machine)
QUERY_TEXTS = 8
_PRECISIONS = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


def pick_device(requested: str | torch.device | None = None) -> torch.device:
    """CUDA > MPS > CPU, or the requested device (``SEEKFRAME_DEVICE`` when none is given).
    ModelError when the requested device is not available."""
    if requested is None:
        requested = os.environ.get("SEEKFRAME_DEVICE", "").strip() or None
    if requested is None or str(requested) == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps" if torch.backends.mps.is_available() else "cpu")
    try:
        dev = torch.device(requested)
    except (RuntimeError, TypeError) as e:
        raise ModelError(f"unknown device {requested!r} (use cpu, cuda, cuda:N or mps)") from e
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ModelError(f"device {requested!r} was asked for, but no CUDA GPU is available")
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        raise ModelError(f"device {requested!r} does not exist ({torch.cuda.device_count()} GPUs)")
    if dev.type == "mps" and not torch.backends.mps.is_available():
        raise ModelError(f"device {requested!r} was asked for, but MPS is not available")
    return dev


def pick_dtype(device: torch.device, precision: str | None = None) -> torch.dtype:
    """fp16 compute on GPUs (CUDA, MPS), fp32 on CPU, unless ``precision`` says otherwise."""
    if precision is not None:
        if precision not in _PRECISIONS:
            raise ModelError(f"precision must be one of {', '.join(_PRECISIONS)}")
        return _PRECISIONS[precision]
    return torch.float16 if device.type in ("cuda", "mps") else torch.float32


def compute_model_id(model: VideoTextModel) -> str:
    """``<name>-<12 hex>``: sha256 over the canonical config and every persistent tensor
    (sorted keys; dtype, shape and bytes). Same weights ⇒ same id, whatever the source."""
    digest = state_digest(model, canonical_config(model.to_config()).encode(), sep="\n")
    return f"{model.name}-{digest[:12]}"


class Encoder:
    """Texts and moments → L2-normalised float32 vectors in the model's joint space.

    Weights stay float32; on a GPU the forward passes run under autocast in half precision
    (``dtype``), so saving and ``model_id`` are exact whatever the device.
    """

    def __init__(self, model: VideoTextModel, tokenizer, source: str = "",
                 device: str | torch.device | None = None, precision: str | None = None,
                 card: ModelCard | None = None):
        self.device = pick_device(device if device is not None else next(model.parameters()).device)
        self.dtype = pick_dtype(self.device, precision)
        self.model = model.to(self.device)
        self.tokenizer = tokenizer
        self.source = str(source)
        self.name = model.name
        self.embed_dim = model.embed_dim
        self.image_size = model.image_size
        self.frames_per_moment = model.frames_per_moment
        self.card: ModelCard = card or UNKNOWN_CARD  # what the model knows (core.encoders.card)
        self._model_id: str | None = None
        self._text = None  # a video side's text side, loaded on first use (_text_side)

    @classmethod
    def load(cls, source: str | Path, device: str | None = None, precision: str | None = None) -> Encoder:
        """From a model folder, a hub id of a CLIP model, or a hub id of a Seekframe folder."""
        dev = pick_device(device)  # fail fast on a bad device, before loading weights
        model, tokenizer, folder = load_model(source)
        card = read_card(folder)
        enc = cls(model, tokenizer, source=str(source), device=dev, precision=precision, card=card)
        enc._model_id = compute_model_id(model)
        model_ids.remember(source, folder, enc._model_id)  # a later text search loads only the text side
        return enc

    @property
    def model_id(self) -> str:
        """Computed once: create a new Encoder after training."""
        if self._model_id is None and not hasattr(self.model, "to_config"):  # (a half, whose id was given)
            raise ModelError(f"only part of the model {self.name} is loaded: its id cannot be computed")
        if self._model_id is None:
            self._model_id = compute_model_id(self.model)
        return self._model_id

    def save(self, folder: str | Path) -> Path:
        """The model folder; its card goes with it (``card.json``) unless it is the unknown card."""
        if not hasattr(self.model, "to_config"):
            raise ModelError(f"only one side of the model {self.name} is loaded: it cannot be saved")
        out = save_model(self.model, self.tokenizer, folder)
        if self.card != UNKNOWN_CARD:
            write_card(folder, self.card)
        return out

    def __repr__(self) -> str:
        return (f"Encoder({self.model_id!r}, source={self.source!r}, device={self.device}, "
                f"dtype={self.dtype}, embed_dim={self.embed_dim})")

    @contextlib.contextmanager
    def _running(self):
        was_training = self.model.training
        # switching ~500 modules' mode costs more than a query: only when one is in training mode
        switch = any(m.training for m in self.model.modules())
        if switch:
            self.model.eval()
        autocast = (torch.autocast(self.device.type, dtype=self.dtype)
                    if self.dtype != torch.float32 else contextlib.nullcontext())
        try:
            with torch.inference_mode(), autocast:
                yield
        finally:
            if switch:
                self.model.train(was_training)

    def cpu_plan(self, decode_workers: int = 0, workers: int | None = None,
                 threads: int | None = None) -> tuple[int, int | None]:
        """(threads encoding parts of a batch side by side, torch intra-op threads for each or None:
        torch left alone) for an indexing run next to ``decode_workers`` decoding threads. On a CPU,
        2 threads on a multi-core machine (1 for a model in training mode: a call flips its mode),
        each with ``(cores - decode_workers) // workers`` torch threads, at least 1: torch's threads
        spinning against busy decoders cost 2-6x a pass, one encoding thread idles a core while the
        decoders wait. ``workers`` / ``threads`` override (``threads=0``: torch left alone). On a
        GPU: (1, None)."""
        if self.device.type != "cpu":
            return 1, None
        cores = os.cpu_count() or 1
        if self.model.training:
            n = 1
        else:
            n = max(1, int(workers)) if workers else (2 if cores >= 2 else 1)
        if threads == 0:
            return n, None
        if threads:
            return n, max(1, int(threads))
        return n, max(1, (cores - max(1, int(decode_workers))) // n)

    @contextlib.contextmanager
    def cpu_threads(self, n: int | None):
        """torch's intra-op threads for the calling thread during a block, restored after (torch
        keeps the setting per thread under OpenMP, so the thread that encodes must enter this).
        None, or an encoder not on a CPU: left as it is."""
        if n is None or self.device.type != "cpu":
            yield
            return
        saved = torch.get_num_threads()
        if saved != n:
            torch.set_num_threads(n)
        try:
            yield
        finally:
            if saved != n:
                torch.set_num_threads(saved)

    def set_cpu_threads(self, n: int | None) -> None:
        """The same for a helper encoding thread that lives only as long as an indexing run (its
        initialiser): nothing to restore."""
        if n is not None and self.device.type == "cpu":
            torch.set_num_threads(n)

    def _finish(self, z: torch.Tensor) -> np.ndarray:
        return F.normalize(z.float(), dim=-1).cpu().numpy().astype(np.float32, copy=False)

    def _encode_texts(self, texts: list[str]) -> np.ndarray:
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=self.model.text_max_length,
                               return_tensors="pt")
        return self._finish(self.model.encode_text(batch["input_ids"].to(self.device),
                                                   batch["attention_mask"].to(self.device)))

    def encode_text(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if getattr(self.model, "text", None) is None:  # the video side alone (core.encoders.video_side)
            return self._text_side().encode_text(texts, batch_size)
        with self._running(), self.cpu_threads(1 if len(texts) <= QUERY_TEXTS else None):
            return encode_in_batches(texts, batch_size, self.embed_dim, self._encode_texts)

    def reads(self, text: str) -> bool:
        """Whether ``text`` holds a word this model knows (``text_side.reads_any``)."""
        if getattr(self.model, "text", None) is None:
            return self._text_side().reads(text)
        from core.encoders.text_side import reads_any

        ids = self.tokenizer(text, truncation=True, max_length=self.model.text_max_length)["input_ids"]
        return reads_any(ids, set(getattr(self.tokenizer, "all_special_ids", ())))

    def unread(self, text: str) -> str:
        """The end of ``text`` past the model's text length (``text_max_length`` tokens), which its
        vector leaves out; "" when it reads it all (or a slow tokenizer cannot say where it stops)."""
        if getattr(self.model, "text", None) is None:
            return self._text_side().unread(text)
        from core.encoders.text_side import no_surrogates, unread_tail

        text = no_surrogates(text)
        if not getattr(self.tokenizer, "is_fast", False):
            return ""
        batch = self.tokenizer(text, truncation=True, max_length=self.model.text_max_length)
        return unread_tail(text, batch.encodings[0])

    def _text_side(self):
        """The text side of this encoder's model, loaded on first use, checked to be that model's."""
        if self._text is None:
            from core.encoders.text_side import load_text_encoder

            text = load_text_encoder(self.source, device=str(self.device))
            if text.model_id != self.model_id:
                raise ModelError(f"the model at {self.source} changed while it was in use "
                                 f"({self.model_id}, now {text.model_id}); run the command again")
            self._text = text
        return self._text

    def encode_moments(self, frames, batch_size: int = 16) -> np.ndarray:
        """uint8 RGB moments [n, T, H, W, 3] (or a list of [T, H, W, 3], which may differ in T
        and size) → float32 [n, embed_dim], L2-normalised. Frames whose size is not
        image_size are centre-cropped to square and resized. A moment of one frame (the quick
        pass's, ``MomentSegmenter(one_frame=True)``) stands for that frame ``frames_per_moment``
        times: it is prepared and through the vision tower once, its features repeated to the
        model's count for the pooling, the vector of the frame repeated."""
        model, k = self.model, self.frames_per_moment

        def run(pixels: torch.Tensor) -> torch.Tensor:
            if pixels.shape[1] == 1 and k > 1:
                feats = model.frame_features(pixels)  # a tower's per-moment cues: the frame's own
                return F.normalize(model.pool_frames(feats.expand(-1, k, -1).contiguous()).float(), dim=-1)
            return F.normalize(model.encode_video(pixels).float(), dim=-1)

        out = self._per_batch(frames, batch_size, run)
        return np.concatenate(out, axis=0) if out else np.zeros((0, self.embed_dim), np.float32)

    def frame_features(self, frames, batch_size: int = 16) -> np.ndarray:
        """uint8 RGB moments [n, T, H, W, 3] → the vision tower's per-frame features, float32
        [n, T, width], before temporal pooling: what a pre-extracted features file holds
        (``training.extract``). ``encode_video`` of these frames pools exactly these."""
        out = self._per_batch(frames, batch_size, self.model.frame_features)
        return np.concatenate(out, axis=0) if out else np.zeros((0, self.frames_per_moment, 0), np.float32)

    def _per_batch(self, frames, batch_size: int, run) -> list[np.ndarray]:
        """``run`` over the preprocessed pixels of up to ``batch_size`` consecutive moments of the
        same shape at a time."""
        items = _as_moments(frames)
        out: list[np.ndarray] = []
        with self._running():
            i = 0
            while i < len(items):
                j = i + 1
                while j < len(items) and j - i < max(1, batch_size) and items[j].shape == items[i].shape:
                    j += 1
                x = torch.from_numpy(np.ascontiguousarray(np.stack(items[i:j]))).to(self.device)
                out.append(run(self.model.preprocess(x)).float().cpu().numpy())
                i = j
        return out


def _as_moments(frames) -> list[np.ndarray]:
    if isinstance(frames, torch.Tensor):
        frames = frames.cpu().numpy()
    if isinstance(frames, np.ndarray):
        if frames.ndim != 5 or frames.shape[-1] != 3:
            raise ValueError(f"moments must be uint8 [n, T, H, W, 3], got shape {frames.shape}")
        items = list(frames)
    else:
        items = [np.asarray(m) for m in frames]
    for m in items:
        if m.ndim != 4 or m.shape[-1] != 3 or m.shape[0] < 1:
            raise ValueError(f"a moment must be uint8 [T, H, W, 3], got shape {m.shape}")
        if m.dtype != np.uint8:
            raise ValueError(f"moment frames must be uint8 RGB, got {m.dtype}")
    return items
