"""A stage's resumable checkpoint (``checkpoint.safetensors``): what an interrupted stage resumes from.

* It holds what training changes: the model's trainable parameters and its buffers, the optimizer,
  the scheduler, fp16's loss scale, the history and the best-on-validation weights so far. Frozen parameters
  (``requires_grad=False``: a pretrained text tower kept as it is, MiniLM's 22.7 M) are left out:
  training never changes them, and the model a resume builds holds them again from its pretrained
  source. A digest of them is kept, so that a resume on other frozen weights (the source changed)
  is refused rather than mixed. They were 182 MB of a 5 k-parameter student's checkpoint, twice
  (the model and its best weights), written every epoch.
* It is removed once its stage is finished (``drop``, after the model and the history are
  saved): a finished stage is reused from its model, never from its checkpoint.
* Written atomically as safetensors: every tensor a named entry, the rest (epoch, history, the
  optimizer's and scheduler's numbers) JSON in its header. Nothing is unpickled to resume, not even
  through ``torch.load(weights_only=True)``, whose restricted unpickler has had holes
  (CVE-2025-32434). A ``checkpoint.pt`` of an earlier version (a pickle) is never read: the stage
  trains from its start, and the file goes with the stage's other outputs.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import torch

from core.atomic import replacing
from core.errors import SeekframeError

log = logging.getLogger("training")
NAME = "checkpoint.safetensors"
PICKLED = "checkpoint.pt"  # an earlier version's checkpoint: never read, removed with the stage's outputs
FORMAT = "seekframe-training-checkpoint"


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


def _pack(obj, tensors: dict, path: str, seen: set):
    """``obj`` as JSON, each tensor replaced by ``{"tensor": KEY}`` and put in ``tensors``; tuples
    and mappings with keys other than strings (an optimizer's parameter indices) kept as such.
    ``seen``: the storages taken so far. A tensor is copied at most once (not every tensor twice,
    as each checkpoint did: peak memory about twice its size), on the CPU not at all unless it
    shares storage with one taken (trained_state's are fresh copies already)."""
    if isinstance(obj, torch.Tensor):
        key = path if path not in tensors else f"{path}#{len(tensors)}"
        t = obj.detach().to("cpu").contiguous()  # (a CUDA or strided tensor: copied here, once)
        if (storage := t.untyped_storage().data_ptr()) in seen:
            t = t.clone()  # (safetensors refuses tensors that share storage: a view, a tensor twice)
        seen.add(storage)
        tensors[key] = t
        return {"tensor": key}
    if isinstance(obj, dict):
        return {"map": [[_pack(k, tensors, path, seen), _pack(v, tensors, f"{path}/{k}", seen)]
                        for k, v in obj.items()]}
    if isinstance(obj, tuple):
        return {"tuple": [_pack(v, tensors, f"{path}/{i}", seen) for i, v in enumerate(obj)]}
    if isinstance(obj, list):
        return [_pack(v, tensors, f"{path}/{i}", seen) for i, v in enumerate(obj)]
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    raise TypeError(f"a checkpoint cannot hold {type(obj).__name__} (at {path})")


def _unpack(obj, tensors: dict):
    if isinstance(obj, list):
        return [_unpack(v, tensors) for v in obj]
    if isinstance(obj, dict):
        if "tensor" in obj:
            return tensors[obj["tensor"]]
        if "tuple" in obj:
            return tuple(_unpack(v, tensors) for v in obj["tuple"])
        return {_unpack(k, tensors): _unpack(v, tensors) for k, v in obj["map"]}
    return obj


def write(path: Path, state: dict) -> None:
    """``state`` (tensors, numbers, strings, lists, tuples and dicts) as a safetensors file, whole or
    not at all."""
    from safetensors.torch import save_file

    tensors: dict[str, torch.Tensor] = {}
    header = json.dumps(_pack(state, tensors, "state", set()))
    with replacing(path) as tmp:
        save_file(tensors, str(tmp), metadata={"format": FORMAT, "state": header})


def read(path: Path) -> dict:
    """The state ``write`` wrote, on the CPU; a file that is not one is refused (SeekframeError)."""
    from safetensors import safe_open

    try:
        with safe_open(str(path), framework="pt", device="cpu") as f:
            meta = f.metadata() or {}
            if meta.get("format") != FORMAT:
                raise ValueError("not a training checkpoint")
            tensors = {k: f.get_tensor(k) for k in f.keys()}
        return _unpack(json.loads(meta["state"]), tensors)
    except Exception as e:  # (safetensors' own error is no OSError or ValueError)
        raise SeekframeError(f"{path}: this interrupted stage's checkpoint cannot be read ({e}): "
                             "retrain the stage (--restart STAGE)") from e


def save(path: Path, model, optimizer, epoch: int, history: list, scheduler=None, best=None,
         frozen: set[str] = frozenset(), digest: str = "", scaler=None) -> None:
    """``best``: the best weights so far, already without the frozen parameters (``trained_state``).
    ``scaler``: fp16's loss scaler (``torch.amp.GradScaler``), its scale and growth count kept (numbers,
    in the header's JSON)."""
    write(path, {"model": trained_state(model, frozen), "optimizer": optimizer.state_dict(), "epoch": epoch,
                 "history": history, "scheduler": scheduler.state_dict() if scheduler else None,
                 "best": best, "frozen_digest": digest,
                 "scaler": (scaler.state_dict() or None) if scaler is not None else None})


def load(path: Path, model, optimizer, scheduler=None, frozen: set[str] = frozenset(),
         digest: str = "", scaler=None) -> tuple[int, list, dict | None]:
    """(epoch, history, the best-on-validation weights so far or None). Refused (SeekframeError)
    when the model's frozen parameters are not those the checkpoint was trained with. ``scaler`` takes
    the loss scale the stage had reached (a checkpoint without one, written before it was kept, leaves
    the scaler as it starts)."""
    state = read(path)
    kept = state.get("frozen_digest")
    if kept is not None and kept != digest:
        raise SeekframeError(f"{path}: this interrupted stage was trained with other frozen weights than "
                             "the model's pretrained source holds now (its frozen parameters changed): "
                             "retrain the stage (--restart STAGE)")
    load_trained(model, state["model"], frozen, path)
    optimizer.load_state_dict(state["optimizer"])
    if scheduler is not None and state.get("scheduler"):
        scheduler.load_state_dict(state["scheduler"])
    if scaler is not None and state.get("scaler"):
        scaler.load_state_dict(state["scaler"])
    best = state.get("best")
    if best is not None:
        best = {k: v for k, v in best.items() if k not in frozen}
    return int(state["epoch"]), list(state["history"]), best


def pickled(stage_dir: Path) -> None:
    """Say that an earlier version's pickled checkpoint is not resumed from (never unpickled)."""
    path = Path(stage_dir) / PICKLED
    if path.exists() and not (Path(stage_dir) / NAME).exists():
        log.warning("%s: an earlier version's checkpoint, a pickle, is not read: this stage trains from its "
                    "start (nothing is unpickled to resume)", path)


def drop(stage_dir: Path) -> None:
    """Remove a finished stage's checkpoint (its model is saved; nothing resumes from it)."""
    for name in (NAME, PICKLED):
        path = Path(stage_dir) / name
        if path.exists():
            size = path.stat().st_size
            path.unlink()
            log.info("%s: stage finished, its checkpoint removed (%.1f MB)", stage_dir, size / 1e6)
