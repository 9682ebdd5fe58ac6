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

An id is given only when it is certain to be the loaded one: each tower's config as written is
the one its built tower gives back (``_as_built``: no key its builder would fill in missing; for
transformers' configs, only the keys this transformers version writes), and the tensors gathered
are exactly, by key, dtype and shape, those the config builds (``expected_state``, transformers'
towers described by hand) — so a source transformers would rename (LayerNorm gamma/beta), complete
(a tensor missing: initialised at random) or trim, and weights the load refuses, give None.
Any other case (a CLIP or hub model, another pretrained tower or architecture, another transformers
version, half-precision weights, a config that leaves a tower's architecture to its source) is
None too: the id needs the loaded model.
"""

from __future__ import annotations

import hashlib
import math
import mmap
import struct
from pathlib import Path

from core import json_text
from core.errors import ModelError

# safetensors' dtype names → torch's, as ``state_digest`` writes them; only those a float32 model
# holds unchanged (a half-precision file is widened on load: other bytes)
_DTYPES = {"F32": "torch.float32", "I64": "torch.int64"}
_SIZES = {"F32": 4, "I64": 8}  # (bytes an element; any other dtype has no id here)
# transformers' BERT embeddings keep these as non-persistent buffers (transformers >= 4.31): in a
# pretrained file, not in the tower's state dict
_NOT_PERSISTENT = ("embeddings.position_ids", "embeddings.token_type_ids")
# The keys (``clean_hf_config``'d) transformers fills into a tower's config when it builds it, as
# the releases checked against (tests/test_file_ids_exact.py, constraints.txt) write them: a config
# lacking one is completed on load (another id), and another release may fill in others, so under
# any other release no id is read here (its first full load tells it, remembered in model_ids).
_HF_VERSIONS = ("5.24.0", "5.25.0")
_HF_KEYS = {
    "bert": frozenset((
        "add_cross_attention attention_probs_dropout_prob bos_token_id classifier_dropout eos_token_id hidden_act "
        "hidden_dropout_prob hidden_size initializer_range intermediate_size is_decoder layer_norm_eps "
        "max_position_embeddings model_type num_attention_heads num_hidden_layers pad_token_id type_vocab_size "
        "vocab_size").split()),
    "clip_text_model": frozenset((
        "attention_dropout bos_token_id eos_token_id hidden_act hidden_size initializer_factor initializer_range "
        "intermediate_size layer_norm_eps max_position_embeddings model_type num_attention_heads "
        "num_hidden_layers pad_token_id projection_dim vocab_size").split()),
    "clip_vision_model": frozenset((
        "attention_dropout hidden_act hidden_size image_size initializer_factor initializer_range "
        "intermediate_size layer_norm_eps model_type num_attention_heads num_channels num_hidden_layers "
        "patch_size projection_dim").split()),
}
_HF_TYPES = {"bert_mean": "bert", "clip_text": "clip_text_model", "clip_vision": "clip_vision_model"}
_HF_EXTRA = {"position_embedding_type": "absolute"}  # (older BERT configs': kept as written, no weights)


class _Weights:
    """A safetensors file's header, its tensors' bytes read in place (mmap)."""

    def __init__(self, path: Path):
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        (size,) = struct.unpack("<Q", self._map[:8])
        header = json_text.loads(bytes(self._map[8:8 + size]))
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
    if not path.is_file() or json_text.load_file(source / "config.json").get("model_type") != "bert":
        return None  # (AutoModel builds another architecture, keyed its own way)
    return _Weights(path)  # (its keys must be the tower's exactly: see ``expected_state``)


def _ints(c: dict, *keys: str) -> list[int]:
    out = [c.get(k) for k in keys]
    if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in out):
        raise ValueError("not a size")  # (the load refuses it or builds something else)
    return out


def _layers(prefix: str, n: int, h: int, i: int, names: dict) -> dict:
    out = {}
    for layer in range(n):
        for part, shape in (("q", (h, h)), ("k", (h, h)), ("v", (h, h)), ("o", (h, h)), ("up", (i, h)),
                            ("down", (h, i))):
            out[f"{prefix}{layer}.{names[part]}.weight"] = shape
            out[f"{prefix}{layer}.{names[part]}.bias"] = shape[:1]
        for norm in names["norms"]:
            out[f"{prefix}{layer}.{norm}.weight"] = out[f"{prefix}{layer}.{norm}.bias"] = (h,)
    return out


_BERT_LAYER = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
               "o": "attention.output.dense", "up": "intermediate.dense", "down": "output.dense",
               "norms": ("attention.output.LayerNorm", "output.LayerNorm")}
_CLIP_LAYER = {"q": "self_attn.q_proj", "k": "self_attn.k_proj", "v": "self_attn.v_proj", "o": "self_attn.out_proj",
               "up": "mlp.fc1", "down": "mlp.fc2", "norms": ("layer_norm1", "layer_norm2")}


def _hf_shapes(model_type: str, c: dict) -> dict[str, tuple]:
    """The persistent tensors (key: shape) of transformers' BertModel / CLIP{Text,Vision}ModelWithProjection
    built from the config ``c`` (ValueError: another architecture, or no sizes)."""
    h, n, i = _ints(c, "hidden_size", "num_hidden_layers", "intermediate_size")
    if model_type == "bert":
        if c.get("is_decoder") is not False or c.get("add_cross_attention") is not False:
            raise ValueError("a decoder")
        v, p, t = _ints(c, "vocab_size", "max_position_embeddings", "type_vocab_size")
        return {"embeddings.word_embeddings.weight": (v, h), "embeddings.position_embeddings.weight": (p, h),
                "embeddings.token_type_embeddings.weight": (t, h), "embeddings.LayerNorm.weight": (h,),
                "embeddings.LayerNorm.bias": (h,), **_layers("encoder.layer.", n, h, i, _BERT_LAYER),
                "pooler.dense.weight": (h, h), "pooler.dense.bias": (h,)}
    (proj,) = _ints(c, "projection_dim")
    if model_type == "clip_text_model":
        v, p = _ints(c, "vocab_size", "max_position_embeddings")
        return {"text_model.embeddings.token_embedding.weight": (v, h),
                "text_model.embeddings.position_embedding.weight": (p, h),
                **_layers("text_model.encoder.layers.", n, h, i, _CLIP_LAYER),
                "text_model.final_layer_norm.weight": (h,), "text_model.final_layer_norm.bias": (h,),
                "text_projection.weight": (proj, h)}
    size, patch, channels = _ints(c, "image_size", "patch_size", "num_channels")
    return {"vision_model.embeddings.class_embedding": (h,),
            "vision_model.embeddings.patch_embedding.weight": (h, channels, patch, patch),
            "vision_model.embeddings.position_embedding.weight": ((size // patch) ** 2 + 1, h),
            "vision_model.pre_layrnorm.weight": (h,), "vision_model.pre_layrnorm.bias": (h,),
            **_layers("vision_model.encoder.layers.", n, h, i, _CLIP_LAYER),
            "vision_model.post_layernorm.weight": (h,), "vision_model.post_layernorm.bias": (h,),
            "visual_projection.weight": (proj, h)}


def _hf_version() -> str | None:
    """The installed transformers' version, read off its ``__init__.py`` (importing it costs seconds)."""
    import re

    from core.encoders.packaged import package_locations

    for where in package_locations("transformers"):
        try:
            found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", (where / "__init__.py").read_text(), re.M)
        except OSError:
            continue
        return found.group(1) if found else None
    return None


def _as_built(spec: dict) -> bool:
    """Whether the tower config as written is the one its built tower gives back (``to_config``):
    no key the builder fills in is missing (for transformers' configs, no key but those it writes)."""
    from core.encoders.label_semantic import ImageNetCNN
    from core.encoders.towers import FrameCNN

    c, kind = spec.get("config"), spec.get("type")
    if not isinstance(c, dict):
        return False
    if kind in ("frame_cnn", "imagenet_cnn"):
        return set((FrameCNN if kind == "frame_cnn" else ImageNetCNN).DEFAULTS) <= set(c)
    if kind not in _HF_TYPES or c.get("model_type") != _HF_TYPES[kind] or _hf_version() not in _HF_VERSIONS:
        return False
    need = _HF_KEYS[_HF_TYPES[kind]]  # (and no other: a key save_model never writes, e.g. torch_dtype,
    return need <= set(c) and all(_HF_EXTRA.get(k, ...) == c[k] for k in set(c) - need)  # may build another)


def expected_state(cfg: dict) -> dict[str, tuple[str, tuple]]:
    """The persistent tensors (key: (torch's dtype name, shape)) of the model the normalized
    ``cfg`` builds: transformers' towers from their config (``_hf_shapes``), the rest built on
    the CPU (small: no transformers tower; the meta device would import torch._dynamo, seconds, to
    initialise a projection), the random generator left as it was. ValueError when it cannot be told."""
    import torch
    from torch import nn

    from core.encoders.efficientnet import EfficientNetLite
    from core.encoders.frame_cues import CUE_WIDTHS
    from core.encoders.model import VideoTextModel
    from core.encoders.registry import TEMPORAL_POOLERS
    from core.encoders.towers import FrameCNN

    out, towers = {}, {}
    with torch.random.fork_rng(devices=[]), torch.no_grad():
        for side in ("vision", "text"):
            kind, c = cfg[side]["type"], cfg[side]["config"]
            towers[side] = tower = FrameCNN(c) if kind == "frame_cnn" else nn.Module()
            if kind in _HF_TYPES:  # (a stand-in of its width; its tensors from its config)
                out.update({f"{side}.model.{k}": ("torch.float32", shape)
                            for k, shape in _hf_shapes(_HF_TYPES[kind], c).items()})
                (tower.width,) = _ints(c, "hidden_size" if kind == "bert_mean" else "projection_dim")
            elif kind == "imagenet_cnn":  # (its net alone holds tensors; its detectors are not built)
                tower.net = EfficientNetLite(c["arch"], int(c["num_classes"]))
                tower.width = int(c["num_classes"]) + sum(CUE_WIDTHS[d] for d in c["detectors"])
            elif kind != "frame_cnn":
                raise ValueError(kind)
        temporal = TEMPORAL_POOLERS[cfg["temporal"]["type"]](cfg["temporal"], towers["vision"].width)
        model = VideoTextModel(cfg, towers["vision"], temporal, towers["text"])
    out.update({k: (str(t.dtype), tuple(t.shape)) for k, t in model.state_dict().items()})
    return out


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
        raw = json_text.load_file(folder / "config.json")
        if not isinstance(raw, dict) or "seekframe_model" not in raw:
            return None
        cfg = normalize_config(raw)
        own = _Weights(folder / "model.safetensors")
        if "seekframe_omitted" not in own.metadata:
            return None  # not written by save_model: its config may not be the loaded model's
        length = cfg["text"].get("max_length")
        as_built = _as_built(cfg["vision"]) and _as_built(cfg["text"])
        if isinstance(length, bool) or not isinstance(length, int) or not as_built:
            return None  # (filled in, or completed, from the tower when it is built)
        expected = expected_state(cfg)
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
        if set(parts) != set(expected):
            return None  # (the load refuses the folder, or fills in or drops a source's tensor)
        digest = hashlib.sha256(canonical_config(cfg).encode())
        for key in sorted(parts):
            weights, there = parts[key]
            dtype, shape, data = weights.entry(there)
            if dtype is None or (dtype, shape) != expected[key]:
                return None  # (converted as it is loaded, or refused)
            digest.update(f"\n{key}|{dtype}|{shape}|".encode())
            digest.update(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError, struct.error, ModelError):
        return None
    return f"{cfg['name']}-{digest.hexdigest()[:12]}"
