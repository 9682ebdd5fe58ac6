"""One process of a two-process (gloo, CPU) training run, for ``tests/test_training_shards.py``: it trains a
stage of ``loop.fit`` per ``N:BATCH_SIZE`` argument (N items), one after the other with a ``barrier()`` between them
as ``training.pipeline`` does, and prints each stage's steps; a refused stage prints its words and exits 2.
Run with RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT set (``loop.distributed`` joins the group)."""

from __future__ import annotations

import sys
from pathlib import Path

import torch

from core.errors import SeekframeError
from training import loop


def main(out: Path, stages: list[str]) -> int:
    rank, _ = loop.distributed()
    for at, stage in enumerate(stages):
        n, batch_size = (int(x) for x in stage.split(":"))
        torch.manual_seed(at)
        data = [{"x": torch.randn(4)} for _ in range(n)]
        steps = []
        try:
            loop.fit(model=torch.nn.Linear(4, 4), step_fn=lambda m, b: ((m(b["x"]) - b["x"]).pow(2).mean(), {}),
                     dataset=data, collate=lambda items: {"x": torch.stack([i["x"] for i in items])},
                     cfg={"batch_size": batch_size, "lr": 0.01, "weight_decay": 0.0, "epochs": 1}, train_cfg={},
                     seed=0, out_dir=out / f"stage{at}", device=torch.device("cpu"), progress=steps.append)
        except SeekframeError as exc:
            print(f"rank {rank} refused: {exc}", flush=True)
            return 2
        print(f"rank {rank} stage {at}: {len(steps)} steps", flush=True)
        loop.barrier()  # (as the pipeline after each stage: rank 0 writes its model, the others wait)
    torch.distributed.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
