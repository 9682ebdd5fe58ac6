"""A merged run config checked value by value before anything loads or trains.

Every value must have its default's type (a section a mapping, a count an integer, a rate a
number, a switch true or false) and lie in its range, or the run is refused naming the key, the
value and what it takes: ``--set data.n_frames=abc`` used to load every split, probe the
validation and test videos and then stop in a traceback; ``--set output=`` (YAML's null) wrote
the run into ``./None``; ``--set seeds=abc`` trained nothing and stopped in a traceback. A number
that YAML 1.1 reads as text (``lr: 3e-4``, no dot in the mantissa) is taken as the number.
"""

from __future__ import annotations

import math

from core.errors import SeekframeError

PRECISIONS = ("auto", "fp32", "bf16", "fp16")
# (key, test, what it takes): ranges of the values whose type the defaults give
_POSITIVE = lambda x: x > 0  # noqa: E731
_AT_LEAST_1 = lambda x: x >= 1  # noqa: E731
_NOT_NEGATIVE = lambda x: x >= 0  # noqa: E731
RANGES = {
    "data.n_frames": (_AT_LEAST_1, "an integer of at least 1"),
    "data.val_fraction": (lambda x: 0 < x < 1, "a number between 0 and 1"),
    "train.num_workers": (_NOT_NEGATIVE, "an integer of at least 0 (0: the main process decodes)"),
    "train.log_every": (_AT_LEAST_1, "an integer of at least 1"),
    "train.warmup_steps": (_NOT_NEGATIVE, "an integer of at least 0"),
    "train.grad_clip": (_NOT_NEGATIVE, "a number of at least 0 (0 or null: no clipping)"),
}
for _who in ("teacher", "student"):
    RANGES.update({
        f"{_who}.epochs": (_AT_LEAST_1, "an integer of at least 1"),
        f"{_who}.batch_size": (lambda x: x >= 2, "an integer of at least 2 (a batch's other clips are its negatives)"),
        f"{_who}.lr": (_POSITIVE, "a number above 0"),
        f"{_who}.tower_lr": (_POSITIVE, "a number above 0, or null (the lr)"),
        f"{_who}.weight_decay": (_NOT_NEGATIVE, "a number of at least 0"),
    })
for _key in ("teacher.temperature", "student.kd_temperature", "student.dis_temperature"):
    RANGES[_key] = (_POSITIVE, "a number above 0")
for _key in ("student.margin", "student.kd_weight", "student.kd_video_weight", "student.kd_text_weight",
             "student.dis_weight"):
    RANGES[_key] = (_NOT_NEGATIVE, "a number of at least 0")
for _key in ("data.max_train", "data.max_test", "data.max_val"):
    RANGES[_key] = (_AT_LEAST_1, "an integer of at least 1, or null (all)")
# keys whose default is None, and what they take besides null
NULLABLE = {
    "device": str, "data.features": str, "data.feature_extractor": str, "export.folder": str,
    "data.max_train": int, "data.max_test": int, "data.max_val": int,
    "teacher.model": (str, dict), "student.model": (str, dict),
    "teacher.tower_lr": float, "student.tower_lr": float, "train.grad_clip": float,
    "data.augment.crop_scale": list,
}
NON_EMPTY = ("name", "output", "data.format", "data.root", "data.features", "data.feature_extractor",
             "export.folder", "device", "teacher.model", "student.model")
_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "text", list: "a list",
          dict: "a section (key: value, ...)"}


def _takes(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_NAMES[k] for k in kinds)


