"""Video/text encoders: a tower registry, ``VideoTextModel``, model folders, and ``Encoder``.

    enc = Encoder.load("core/resources/models/demo")          # or a hub id of a CLIP model
    q = enc.encode_text(["a dog catching a frisbee"])     # float32 [1, d], L2-normalised
    v = enc.encode_moments(frames)                        # uint8 [n, T, H, W, 3] -> [n, d]

Importing this package does not import transformers; building or loading a model does.
"""

from core.encoders.encoder import Encoder, compute_model_id, pick_device, pick_dtype
from core.encoders.folder import load_model, load_tokenizer, save_model
from core.encoders.model import VideoTextModel, build_model
from core.encoders.registry import (
    CONFIG_VERSION,
    TEMPORAL_POOLERS,
    TEXT_TOWERS,
    VISION_TOWERS,
    canonical_config,
    normalize_config,
    register_temporal,
    register_text,
    register_vision,
)
from core.encoders.sources import PACKAGE_ALIASES, resolve_pretrained

__all__ = [
    "CONFIG_VERSION", "Encoder", "PACKAGE_ALIASES", "TEMPORAL_POOLERS", "TEXT_TOWERS",
    "VISION_TOWERS", "VideoTextModel", "build_model", "canonical_config", "compute_model_id",
    "load_model", "load_tokenizer", "normalize_config", "pick_device", "pick_dtype",
    "register_temporal", "register_text", "register_vision", "resolve_pretrained", "save_model",
]
