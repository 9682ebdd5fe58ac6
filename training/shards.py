"""How many steps each process takes an epoch, and the refusal of a training set too small for them.

Under ``torchrun`` every process must take as many steps each epoch: DDP averages the gradients in an
all-reduce at every step, and a process out of batches leaves the others waiting there forever.
``loop.PairedBatchSampler`` deals whole batches to the processes in turn and drops the last round's
remainder (fewer batches than processes, different videos each epoch); a set that does not make one
batch for every process is refused before anything trains (``too_few_words``)."""

from __future__ import annotations

from core.plural import count


def videos_per_batch(batch_size: int, pairs: int = 1) -> int:
    """Videos in a batch: ``batch_size`` items, each video ``pairs`` times (never fewer than 2 videos)."""
    return max(2, batch_size // max(1, pairs))


def batch_count(n: int, batch_size: int, pairs: int = 1) -> int:
    """Batches ``n`` training videos make each epoch: the full ones and a last one of at least 2 videos
    (a lone video has no negatives)."""
    per = videos_per_batch(batch_size, pairs)
    return n // per + (1 if n % per >= 2 else 0)


def steps_per_process(n: int, batch_size: int, pairs: int = 1, world: int = 1) -> int:
    """Steps each of ``world`` processes takes an epoch: the same on every one (DDP waits for them all)."""
    return batch_count(n, batch_size, pairs) // max(1, world)


def too_few_words(n: int, batch_size: int, pairs: int = 1, world: int = 1, key: str = "batch_size") -> str | None:
    """Why ``n`` training videos give a process no step an epoch, with what to change; None when each takes one.
    ``key``: the setting ``batch_size`` is, as the user sets it (e.g. ``student.batch_size``)."""
    if steps_per_process(n, batch_size, pairs, world) > 0:
        return None
    per, batches = videos_per_batch(batch_size, pairs), batch_count(n, batch_size, pairs)
    each = f": {per} videos, each {pairs} times" if pairs > 1 else ""
    said = (f"{count(n, 'training video')} {'makes' if n == 1 else 'make'} {count(batches, 'batch', 'batches')} "
            f"of up to {per} videos ({key} {batch_size}{each})")
    if world > 1:
        said += (f", and each of the {world} processes needs one: every process takes as many steps, or the "
                 "others wait for it forever")
    else:
        said += ", and a batch needs at least 2 videos (its other videos are the negatives)"
    fits = next((p for p in range(per - 1, 1, -1) if batch_count(n, p * pairs, pairs) >= world), None)
    fixes = [f"set {key} to {fits * max(1, pairs)} or less"] if fits is not None else []
    fixes += [f"run at most {count(batches, 'process', 'processes')}"] if batches else []
    return f"{said}. Nothing was trained: {', '.join(fixes + ['add training videos']).replace(', add', ' or add')}"
