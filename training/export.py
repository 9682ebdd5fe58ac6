"""Export a trained student as a model folder the app loads (``seekframe index --model``).

Pixels regime: the student folder is copied through ``core.encoders.Encoder`` and reloaded to
check it gives the same ``model_id``.

Pre-extracted features regime: the student's vision tower was the ``precomputed`` stand-in. The
exported model puts the vision tower (with its image size and normalisation) of the model that
produced the features (``data.feature_extractor``: a hub id or folder core loads) in front of the
student's trained layers, so on pixels it computes what the student was trained on. Unchanged
pretrained weights are not copied (the app resolves them like CLIP ids).
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

from core.atomic import replacing, replacing_folder
from core.encoders import Encoder, load_model, save_model
from core.encoders.card import write_card
from core.encoders.model import VideoTextModel
from core.errors import SeekframeError
from training.precomputed import PRECOMPUTED
from training.student_card import student_card  # noqa: F401  (the card it writes; re-exported)


def _run_data(source: Path) -> dict | None:
    """The ``data`` section of the run that trained ``source`` (``<out>/config.json``, written
    by ``training.run`` above ``<out>/seed*/<stage>/model``)."""
    for folder in list(Path(source).resolve().parents)[:4]:
        try:
            cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(cfg, dict) and isinstance(cfg.get("data"), dict) and "stages" in cfg:
            return cfg["data"]
    return None


def export_pixels(source: Path, target: Path, data: dict | None = None) -> Path:
    enc = Encoder.load(source)

    def write(folder: Path) -> None:
        enc.save(folder)
        if Encoder.load(folder).model_id != enc.model_id:
            raise SeekframeError(f"exported model at {target} does not reload identically")
        write_card(folder, student_card(data if data is not None else _run_data(source), enc.name))
    return replace_folder(Path(target), write)


OWN = "exported.json"  # in a run's output folder: {export folder: digest of the model it wrote there}


def folder_digest(folder: Path) -> str | None:
    """A digest of the model in ``folder`` (its config and weights), None when it holds none."""
    files = [folder / n for n in ("config.json", "model.safetensors")]
    if not all(f.is_file() for f in files):
        return None
    h = hashlib.sha256()
    for f in files:
        with f.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def _written(out: Path) -> dict:
    try:
        record = json.loads((out / OWN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def refusal(target: Path, out: Path, replace: bool) -> str | None:
    """Why the run ``out`` may not export into ``target`` (None: it may): a file, or a folder
    holding what this run did not write there (another model: a re-run must not silently destroy
    it), unless ``replace``. The run's own ``<out>/student`` is always its to replace."""
    if target.exists() and not target.is_dir():
        return f"export.folder {target} is a file, not a folder"
    if replace or not target.exists() or not any(target.iterdir()):
        return None
    if target.resolve() == (out / "student").resolve():
        return None
    held = folder_digest(target)
    if held is not None and _written(out).get(str(target.resolve())) == held:
        return None  # (what this run exported there before, unchanged since)
    what = "a model" if (target / "config.json").is_file() else "files"
    return (f"export.folder {target} already holds {what} this run did not write there, and keeps it: set "
            "export.replace: true to replace it, or name another export.folder")


def remember(target: Path, out: Path) -> None:
    """Record in ``out`` the model it exported to ``target`` (``refusal`` lets it replace that)."""
    record = _written(out)
    record[str(target.resolve())] = folder_digest(target)
    with replacing(out / OWN) as tmp:
        Path(tmp).write_text(json.dumps(record, indent=1))


def replace_folder(target: Path, write) -> Path:
    """``write(folder)`` into a fresh folder beside ``target``, then put it in ``target``'s place
    whole (``core.atomic.replacing_folder``): a model already there is replaced only once the new one
    is written and loads (never left half-overwritten, nor mixed with files of the model before it:
    its label bank, …)."""
    with replacing_folder(target) as part:
        write(part)
    return target


def with_extractor(student: VideoTextModel, extractor: VideoTextModel) -> VideoTextModel:
    """The student with ``extractor``'s vision tower in place of its precomputed stand-in."""
    s_cfg, e_cfg = student.to_config(), extractor.to_config()
    if s_cfg["vision"]["type"] != PRECOMPUTED:
        raise SeekframeError("with_extractor expects a student trained on pre-extracted features")
    dim = int(s_cfg["vision"]["config"]["dim"])
    if int(extractor.vision.width) != dim:
        raise SeekframeError(
            f"the feature extractor's vision tower gives {extractor.vision.width}-d features, but the "
            f"student was trained on {dim}-d features: data.feature_extractor must name the model "
            "that produced data.features")
    cfg = copy.deepcopy(s_cfg)
    cfg["vision"] = {**copy.deepcopy(e_cfg["vision"]), "projection": s_cfg["vision"]["projection"]}
    for key in ("image_size", "image_mean", "image_std"):
        cfg[key] = copy.deepcopy(e_cfg[key])
    model = VideoTextModel(cfg, extractor.vision, student.temporal, student.text)
    state = {k: v for k, v in student.state_dict().items() if not k.startswith("vision.")}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or any(not k.startswith("vision.") for k in missing):
        raise SeekframeError(f"cannot combine the student and the extractor: missing {missing}, "
                             f"unexpected {unexpected}")
    model.pretrained_digests = {**student.pretrained_digests,
                                **{k: v for k, v in extractor.pretrained_digests.items() if k == "vision"}}
    return model.eval()


def export_features(source: Path, target: Path, extractor: str | None, data: dict | None = None) -> Path:
    if not extractor:
        raise SeekframeError(
            "this student was trained on pre-extracted features and the run does not say which model "
            "produced them, so there is no vision tower the app could run. Set "
            "data.feature_extractor to that model's hub id or folder (features written by "
            "`python -m training.extract` record it) and run again to export; the results are kept.")
    student, tokenizer, _ = load_model(source)
    ext_model, _, _ = load_model(extractor)
    model = with_extractor(student, ext_model)

    def write(folder: Path) -> None:
        save_model(model, tokenizer, folder, omit_pretrained="unchanged")
        write_card(folder, student_card(data if data is not None else _run_data(source), model.name))
        Encoder.load(folder)  # the app can load it
    return replace_folder(Path(target), write)
