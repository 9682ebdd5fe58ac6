"""A Seekframe model's id read off its folder's files, no model built, no transformers: ``derive``.

``compute_model_id`` hashes the canonical config and every persistent tensor of the loaded model
(sorted keys; dtype, shape, bytes). For a folder ``save_model`` wrote (its safetensors metadata
says which towers it left out), the loaded model's tensors are those of ``model.safetensors``,
plus, for a ``bert_mean`` text tower left out, those of its pretrained source's
``model.safetensors`` (an installed package or a local folder) under ``text.model.`` — all
float32 or int64, copied into float32/int64 parameters unchanged — or, for an ``imagenet_cnn``
vision tower left out, its allow-listed package's checkpoint under ``vision.net.`` (``torch.load``);
its config is the file's (``to_config`` of the model that was saved), checked and completed by
``normalize_config`` (whose tower registry imports torch, not transformers). So the same sha256
comes from the files' bytes, read in place, and a command with nothing to embed needs no model
(~4 s on a fresh cache); ``model_ids.known`` remembers it, so later commands import no torch.
Any other case (a CLIP or hub model, another pretrained tower or architecture, a BERT source
without its pooler, half-precision weights, a config that leaves a tower's architecture to its
source) is None: the id needs the loaded model.
"""

from __future__ import annotations

import hashlib
import json
import math
import mmap
import struct
from pathlib import Path

from core.errors import ModelError

# safetensors' dtype names → torch's, as ``state_digest`` writes them; only those a float32 model
# holds unchanged (a half-precision file is widened on load: other bytes)
_DTYPES = {"F32": "torch.float32", "I64": "torch.int64"}
_SIZES = {"F32": 4, "I64": 8}  # (bytes an element; any other dtype has no id here)
# transformers' BERT embeddings keep these as non-persistent buffers (transformers >= 4.31): in a
# pretrained file, not in the tower's state dict
_NOT_PERSISTENT = ("embeddings.position_ids", "embeddings.token_type_ids")
_BERT_PARTS = ("embeddings.", "encoder.", "pooler.")
_BERT_NEEDS = ("embeddings.word_embeddings.weight", "pooler.dense.weight", "pooler.dense.bias")


class _Weights:
    """A safetensors file's header, its tensors' bytes read in place (mmap)."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        (size,) = struct.unpack("<Q", self._map[:8])
        header = json.loads(bytes(self._map[8:8 + size]))
        self.metadata = header.pop("__metadata__", None) or {}
        self.tensors, self._start = header, 8 + size

    def entry(self, key: str) -> tuple[str | None, tuple, memoryview]:
        """(torch's name of its dtype, None for one not held unchanged; shape; bytes)."""
        info = self.tensors[key]
        begin, end = info["data_offsets"]
        data = memoryview(self._map)[self._start + begin:self._start + end]
        if not len(data) == end - begin == math.prod(info["shape"]) * _SIZES.get(info["dtype"], 0):
            raise ValueError(f"{key}: its bytes are not its shape's")  # (cut short: the load refuses it)
        return _DTYPES.get(info["dtype"]), tuple(info["shape"]), data


class _Packaged:
    """An allow-listed package's checkpoint (``packaged.load_packaged_state``: torch, not transformers)."""

    def __init__(self, module: str):
        from core.encoders.packaged import load_packaged_state

        self.tensors = load_packaged_state(module)

    def entry(self, key: str) -> tuple[str | None, tuple, memoryview]:
        import torch

        t = self.tensors[key]
        if not isinstance(t, torch.Tensor):
            raise TypeError(key)
        name = str(t.dtype)
        return (name if name in _DTYPES.values() else None, tuple(t.shape),
                t.detach().cpu().contiguous().reshape(-1).view(torch.uint8).numpy())


def _pretrained_bert(spec: dict) -> _Weights | None:
    """The weights file of a left-out ``bert_mean`` tower's local source (None: not derivable)."""
    from core.encoders.sources import resolve_pretrained

    ref = str(spec.get("pretrained") or "")
    if spec.get("type") != "bert_mean" or not (ref.startswith("package:") or Path(ref).expanduser().is_dir()):
        return None  # (a hub source may need the network; other towers map their keys in code)
    source = resolve_pretrained(ref)
    path = source / "model.safetensors"
    if not path.is_file() or json.loads((source / "config.json").read_bytes()).get("model_type") != "bert":
        return None  # (AutoModel builds another architecture, keyed its own way)
    weights = _Weights(path)
    if not all(k.startswith(_BERT_PARTS) for k in weights.tensors) or not set(_BERT_NEEDS) <= set(weights.tensors):
        return None  # (a prefixed or headed checkpoint: transformers maps it; one without a pooler
    return weights   # gets a randomly initialised one, which no file tells)


def _pretrained_cnn(spec: dict) -> _Packaged | None:
    """A left-out ``imagenet_cnn`` tower's package weights (loaded into its ``net`` strictly: the
    same keys, dtypes and bytes)."""
    from core.encoders.packaged import PACKAGED_WEIGHTS

    ref = str(spec.get("pretrained") or "")
    module = ref.removeprefix("package:")
    if spec.get("type") != "imagenet_cnn" or not ref.startswith("package:") or module not in PACKAGED_WEIGHTS:
        return None
    return _Packaged(module)


def derive(folder: str | Path) -> str | None:
    """``<name>-<12 hex>`` as ``compute_model_id`` gives it for the model in ``folder``, or None
    when that needs the loaded model (see the module doc)."""
    from core.encoders.registry import canonical_config, normalize_config

    folder = Path(folder)
    try:
        raw = json.loads((folder / "config.json").read_bytes())
        if not isinstance(raw, dict) or "seekframe_model" not in raw:
            return None
        cfg = normalize_config(raw)
        own = _Weights(folder / "model.safetensors")
        if "seekframe_omitted" not in own.metadata:
            return None  # not written by save_model: its config may not be the loaded model's
        if cfg["text"].get("max_length") is None or any(cfg[s].get("config") is None for s in ("vision", "text")):
            return None  # (filled in from the tower when it is built)
        parts = {key: (own, key) for key in own.tensors}  # the model's key: (file, its key there)
        for side in ("vision", "text"):
            if any(key.startswith(side + ".") for key in own.tensors):
                continue
            source = _pretrained_bert(cfg[side]) if side == "text" else _pretrained_cnn(cfg[side])
            if source is None:
                return None
            prefix = "text.model." if side == "text" else "vision.net."
            parts.update({prefix + key: (source, key) for key in source.tensors
                          if side == "vision" or key not in _NOT_PERSISTENT})
        digest = hashlib.sha256(canonical_config(cfg).encode())
        for key in sorted(parts):
            weights, there = parts[key]
            dtype, shape, data = weights.entry(there)
            if dtype is None:
                return None
            digest.update(f"\n{key}|{dtype}|{shape}|".encode())
            digest.update(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError, struct.error, ModelError):
        return None
    return f"{cfg['name']}-{digest.hexdigest()[:12]}"
