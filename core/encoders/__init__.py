"""Video/text encoders: a tower registry, ``VideoTextModel``, model folders, and ``Encoder``.

    enc = Encoder.load("core/resources/models/demo")          # or a hub id of a CLIP model
    q = enc.encode_text(["a dog catching a frisbee"])     # float32 [1, d], L2-normalised
    v = enc.encode_moments(frames)                        # uint8 [n, T, H, W, 3] -> [n, d]

Importing this package imports nothing heavy: each name below is imported on first use (PEP 562),
so ``core.encoders.card`` or the text side (``core.encoders.text_side``) come without torch.
"""

from importlib import import_module

_WHERE = {
    "Encoder": "encoder", "pick_device": "encoder", "pick_dtype": "encoder",
    "load_model": "folder", "load_tokenizer": "folder", "save_model": "folder",
    "build_model": "model", "normalize_config": "registry", "register_vision": "registry",
    "resolve_pretrained": "sources", "load_text_encoder": "text_side",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"core.encoders.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
