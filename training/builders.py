"""The models a run trains, built from its config: the student (a core model config, or a folder /
hub id) and the MCKD teacher, each reading pre-extracted features in place of its vision tower with
``data.features``, its pretrained text tower frozen where the stage's ``freeze_text`` says so."""

from __future__ import annotations

from pathlib import Path

from core.encoders import build_model, load_model, load_tokenizer
from core.errors import SeekframeError
from training.precomputed import on_features


def _features_spec(spec, who: str, feature_dim: int | None):
    """The model config a stage builds: as configured, or reading ``feature_dim``-d features."""
    if feature_dim is None:
        return spec
    if not isinstance(spec, dict):
        raise SeekframeError(f"with data.features, {who}.model must be a model config (its vision "
                             "tower is replaced by the pre-extracted features), not a folder or hub id")
    return on_features(spec, feature_dim)


def text_frozen(model, section: dict) -> bool:
    """Whether a stage's config (``section``) keeps ``model``'s pretrained text tower frozen."""
    return bool(section["freeze_text"] and model.to_config()["text"].get("pretrained"))


def build_student(cfg: dict, feature_dim: int | None = None):
    spec = _features_spec(cfg["student"]["model"], "student", feature_dim)
    if spec is None:
        raise SeekframeError("the config needs student.model (a model config or a folder / hub id)")
    if isinstance(spec, (str, Path)):
        model, tokenizer, _ = load_model(spec)
    else:
        model, tokenizer = build_model(spec), load_tokenizer(None, spec)
    if text_frozen(model, cfg["student"]):
        for p in model.text.parameters():
            p.requires_grad_(False)
    return model, tokenizer


def build_teacher(cfg: dict, feature_dim: int | None = None):
    from training.teacher import Teacher

    if cfg["teacher"]["model"] is None:
        raise SeekframeError("the config needs teacher.model (a model config)")
    teacher = Teacher({"model": _features_spec(cfg["teacher"]["model"], "teacher", feature_dim),
                       "motion": cfg["teacher"]["motion"], "feature_dim": feature_dim,
                       **{k: cfg["teacher"][k] for k in ("temperature", "learn_temperature", "loss_weights")}})
    if text_frozen(teacher.base, cfg["teacher"]):
        for p in teacher.base.text.parameters():
            p.requires_grad_(False)
    return teacher, teacher.tokenizer or load_tokenizer(None, teacher.base.to_config())
