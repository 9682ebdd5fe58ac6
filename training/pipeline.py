"""One run of a config: its data splits, and each stage trained, selected on validation, reused
only when its record says it was trained for exactly these settings (``training.stages``), and
evaluated once on test (on frames decoded the app's way, see ``training.evaluate``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import torch

from core.atomic import replacing
from core.encoders import Encoder, load_model, pick_device, save_model
from core.errors import SeekframeError
from core.media import FrameSampler
from training import checkpoint, loop, run_report, shards, stages
from training.builders import build_student, build_teacher
from training.config import STUDENT_VARIANTS
from training.data.augment import Augment
from training.data.splits import load_splits
from training.evaluate import FeatureStudent, PixelModel, evaluate_model, test_inputs

log = logging.getLogger("training")
PAIRS = {"teacher": 1, "student": 2}  # each video's copies in a batch (``loop.PairedBatchSampler``)


class Run:
    def __init__(self, cfg: dict, restart: tuple[str, ...] = ()):
        self.cfg = cfg
        self.out = Path(cfg["output"])
        self.device = pick_device(cfg["device"])
        self.restart = set(restart)
        self._cleared: set[tuple[int, str]] = set()  # stages restarted in this run already
        self.left_out_of_training: dict[str, str] = {}  # video id -> why: unreadable, found in training
        self._keep_the_world()
        self.train, self.val, self.test = load_splits(cfg)
        if not cfg["data"]["features"]:  # (a val or test video that cannot be read: left out now, not met after training)
            from training.data.dataset import readable

            self.val, self.test = readable(self.val), readable(self.test)
            for split in (self.val, self.test):
                if not split.entries:
                    raise SeekframeError(f"the {split.name} split has no readable videos (e.g. "
                                         f"'{split.skipped[0][0]}': {split.skipped[0][1]})")
        self.data_shape = stages.data_shape(cfg, {"train": self.train, "val": self.val})
        from training.data.dataset import ClipTextDataset, FeatureDataset, collate

        self.collate = collate
        n = cfg["data"]["n_frames"]
        self.features = self._feature_store()
        self.augmented = False
        self._inputs: dict = {}
        if self.features is not None:  # pre-extracted features: no decoding, no vision tower
            store = self.features
            self.train_set = lambda seed: FeatureDataset(self.train, store, n, train=True, seed=seed)
            self.eval_set = lambda split, size, resize: FeatureDataset(split, store, n, train=False)
        else:
            size = max(self._image_size("teacher"), self._image_size("student"))
            augment = Augment.from_config(cfg["data"]["augment"])
            self.augmented = augment.active
            self.train_set = lambda seed: ClipTextDataset(self.train, FrameSampler(size=size), n, train=True,
                                                          seed=seed, cache=cfg["data"]["cache"], augment=augment,
                                                          left_out=self.left_out_of_training)
            self.eval_set = lambda split, size, resize: ClipTextDataset(
                split, FrameSampler(size=size, resize=resize), n, train=False)
        self._train_cache: dict = {}
        self._teacher: tuple = ()  # (seed, teacher, tokenizer): its stage's, built once for the students and eval

    def _feature_store(self):
        path = self.cfg["data"]["features"]
        if not path:
            return None
        from training.data.features import FeatureStore, read_manifest

        store = FeatureStore(path)
        if not self.cfg["data"]["feature_extractor"] and Path(path).is_dir():
            self.cfg["data"]["feature_extractor"] = read_manifest(path).get("model")
        log.info("pre-extracted %d-d features from %s (extractor: %s)", store.dim, path,
                 self.cfg["data"]["feature_extractor"] or "unknown")
        return store

    @property
    def feature_dim(self) -> int | None:
        return None if self.features is None else self.features.dim

    def _image_size(self, who: str) -> int:
        spec = self.cfg[who]["model"]
        return int(spec.get("image_size", 224)) if isinstance(spec, dict) else 224

    def inputs(self, which: str, size: int, resize=None) -> np.ndarray:
        """Every clip of the val or test split, decoded at ``size`` the app's way (kept)."""
        key = (which, None if self.features is not None else size, json.dumps(resize, sort_keys=True))
        if key not in self._inputs:
            split = self.val if which == "val" else self.test
            self._inputs[key] = test_inputs(self.eval_set(split, size, resize))
        return self._inputs[key]

    def dataset(self, seed: int):
        if seed not in self._train_cache:  # decoded frames are cached across stages of a seed
            self._train_cache = {seed: self.train_set(seed)}
        return self._train_cache[seed]

    def stage_dir(self, seed: int, stage: str) -> Path:
        return self.out / f"seed{seed}" / stage

    def shape(self, seed: int, stage: str) -> dict:
        if stage == "teacher":
            return stages.teacher_shape(self.cfg, seed, self.data_shape)
        use_kd, use_dis = STUDENT_VARIANTS[stage]
        weights = self.stage_dir(seed, "teacher") / "teacher.safetensors"
        teacher = None  # none yet, or about to be retrained: a student distilled before is stale
        if (use_kd and not self.restarting(seed, "teacher") and weights.exists()
                and stages.matches(weights.parent, self.shape(seed, "teacher"))):
            teacher = stages.file_digest(weights)
        return stages.student_shape(self.cfg, stage, seed, self.data_shape, use_kd, use_dis, teacher)

    def restarting(self, seed: int, stage: str) -> bool:
        return (stage in self.restart or "all" in self.restart) and (seed, stage) not in self._cleared

    def _keep_the_world(self) -> None:
        """Refuse, before ``load_splits`` writes the generated world anew for other ``data.generate``
        settings, a stage this run trains that was trained on the world there (``check`` would refuse
        it after: the world it learned from gone, minutes of generating spent)."""
        for seed, stage in ((s, t) for s in self.cfg["seeds"] for t in self.cfg["stages"] if t != "eval"):
            if not self.restarting(seed, stage) and (why := stages.world_change(self.stage_dir(seed, stage), self.cfg)):
                raise stages.StaleStage(
                    f"{self.stage_dir(seed, stage)}: the '{stage}' stage (seed {seed}) was trained on the generated "
                    f"world in {self.cfg['data']['root']} made with other settings ({why}). Nothing was generated, "
                    f"trained or reused. Retrain it with --restart {stage} (or --restart all), or choose another "
                    "output folder and data.root")

    def check(self) -> None:
        """Before anything trains: refuse a stage this run trains that holds outputs made for
        other settings and is not restarted, or whose training set gives a process no step."""
        for seed in self.cfg["seeds"]:
            for stage in self.cfg["stages"]:
                if stage == "eval":
                    continue
                d, restart = self.stage_dir(seed, stage), self.restarting(seed, stage)
                reason = None if restart else stages.stale_reason(d, self.shape(seed, stage))
                if reason is not None:
                    raise stages.StaleStage(
                        f"{d}: the '{stage}' stage (seed {seed}) {reason}. Nothing was trained or "
                        f"reused. Retrain it with --restart {stage} (or --restart all), or choose "
                        "another output folder")
                if restart or not self.current(seed, stage):
                    self._steps_allowed(stage)
        if self.cfg["export"]["stage"] in self.cfg["stages"]:  # (said now, not after the training)
            self._export_allowed("Nothing was trained")

    def _steps_allowed(self, stage: str) -> None:
        """SeekframeError where the training set makes no step for some process (``training.shards``):
        under torchrun the others would wait for it forever; said before the first stage trains."""
        who = "teacher" if stage == "teacher" else "student"
        why = shards.too_few_words(len(self.train), self.cfg[who]["batch_size"], PAIRS[who],
                                   loop.distributed()[1], f"{who}.batch_size")
        if why:
            raise SeekframeError(f"the '{stage}' stage: {why}")

    def _export_allowed(self, nothing: str) -> Path:
        """Where the student is exported, or SeekframeError when that would replace what this
        run did not write there (``training.export.refusal``)."""
        from training.export import refusal

        target = Path(self.cfg["export"]["folder"] or self.out / "student")
        why = refusal(target, self.out, self.cfg["export"]["replace"])
        if why:
            model = self.stage_dir(self.cfg["seeds"][0], self.cfg["export"]["stage"]) / "model"
            raise SeekframeError(f"{why}. {nothing} (the exported student would be {model})")
        return target

    def claim(self, seed: int, stage: str) -> None:
        """``stages.claim`` the stage folder, on rank 0 alone under torchrun (the others wait)."""
        restart = self.restarting(seed, stage)
        self._cleared.add((seed, stage))
        if loop.is_main():
            stages.claim(self.stage_dir(seed, stage), self.shape(seed, stage), restart)
        loop.barrier()

    def current(self, seed: int, stage: str) -> bool:
        """Whether the stage holds outputs trained for exactly this run's settings."""
        d = self.stage_dir(seed, stage)
        done = (d / "teacher.safetensors") if stage == "teacher" else (d / "model" / "config.json")
        return done.exists() and stages.matches(d, self.shape(seed, stage))

    def completed(self, seed: int) -> list[str]:
        """Stages with outputs of this run's settings (others, stale, are left out of reports)."""
        done = [s for s in ["teacher", *STUDENT_VARIANTS] if self.current(seed, s)]
        stale = [s for s in ["teacher", *STUDENT_VARIANTS]
                 if s not in done and stages.has_outputs(self.stage_dir(seed, s))]
        if stale:
            log.warning("seed %d: %s trained for other settings, left out of the report", seed, ", ".join(stale))
        return done

    def _validate(self, who: str, tokenizer):
        """``validate(model)`` for ``loop.fit``: retrieval metrics on the validation split, on
        the frames that model's evaluation decodes; None when the config selects no epoch on it."""
        if self.cfg["train"]["select"] != "val":
            return None

        def validate(model):
            view, size, resize = self.view(model, who)
            return evaluate_model(view, tokenizer, self.val, self.inputs("val", size, resize), self.device)
        return validate

    def view(self, model, who: str):
        """(what ``evaluate_model`` scores, its input size, its resize recipe)."""
        if who == "teacher":
            return model, model.base.image_size, model.base.resize
        if self.features is not None:
            return FeatureStudent(model), None, None
        return PixelModel(model), model.image_size, model.resize

    def teacher(self, seed: int, train: bool):
        d = self.stage_dir(seed, "teacher")
        weights = d / "teacher.safetensors"
        if not train and not self.current(seed, "teacher"):
            raise SeekframeError(f"no teacher trained for this config in {d}: run the 'teacher' stage first")
        if train:
            self.claim(seed, "teacher")
        elif self._teacher[:1] == (seed,):  # (the one its stage trained or loaded: the weights on disk)
            self._teacher[1].to(self.device)  # (back from host memory, where ``park_teacher`` left it)
            return self._teacher[1:]
        if not train and self._teacher and weights.exists():  # (evaluating: another seed's module, these weights)
            teacher, tok = self._teacher[1:]
        else:
            self._teacher = ()  # (another seed's: let go before this one is built)
            torch.manual_seed(seed)
            teacher, tok = build_teacher(self.cfg, self.feature_dim)
        if weights.exists():
            if train and loop.is_main():
                checkpoint.drop(d)  # (left by a run stopped between saving the model and removing it)
            from safetensors.torch import load_file

            teacher.load_state_dict(load_file(weights))
            self._teacher = (seed, teacher.to(self.device).eval(), tok)
            return self._teacher[1:]
        teacher.to(self.device)
        step = loop.teacher_step(teacher, tok, self.device)

        def save() -> None:
            from safetensors.torch import save_file

            with replacing(weights) as tmp:
                save_file({k: v.contiguous().cpu() for k, v in teacher.state_dict().items()}, str(tmp))
        self._train(seed, "teacher", teacher, tok, step, save)
        teacher.zero_grad(set_to_none=True)  # (kept for the students: its last step's gradients are not)
        self._teacher = (seed, teacher.eval(), tok)
        return self._teacher[1:]

    def park_teacher(self) -> None:
        """Move the kept teacher to host memory while a stage that does not use it runs (a student
        trained without distillation, a student's evaluation): on a GPU its weights (a CLIP ViT-B/16
        teacher's 600 MB) would sit beside the student's until the run ended. ``teacher`` brings it back."""
        if self._teacher:
            self._teacher[1].cpu()

    def student(self, seed: int, stage: str):
        """The trained student: an ``Encoder`` (pixels), or a ``FeatureStudent`` with its
        tokenizer (features)."""
        d = self.stage_dir(seed, stage)
        if not self.current(seed, stage):
            raise SeekframeError(f"no '{stage}' student trained for this config in {d}: run that stage first")
        return self._load_student(d / "model")

    def train_student(self, seed: int, stage: str) -> None:
        """Train the student of ``stage`` where it is not there yet. Nothing is loaded back: ``student`` loads it
        where it is used (each load builds MiniLM again and hashes the whole model for its id, and the run's
        stages loaded every student they had just saved, or found saved, for nothing)."""
        d = self.stage_dir(seed, stage)
        folder = d / "model"
        use_kd, use_dis = STUDENT_VARIANTS[stage]
        teacher, t_tok = self.teacher(seed, train=False) if use_kd else (None, None)
        if not use_kd:
            self.park_teacher()
        self.claim(seed, stage)
        if (folder / "config.json").exists():
            if loop.is_main():
                checkpoint.drop(d)  # (left by a run stopped between saving the model and removing it)
            return
        torch.manual_seed(seed)
        model, tok = build_student(self.cfg, self.feature_dim)
        model.to(self.device)
        step = loop.student_step(model, tok, teacher, t_tok, self.cfg["student"], use_kd, use_dis, self.device,
                                 cache_teacher=not self.augmented)
        self._train(seed, stage, model, tok, step, lambda: save_model(model.cpu(), tok, folder))

    def _train(self, seed: int, stage: str, model, tokenizer, step, save) -> None:
        """``loop.fit`` the stage, then write its history and, last (the file that means the
        stage is done), ``save()`` its model, and remove its checkpoint (a finished stage is reused
        from its model, never resumed): rank 0 alone under torchrun, the others wait."""
        who = "teacher" if stage == "teacher" else "student"
        d = self.stage_dir(seed, stage)
        hist = loop.fit(model=model, step_fn=step, dataset=self.dataset(seed), collate=self.collate,
                        cfg=self.cfg[who], train_cfg=self.cfg["train"], seed=seed, out_dir=d,
                        device=self.device, precision=self.cfg["precision"], pairs=PAIRS[who],
                        validate=self._validate(who, tokenizer))
        if loop.is_main():
            (d / "history.json").write_text(json.dumps(hist))
            save()
            checkpoint.drop(d)
        loop.barrier()

    def _load_student(self, folder: Path):
        if self.features is None:
            return Encoder.load(folder, device=str(self.device))
        model, tok, _ = load_model(folder)
        return FeatureStudent(model.to(self.device)).eval(), tok

    # the reporting half (``training.run_report``): scored on test once, histories, the data splits held
    evaluate, history, histories = run_report.evaluate, run_report.history, run_report.histories
    gather_left_out, data_summary = run_report.gather_left_out, run_report.data_summary

    def export(self) -> Path | None:
        from training.export import export_features, export_pixels, remember

        stage = self.cfg["export"]["stage"]
        seed = self.cfg["seeds"][0]
        source = self.stage_dir(seed, stage) / "model"
        if not self.current(seed, stage):
            return None
        target = self._export_allowed("Nothing was exported; the results are written")
        if self.features is not None:
            export_features(source, target, self.cfg["data"]["feature_extractor"], self.cfg["data"])
        else:
            export_pixels(source, target, self.cfg["data"])
        remember(target, self.out)
        return target

