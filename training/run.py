"""``python -m training.run --config training/configs/NAME.yaml [--set key=value ...]``

Runs the stages the config names for every seed (teacher, the MCKD student, the ranking-only
baseline, ablations), evaluates them, and writes to the config's output folder: ``results.json``,
``results.md``, PNG plots, ``train.log``, per-stage checkpoints (a re-run resumes) and the exported
student as a model folder the app loads.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path

import torch

from core.atomic import replacing
from core.encoders import Encoder, build_model, load_model, load_tokenizer, pick_device, save_model
from core.errors import SeekframeError
from core.media import FrameSampler
from training import loop
from training.config import STUDENT_VARIANTS, load_config
from training.data.augment import Augment
from training.evaluate import (FeatureStudent, clips_per_second, count_parameters, evaluate_model,
                               evaluate_student, moment_hits, test_inputs, video_parameters)
from training.export import export_features, export_pixels
from training.precomputed import on_features
from training.report import write_report

log = logging.getLogger("training")
SPEED_CLIPS = 256  # test clips timed for encode throughput (the same frames for every model)


def load_splits(cfg: dict):
    data = cfg["data"]
    fmt = data["format"]
    if fmt == "features":
        raise SeekframeError("'features' is not an annotation format: set data.format to the format of "
                             "the captions (msrvtt, msvd, vatex, tgif, synthetic) and data.features to "
                             "the folder or .h5 file of pre-extracted features")
    try:
        module = importlib.import_module(f"training.data.{fmt}")
    except ModuleNotFoundError as exc:
        raise SeekframeError(f"unknown data format '{fmt}'") from exc
    root = Path(data["root"])
    if fmt == "synthetic":
        module.generate(root, **data["generate"])
    train = module.load(root, data["train_split"], **data["options"])
    test = module.load(root, data["test_split"], **data["options"])
    if data["max_train"]:
        train.entries = train.entries[: data["max_train"]]
    if data["max_test"]:
        test.entries = test.entries[: data["max_test"]]
    log.info("data %s: %d train videos, %d test videos", fmt, len(train), len(test))
    return train, test


def _features_spec(spec, who: str, feature_dim: int | None):
    """The model config a stage builds: as configured, or reading ``feature_dim``-d features."""
    if feature_dim is None:
        return spec
    if not isinstance(spec, dict):
        raise SeekframeError(f"with data.features, {who}.model must be a model config (its vision "
                             "tower is replaced by the pre-extracted features), not a folder or hub id")
    return on_features(spec, feature_dim)


def build_student(cfg: dict, feature_dim: int | None = None):
    spec = _features_spec(cfg["student"]["model"], "student", feature_dim)
    if spec is None:
        raise SeekframeError("the config needs student.model (a model config or a folder / hub id)")
    if isinstance(spec, (str, Path)):
        model, tokenizer, _ = load_model(spec)
    else:
        model, tokenizer = build_model(spec), load_tokenizer(None, spec)
    if cfg["student"]["freeze_text"] and (model.to_config()["text"].get("pretrained")):
        for p in model.text.parameters():
            p.requires_grad_(False)
    return model, tokenizer


def build_teacher(cfg: dict, feature_dim: int | None = None):
    from training.teacher import Teacher

    if cfg["teacher"]["model"] is None:
        raise SeekframeError("the config needs teacher.model (a model config)")
    teacher = Teacher({"model": _features_spec(cfg["teacher"]["model"], "teacher", feature_dim),
                       "motion": cfg["teacher"]["motion"], "feature_dim": feature_dim,
                       "temperature": cfg["teacher"]["temperature"], "loss_weights": cfg["teacher"]["loss_weights"]})
    if cfg["teacher"]["freeze_text"] and teacher.base.to_config()["text"].get("pretrained"):
        for p in teacher.base.text.parameters():
            p.requires_grad_(False)
    return teacher, getattr(teacher, "tokenizer", None) or load_tokenizer(None, teacher.base.to_config())


class Run:
    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.out = Path(cfg["output"])
        self.out.mkdir(parents=True, exist_ok=True)
        self.device = pick_device(cfg["device"])
        self.train, self.test = load_splits(cfg)
        from training.data.dataset import ClipTextDataset, FeatureDataset, collate

        self.collate = collate
        n = cfg["data"]["n_frames"]
        self.features = self._feature_store()
        self.augmented = False
        if self.features is not None:  # pre-extracted features: no decoding, no vision tower
            store = self.features
            self.train_set = lambda seed: FeatureDataset(self.train, store, n, train=True, seed=seed)
            self.test_set = FeatureDataset(self.test, store, n, train=False)
        else:
            size = max(self._image_size("teacher"), self._image_size("student"))
            sampler = FrameSampler(size=size)
            augment = Augment.from_config(cfg["data"]["augment"])
            self.augmented = augment.active
            self.train_set = lambda seed: ClipTextDataset(self.train, sampler, n, train=True, seed=seed,
                                                          cache=cfg["data"]["cache"], augment=augment)
            self.test_set = ClipTextDataset(self.test, sampler, n, train=False, cache=cfg["data"]["cache"])
        self._train_cache: dict = {}

    def _feature_store(self):
        path = self.cfg["data"]["features"]
        if not path:
            return None
        from training.data.features import FeatureStore
        from training.extract import read_manifest

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

    def dataset(self, seed: int):
        if seed not in self._train_cache:  # decoded frames are cached across stages of a seed
            self._train_cache = {seed: self.train_set(seed)}
        return self._train_cache[seed]

    def stage_dir(self, seed: int, stage: str) -> Path:
        return self.out / f"seed{seed}" / stage

    def teacher(self, seed: int, train: bool):
        d = self.stage_dir(seed, "teacher")
        weights = d / "teacher.safetensors"
        if not weights.exists() and not train:
            raise SeekframeError(f"no trained teacher in {d}: run the 'teacher' stage first")
        torch.manual_seed(seed)
        teacher, tok = build_teacher(self.cfg, self.feature_dim)
        if weights.exists():
            from safetensors.torch import load_file

            teacher.load_state_dict(load_file(weights))
            return teacher.to(self.device).eval(), tok
        teacher.to(self.device)
        hist = loop.fit(model=teacher, step_fn=loop.teacher_step(teacher, tok, self.cfg["teacher"], self.device),
                        dataset=self.dataset(seed), collate=self.collate, cfg=self.cfg["teacher"],
                        train_cfg=self.cfg["train"], seed=seed, out_dir=d, device=self.device,
                        precision=self.cfg["precision"], pairs=1)
        from safetensors.torch import save_file

        if loop.is_main():  # one writer under torchrun; the others wait for the file
            with replacing(weights) as tmp:
                save_file({k: v.contiguous().cpu() for k, v in teacher.state_dict().items()}, str(tmp))
            (d / "history.json").write_text(json.dumps(hist))
        loop.barrier()
        return teacher.eval(), tok

    def completed(self, seed: int) -> list[str]:
        done = ["teacher"] if (self.stage_dir(seed, "teacher") / "teacher.safetensors").exists() else []
        return done + [s for s in STUDENT_VARIANTS if (self.stage_dir(seed, s) / "model" / "config.json").exists()]

    def student(self, seed: int, stage: str, train: bool):
        """The trained student: an ``Encoder`` (pixels), or a ``FeatureStudent`` with its
        tokenizer (features). Trains it first when ``train`` and it is not there yet."""
        d = self.stage_dir(seed, stage)
        folder = d / "model"
        if (folder / "config.json").exists():
            return self._load_student(folder)
        if not train:
            raise SeekframeError(f"no trained '{stage}' student in {d}: run that stage first")
        use_kd, use_dis = STUDENT_VARIANTS[stage]
        teacher, t_tok = self.teacher(seed, train=False) if use_kd else (None, None)
        torch.manual_seed(seed)
        model, tok = build_student(self.cfg, self.feature_dim)
        model.to(self.device)
        step = loop.student_step(model, tok, teacher, t_tok, self.cfg["student"], use_kd, use_dis, self.device,
                                 cache_teacher=not self.augmented)
        hist = loop.fit(model=model, step_fn=step, dataset=self.dataset(seed), collate=self.collate,
                        cfg=self.cfg["student"], train_cfg=self.cfg["train"], seed=seed, out_dir=d,
                        device=self.device, precision=self.cfg["precision"], pairs=2)
        if loop.is_main():
            save_model(model.cpu(), tok, folder)
            (d / "history.json").write_text(json.dumps(hist))
        loop.barrier()
        return self._load_student(folder)

    def _load_student(self, folder: Path):
        if self.features is None:
            return Encoder.load(folder, device=str(self.device))
        model, tok, _ = load_model(folder)
        return FeatureStudent(model.to(self.device)).eval(), tok

    def evaluate(self, seed: int, trained: list[str]) -> dict:
        inputs = test_inputs(self.test_set)  # frames, or pre-extracted features
        results = {}
        for stage in trained:
            if stage == "teacher":
                teacher, tok = self.teacher(seed, train=False)
                m = evaluate_model(teacher, tok, self.test, inputs, self.device)
                m["params_m"] = count_parameters(teacher) / 1e6
                m["video_params_m"] = video_parameters(teacher.base) / 1e6 + count_parameters(teacher.motion) / 1e6
                m["clips_per_s"] = clips_per_second(lambda f: teacher.encode_video(torch.from_numpy(f).to(self.device)), inputs[:SPEED_CLIPS])
            elif self.features is not None:
                student, tok = self.student(seed, stage, train=False)
                m = evaluate_model(student, tok, self.test, inputs, self.device)
                m["params_m"] = count_parameters(student.model) / 1e6
                m["video_params_m"] = video_parameters(student.model) / 1e6
                m["clips_per_s"] = clips_per_second(lambda f: student.encode_video(torch.from_numpy(f).to(self.device)), inputs[:SPEED_CLIPS])
            else:
                enc = self.student(seed, stage, train=False)
                m = evaluate_student(enc, self.test, inputs)
                m["params_m"] = count_parameters(enc.model) / 1e6
                m["video_params_m"] = video_parameters(enc.model) / 1e6
                m["clips_per_s"] = clips_per_second(lambda f: enc.encode_moments(f, batch_size=len(f)), inputs[:SPEED_CLIPS])
                hits = moment_hits(enc, self.test)
                if hits:
                    m.update(hits)
            results[stage] = m
            log.info("seed %d %s: %s", seed, stage, {k: round(v, 2) for k, v in m.items() if isinstance(v, float)})
        return results

    def histories(self) -> dict:
        out: dict = {}
        for path in sorted(self.out.glob("seed*/*/history.json")):
            out.setdefault(path.parent.name, {})[int(path.parent.parent.name[4:])] = json.loads(path.read_text())
        return out

    def export(self) -> Path | None:
        stage = self.cfg["export"]["stage"]
        seed = self.cfg["seeds"][0]
        source = self.stage_dir(seed, stage) / "model"
        if not (source / "config.json").exists():
            return None
        target = Path(self.cfg["export"]["folder"] or self.out / "student")
        if self.features is not None:
            return export_features(source, target, self.cfg["data"]["feature_extractor"])
        return export_pixels(source, target)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--config", required=True)
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a config value")
    args = p.parse_args(argv)
    try:
        cfg = load_config(args.config, args.set)
        out = Path(cfg["output"])
        out.mkdir(parents=True, exist_ok=True)
        rank, _ = loop.distributed()  # under torchrun rank 0 writes the shared files, the others wait
        handlers = [logging.StreamHandler(sys.stderr)] + ([logging.FileHandler(out / "train.log")] if rank == 0 else [])
        logging.basicConfig(level=logging.INFO, format=f"%(asctime)s {f'[rank {rank}] ' if rank else ''}%(message)s",
                            handlers=handlers)
        if rank == 0:
            (out / "config.json").write_text(json.dumps(cfg, indent=2))
            run = Run(cfg)  # generates the synthetic world when it is not on disk yet
        loop.barrier()
        if rank != 0:
            run = Run(cfg)
        per_seed = {}
        for seed in cfg["seeds"]:
            for stage in cfg["stages"]:
                if stage == "teacher":
                    run.teacher(seed, train=True)
                elif stage in STUDENT_VARIANTS:
                    run.student(seed, stage, train=True)
            if "eval" in cfg["stages"] and rank == 0:
                per_seed[seed] = run.evaluate(seed, run.completed(seed))
        if rank == 0 and per_seed:
            write_report(out, cfg, per_seed, run.histories())
            print((out / "results.md").read_text())
        exported = run.export() if rank == 0 else None
        if exported:
            print(f"Exported student: {exported}")
        return 0
    except SeekframeError as exc:
        print(f"training: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
