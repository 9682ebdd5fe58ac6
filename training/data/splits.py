"""A config's train, validation (``training.data.holdout``) and test splits, read by the
format's loader."""

from __future__ import annotations

import importlib
import inspect
import logging
from pathlib import Path

from core.errors import SeekframeError
from training.data.base import Split, is_file
from training.data.hf_layout import SPLIT_WORDS
from training.data.holdout import carve, check_disjoint, own_val

log = logging.getLogger("training")


def load_splits(cfg: dict):
    """(train, val, test) of the config's data."""
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
    data = {**data, "train_split": split_role(data["train_split"]), "test_split": split_role(data["test_split"])}
    try:
        train = module.load(root, data["train_split"], **data["options"])
        test = module.load(root, data["test_split"], **data["options"])
    except (TypeError, ValueError) as exc:  # a split, list or option the format does not have
        raise SeekframeError(f"data ({fmt}): {exc}") from exc
    except SeekframeError as exc:
        if (missing := root_missing(root)) is None:
            raise  # (the loader's own error, its cause kept)
        raise missing from exc
    listed = _ids(test)  # (the test split as its files list it: before missing files and max_test take any out)
    for split, role in ((train, "train"), (test, "test")):  # (VATEX tests on its val file): named by role
        split.source = described(fmt, split.name, split.source)
        if split.name != role:
            log.info("the %s split is %s's '%s' split", role, fmt, split.name)
            split.name = role
    if not data["features"]:
        _require_videos(fmt, root, data, (train, test))
        train, test = present(train), present(test)
    if data["max_train"]:
        train.entries = train.entries[: data["max_train"]]
    if data["max_test"]:
        test.entries = test.entries[: data["max_test"]]
    mode = data["val_split"]
    if mode not in ("auto", "own", "carve"):
        raise SeekframeError(f"data.val_split must be auto, own or carve, not {mode!r}")
    if mode == "own" and data["test_split"] == "val":
        raise SeekframeError("data.val_split is 'own' but the format's val split is the test split here "
                             "(data.test_split: val): carve one instead (data.val_split: carve)")
    if mode == "own" or (mode == "auto" and data["test_split"] != "val" and own_val(fmt, root, data["options"])):
        try:
            val = module.load(root, "val", **data["options"])
        except (TypeError, ValueError) as exc:
            raise SeekframeError(f"data ({fmt}): {exc}") from exc
        if data["max_val"]:
            val.entries = val.entries[: data["max_val"]]
        if not data["features"]:
            val = present(val)
        val.source = described(fmt, "val", val.source, "own ")
    else:
        source = train.source
        train, val = carve(train, test, data["val_fraction"], data["val_seed"], data["max_val"])
        train.source = source
        val.source = (f"carved from the training videos ({data['val_fraction']:.0%} of them, seed {data['val_seed']}"
                      + (f", at most {data['max_val']}" if data["max_val"] else "") + "; each with its first caption)"
                      + (f"; {fmt}'s own validation split is not used (data.val_split: carve)"
                         if mode == "carve" and data["test_split"] != "val" and own_val(fmt, root, data["options"]) else ""))
    if data["test_split"] == "val" and (unscored := own_test(module, root, data, listed)):
        log.warning("the test split is %s (data.test_split: %s); the data holds a test split of its own (%s), "
                    "which this run does not score: the numbers reported are on the validation split",
                    test.source, data["test_split"], unscored)
        test.source += f"; the data's own test split ({unscored}) is not scored by this run"
    check_disjoint(train, val, test)
    settle = getattr(module, "settle_files", None)  # a format's look at its files (VATEX: trimmed clips)
    if settle is not None and not data["features"]:
        settle((train, val, test))
    for split in (train, val, test):
        if not split.entries:
            why = (f"all {len(split.skipped)} it lists are left out (e.g. '{split.skipped[0][0]}': {split.skipped[0][1]})"
                   if split.skipped else "its annotation file lists none")
            if split.skipped and (archives := packed(root)):
                why += (f"; {', '.join(archives[:3])}{', …' if len(archives) > 3 else ''} may hold them still packed: "
                        "unpack the clips where they are looked for (or set data.options.video_dir to their folder)")
            raise SeekframeError(f"data ({fmt}): the {split.name} split has no videos: {why}")
    log.info("data %s: %d train, %d validation, %d test videos", fmt, len(train), len(val), len(test))
    return train, val, test


