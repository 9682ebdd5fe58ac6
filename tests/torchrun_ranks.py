"""``python -m tests.torchrun_ranks ARGS`` under torchrun: ``training.run``'s main with the two things one rank may
see that the others do not (``test_torchrun_trains_every_stage_on_two_processes``): on rank 1 the first training
video it reads is unreadable, and each rank scores the teacher's epochs differently (a GPU's nondeterminism, made
plain): rank 0's validation ranks epoch 1 best, rank 1's epoch 2."""

from __future__ import annotations

import os
import sys

from core.errors import MediaError
from training import pipeline
from training.data.dataset import ClipTextDataset
from training.run import main

RANK = int(os.environ.get("RANK", "0"))


def _unreadable_once():
    frames, failed = ClipTextDataset.frames, []

    def once(self, index):
        if self.train and not failed:
            failed.append(index)
            raise MediaError(self.entries[index].path, f"unreadable on rank {RANK} alone")
        return frames(self, index)

    ClipTextDataset.frames = once


def _teacher_scores_by_rank():
    validate = pipeline.Run._validate

    def by_rank(run, who, tokenizer):
        scores, asked = validate(run, who, tokenizer), []
        if who != "teacher":
            return scores
        best = (lambda n: 100.0 - n) if RANK == 0 else (lambda n: float(n))  # (rank 0: epoch 1; rank 1: epoch 2)
        return lambda model: asked.append(1) or {**scores(model), "t2v_r1": best(len(asked))}

    pipeline.Run._validate = by_rank


if __name__ == "__main__":
    if RANK == 1:
        _unreadable_once()
    _teacher_scores_by_rank()
    sys.exit(main(sys.argv[1:]))
