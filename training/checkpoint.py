"""A stage's resumable checkpoint (``checkpoint.pt``): what an interrupted stage resumes from.

* It holds what training changes: the model's trainable parameters and its buffers, the optimizer,
  the scheduler, the history and the best-on-validation weights so far. Frozen parameters
  (``requires_grad=False``: a pretrained text tower kept as it is, MiniLM's 22.7 M) are left out:
  training never changes them, and the model a resume builds holds them again from its pretrained
  source. A digest of them is kept, so that a resume on other frozen weights (the source changed)
  is refused rather than mixed. They were 182 MB of a 5 k-parameter student's checkpoint, twice
  (the model and its best weights), written every epoch.
* It is removed once its stage is finished (``drop``, after the model and the history are
  saved): a finished stage is reused from its model, never from its checkpoint.
* Written atomically, read with ``torch.load(weights_only=True)``: they are the run's own files,
  never a user's pickle.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import torch

from core.atomic import replacing
from core.errors import SeekframeError

log = logging.getLogger("training")
NAME = "checkpoint.pt"


def frozen_names(model) -> set[str]:
    """The names (as in ``state_dict``) of ``model``'s frozen parameters."""
    return {name for name, p in model.named_parameters() if not p.requires_grad}


def frozen_digest(model, frozen: set[str]) -> str:
    """A digest of the frozen parameters' names, shapes, dtypes and values ("" when none)."""
    if not frozen:
        return ""
    h = hashlib.sha256()
    params = dict(model.named_parameters())
    for name in sorted(frozen):
        t = params[name].detach().to("cpu").contiguous()
        h.update(f"{name}:{tuple(t.shape)}:{t.dtype};".encode())
        h.update(t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b"")
    return h.hexdigest()


def trained_state(model, frozen: set[str]) -> dict:
    """``model``'s state without its frozen parameters, copied to the CPU."""
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items() if k not in frozen}


def load_trained(model, state: dict, frozen: set[str], where) -> None:
    """Load ``state`` into ``model``; only its frozen parameters may be absent (the model holds
    them). A checkpoint written before frozen parameters were left out loads as it is."""
    missing, unexpected = model.load_state_dict(state, strict=False)
    absent = set(missing) - frozen
    if absent or unexpected:
        raise SeekframeError(f"{where}: the checkpoint does not fit the model ("
                             + (f"missing {sorted(absent)[:3]}" if absent else f"unexpected {list(unexpected)[:3]}")
                             + "): retrain the stage (--restart STAGE)")


def save(path: Path, model, optimizer, epoch: int, history: list, scheduler=None, best=None,
         frozen: set[str] = frozenset(), digest: str = "") -> None:
    """``best``: the best weights so far, already without the frozen parameters (``trained_state``)."""
    with replacing(path) as tmp:
        torch.save({"model": trained_state(model, frozen), "optimizer": optimizer.state_dict(), "epoch": epoch,
                    "history": history, "scheduler": scheduler.state_dict() if scheduler else None,
                    "best": best, "frozen_digest": digest}, tmp)


def load(path: Path, model, optimizer, scheduler=None, frozen: set[str] = frozenset(),
         digest: str = "") -> tuple[int, list, dict | None]:
    """(epoch, history, the best-on-validation weights so far or None). Refused (SeekframeError)
    when the model's frozen parameters are not those the checkpoint was trained with."""
    state = torch.load(path, map_location="cpu", weights_only=True)
    kept = state.get("frozen_digest")
    if kept is not None and kept != digest:
        raise SeekframeError(f"{path}: this interrupted stage was trained with other frozen weights than "
                             "the model's pretrained source holds now (its frozen parameters changed): "
                             "retrain the stage (--restart STAGE)")
    load_trained(model, state["model"], frozen, path)
    optimizer.load_state_dict(state["optimizer"])
    if scheduler is not None and state.get("scheduler"):
        scheduler.load_state_dict(state["scheduler"])
    best = state.get("best")
    if best is not None:
        best = {k: v for k, v in best.items() if k not in frozen}
    return int(state["epoch"]), list(state["history"]), best


def drop(stage_dir: Path) -> None:
    """Remove a finished stage's checkpoint (its model is saved; nothing resumes from it)."""
    path = Path(stage_dir) / NAME
    if path.exists():
        size = path.stat().st_size
        path.unlink()
        log.info("%s: stage finished, its checkpoint removed (%.1f MB)", stage_dir, size / 1e6)
