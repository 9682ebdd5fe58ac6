"""Training steps for the teacher and the student, with resumable checkpoints.

* Batches hold each video ``pairs`` times, each with its own random caption
  (``PairedBatchSampler``), so the student's discrimination loss sees captions of the same video
  together; the teacher uses ``pairs=1`` (its InfoNCE treats every other item as a negative).
* Checkpoints (what training changes + optimizer + epoch: ``training.checkpoint``) are written
  atomically after every epoch as safetensors, nothing unpickled to resume. Frozen parameters are
  left out (the model holds them).
* On a GPU, steps run under bf16 (or fp16 + loss scaling) autocast. Under ``torchrun`` each
  process takes every WORLD_SIZE-th batch, as many as every other (``training.shards``: a set too small
  for one each is refused), and gradients are averaged by DDP; contrastive losses
  are computed over each process's own batch. Rank 0 alone writes shared files (checkpoints,
  weights, the generated world, the report); the others wait at ``barrier()``.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import DataLoader, Sampler

from core.errors import SeekframeError
from training import checkpoint, losses, shards

log = logging.getLogger("training")


class PairedBatchSampler(Sampler):
    """Batches where each chosen video appears ``pairs`` times, as ``(index, draw)`` item keys."""

    def __init__(self, n: int, batch_size: int, pairs: int = 1, seed: int = 0, rank: int = 0, world: int = 1,
                 draws: bool = True):
        self.n, self.pairs, self.seed, self.rank, self.world = n, max(1, pairs), seed, rank, world
        self.draws = draws  # False: plain indices, for datasets that take no (index, draw) keys
        self.per_batch = shards.videos_per_batch(batch_size, self.pairs)
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def _batches(self) -> list[list]:
        """Item keys per batch, from seed and epoch alone (see ``training.data.dataset``)."""
        rng = np.random.default_rng(self.seed * 100003 + self.epoch)
        order = rng.permutation(self.n)
        batches = [order[i : i + self.per_batch] for i in range(0, self.n, self.per_batch)]
        batches = [np.repeat(b, self.pairs) for b in batches if len(b) >= 2]  # a lone item has no negatives
        draws = rng.integers(1 << 62, size=sum(len(b) for b in batches))
        keys, at = [], 0
        for b in batches:
            keys.append([(int(i), int(d)) if self.draws else int(i) for i, d in zip(b, draws[at : at + len(b)])])
            at += len(b)
        keys = keys[: len(keys) // self.world * self.world]  # every rank takes as many steps (``training.shards``)
        return keys[self.rank :: self.world]

    def __iter__(self):
        return iter(self._batches())

    def __len__(self) -> int:
        return len(self._batches())


def distributed() -> tuple[int, int]:
    """(rank, world size); initialises the process group under torchrun."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 and not torch.distributed.is_initialized():
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        torch.distributed.init_process_group(backend)
        if torch.cuda.is_available():
            torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    return (torch.distributed.get_rank() if world > 1 else 0), world


def is_main() -> bool:
    """True on the process that writes shared files (rank 0; the only one without torchrun)."""
    return distributed()[0] == 0


def barrier() -> None:
    """Under torchrun, wait until every process gets here (e.g. rank 0 has written a file)."""
    if _together():
        torch.distributed.barrier()


def _together() -> bool:
    return torch.distributed.is_available() and torch.distributed.is_initialized()


def rank0_scores(scores: dict) -> dict:
    """Under torchrun, rank 0's validation scores (those selection compares) on every rank: each rank validates on
    its own, and a GPU's nondeterministic kernels could have ranks keep different epochs (rank 1 distilling from a
    teacher other than the one rank 0 saved); one decision, rank 0's, the same everywhere."""
    box = [{k: float(scores[k]) for k in ("t2v_r1", "rsum")}]
    if _together():
        torch.distributed.broadcast_object_list(box, src=0)
    return box[0]


def every_ranks(found: dict) -> dict:
    """Under torchrun, ``found`` (a dict) of every rank merged, rank 0's first; else ``found`` itself."""
    if not _together():
        return found
    parts: list = [None] * torch.distributed.get_world_size()
    torch.distributed.all_gather_object(parts, found)
    return {k: v for part in parts for k, v in part.items() if k not in found} | found


def autocast_for(device: torch.device, precision: str = "auto"):
    if device.type != "cuda" or precision == "fp32":
        return nullcontext(), None
    dtype = torch.bfloat16 if (precision == "bf16" or (precision == "auto" and torch.cuda.is_bf16_supported())) else torch.float16
    scaler = torch.amp.GradScaler("cuda") if dtype == torch.float16 else None
    return torch.autocast("cuda", dtype=dtype), scaler


