"""What shaped each stage's outputs, so a re-run never reuses a model trained for other settings.

Every stage folder (``<output>/seed<N>/<stage>/``) holds ``stage.json``: the stage's *shape* —
its config section (for a student, with the loss terms its variant leaves out set to zero), the
seed, the training and precision settings, the data (``data_shape``) and, for a student that
distils, the digest of its teacher's weights — and the key, a SHA-256 of that shape. It is
written before training starts, so a checkpoint is keyed too.

``claim(folder, shape, restart)`` decides what a run may do with a folder:

* nothing there yet: train it;
* outputs whose record equals ``shape``: reuse them (or resume the checkpoint);
* outputs trained for something else (or by a version that recorded nothing): refuse with a
  ``StaleStage`` that names what changed, unless the stage is restarted, which deletes them first.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import shutil
from pathlib import Path

from core.atomic import replacing
from core.errors import SeekframeError
from training.data.base import Split

log = logging.getLogger("training")
RECORD = "stage.json"
OUTPUTS = ("checkpoint.safetensors", "checkpoint.pt", "teacher.safetensors", "model", "history.json", RECORD)
# student settings that only the distillation / discrimination terms read
KD_KEYS = ("kd_weight", "kd_video_weight", "kd_text_weight", "kd_temperature")
DIS_KEYS = ("dis_weight", "dis_temperature")
# data settings that change nothing the model sees (root is recorded resolved, below)
_DATA_IGNORED = ("cache", "root", "feature_extractor")


class StaleStage(SeekframeError):
    """A stage folder holds outputs trained for other settings than this run's."""


def digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def split_digest(split: Split) -> str:
    """Digest of what a split feeds a model: each video's id, captions, clip interval, events,
    and its file's size (a regenerated or replaced clip changes it)."""
    items = []
    for e in split.entries:
        try:
            size = Path(e.path).stat().st_size if e.path else None
        except OSError:
            size = None
        items.append([e.video_id, e.captions, e.start, e.end, [list(x) for x in e.events], size])
    return digest(items)


def data_shape(cfg: dict, splits: dict[str, Split]) -> dict:
    """The data part of a stage's shape: the settings that change what the model sees, the
    resolved root, the features file, and a digest per split it learns or is selected on."""
    data = {k: v for k, v in cfg["data"].items() if k not in _DATA_IGNORED}
    data["root"] = str(Path(cfg["data"]["root"]).resolve())
    data["splits"] = {name: split_digest(s) for name, s in splits.items()}
    return data


def teacher_shape(cfg: dict, seed: int, data: dict) -> dict:
    teacher = {k: v for k, v in cfg["teacher"].items() if k != "learn_temperature" or v}  # (teachers trained before it stay current)
    return {"stage": "teacher", "seed": seed, "teacher": teacher, "train": _train(cfg),
            "precision": cfg["precision"], "data": data}


def student_shape(cfg: dict, stage: str, seed: int, data: dict, use_kd: bool, use_dis: bool,
                  teacher_digest: str | None) -> dict:
    student = copy.deepcopy(cfg["student"])
    for key in () if use_kd else KD_KEYS:
        student[key] = 0
    for key in () if use_dis else DIS_KEYS:
        student[key] = 0
    shape = {"stage": stage, "seed": seed, "student": student, "train": _train(cfg),
             "precision": cfg["precision"], "data": data}
    if use_kd:
        shape["teacher_weights"] = teacher_digest
    return shape


def _train(cfg: dict) -> dict:
    return {k: v for k, v in cfg["train"].items() if k not in ("num_workers", "log_every")}


def has_outputs(folder: Path) -> bool:
    return any((folder / name).exists() for name in OUTPUTS)


def read_record(folder: Path) -> dict | None:
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "shape" in record else None


def matches(folder: Path, shape: dict) -> bool:
    record = read_record(folder)
    return record is not None and record.get("key") == digest(shape)


def write_record(folder: Path, shape: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with replacing(folder / RECORD) as tmp:
        Path(tmp).write_text(json.dumps({"key": digest(shape), "shape": shape}, indent=1, default=str))


def _flat(obj, prefix: str = "") -> dict[str, object]:
    if isinstance(obj, dict):
        out: dict[str, object] = {}
        for k, v in obj.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: obj}


def differences(old: dict, new: dict, limit: int = 6) -> list[str]:
    """``["student.epochs: 2 → 60", ...]``: the settings whose values differ (``data.splits.X``
    when a split's content changed)."""
    a, b = _flat(json.loads(json.dumps(old, default=str))), _flat(json.loads(json.dumps(new, default=str)))
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key, "(unset)") != b.get(key, "(unset)"):
            if key.startswith("data.splits.") or key == "teacher_weights":
                what = "its content" if key.startswith("data.") else "the teacher was retrained"
                out.append(f"{key} ({what})")
            else:
                out.append(f"{key}: {_short(a.get(key, '(unset)'))} → {_short(b.get(key, '(unset)'))}")
    return out[:limit] + ([f"and {len(out) - limit} more"] if len(out) > limit else [])


def _short(v) -> str:
    s = json.dumps(v, default=str) if not isinstance(v, str) else v
    return s if len(s) <= 60 else s[:57] + "..."


def clear(folder: Path) -> None:
    """Delete a stage's outputs (its record last, so a cut-short clear is still seen as stale)."""
    for name in OUTPUTS:
        p = folder / name
        if name != RECORD:
            shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
    (folder / RECORD).unlink(missing_ok=True)


def world_change(folder: Path, cfg: dict) -> str | None:
    """Of a stage trained on the generated world in this run's ``data.root``: how the run's
    ``data.generate`` differs from the world it was trained on (None: not so, or the same). Asked
    before the world is written, which for other settings writes it anew over the one there."""
    data = (read_record(folder) or {}).get("shape", {}).get("data") if has_outputs(folder) else None
    if (cfg["data"]["format"] != "synthetic" or not isinstance(data, dict) or data.get("format") != "synthetic"
            or data.get("root") != str(Path(cfg["data"]["root"]).resolve())):
        return None
    old, new = {"data": {"generate": data.get("generate")}}, {"data": {"generate": cfg["data"].get("generate")}}
    return "; ".join(differences(old, new)) or None


def stale_reason(folder: Path, shape: dict) -> str | None:
    """Why the outputs in ``folder`` are not this shape's (None: nothing there, or they are)."""
    if not has_outputs(folder):
        return None
    record = read_record(folder)
    if record is None:
        return "it holds outputs with no record of their settings (an older run)"
    if record.get("key") == digest(shape):
        return None
    return "changed since it was trained: " + "; ".join(differences(record["shape"], shape))


def claim(folder: Path, shape: dict, restart: bool) -> bool:
    """True when the outputs can be reused or resumed, False when the stage trains from scratch."""
    stage = shape["stage"]
    reason = stale_reason(folder, shape)
    if reason is not None and not restart:
        raise StaleStage(f"{folder}: the '{stage}' stage (seed {shape['seed']}) {reason}. Nothing was "
                         f"reused. Retrain it with --restart {stage} (or --restart all), or choose "
                         "another output folder")
    if restart and has_outputs(folder):
        log.info("restart: deleting %s's outputs in %s", stage, folder)
        clear(folder)
    fresh = not has_outputs(folder)
    write_record(folder, shape)
    return not fresh
