"""Run configs as data: a YAML file merged over defaults, then ``--set key.sub=value`` overrides.

Stages a config may name, in the order they run:

``teacher``   the multimodal contrastive teacher (appearance, motion, text)
``mckd``      the student with ranking + distillation + discrimination (the method)
``baseline``  the student with the ranking loss only
``no_kd``     ablation: ranking + discrimination
``no_dis``    ablation: ranking + distillation
``eval``      evaluate every trained model on the test split and write the report
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import yaml

from core.encoders.architectures import model_config
from core.errors import SeekframeError
from training.config_check import check_run

STUDENT_VARIANTS = {  # stage -> (use distillation, use discrimination)
    "mckd": (True, True),
    "baseline": (False, False),
    "no_kd": (False, True),
    "no_dis": (True, False),
}
STAGES = ["teacher", *STUDENT_VARIANTS, "eval"]

DEFAULTS: dict = {
    "name": "run",
    "output": "runs/{name}",
    "seeds": [0],
    "stages": list(STAGES),
    "device": None,  # None: best available
    "precision": "auto",  # auto: bf16 (or fp16) autocast on GPU, fp32 on CPU
    "data": {
        "format": "synthetic",  # the annotations: synthetic | msrvtt | msvd | vatex | tgif
        "root": "data/synthetic",
        # Pre-extracted frame features (a folder of <video_id>.npy [T, D] or one .h5 file) replace
        # decoding and the vision tower; feature_extractor names the model that produced them (hub
        # id or folder; `python -m training.extract` records it), so the student can be exported.
        "features": None,
        "feature_extractor": None,
        "options": {},  # passed to the format's load()
        "generate": {},  # synthetic only: passed to training.data.synthetic.generate
        "n_frames": 8,
        # training views of decoded clips: see training.data.augment
        "augment": {"temporal": False, "crop_scale": None},
        "cache": False,
        "train_split": "train",
        "test_split": "test",
        "max_train": None,
        "max_test": None,
        # the validation split every choice is made on (training.data.holdout): "auto" takes the
        # format's own when it has one, else carves val_fraction of train (seed val_seed, at most
        # max_val videos, none of the test split); "own" insists on the format's; "carve" always carves
        "val_split": "auto",
        "val_fraction": 0.1,
        "val_seed": 0,
        "max_val": None,
    },
    "teacher": {
        # a core model config (dict), a named architecture with a name and overrides
        # ({architecture: ..., name: ..., ...}: core.encoders.architectures), or a folder / hub id (str)
        "model": None,
        "motion": {"kernel_size": 3, "layers": 2},
        "epochs": 10,
        "batch_size": 32,
        "lr": 1e-3,
        "tower_lr": None,  # lr of towers with pretrained weights (None: lr); e.g. 1e-6 for CLIP
        "weight_decay": 0.01,
        "temperature": 0.07,
        # true: τ is learned (as CLIP's, through the teacher model's logit scale), from temperature, in [0.01, 1]
        "learn_temperature": False,
        "loss_weights": [1.0, 1.0, 1.0],  # appearance-text, motion-text, appearance-motion
        "freeze_text": True,
    },
    "student": {
        "model": None,
        "epochs": 10,
        "batch_size": 32,
        "lr": 1e-3,
        "tower_lr": None,
        "weight_decay": 0.01,
        "margin": 0.2,
        "hardest": True,
        "kd_weight": 1.0,  # cross-modal: the teacher's text–video similarity rows and columns
        "kd_video_weight": 0.0,  # intra-modal: how each video relates to the batch's other videos
        "kd_text_weight": 0.0,  # intra-modal: how each caption relates to the other captions
        "kd_temperature": 0.1,
        "dis_weight": 0.5,
        "dis_temperature": 0.07,
        "freeze_text": True,  # keep a pretrained text tower frozen (the demo student's MiniLM)
    },
    # select: "val" scores every epoch on the validation split and keeps the best epoch's weights;
    # "last" keeps the last epoch's (no validation pass)
    "train": {"num_workers": 0, "log_every": 10, "grad_clip": 1.0, "warmup_steps": 20, "select": "val"},
    # folder None: <output>/student; replace: export over a folder holding what this run did not
    # write there (another model), which is otherwise refused
    "export": {"stage": "mckd", "folder": None, "replace": False},
}


# Sections whose keys are the user's own (passed through to a loader, a generator or a model).
FREE_SECTIONS = {"data.options", "data.generate", "teacher.motion"}
# Options that are paths (or a folder or hub id): ``~`` and ``$VAR`` are expanded in them
PATHS = ("output", "data.root", "data.features", "data.feature_extractor", "data.options.video_dir",
         "data.options.annotations", "data.options.tsv", "teacher.model", "student.model", "export.folder")


def _expand_paths(cfg: dict) -> None:
    for key in PATHS:
        *parents, last = key.split(".")
        node = cfg
        for p in parents:
            node = node.get(p) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get(last), str):
            node[last] = os.path.expanduser(os.path.expandvars(node[last]))


def _merge(base: dict, over: dict, where: str = "") -> dict:
    out = copy.deepcopy(base)
    for key, value in (over or {}).items():
        path = f"{where}.{key}" if where else key
        if key not in out and where not in FREE_SECTIONS:
            raise SeekframeError(f"unknown config key '{path}'")
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, path)
        else:
            out[key] = copy.deepcopy(value)
    return out


def set_dotted(cfg: dict, assignment: str) -> None:
    """``student.lr=3e-4`` → cfg["student"]["lr"] = 0.0003 (the value is parsed as YAML)."""
    if "=" not in assignment:
        raise SeekframeError(f"--set takes key=value, got {assignment!r}")
    key, raw = assignment.split("=", 1)
    parts = key.strip().split(".")
    node = cfg
    for p in parts[:-1]:
        if not isinstance(node.get(p), dict):
            if p in node and node[p] is not None:
                raise SeekframeError(f"--set {key}: '{p}' is not a section")
            node[p] = {}
        node = node[p]
    value = yaml.safe_load(raw)
    if isinstance(value, str):  # YAML 1.1 reads "3e-4" as a string
        try:
            value = float(value)
        except ValueError:
            pass
    node[parts[-1]] = value


def load_config(path: str | Path | None = None, overrides: list[str] = ()) -> dict:
    user: dict = {}
    if path is not None:
        path = Path(path).expanduser()
        try:
            user = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise SeekframeError(f"cannot read config {path}: {exc}") from exc
        if not isinstance(user, dict):
            raise SeekframeError(f"{path}: a config is a mapping of keys to values")
    for assignment in overrides:
        set_dotted(user, assignment)
    cfg = _merge(DEFAULTS, user)  # unknown keys, from the file or --set, are refused here
    check_run(cfg, DEFAULTS, FREE_SECTIONS)  # each value of its default's type, in its range
    unknown = [s for s in cfg["stages"] if s not in STAGES]
    if unknown:
        raise SeekframeError(f"unknown stages {unknown}; choose from {STAGES}")
    cfg["stages"] = [s for s in STAGES if s in cfg["stages"]]  # always in dependency order
    _expand_paths(cfg)
    try:
        cfg["output"] = cfg["output"].format(name=cfg["name"])
    except (KeyError, IndexError, ValueError) as exc:
        raise SeekframeError(f"config key 'output': {{name}} is the only field it may hold, not "
                             f"{cfg['output']!r}") from exc
    for who in ("teacher", "student"):  # after --set: an override of the architecture's keys wins
        spec = cfg[who]["model"]
        if isinstance(spec, dict) and "architecture" in spec:
            try:
                cfg[who]["model"] = model_config(spec)
            except SeekframeError as exc:
                raise SeekframeError(f"{who}.model: {exc}") from exc
    if cfg["train"]["select"] not in ("val", "last"):
        raise SeekframeError(f"train.select must be 'val' or 'last', not {cfg['train']['select']!r}")
    return cfg


def require_models(cfg: dict) -> None:
    """Refuse a run whose stages need a model its config does not set: before anything trains,
    not once the stages before that one have trained."""
    for who, stages in (("teacher", ["teacher"] + [s for s, (kd, _) in STUDENT_VARIANTS.items() if kd]),
                        ("student", list(STUDENT_VARIANTS))):
        needing = [s for s in cfg["stages"] if s in stages]
        if needing and cfg[who]["model"] is None:
            raise SeekframeError(f"the stage '{needing[0]}' needs {who}.model (a model config, or a "
                                 "folder or hub id), which this config does not set")