def device_words(device: torch.device, precision: str = "auto") -> str:
    """The device and the precision steps run at (``autocast_for``'s choice), for the report."""
    if device.type != "cuda":
        return f"{device.type} (fp32)"
    amp, _ = autocast_for(device, precision)
    kind = "fp32" if isinstance(amp, nullcontext) else f"{str(amp.fast_dtype).removeprefix('torch.')} autocast"
    return f"{torch.cuda.get_device_name(device)} ({kind})"


VAL_KEYS = ("val_t2v_r1", "val_rsum")  # what selection compares, in order


def selected_epoch(history: list[dict]) -> int | None:
    """The epoch whose validation scores are best (t2v R@1, then rsum; the earliest on a tie),
    or None when the history has no validation scores."""
    scored = [h for h in history if all(k in h for k in VAL_KEYS)]
    if not scored:
        return None
    return max(scored, key=lambda h: (tuple(h[k] for k in VAL_KEYS), -h["epoch"]))["epoch"]


def _tokenize(tokenizer, texts, max_length, device):
    enc = tokenizer(list(texts), padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    return enc["input_ids"].to(device), enc["attention_mask"].to(device)


def _schedule(optimizer, total_steps: int, warmup: int):
    def factor(step):
        if step < warmup:
            return (step + 1) / max(1, warmup)
        progress = (step - warmup) / max(1, total_steps - warmup)
        return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def param_groups(model, lr: float, tower_lr: float | None = None) -> list[dict]:
    """Optimizer groups: pretrained towers of ``model`` (or of a Teacher's ``base``) learn at
    ``tower_lr`` (CLIP tuned at the rate of fresh layers would wash out what it knows), the rest
    at ``lr``; frozen parameters are left out."""
    trainable = [p for p in model.parameters() if p.requires_grad]
    base = model if hasattr(model, "to_config") and hasattr(model, "vision") else getattr(model, "base", None)
    if tower_lr is None or base is None or not hasattr(base, "to_config"):
        return _scale_undecayed(model, [{"params": trainable, "lr": lr}])
    cfg = base.to_config()
    slow = {id(p) for side in ("vision", "text") if cfg[side].get("pretrained")
            for p in getattr(base, side).parameters()}
    groups = [{"params": [p for p in trainable if id(p) not in slow], "lr": lr},
              {"params": [p for p in trainable if id(p) in slow], "lr": float(tower_lr)}]
    return _scale_undecayed(model, [g for g in groups if g["params"]])


def _scale_undecayed(model, groups: list[dict]) -> list[dict]:
    """A teacher's learned temperature (its base's logit scale, ``learn_temperature``) in a group of its
    own without weight decay, as CLIP's: decay pulls the scale towards 0, τ towards 1, whatever the loss
    says. (Other models keep their groups: a checkpoint's optimizer state keeps matching them.)"""
    if not (getattr(model, "config", None) or {}).get("learn_temperature"):
        return groups
    scale = model.base.logit_scale
    out = [{**g, "params": [p for p in g["params"] if p is not scale]} for g in groups]
    kept = [g for g in out if g["params"]]
    for g in groups:
        if any(p is scale for p in g["params"]):
            kept.append({**g, "params": [scale], "weight_decay": 0.0})
    return kept


def fit(*, model, step_fn, dataset, collate, cfg: dict, train_cfg: dict, seed: int, out_dir: Path,
        device: torch.device, precision: str = "auto", pairs: int = 1, progress=None,
        validate=None) -> list[dict]:
    """Generic epoch loop: ``step_fn(model, batch) -> (loss, parts)``. Returns the loss history.

    ``validate(model) -> {"t2v_r1", "rsum", ...}`` scores the model on the validation split after
    every epoch (``val_*`` in the history); the model keeps the best epoch's weights, not the last."""
    rank, world = distributed()
    out_dir.mkdir(parents=True, exist_ok=True)
    ckpt = out_dir / checkpoint.NAME
    frozen = checkpoint.frozen_names(model)  # (never changed by training: left out of checkpoints)
    digest = checkpoint.frozen_digest(model, frozen)
    too_few = shards.too_few_words(len(dataset), cfg["batch_size"], pairs, world)
    if too_few:  # (a process without a step would leave the others waiting in DDP's all-reduce forever)
        raise SeekframeError(f"{out_dir}: {too_few}")
    sampler = PairedBatchSampler(len(dataset), cfg["batch_size"], pairs, seed, rank, world,
                                 draws=getattr(dataset, "takes_draws", False))
    from training.data.dataset import worker_context

    workers = train_cfg.get("num_workers", 0)
    loader = DataLoader(dataset, batch_sampler=sampler, collate_fn=collate, num_workers=workers,
                        multiprocessing_context=worker_context(workers))
    groups = param_groups(model, cfg["lr"], cfg.get("tower_lr"))
    params = [p for g in groups for p in g["params"]]
    optimizer = torch.optim.AdamW(groups, lr=cfg["lr"], weight_decay=cfg["weight_decay"])
    total = cfg["epochs"] * max(1, len(sampler))
    scheduler = _schedule(optimizer, total, train_cfg.get("warmup_steps", 0))
    start_epoch, history, best = 0, [], None
    if rank == 0:  # (said once under torchrun, as the other shared files' words)
        checkpoint.pickled(out_dir)  # (an earlier version's checkpoint.pt: said, never read)
    amp, scaler = autocast_for(device, precision)
    if ckpt.exists():  # (fp16's loss scale resumes too: a fresh 65536 skips steps until it backs off again)
        start_epoch, history, best = checkpoint.load(ckpt, model, optimizer, scheduler, frozen, digest, scaler)
        log.info("resumed %s at epoch %d", out_dir, start_epoch)
    wrapped = model
    if world > 1:
        wrapped = torch.nn.parallel.DistributedDataParallel(model, find_unused_parameters=True)
    for epoch in range(start_epoch, cfg["epochs"]):
        sampler.set_epoch(epoch)
        wrapped.train()
        sums, n, t0 = {}, 0, time.monotonic()
        for batch in loader:
            for found in batch.pop("left_out", ()):  # unreadable clips a worker found (said once, here)
                dataset.note_left_out(found)
            with amp:
                loss, parts = step_fn(wrapped, batch)
            optimizer.zero_grad(set_to_none=True)
            if scaler is not None:
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
            else:
                loss.backward()
            if train_cfg.get("grad_clip"):
                torch.nn.utils.clip_grad_norm_(params, train_cfg["grad_clip"])
            (scaler.step(optimizer), scaler.update()) if scaler is not None else optimizer.step()
            scheduler.step()
            for k, v in {"loss": loss, **parts}.items():
                sums[k] = sums.get(k, 0.0) + float(v.detach() if torch.is_tensor(v) else v)
            n += 1
            if progress:
                progress(1)
        record = {"epoch": epoch + 1, **{k: v / max(1, n) for k, v in sums.items()}, "seconds": time.monotonic() - t0}
        if validate is not None:
            scores = rank0_scores(validate(model))
            record.update({f"val_{k}": scores[k] for k in ("t2v_r1", "rsum")})
            if selected_epoch(history + [record]) == epoch + 1:
                best = checkpoint.trained_state(model, frozen)
        history.append(record)
        log.info("%s epoch %d: %s", out_dir.name, epoch + 1, json.dumps({k: round(v, 4) for k, v in record.items()}))
        if rank == 0:
            checkpoint.save(ckpt, model, optimizer, epoch + 1, history, scheduler, best, frozen, digest, scaler)
    if best is not None:
        checkpoint.load_trained(model, best, frozen, ckpt)
        log.info("%s: kept epoch %s, the best on validation", out_dir.name, selected_epoch(history))
    model.eval()
    return history


def video_input(batch: dict, device: torch.device) -> torch.Tensor:
    """A batch's video side: uint8 frames [B,T,H,W,3], or float features [B,T,D]."""
    return (batch["features"] if "features" in batch else batch["frames"]).to(device)


def teacher_step(teacher, tokenizer, device: torch.device):
    """One step of ``Teacher.loss`` (``losses.teacher_loss``) at the config's temperature, or the teacher's
    learned one (``learn_temperature``: it trains, and its value is kept as ``temperature`` in the history).
    Items of one video are positives of each other, not negatives: a batch may hold a video twice
    (an unreadable video's place taken by the next readable one, which may be in the batch already)."""

    def step(model, batch):
        video = video_input(batch, device)  # uint8 frames, or pre-extracted features
        ids, mask = _tokenize(tokenizer, batch["caption"], teacher.text_max_length, device)
        out = model(video, ids, mask)  # (``model``: the teacher, or its DDP wrapper)
        loss, parts = teacher.loss(out, batch["index"].to(device))
        tau = out.get("temperature")
        return loss, (parts if tau is None else {**parts, "temperature": tau.detach()})
    return step


class TextFeatureCache:
    """Features of a frozen text tower, computed once per distinct caption (in eval mode they are
    deterministic), so epochs over the same captions don't re-run a MiniLM on a CPU."""

    def __init__(self, tower, tokenizer, max_length: int, device: torch.device):
        self.tower, self.tokenizer, self.max_length, self.device = tower, tokenizer, max_length, device
        self.store: dict[str, torch.Tensor] = {}

    @torch.no_grad()
    def __call__(self, texts: list[str]) -> torch.Tensor:
        missing = [t for t in dict.fromkeys(texts) if t not in self.store]
        if missing:
            self.tower.eval()
            ids, mask = _tokenize(self.tokenizer, missing, self.max_length, self.device)
            for t, f in zip(missing, self.tower(ids, mask).float().cpu()):
                self.store[t] = f
        return torch.stack([self.store[t] for t in texts]).to(self.device)


class TeacherCache:
    """The frozen teacher's embeddings of each training video (by dataset index) and caption,
    computed once: an item's input is the same every epoch unless views are augmented."""

    def __init__(self, teacher, tokenizer, device: torch.device, remember: bool = True):
        self.teacher, self.tokenizer, self.device = teacher, tokenizer, device
        self.remember = remember  # False: video embeddings are recomputed for every batch
        self.videos: dict[int, torch.Tensor] = {}
        self.texts: dict[str, torch.Tensor] = {}

    def similarity(self, raw: torch.Tensor, index: list[int], captions: list[str]) -> torch.Tensor:
        """``S[i, j] = text_i · video_j`` of the teacher for a batch (rows texts, like the student)."""
        text, video = self.embed(raw, index, captions)
        return text @ video.T

    @torch.no_grad()
    def embed(self, raw: torch.Tensor, index: list[int], captions: list[str]):
        """The teacher's (text, video) embeddings of a batch, each [B, d], unit norm."""
        self.teacher.eval()
        if self.remember:
            first = {}
            for pos, i in enumerate(index):
                if i not in self.videos:
                    first.setdefault(i, pos)
            if first:
                out = self.teacher(raw[list(first.values())])["video"].float()
                self.videos.update(zip(first, out))
            video = torch.stack([self.videos[i] for i in index])
        else:  # every item is its own view (augmented): the teacher sees exactly that view
            video = self.teacher(raw)["video"].float()
        missing = [t for t in dict.fromkeys(captions) if t not in self.texts]
        if missing:
            ids, mask = _tokenize(self.tokenizer, missing, self.teacher.text_max_length, self.device)
            self.texts.update(zip(missing, self.teacher.encode_text(ids, mask).float()))
        return torch.stack([self.texts[t] for t in captions]), video


def mckd_objective(cfg: dict, use_kd: bool, use_dis: bool) -> losses.MCKDLossConfig:
    """The student config's loss settings, with the parts a stage leaves out switched off."""
    kd = 1.0 if use_kd else 0.0
    return losses.MCKDLossConfig(
        margin=cfg["margin"], hardest=cfg["hardest"], kd_weight=kd * cfg["kd_weight"],
        kd_temperature=cfg["kd_temperature"], kd_video_weight=kd * cfg["kd_video_weight"],
        kd_text_weight=kd * cfg["kd_text_weight"], dis_weight=cfg["dis_weight"] if use_dis else 0.0,
        dis_temperature=cfg["dis_temperature"])


def student_step(student, tokenizer, teacher, teacher_tokenizer, cfg: dict, use_kd: bool, use_dis: bool,
                 device: torch.device, cache_teacher: bool = True):
    """One step of ``losses.mckd_loss``: ranking (always), the distillation parts when
    ``use_kd`` and the discrimination loss when ``use_dis`` (the ablations switch them off)."""
    objective = mckd_objective(cfg, use_kd, use_dis)
    frozen_text = not any(p.requires_grad for p in student.text.parameters())
    cache = TextFeatureCache(student.text, tokenizer, student.text_max_length, device) if frozen_text else None
    teacher_cache = TeacherCache(teacher, teacher_tokenizer, device, remember=cache_teacher) if use_kd else None

    def step(model, batch):
        raw = video_input(batch, device)
        inputs = ({"frame_features": raw} if "features" in batch
                  else {"pixel_values": student.preprocess(raw)})
        owner = batch["index"].to(device)
        if cache is not None and model is student:  # not under DDP, which must see every use in forward()
            video = model(**inputs)["video_embeds"]
            text = torch.nn.functional.normalize(student.text_proj(cache(batch["caption"])), dim=-1)
        else:
            ids, mask = _tokenize(tokenizer, batch["caption"], student.text_max_length, device)
            out = model(**inputs, input_ids=ids, attention_mask=mask)  # forward(): what DDP wraps
            video, text = out["video_embeds"], out["text_embeds"]
        sim = text @ video.T  # [texts, videos]
        t_text = t_video = None
        if use_kd:
            t_text, t_video = teacher_cache.embed(raw, batch["index"].tolist(), batch["caption"])
        return losses.mckd_loss(sim, None, text, video, owner, objective,
                                teacher_text=t_text, teacher_video=t_video)
    return step