def root_missing(root: Path) -> SeekframeError | None:
    """Where ``data.root`` (or the folder of the shards it names, ``data/train-{0..9}.tar``) does not
    exist, what to say in place of the first file the loader missed (``…/train_list.txt: annotation
    file not found`` sent a researcher after a file in a folder that is not there)."""
    folder = root.parent if any(c in root.name for c in "{*?[") else root
    if folder.exists():
        return None
    return SeekframeError(f"data.root: {folder.absolute()} does not exist" + (
        f" ({root}, relative to the folder the run started in)" if not root.is_absolute() else "")
        + ": set data.root (--set data.root=FOLDER) to the data set's folder")


ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".7z", ".rar")


def packed(root: Path) -> list[str]:
    """The archives in ``root`` and its folders one down (``TrainValVideo.zip``, ``MSVD/YouTubeClips.tar``), named
    from ``root``: a release's clips downloaded and never unpacked are said, not only each clip missing."""
    try:
        places = [root, *sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))]
        return [str(f.relative_to(root)) for d in places for f in sorted(d.iterdir())
                if f.name.lower().endswith(ARCHIVES) and is_file(f)]
    except OSError:
        return []


def described(fmt: str, name: str, files: str, own: str = "") -> str:
    """Which of the data's splits a split is, for the report: ``msrvtt's test split (test.jsonl)``."""
    name = "validation" if name == "val" else name
    return f"{fmt}'s {own}{name} split" + (f" ({files})" if files else "")


def own_test(module, root: Path, data: dict, listed: set[str]) -> str | None:
    """Of a run whose test split is the data's validation split, whose files list the videos ``listed``
    (those left out for a missing file or by ``max_test`` included): the data's own test split,
    described (``msrvtt's test split (test.jsonl), 7 videos``), where it has one with other videos;
    else None."""
    options = dict(data["options"])
    if "videos" in inspect.signature(module.load).parameters:
        options["videos"] = False  # (only its ids are asked: no video copied out of a shard)
    try:
        other = module.load(root, "test", **options)
    except (SeekframeError, ValueError, TypeError, OSError):
        return None  # (none: the run's choice is the only one)
    if not other.entries or _ids(other) == listed:
        return None  # (VATEX's list layout without test_list.txt: its test split is the val list)
    return described(data["format"], "test", other.source) + f", {len(other)} videos"


def _ids(split: Split) -> set[str]:
    """The video ids a loader read for ``split``: those it keeps and those it left out."""
    return {e.video_id for e in split.entries} | {vid for vid, _ in split.skipped}


def split_role(name: str) -> str:
    """A config's split name as loaders take it: ``validation``, ``eval``, ``dev`` (``SPLIT_WORDS``) are
    ``val``, ``training`` is ``train``…; any other name as given (its loader says which it has)."""
    said = str(name).strip().lower()
    return next((s for s, names in SPLIT_WORDS.items() if said in names or said == s), name)


def present(split: Split) -> Split:
    """``split`` without the videos whose file is not on disk or is empty (an incomplete download),
    each left out with why (``Split.skipped``) and said, so a run neither stops part-way on one
    (after training, for a test video) nor tests on fewer videos without saying so."""
    kept, gone = [], []
    for e in split.entries:
        p = Path(e.path) if e.path else None
        why = None if p is None else "file not found" if not is_file(p) else "empty file" if p.stat().st_size == 0 else None
        (gone if why else kept).append((e, why))
    if not gone:
        return split
    log.warning("%s split: %d of %d videos left out (missing or empty files): %s", split.name, len(gone),
                len(split), "; ".join(f"{e.video_id}: {why}" for e, why in gone[:5]) + ("; …" if len(gone) > 5 else ""))
    return Split(split.name, [e for e, _ in kept], list(split.skipped) + [(e.video_id, why) for e, why in gone],
                 split.source)


def _require_videos(fmt: str, root: Path, data: dict, splits) -> None:
    """Refuse, naming the folders looked in, when the loader found no video folder at all."""
    module = importlib.import_module(f"training.data.{fmt if fmt != 'synthetic' else 'msrvtt'}")
    for split in splits:
        if split.entries and not any(e.path for e in split.entries):
            where = data["options"].get("video_dir") or ", ".join(getattr(module, "VIDEO_DIRS", ()))
            raise SeekframeError(f"no video folder for the {split.name} split under {root} (looked for: {where}). "
                                 "Set data.options.video_dir to the folder of the clips, or data.features "
                                 "to pre-extracted features")