def _typed(key: str, value, kind):
    """``value`` as ``kind``, or SeekframeError naming the key."""
    if kind is float and isinstance(value, str):  # YAML 1.1 reads 3e-4 as text
        try:
            value = float(value)
        except ValueError:
            pass
    kinds = kind if isinstance(kind, tuple) else (kind,)
    ok = any(isinstance(value, k) and not (isinstance(value, bool) and k in (int, float))
             or (k is float and isinstance(value, int) and not isinstance(value, bool)) for k in kinds)
    if not ok:
        raise SeekframeError(f"config key '{key}' takes {_takes(kind)}, not {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise SeekframeError(f"config key '{key}' takes a finite number, not {value!r}")
    return value


def check(cfg: dict, defaults: dict, free: set[str], where: str = "") -> None:
    """Check (and convert in place: a number read as text) every value of ``cfg`` against
    ``defaults``; the sections named in ``free`` hold the user's own keys and are not checked."""
    for key, default in defaults.items():
        path = f"{where}.{key}" if where else key
        if key not in cfg:
            continue
        value = cfg[key]
        if path in free:  # (the user's own keys, passed on: a mapping all the same)
            _typed(path, value, dict)
            continue
        if value is None and (default is None or path in NULLABLE):
            continue
        if path in NON_EMPTY and value in ("", {}):
            raise SeekframeError(f"config key '{path}' is empty")
        if default is None or path in NULLABLE:
            if path in NULLABLE:
                cfg[key] = value = _typed(path, value, NULLABLE[path])
        elif isinstance(default, dict):
            _typed(path, value, dict)
            check(value, default, free, path)
            continue
        elif isinstance(default, list):
            cfg[key] = value = _typed(path, value, list)
            if path == "teacher.loss_weights":
                if len(value) != 3:
                    raise SeekframeError(f"config key '{path}' takes 3 weights (appearance-text, "
                                         f"motion-text, appearance-motion), not {value!r}")
                cfg[key] = value = [_typed(path, w, float) for w in value]
                if min(value) < 0:
                    raise SeekframeError(f"config key '{path}' takes weights of at least 0, not {value!r}")
        else:
            cfg[key] = value = _typed(path, value, type(default))
        if path in RANGES and value is not None:
            test, takes = RANGES[path]
            if not test(value):
                raise SeekframeError(f"config key '{path}' takes {takes}, not {value!r}")


def check_run(cfg: dict, defaults: dict, free: set[str]) -> None:
    """``check`` the whole config, then what no default's type says: seeds, stages, precision."""
    seeds = cfg["seeds"]
    seeds = [seeds] if isinstance(seeds, int) and not isinstance(seeds, bool) else seeds
    if (not isinstance(seeds, list) or not seeds
            or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in seeds)):
        raise SeekframeError("config key 'seeds' takes a list of integers of at least 0 (e.g. [0, 1, 2]), "
                             f"not {seeds!r}")
    if len(set(seeds)) != len(seeds):
        raise SeekframeError(f"config key 'seeds' names a seed twice: {seeds!r}")
    cfg["seeds"] = seeds
    if isinstance(cfg["stages"], str):  # (one stage: --set stages=teacher)
        cfg["stages"] = [cfg["stages"]]
    if not isinstance(cfg["stages"], list) or not all(isinstance(s, str) for s in cfg["stages"]):
        raise SeekframeError(f"config key 'stages' takes a list of stage names, not {cfg['stages']!r}")
    check(cfg, defaults, free)
    t = cfg["teacher"]
    if t.get("learn_temperature"):
        from training.teacher import MIN_LEARNED_TAU  # (the teacher's bound, one place: it imports torch)

        if not MIN_LEARNED_TAU <= t["temperature"] <= 1:
            raise SeekframeError(f"config key 'teacher.temperature' takes a number from {MIN_LEARNED_TAU:g} to 1 with "
                                 "learn_temperature (where the learned τ starts; it stays within those bounds), "
                                 f"not {t['temperature']!r}")
    if cfg["precision"] not in PRECISIONS:
        raise SeekframeError(f"config key 'precision' takes one of {', '.join(PRECISIONS)}, not {cfg['precision']!r}")
    from training.data.augment import Augment

    try:
        Augment.from_config(cfg["data"]["augment"])
    except (TypeError, ValueError) as exc:
        raise SeekframeError(f"config key 'data.augment': {exc}") from exc
