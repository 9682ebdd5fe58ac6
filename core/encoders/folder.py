"""Model folders: ``config.json`` + ``model.safetensors`` + tokenizer files.

``load_model`` accepts a local folder, a hub id of a Seekframe-format folder, or a hub id / folder
of a whole transformers CLIP model (e.g. ``openai/clip-vit-base-patch32``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path

import torch

from core.atomic import folder_at, replacing, replacing_folder
from core.encoders.model import TextOnlyModel, VideoTextModel, VisionOnlyModel, build_model, state_digest
from core.encoders.registry import (CLIP_MEAN, CLIP_STD, CONFIG_VERSION, DEFAULT_LOGIT_SCALE,
                                     normalize_config, resize_spec)
from core.encoders.sources import (
    check_safetensors,
    check_tokenizer_files,
    hf_load,
    pretrained_is_package,
    quiet_transformers,
    read_json_object,
    resolve_source,
    tokenizer_dir,
)
from core.errors import ModelError

WEIGHTS_NAME = "model.safetensors"
CONFIG_NAME = "config.json"
OMIT_CHOICES = ("package", "unchanged")


def save_model(model: VideoTextModel, tokenizer, folder: str | Path,
               omit_pretrained: str = "package") -> Path:
    """Write ``folder``/config.json, model.safetensors and the tokenizer files, into a fresh folder
    beside it that then takes its place whole (``core.atomic.replacing_folder``): a save over a model
    stopped halfway leaves the model before, never its config or tokenizer beside the new weights.
    A folder that holds files but no model is refused (ModelError): they would be lost.

    Weights of a pretrained tower that is unchanged since it was loaded are left out when its
    source is an installed package (``omit_pretrained="package"``, the default: a shipped demo
    model stays small); ``"unchanged"`` also leaves out hub/folder towers.
    """
    from safetensors.torch import save_file

    if omit_pretrained not in OMIT_CHOICES:
        raise ValueError(f"omit_pretrained must be one of {OMIT_CHOICES}")
    cfg = model.to_config()
    omitted = []
    for side in ("vision", "text"):  # towers still equal to what their pretrained source gave
        ref, digest = cfg[side].get("pretrained"), model.pretrained_digests.get(side)
        if (ref and digest is not None and (omit_pretrained == "unchanged" or pretrained_is_package(ref))
                and state_digest(getattr(model, side)) == digest):
            omitted.append(side)
    folder = Path(folder)
    _refuse_other_files(folder)
    prefixes = tuple(f"{side}." for side in omitted)
    state = {
        k: v.detach().to("cpu", copy=True).contiguous()
        for k, v in model.state_dict().items()
        if not k.startswith(prefixes)
    }
    with replacing_folder(folder) as part:
        save_file(state, str(part / WEIGHTS_NAME),
                  metadata={"format": "pt", "seekframe_omitted": ",".join(omitted)})
        if tokenizer is not None:
            with quiet_transformers():
                tokenizer.save_pretrained(str(part))
        with replacing(part / CONFIG_NAME) as tmp:  # last, and whole: a folder with a config is a finished model
            tmp.write_text(json.dumps(cfg, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return folder


# what a file manager leaves in any folder it showed (macOS, Windows): no user's file, gone with the folder it is in
_FOLDER_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def _refuse_other_files(folder: Path) -> None:
    """ModelError where a save in ``folder``'s place would lose what is there: a file, or a folder
    with files and no model (neither config.json nor model.safetensors)."""
    if folder.exists() and not folder.is_dir():
        raise ModelError(f"{folder} is a file: a model is saved as a folder")
    if (folder.is_dir() and any(p.name not in _FOLDER_LITTER for p in folder.iterdir())
            and not any((folder / name).exists() for name in (CONFIG_NAME, WEIGHTS_NAME))):
        raise ModelError(f"{folder} holds files and no model: save the model in a new or empty folder")


_SHARED: dict | None = None  # ``shared_tokenizers``': tokenizers by their folder's files, while one is open
_WEIGHTS = (".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".msgpack", ".gguf", ".ot")


@contextlib.contextmanager
def shared_tokenizers():
    """Within it, ``load_tokenizer`` loads the tokenizer of given files once and hands that same object again
    (a training run: its teacher, every student, each saved student's folder and the exported one hold the
    same MiniLM tokenizer, read 14 times a TINY run, 0.05 s of CPU each, 0.2-0.3 s on a busy machine). Its
    files' content is the key, so another tower's tokenizer, or a folder written anew with others, is its own.
    For one thread: a fast tokenizer that two threads use at once fails ("Already borrowed"), so the app,
    whose searches and indexing load their own, never opens one."""
    global _SHARED
    outer = _SHARED
    _SHARED = {} if outer is None else outer
    try:
        yield
    finally:
        _SHARED = outer


def _files_key(where: Path) -> str:
    """A digest of what transformers may read of ``where`` for a tokenizer: each file of its own but weights
    (their content; a file over 64 MB by its place, size and time)."""
    h = hashlib.sha256()
    for p in sorted(where.iterdir()):
        if p.is_file() and not p.name.endswith(_WEIGHTS):
            st = p.stat()
            h.update(f"{p.name}\0{st.st_size}\0".encode())
            h.update(p.read_bytes() if st.st_size <= 64 << 20 else f"{p.resolve()}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()


def load_tokenizer(folder: Path | None, config: dict, resolved: dict[str, Path] | None = None):
    """The tokenizer saved in ``folder``, else the one of the text tower's pretrained source (within
    ``shared_tokenizers``, the one loaded before of the same files)."""
    from transformers import AutoTokenizer

    where = tokenizer_dir(folder, config["text"], resolved)
    if where is None:
        raise ModelError(f"no tokenizer: {folder} has no tokenizer files and the text tower "
                         "names no pretrained source")
    check_tokenizer_files(where)  # (before transformers, which reads them whole)
    key = _files_key(where) if _SHARED is not None else None
    if key in (_SHARED or {}):
        return _SHARED[key]
    tok = hf_load("the tokenizer", where, lambda **kw: AutoTokenizer.from_pretrained(str(where), **kw))
    specials = len(set(getattr(tok, "all_special_tokens", ())))
    if len(tok) <= specials:  # (transformers builds one from tokenizer_config.json alone)
        raise ModelError(f"the tokenizer in {where} has no vocabulary, only its {specials} special tokens: its "
                         "tokenizer.json or vocabulary file is missing or cannot be read, and every word of a "
                         "search would read as unknown. Copy or download the model folder again, whole.")
    if key is not None and _SHARED is not None:
        _SHARED[key] = tok
    return tok


def load_model(source: str | Path, text_only: bool = False,
               vision_only: bool = False) -> tuple[VideoTextModel | TextOnlyModel | VisionOnlyModel, object, Path]:
    """Load (model on CPU, tokenizer, local folder) from a folder or hub id, with ``text_only``
    its text half alone (no vision tower built), with ``vision_only`` its video half alone (no
    text tower, no tokenizer: None; Seekframe folders only). ModelError if not."""
    local = folder_at(Path(source).expanduser())  # (a save stopped between its two renames: the model before)
    folder = resolve_source(local if local.is_dir() else source)
    if not (folder / CONFIG_NAME).is_file():
        check_safetensors(folder)  # refuses pickle-only folders with the pickle message
        raise ModelError(f"{folder} is not a model folder (no config.json)")
    raw = read_json_object(folder / CONFIG_NAME)
    if "seekframe_model" in raw:
        model, tok = _load_seekframe(folder, raw, text_only, vision_only)
    elif vision_only:
        raise ModelError(f"{source} is not a Seekframe model folder: its video side alone cannot be loaded")
    elif raw.get("model_type") == "clip":
        model, tok = _load_clip(folder, str(source), text_only)
    else:
        raise ModelError(
            f"{source} is neither a Seekframe model folder nor a CLIP model "
            f"(its config.json has model_type {raw.get('model_type')!r}). A text-only model such as "
            "MiniLM can be a tower of a Seekframe model, not a model on its own."
        )
    model.eval()
    return model, tok, folder


def _load_state(path: Path, keep=lambda key: True) -> dict[str, torch.Tensor]:
    """The tensors of a safetensors file whose keys ``keep`` says (the others never read)."""
    from safetensors import safe_open

    try:
        with safe_open(str(path), framework="pt") as f:
            return {k: f.get_tensor(k) for k in f.keys() if keep(k)}
    except Exception as e:
        raise ModelError(f"{path} is not a readable safetensors file: {e}") from e


def _describe(keys: list[str], limit: int = 5) -> str:
    more = f" and {len(keys) - limit} more" if len(keys) > limit else ""
    return ", ".join(keys[:limit]) + more


def _load_seekframe(folder: Path, raw: dict, text_only: bool, vision_only: bool = False):
    cfg = normalize_config(raw)
    weights = folder / WEIGHTS_NAME
    if not weights.is_file():
        check_safetensors(folder)
        raise ModelError(f"{folder} has no {WEIGHTS_NAME}")
    text_key = lambda k: k.startswith(("text.", "text_proj."))  # noqa: E731
    state = _load_state(weights, text_key if text_only else (lambda k: not text_key(k) and k != "logit_scale")
                        if vision_only else (lambda k: True))
    file_keys = set(state)
    resolved: dict[str, Path] = {}

    def absent(side: str) -> bool:
        return not any(k.startswith(side + ".") for k in file_keys)

    model = build_model(cfg, load_pretrained=absent, resolved=resolved, text_only=text_only, vision_only=vision_only)
    expected = model.state_dict()
    partial = [s for s in ("vision", "text") if cfg[s].get("pretrained") and s not in model.pretrained_digests
               and any(k.startswith(s + ".") and k not in file_keys for k in expected)]
    if partial:  # some weights of a pretrained tower are stored: start from the source, override
        model = build_model(cfg, load_pretrained=lambda s: absent(s) or s in partial, resolved=resolved,
                            text_only=text_only, vision_only=vision_only)
        expected = model.state_dict()

    mismatched = [f"{k}: file {tuple(state[k].shape)} vs config {tuple(expected[k].shape)}"
                  for k in sorted(file_keys) if k in expected and state[k].shape != expected[k].shape]
    if mismatched:
        raise ModelError(f"the weights in {weights} do not match its config.json — "
                         f"{_describe(mismatched, 3)}")
    unexpected = sorted(file_keys - set(expected))
    if unexpected:
        raise ModelError(f"{weights} holds weights its config.json does not describe: {_describe(unexpected)}")
    from_source = tuple(f"{s}." for s in model.pretrained_digests)
    missing = [k for k in expected if k not in file_keys and not k.startswith(from_source)]
    if missing:
        raise ModelError(f"{weights} lacks weights the config needs: {_describe(missing)}")
    model.load_state_dict(state, strict=False)
    tokenizer = None if vision_only else load_tokenizer(folder, cfg, resolved)
    return model, tokenizer


def _safetensors_scalar(folder: Path, key: str) -> float | None:
    from safetensors import safe_open

    for f in sorted(folder.glob("*.safetensors")):
        try:
            with safe_open(str(f), framework="pt") as fh:
                if key in fh.keys():
                    return float(fh.get_tensor(key).float().reshape(-1)[0])
        except Exception:
            continue
    return None


def _clip_resize(proc: dict, image_size: int) -> dict | None:
    """The ``resize`` of a CLIP folder's preprocessor_config.json (both published forms: ``size:
    224`` and ``size: {"shortest_edge": 224}``; CLIPImageProcessor's defaults for absent keys,
    with the tower's input size as the edge). None (Seekframe's own) for a recipe we do not
    reproduce: no resize or crop, a fixed height/width, an unknown filter, an edge below the crop."""
    from PIL import Image

    if not proc.get("do_resize", True) or not proc.get("do_center_crop", True):
        return None
    size = proc.get("size", image_size)
    try:
        resample = Image.Resampling(int(proc.get("resample", Image.Resampling.BICUBIC))).name.lower()
        edge = size.get("shortest_edge") if isinstance(size, dict) else size
        return resize_spec({"shortest_edge": edge, "resample": resample}, image_size)
    except (TypeError, ValueError, ModelError):
        return None


def clip_model_name(source: str | Path) -> str:
    """The name a CLIP model loaded from ``source`` (a hub id or a folder) gets, the first part
    of its model id: the source's last path component."""
    return re.sub(r"[^\w.\-]+", "-", Path(str(source).rstrip("/")).name or "clip").strip("-") or "clip"


