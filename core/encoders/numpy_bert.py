"""A ``bert_mean`` text tower in numpy: importing torch and transformers costs a cold search several
seconds, encoding a query a few small products. The same computation as transformers' ``BertModel``
(absolute positions, exact GELU, post-LayerNorm), masked mean pooling and the text projection, on
the torch tower's weights and the folder's ``tokenizer.json``; ``supports`` says which configs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from core.encoders.registry import projected
from core.encoders.sources import read_json_object, resolve_pretrained, tokenizer_dir
from core.errors import ModelError


class Unsupported(Exception):
    """This text tower is not one the numpy path reproduces exactly: use torch."""


def supports(hf: dict) -> bool:
    """A transformers BERT config whose computation this module reproduces."""
    return (isinstance(hf, dict) and hf.get("model_type") == "bert"
            and hf.get("hidden_act", "gelu") == "gelu"
            and hf.get("position_embedding_type", "absolute") == "absolute"
            and not hf.get("is_decoder") and not hf.get("add_cross_attention")
            and all(isinstance(hf.get(k), int) for k in ("hidden_size", "num_hidden_layers",
                                                        "num_attention_heads")))


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1.2e-7 (Numerical Recipes' erfc Chebyshev fit): float32 precision, vectorised."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    r = t * np.exp(-z * z + poly)
    return np.where(x >= 0, 1.0 - r, r - 1.0).astype(x.dtype, copy=False)


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * np.float32(1.0 / math.sqrt(2.0))))


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = np.square(x - mean).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + np.float32(eps)) * g + b


def _weights_file(folder: Path) -> Path:
    path = folder / "model.safetensors"
    if not path.is_file():
        raise Unsupported(f"{folder} has no single model.safetensors")
    return path


class NumpyBert:
    """token ids → masked mean of BERT's last hidden states, float32 [n, hidden]."""

    _LAYER = ("attention.self.query", "attention.self.key", "attention.self.value",
              "attention.output.dense", "intermediate.dense", "output.dense")
    _NORMS = ("attention.output.LayerNorm", "output.LayerNorm")

    def __init__(self, hf: dict, tensors: dict[str, np.ndarray]):
        if not supports(hf):
            raise Unsupported("not a plain BERT config")
        self.heads = int(hf["num_attention_heads"])
        self.eps = float(hf.get("layer_norm_eps", 1e-12))
        self.layers = int(hf["num_hidden_layers"])
        need = self.needs(hf)
        missing = [k for k in need if k not in tensors]
        if missing:
            raise Unsupported(f"weights missing: {missing[:3]}")
        # the linear layers' weights transposed once to [in, out], contiguous: ``x @ W`` then runs
        # BLAS on the layout it reads fastest (single-threaded, a query's products took twice as
        # long on the stored [out, in] read transposed in place)
        self.w = w = {k: np.ascontiguousarray(tensors[k].T if self._linear(k) else tensors[k], dtype=np.float32)
                      for k in need}
        self.width = int(w["embeddings.word_embeddings.weight"].shape[1])

    @classmethod
    def _linear(cls, key: str) -> bool:
        return key.endswith(".weight") and any(f".{m}." in key for m in cls._LAYER)

    @classmethod
    def needs(cls, hf: dict) -> list[str]:
        """The tensor names (transformers' ``BertModel`` names) the forward pass reads."""
        need = ["embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight",
                "embeddings.LayerNorm.bias"]
        for i in range(int(hf["num_hidden_layers"])):
            need += [f"encoder.layer.{i}.{m}.{w}" for m in cls._LAYER + cls._NORMS for w in ("weight", "bias")]
        return need

    def __call__(self, ids: list[list[int]]) -> np.ndarray:
        w, n = self.w, len(ids)
        length = max(len(t) for t in ids)
        tok = np.zeros((n, length), np.int64)
        mask = np.zeros((n, length), bool)
        for i, t in enumerate(ids):
            tok[i, :len(t)] = t
            mask[i, :len(t)] = True
        x = (w["embeddings.word_embeddings.weight"][tok] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        h, d = self.heads, self.width // self.heads
        bias = np.where(mask, np.float32(0), np.finfo(np.float32).min)[:, None, None, :]
        scale = np.float32(1.0 / math.sqrt(d))

        def heads(y):  # [n, L, h*d] -> [n, h, L, d]
            return y.reshape(n, length, h, d).transpose(0, 2, 1, 3)

        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(name, y):
                return y @ w[p + name + ".weight"] + w[p + name + ".bias"]  # ([in, out]: __init__)

            q, k, v = (heads(lin(f"attention.self.{m}", x)) for m in ("query", "key", "value"))
            s = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(n, length, h * d)
            x = _layer_norm(lin("attention.output.dense", ctx) + x, w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"], self.eps)
            x = _layer_norm(lin("output.dense", _gelu(lin("intermediate.dense", x))) + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        m = mask[..., None].astype(np.float32)
        return (x * m).sum(1) / np.maximum(m.sum(1), np.float32(1e-6))


def _read_tensors(path: Path, prefix: str = "", strip: str = "") -> dict[str, np.ndarray]:
    from safetensors import safe_open

    out = {}
    try:
        with safe_open(str(path), framework="numpy") as f:
            for key in f.keys():
                if key.startswith(prefix):
                    name = key[len(prefix):]
                    out[name[len(strip):] if strip and name.startswith(strip) else name] = f.get_tensor(key)
    except Exception as e:
        raise ModelError(f"{path} is not a readable safetensors file: {e}") from e
    return out


def _tokenizer(where: Path, max_length: int):
    """The ``tokenizers`` tokenizer transformers would build from ``where``; Unsupported when
    ``tokenizer_config.json`` asks transformers to change it (another lower-casing, accents)."""
    from tokenizers import Tokenizer

    path = where / "tokenizer.json"
    if not path.is_file():
        raise Unsupported(f"{where} has no tokenizer.json")
    spec = read_json_object(path)  # (damaged, nested too deep: a ModelError naming it)
    norm = spec.get("normalizer") or {}
    cfg_path = where / "tokenizer_config.json"
    cfg = read_json_object(cfg_path) if cfg_path.is_file() else {}
    if norm.get("type") != "BertNormalizer" or cfg.get("tokenizer_class", "BertTokenizer") not in (
            "BertTokenizer", "BertTokenizerFast"):
        raise Unsupported("not a BERT WordPiece tokenizer")
    for key, ours in (("do_lower_case", "lowercase"), ("strip_accents", "strip_accents"),
                      ("tokenize_chinese_chars", "handle_chinese_chars")):
        if key in cfg and cfg[key] != norm.get(ours):
            raise Unsupported(f"tokenizer_config.json's {key} changes the tokenizer")
    try:
        tok = Tokenizer.from_file(str(path))
    except Exception as e:  # (JSON tokenizers cannot read as a tokenizer)
        raise ModelError(f"could not load the tokenizer in {where}: {path.name}: {e}") from e
    tok.no_padding()
    tok.enable_truncation(max_length)
    return tok


def load(folder: Path, raw: dict) -> Callable[[list[str]], np.ndarray]:
    """The text encoder of a Seekframe folder whose text tower is ``bert_mean``: texts →
    L2-normalised float32 [n, embed_dim]. Unsupported when this module does not reproduce it."""
    from threadpoolctl import ThreadpoolController

    spec = raw.get("text") or {}
    if spec.get("type") != "bert_mean":
        raise Unsupported("not a bert_mean text tower")
    own = _read_tensors(_weights_file(folder), "text.model.")
    proj = _read_tensors(_weights_file(folder), "text_proj.")
    ref, hf, resolved = spec.get("pretrained"), spec.get("config"), {}
    if ref and not (supports(hf) and all(k in own for k in NumpyBert.needs(hf))):
        source = resolved[ref] = resolve_pretrained(ref)  # its weights, the folder's over them
        if not hf:
            hf = read_json_object(source / "config.json")
        own = {**_read_tensors(_weights_file(source), "", strip="bert."), **own}
    tower = NumpyBert(hf or {}, own)
    embed_dim, matrix = int(raw["embed_dim"]), None
    if projected(spec.get("projection", "auto"), tower.width, embed_dim, "text"):
        if "weight" not in proj or proj["weight"].shape != (embed_dim, tower.width):
            raise Unsupported("no text projection weights")
        matrix = np.ascontiguousarray(proj["weight"].T, dtype=np.float32)
    tok_dir = tokenizer_dir(folder, spec, resolved)
    if tok_dir is None:
        raise Unsupported("no tokenizer")
    max_length = int(spec.get("max_length") or min(int(hf.get("max_position_embeddings", 512)), 256))
    tokenizer = _tokenizer(tok_dir, max_length)
    blas = ThreadpoolController()  # (finding the BLAS libraries once: threadpool_limits does it per call, ~0.5 ms)

    def encode(texts: list[str]) -> np.ndarray:
        ids = [e.ids for e in tokenizer.encode_batch(texts)]
        # a query is a few small products: BLAS threads only wait on each other, more so on a busy machine
        with blas.limit(limits=1, user_api="blas"):
            z = tower(ids)
            if matrix is not None:
                z = z @ matrix
        return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), np.float32(1e-12))

    from core.encoders.text_side import reads_any, unread_tail

    special = {int(i) for i, t in tokenizer.get_added_tokens_decoder().items() if t.special}
    encode.reads = lambda text: reads_any(tokenizer.encode(text).ids, special)  # (text_side.TextEncoder.reads)
    encode.unread = lambda text: unread_tail(text, tokenizer.encode(text))  # (text_side.TextEncoder.unread)
    return encode

