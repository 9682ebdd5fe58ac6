"""The text tower of a model folder built alone in torch (``core.encoders.text_side`` for towers
the numpy path does not cover, e.g. a CLIP model's): the same weights as a full load, the same
``Encoder.encode_text``, no vision tower."""

from __future__ import annotations

from pathlib import Path

from torch import nn

from core.encoders.folder import WEIGHTS_NAME, _load_state, load_tokenizer
from core.encoders.model import VideoTextModel, _projection, build_tower
from core.encoders.registry import TEXT_TOWERS, normalize_config
from core.errors import ModelError


class TextOnlyModel(nn.Module):
    """``VideoTextModel``'s text half: ``text`` → ``text_proj``; state keys as in the full model."""

    image_size = 0
    frames_per_moment = 0

    def __init__(self, name: str, embed_dim: int, text: nn.Module, text_proj: nn.Module, max_length: int):
        super().__init__()
        self.name, self.embed_dim, self.text_max_length = name, int(embed_dim), int(max_length)
        self.text, self.text_proj = text, text_proj

    encode_text = VideoTextModel.encode_text  # over the same two parts

    def preprocess(self, frames):
        raise ModelError(f"only the text side of the model {self.name} is loaded")

    encode_video = frame_features = preprocess


def _seekframe_text(folder: Path, raw: dict) -> tuple[TextOnlyModel, object]:
    cfg = normalize_config(raw)
    spec = cfg["text"]
    state = _load_state(folder / WEIGHTS_NAME)
    own = {k[len("text."):]: v for k, v in state.items() if k.startswith("text.")}
    resolved: dict[str, Path] = {}
    # as folder._load_seekframe: the source's weights unless the file holds the tower, the file's over them
    tower, source = build_tower(spec, TEXT_TOWERS, not own, resolved)
    if source is None and spec.get("pretrained") and set(tower.state_dict()) - set(own):
        tower, source = build_tower(spec, TEXT_TOWERS, True, resolved)
    missing = set(tower.state_dict()) - set(own)
    if missing and source is None:
        raise ModelError(f"{folder / WEIGHTS_NAME} lacks weights of the text tower: {sorted(missing)[:5]}")
    tower.load_state_dict(own, strict=False)
    proj = _projection(spec["projection"], tower.width, int(cfg["embed_dim"]), "text")
    proj_state = {k[len("text_proj."):]: v for k, v in state.items() if k.startswith("text_proj.")}
    if set(proj.state_dict()) - set(proj_state):
        raise ModelError(f"{folder / WEIGHTS_NAME} lacks the text projection")
    proj.load_state_dict(proj_state)
    max_length = int(spec.get("max_length") or getattr(tower, "default_max_length", 77))
    model = TextOnlyModel(cfg["name"], cfg["embed_dim"], tower, proj, max_length)
    return model, load_tokenizer(folder, cfg, resolved)


def _clip_text(folder: Path, source) -> tuple[TextOnlyModel, object]:
    from core.encoders.folder import clip_config
    from core.encoders.towers import build_clip_text

    cfg = clip_config(folder, str(source))
    spec = cfg["text"]
    model = TextOnlyModel(cfg["name"], cfg["embed_dim"], build_clip_text(spec, folder), nn.Identity(),
                          spec["max_length"])
    return model, load_tokenizer(folder, cfg, {spec["pretrained"]: folder})


def torch_text_encoder(folder: Path, raw: dict, source, model_id: str, card, device=None):
    """An ``Encoder`` around the text tower alone, with the full model's id (known already, so
    ``folder`` is one ``load_model`` took: a Seekframe folder or a CLIP model)."""
    from core.encoders.encoder import Encoder

    if "seekframe_model" in raw:
        model, tokenizer = _seekframe_text(folder, raw)
    else:
        model, tokenizer = _clip_text(folder, source)
    model.eval()
    enc = Encoder(model, tokenizer, source=str(source), device=device, card=card)
    enc._model_id = model_id
    return enc
