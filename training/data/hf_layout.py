"""Where a Hugging Face dump's tables are, and the split and config each one's place says (for
``hf_tables``): in the folders a benchmark's ``Columns`` names (root, ``data/``…), in a split's folder
of one (``default/train/0000.parquet``, ``partial-train/``, a split named like ``train_9k/``), or in a
config's folder of root or of one of them, as the Hub's parquet conversion of a dataset with several
configs lays them out (``refs/convert/parquet``: ``train_9k/train/0000.parquet``, ``test_1k/test/``,
``-00000-of-00002`` shards), or holding its tables itself, each named for its split, as older
conversions and many repos do (``<config>/<repo>-train.parquet``, ``<config>/train-00000-of-00001.parquet``).
A config folder is one whose split folders are there (looked for by name: a folder of clips is never
listed for them), or one holding a table whose file name says a split.

A table's split is its file name's, else its split folder's; a config named for a split other than
train whose only split folder is ``train``, or whose tables' names say only ``train``, gives its own
(``datasets`` names a dump of one unnamed split ``train``: ``test_1k/train/``,
``test_1k/msr_vtt-train.parquet`` are the test config's). Where the tables named for one split are in
several configs' folders, the one the loader's ``config`` option names is read (``data.options.config``),
else the one the repo's README marks default, else one named ``default`` (as ``datasets`` loads them),
else the config named for that
split (``train_9k/test/`` and ``test_1k/test/``: ``test_1k``), else the load is refused naming them
(``one_config``); a chosen config's tables are read for the splits it holds, another's only for a split
the other is named for (``test_1k/``) and the chosen lacks; a load that
finds no table names the folders that may be configs (``configs_said``), and a ``config`` that is none
of them is refused naming those there. A repo whose README.md maps its files to configs and splits
(``hf_readme``) is read by that map alone.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import NamedTuple

from training.data import compressed, hf_readme
from training.data.base import AnnotationError, relative_name

# (``eval`` and ``dev`` name a validation split: the test split is named for test, alone or with eval: ``split_of``)
SPLIT_WORDS = {"train": {"train", "training"}, "val": {"val", "valid", "validate", "validation", "dev", "eval"},
               "test": {"test", "testing"}}
# said where a test split is asked for and only a validation split (eval, dev) is there besides train
EVAL_AS_TEST = ("; a validation split (named eval, dev or val) is here: if it is this data's held-out test split, "
                "set data.test_split: eval (validation is then carved out of train)")
# a config's split folders, looked for by name (the Hub's: a split's name, partial-<split> for a part of it)
SPLIT_DIRS = tuple(sorted(f"{p}{w}" for names in SPLIT_WORDS.values() for w in names for p in ("", "partial-")))
TABLE_EXTS = (".jsonl", ".json", ".parquet", ".csv", ".arrow")
TEXT_EXTS = (".jsonl", ".json", ".csv")  # (read compressed too: train.jsonl.gz, ``compressed``)
CONFIG_OPTION = "its folder's name, as config: <name> under data.options"
PEEK = 64  # the entries of a folder looked at to tell a config holding its tables (never a whole folder of clips)


class Place(NamedTuple):
    path: Path  # a file that may be a table
    split: str | None  # its name's or folder's
    folder: str  # its folder, relative to root ("" for root)
    config: str | None  # the config folder it is in (the folder holding its split folder), if any


def places(root: Path, dirs: tuple[str, ...], config: str | None = None) -> list[Place]:
    """The files of ``dirs`` (folders of root), of their split folders and of their configs' split
    folders, in that order, each once; a folder named ``config`` (the loader's option) is a config's
    whatever its files' names say, and so is the one folder holding tables (``myconfig/data.parquet``)
    of a folder that holds no table and no other config or split folder. Where the repo's README.md maps its files (``hf_readme``), its map alone.
    Of a Hugging Face cache's folder of a repo, its snapshot's (``repo_folder``)."""
    root = repo_folder(root)
    if (listed := hf_readme.mapped(root, TABLE_EXTS)) is not None:
        return [Place(m.path, split_of(m.split) if m.split else split_of(m.path.stem) or split_folder(m.path.parent.name),
                      "" if m.path.parent == root else m.path.parent.relative_to(root).as_posix(), m.config)
                for m in listed]
    out: dict[Path, Place] = {}

    def add(folder: Path, split: str | None, config: str | None, own: str | None = None) -> None:
        rel = folder.relative_to(root).as_posix()
        for p in sorted(folder.iterdir()):
            if not p.name.startswith("cache-"):  # (datasets' caches of a map() over a table: not one of its own)
                out.setdefault(p, Place(p, own or split_of(p.stem) or split, "" if rel == "." else rel, config))

    for d in dirs:
        folder = root / d
        if not folder.is_dir():
            continue
        add(folder, None, "default" if d == "default" else None)  # (the Hub's name for a repo's default config)
        unnamed, placed = [], False  # (folders holding tables whose names say nothing; whether any other was read)
        for sub in sorted(folder.iterdir()):
            if sub.name.startswith(".") or not sub.is_dir() or (not d and sub.name in dirs):  # (looked in as one)
                continue
            placed = True
            if splits := [n for n in SPLIT_DIRS if (sub / n).is_dir()]:  # (a config: <config>/<split>/)
                own = _own(sub.name, [split_folder(n) for n in splits])
                for name in splits:
                    add(sub / name, split_folder(name), sub.name, own)
            elif (built := _built(sub)) is not None:  # (datasets' cache: <config>/<version>/<hash>/<name>-train.arrow)
                add(built, None, sub.name, _own(sub.name, _named(built)))
            elif sub.name == config or _names_splits(sub):  # (a config holding its tables: <config>/<repo>-train.parquet)
                add(sub, split_folder(sub.name), sub.name, _own(sub.name, _named(sub)))
            elif (split := split_folder(sub.name)) is not None:
                add(sub, split, folder.name if d else None)
            else:
                placed = False
                if _holds_table(sub):
                    unnamed.append(sub)
        if config is None and len(unnamed) == 1 and not placed and not _holds_table(folder):
            add(unnamed[0], None, unnamed[0].name)  # (the one config, its tables naming no split: hf_tables reads them as train)
    return list(out.values())


def _own(config: str, splits) -> str | None:
    """The split a config named for one other than train gives its tables when theirs say only train
    (``datasets``' name for a config's one unnamed split), else None."""
    said = split_of(config)
    return said if said not in (None, "train") and set(splits) - {None} == {"train"} else None


def _named(folder: Path) -> list[str | None]:
    """The splits the names of the tables in ``folder`` say."""
    return [split_of(p.stem) for p in folder.iterdir() if is_table(p.name) and not p.name.startswith("cache-")]


def _built(folder: Path) -> Path | None:
    """Of a config's folder in ``datasets``' own cache (``load_dataset``'s: ``<config>/0.0.0/<hash>/``
    holding ``dataset_info.json`` and ``<name>-<split>.arrow``), its newest build; None otherwise (a
    folder's first ``PEEK`` entries looked at for a version's folder: a folder of clips is never listed)."""
    try:
        with os.scandir(folder) as entries:
            versions = [Path(e.path) for e in itertools.islice(entries, PEEK)
                        if re.fullmatch(r"\d+\.\d+\.\d+", e.name) and e.is_dir()]
        builds = [h for v in versions for h in v.iterdir() if (h / "dataset_info.json").is_file()]
    except OSError:
        return None
    return max(builds, key=lambda h: (h / "dataset_info.json").stat().st_mtime) if builds else None


def repo_folder(root: Path) -> Path:
    """``root``, or of a Hugging Face cache's folder of a repo (``datasets--<owner>--<name>``, as
    ``snapshot_download`` leaves it without ``local_dir``: ``blobs/``, ``refs/``, ``snapshots/<commit>/``),
    the snapshot ``refs/main`` names, else its newest."""
    snapshots = root / "snapshots"
    if not snapshots.is_dir() or not (root / "refs").is_dir():
        return root
    try:
        main = snapshots / (root / "refs" / "main").read_text().strip()
    except OSError:
        main = snapshots
    if main != snapshots and main.is_dir():
        return main
    kept = [p for p in snapshots.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return max(kept, key=lambda p: p.stat().st_mtime) if kept else root


def chosen_config(root: Path, found: list, config: str | None, dirs: tuple[str, ...]) -> None:
    """Refuse a ``config`` (the loader's option) that is none of the configs of the tables ``found``,
    naming those there."""
    if config is None or any(t.config == config for t in found if t.caption_column):
        return
    there = list(dict.fromkeys(t.config for t in found if t.config and t.caption_column)) or config_folders(root, dirs)
    raise AnnotationError(root / config, f"data.options.config is '{config}', but no config folder of that name "
                          "holds a caption table here (" + (f"configs here: {', '.join(f'{c}/' for c in there)}"
                                                             if there else "no config folder here: leave it out") + ")")


def config_folders(root: Path, dirs: tuple[str, ...]) -> list[str]:
    """The folders of root and of ``dirs`` that may be configs: holding a table among their first
    ``PEEK`` entries, or a split folder (their paths relative to root, or to its snapshot: ``repo_folder``)."""
    out, root = [], repo_folder(root)
    for d in dirs:
        if (root / d).is_dir():
            for sub in sorted((root / d).iterdir()):
                if (not sub.name.startswith(".") and sub.is_dir() and (d or sub.name not in dirs)
                        and (_holds_table(sub) or any((sub / n).is_dir() for n in SPLIT_DIRS))):
                    out.append(sub.relative_to(root).as_posix())
    return out


def configs_said(root: Path, dirs: tuple[str, ...]) -> str:
    """``; folders that may be configs: a/, b/ (…)`` for a refusal that found no table, or ``""``."""
    there = config_folders(root, dirs)
    return (f"; folders that may be configs: {', '.join(f'{c}/' for c in there)} (set data.options.config to the "
            f"one to read: {CONFIG_OPTION})" if there else "")


def _holds_table(folder: Path, said=lambda stem: True) -> bool:
    """Whether ``folder`` holds a table (whose stem is ``said``) among its first ``PEEK`` entries."""
    try:
        with os.scandir(folder) as entries:
            return any(is_table(e.name) and not e.name.startswith(".")
                       and said(Path(e.name).stem) and e.is_file() for e in itertools.islice(entries, PEEK))
    except OSError:
        return False


def _names_splits(folder: Path) -> bool:
    """Whether ``folder`` holds a table whose file name says a split (``train-00000-of-00001.parquet``),
    by its first ``PEEK`` entries: a folder of clips (thousands, maybe on a network share) is never listed."""
    return _holds_table(folder, lambda stem: split_of(stem) is not None)


def one_config(root: Path, found: list, split: str, config: str | None = None) -> list:
    """The tables ``found`` less those of a config other than the one read for ``split`` (see the module
    docstring), for each split their names give (the same whatever split is loaded: one folder of videos
    for every split); refused for ``split`` where which one is not clear. With ``config`` (the loader's
    option), another config's tables are read only for a split that config is named for and ``config``
    holds none of (``test_1k/`` beside ``config: train_9k``; never ``full/validation/`` beside
    ``config: small``, which has no validation split)."""
    drop = set()
    configs = {t.config for t in found if t.caption_column}
    if config is None and (default := hf_readme.default_config(repo_folder(root)) or "default") in configs:
        config = default  # (the README's default config, else one named default, as datasets loads it: one that is here)
    if config is not None:
        own = {t.split for t in found if t.config == config and t.caption_column}
        drop = {(t.config, t.split) for t in found if t.config not in (None, config)
                and (t.split in own or split_of(t.config) != t.split)}
    for s in dict.fromkeys(t.split for t in found if t.split):
        held = list(dict.fromkeys(t.config for t in found if t.split == s and t.config and t.caption_column
                                  and (t.config, s) not in drop))
        if len(held) < 2:
            continue
        named = [c for c in held if split_of(c) == s]
        if len(named) != 1:
            if s != split:
                continue
            raise AnnotationError(root, f"the {split} split's tables are in {len(held)} configs' folders ("
                                  + ", ".join(f"{c}/" for c in held) + "), and "
                                  + ("none" if not named else "more than one") + f" is named for {split}: "
                                  "keep one of them there (move the others out of this folder), or set "
                                  f"data.options.config to the one to read ({CONFIG_OPTION})")
        drop |= {(c, s) for c in held if c != named[0]}
    return [t for t in found if (t.config, t.split) not in drop or not t.caption_column]


def is_table(name: str | Path) -> bool:
    """Whether a file's name is a table's: one of ``TABLE_EXTS``, or a text table compressed whole
    (``train.jsonl.gz``, ``.bz2``, ``.xz``: ``compressed``)."""
    suffix = compressed.table_suffix(name)
    return suffix in (TEXT_EXTS if compressed.compression(name) else TABLE_EXTS) and Path(name).suffix.lower() not in compressed.UNREAD


def words(stem: str) -> list[str]:
    """A file or folder name's words, a letter followed by a digit parting them too (``train9k`` and
    ``test1ka``, CLIP-ViP's; ``msrvtt_ret_test1k``, VindLU's: as ``train_9k``, ``test_1k``)."""
    return re.split(r"[^a-z0-9]+|(?<=[a-z])(?=[0-9])", stem.lower())


def split_of(stem: str) -> str | None:
    """The split a file or folder name says (``train``, ``val``, ``test``), or None; a name saying test
    and eval or dev (``test_eval.jsonl``, ``eval_test_1k``) is test's, as ``datasets`` reads it (there
    ``eval`` names the test split)."""
    named = set(words(stem))
    return next((s for s in ("train", "test", "val") if named & SPLIT_WORDS[s]), None)


def split_folder(name: str) -> str | None:
    """The split of a folder named only for it (``train``, ``validation``, ``partial-test``; with a
    protocol's size, ``train_9k``, ``test_1k``), or None (not ``test_videos``: a folder of clips is not
    listed for tables)."""
    named = [w for w in words(name) if w and w != "partial"]
    if not named or not all(any(c.isdigit() for c in w) for w in named[1:]):
        return None
    return split_of(named[0]) if named[0] in set().union(*SPLIT_WORDS.values()) else None


def tables_described(root: Path, found, split: str) -> str:
    """The tables a load of ``split`` reads (of ``found``, a loader's ``hf_tables.tables``), for the
    report: ``test.jsonl``, or ``the 'test' rows of data/captions.jsonl`` where no table is named for it."""
    found = [t for t in found if t.caption_column]  # (not those of videos alone)
    named = [relative_name(t.path, root) for t in found if t.split == split]
    if named:
        return ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
    said = [relative_name(t.path, root) for t in found if t.split is None or "split" in t.columns]
    return f"the '{split}' rows of " + ", ".join(said[:3]) + (f" and {len(said) - 3} more" if len(said) > 3 else "")