def _load_clip(folder: Path, source: str, text_only: bool):
    """The whole transformers CLIP model in ``folder`` (loaded from ``source``) as a Seekframe model:
    its two towers, mean pooling, its preprocessing and logit scale."""
    from core.encoders.towers import read_hf_config

    check_safetensors(folder)
    full = read_hf_config(folder)
    pre = folder / "preprocessor_config.json"
    proc = read_json_object(pre) if pre.is_file() else {}
    image_size = int(full.vision_config.image_size)
    ref = source if not Path(source).expanduser().is_dir() else str(folder)
    scale = _safetensors_scalar(folder, "logit_scale")
    cfg = {
        "seekframe_model": CONFIG_VERSION,
        "name": clip_model_name(source),
        "embed_dim": int(full.projection_dim),
        "image_size": image_size,
        "frames_per_moment": 8,
        "image_mean": [float(x) for x in proc.get("image_mean", CLIP_MEAN)],
        "image_std": [float(x) for x in proc.get("image_std", CLIP_STD)],
        "resize": _clip_resize(proc, image_size),
        "logit_scale": scale if scale is not None else DEFAULT_LOGIT_SCALE,
        "vision": {"type": "clip_vision", "pretrained": ref, "config": None, "projection": "none"},
        "temporal": {"type": "mean"},
        "text": {"type": "clip_text", "pretrained": ref, "config": None, "projection": "none",
                 "max_length": int(full.text_config.max_position_embeddings)},
    }
    resolved = {ref: folder}
    return build_model(cfg, resolved=resolved, text_only=text_only), load_tokenizer(folder, cfg, resolved)
