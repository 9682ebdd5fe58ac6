"""The validation split, on which every checkpoint is chosen: the format's own where it has one.

Formats without a validation split (MSR-VTT's 1k-A lists, the generated world, a TGIF or MSVD
folder without a val list) get one carved from the training videos with a fixed seed:
``fraction`` of them (at most ``max_val``), never a video of the test split, and the carved
videos leave the training split. Carved videos keep their first caption only, as the 1k-A test
split does, so validation is scored like test.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from core.errors import SeekframeError
from training.data.base import Split, VideoEntry


def own_val(fmt: str, root: Path, options: dict) -> bool:
    """Whether the format, as configured, has a validation split of its own."""
    if fmt in ("msrvtt", "synthetic"):
        if options.get("train_list", "9k") == "full":
            return True
        if fmt == "msrvtt":
            from training.data.hf_layout import repo_folder
            from training.data.msrvtt import annotation_dir
            from training.data.msrvtt_layouts import frozen_base, has_val

            root = repo_folder(root)  # (a Hugging Face cache's folder: its snapshot, as msrvtt.load reads it)

            # (a Hugging Face dump's val split: read only where msrvtt.load reads the tables)
            return (annotation_dir(root) is None and frozen_base(root) is None
                    and has_val(root, options.get("train_list", "9k"), options.get("config")))
        return False
    if fmt == "msvd":
        from training.data.msvd import ANNOTATION_DIRS, CORPORA, DESCRIPTIONS, LISTS, MAPPING

        def there(*names):
            return any((root / d / f).is_file() for d in ANNOTATION_DIRS for f in names)
        # (the descriptions alone: the standard split in their order, which has a val split)
        return there(LISTS["val"], MAPPING) or (there(DESCRIPTIONS, *CORPORA) and not there(*LISTS.values()))
    if fmt == "tgif":
        from training.data.tgif import has_val

        return has_val(root, options.get("tsv"), options.get("config"))  # (a val list, or a dump's validation split)
    if fmt == "webdataset":
        from training.data.webdataset import has_val

        return has_val(root, options.get("shards"))  # (val/eval/dev shards, or a shards mapping's val)
    if fmt == "vatex":
        from training.data.vatex import FILES, has_own_val

        if options.get("annotations") is not None:
            return False
        return (root / FILES["val"]).is_file() or has_own_val(root)  # (the list layout's val_list.txt)
    return False


def _carves(candidates: int, videos: int, max_val: int | None) -> str:
    """The setting that would carve 2 validation videos and leave 2 to train on, said; "" if none."""
    if max_val is not None and int(max_val) < 2:
        return f", or data.max_val of 2 or more (it is {max_val})"
    if candidates < 2 or videos < 4:
        return ""
    # (at most 0.99: carve refuses 1, and round(2 * 0.99) still carves the 2 of 2 candidates)
    return f", or --set data.val_fraction={min(math.ceil(200 / candidates), 99) / 100:g}"


def carve(train: Split, test: Split, fraction: float, seed: int, max_val: int | None = None) -> tuple[Split, Split]:
    """``(train without the validation videos, validation)``, the latter in training order."""
    if not 0 < fraction < 1:
        raise SeekframeError(f"data.val_fraction must be between 0 and 1, not {fraction}")
    test_ids = {e.video_id for e in test.entries}
    candidates = [i for i, e in enumerate(train.entries) if e.video_id not in test_ids]
    n = int(round(len(candidates) * fraction))
    if max_val:
        n = min(n, int(max_val))
    if n < 2 or len(train.entries) - n < 2:
        raise SeekframeError(f"the training split has {len(train.entries)} videos: too few to carve a "
                             f"validation split of {fraction:.0%} (give the data set a val split, or "
                             f"more training videos{_carves(len(candidates), len(train.entries), max_val)})")
    rng = np.random.default_rng(seed)
    chosen = set(rng.choice(candidates, n, replace=False).tolist())
    val = [VideoEntry(e.video_id, e.captions[:1], e.path, e.start, e.end, list(e.events))
           for i, e in enumerate(train.entries) if i in chosen]
    kept = [e for i, e in enumerate(train.entries) if i not in chosen]
    return Split(train.name, kept, list(train.skipped), carved=len(val)), Split("val", val)


def check_disjoint(train: Split, val: Split, test: Split) -> None:
    """Refuse a validation split that shares a video with train or test, and a test split that
    shares one with train (an annotation file given for both, lists that overlap)."""
    ids = {name: {e.video_id for e in s.entries} for name, s in (("train", train), ("val", val), ("test", test))}
    if shared := ids["train"] & ids["test"]:
        raise SeekframeError(f"the test split shares {len(shared)} video(s) with the train split (e.g. "
                             f"'{sorted(shared)[0]}'): a test on videos trained on says nothing; check the "
                             "split lists, or the annotation files given for each split")
    for other in ("train", "test"):
        shared = ids["val"] & ids[other]
        if shared:
            raise SeekframeError(f"the validation split shares {len(shared)} video(s) with the {other} split "
                                 f"(e.g. '{sorted(shared)[0]}'): selection on it would not be honest")
