"""WebDataset shards: ``.tar`` files (``.tar.gz``/``.tgz`` too) of samples, each sample the files of
one key (the member's name up to the first dot of its base name), each file's kind by its last
extension, as WebDataset's decoders tell them (``a.b.mp4``: key ``a``, a video; ``clip.caption.txt``: a
caption): its video (``KEY.mp4``, ``.webm``, ``.mkv``, ``.avi``, ``.mov``, ``.gif``) and its caption(s),
``KEY.txt`` or ``KEY.caption`` (a caption a non-empty line) and/or ``KEY.json`` (a ``caption``,
``captions``, ``text``, ``texts``, ``sentence`` or ``sentences`` field: text, a list of texts, or caption
objects, English kept: ``caption_values``); other members (``KEY.cls``,
``KEY.jpg``…) ignored. The video id is the key.

Shards: every ``.tar`` in root and in its split folders (``train/``, ``val/``, ``eval/``, ``test/``…),
those a root that is itself a pattern names (``data.root: data/train-{000000..000009}.tar``), or ``shards=`` (``data.options.shards``): a pattern relative to root with brace ranges and globs
(``data/train-{000000..000009}.tar``, ``shards/*.tar``), a list of them, or a mapping of split to
either (``{train: "wds/train-*.tar", test: "wds/eval-*.tar"}``). A shard's split is the mapping's key,
else its name's (``train-000000.tar``, ``msrvtt-eval-0001.tar``: ``eval``/``dev`` are validation), else
its folder's; where no shard names a split, every shard is train (as ``datasets`` reads unnamed files).

A sample without a caption or without a video (or with a caption file that cannot be read) is left
out with why (``Split.skipped``: said in the log, counted, and listed in results.md's header), never
stopping the load; so is a key repeated in a later shard, and the rest of a shard cut short. A file
that is no tar archive is refused naming it, and so is a benchmark's archive (``MSRVTT.tar``: videos,
none with a caption of its key, and annotation files), saying to extract it and read its format.

The frame sampler reads files: each sample's video is copied out of its shard once (``wds_cache``),
only for the samples of the split loaded that have captions, into the user's cache folder
(``core.paths.cache_dir()/training/webdataset/<shard>-<digest of its name, size and end>/``: a changed
shard is a new folder, and the old one is removed once the new one is whole), each under its key and a
digest of its member (two keys never share a file); a later load copies none again (``videos=False``,
for a run on pre-extracted features, copies none at all). The disk this takes (the videos' own size) is
logged; a full disk is refused naming the folder.
"""

from __future__ import annotations

import json
import logging
import re
import tarfile
from collections import Counter
from pathlib import Path

from core import json_text
from core.paths import cache_dir
from core.plural import count
from core.timefmt import format_bytes
from training.data import hf_layout, wds_cache
from training.data.base import AnnotationError, Split, VideoEntry, distinct_captions, text_lines
from training.data.caption_values import CaptionShape, NoEnglish, caption_texts

log = logging.getLogger(__name__)

SHARD_EXTS = (".tar", ".tar.gz", ".tgz")
VIDEO_EXTS = ("mp4", "webm", "mkv", "avi", "mov", "gif")
CAPTION_FIELDS = ("caption", "captions", "text", "texts", "sentence", "sentences")
TEXT_FIELDS = ("txt", "caption")  # a caption a line (KEY.txt, KEY.caption, KEY.caption.txt)
ANNOTATION_EXTS = ("json", "jsonl", "csv", "tsv", "pkl")  # a benchmark's annotation files (_archive)
MAX_CAPTION_BYTES = 1 << 20  # a caption member larger than this is no caption file (a mislabelled video?)
NO_CAPTION = "no caption (KEY.txt or KEY.caption, or KEY.json with a caption, captions, text or sentences field)"


def load(root: str | Path, split: str, shards=None, videos: bool = True) -> Split:
    """The ``split`` (train, val, test) of the shards under ``root`` (see the module docstring);
    ``videos=False`` (a run on pre-extracted features, ``data.features``) copies no video out: the
    entries have no path."""
    root, shards = _rooted(Path(root), shards)
    want = _split_name(split)
    found = find_shards(root, shards)
    paths = found.get(want, [])
    if not paths:
        raise AnnotationError(root, f"no WebDataset shard for the {want} split (found: " + _described(root, found)
                              + "). Name shards for their split (train-000000.tar, eval-000000.tar, "
                              "test-000000.tar) or put them in a train/ or test/ folder, or map them in the config: "
                              "data.options.shards: {train: 'train-{000000..000009}.tar', test: 'test-*.tar'}"
                              + (hf_layout.EVAL_AS_TEST if want == "test" and found.get("val") else ""))
    entries: dict[str, VideoEntry] = {}
    skipped: list[tuple[str, str]] = []
    first: dict[str, str] = {}
    written = [0, 0]  # videos copied out of their shard by this load, their bytes
    for shard in paths:
        for key, caps, video, why in _samples(root, shard, written, videos):
            if why is not None:
                skipped.append((key, why))
            elif key in entries:
                skipped.append((key, f"key repeated in {_rel(shard, root)} (its first sample, in {first[key]}, kept)"))
            else:
                entries[key] = VideoEntry(key, caps, str(video) if video else "")
                first[key] = _rel(shard, root)
    if written[0]:
        log.info("webdataset %s split: %s copied out of %s into %s (%s), once: later loads read them there", want,
                 count(written[0], "video"), count(len(paths), "shard"), cache_dir() / "training" / "webdataset",
                 format_bytes(written[1]))
    if skipped:
        counts = Counter(why.split(" (", 1)[0] if why.startswith(("no caption", "no video")) else why.split(":", 1)[0]
                         for _, why in skipped)
        log.warning("webdataset %s split: %s left out: %s; e.g. '%s': %s", want, count(len(skipped), "sample"),
                    ", ".join(f"{why} ({n})" for why, n in counts.most_common()), *skipped[0])
    source = ", ".join(_rel(p, root) for p in paths[:2]) + (f" and {len(paths) - 2} more shards" if len(paths) > 2 else "")
    return distinct_captions(Split(want, list(entries.values()), skipped, source))


def has_val(root: str | Path, shards=None) -> bool:
    """Whether the shards under ``root`` hold a validation split."""
    return bool(find_shards(*_rooted(Path(root), shards)).get("val"))


def _rooted(root: Path, shards):
    """``(root, shards)``; a ``data.root`` that names shards itself (``data/train-{000000..000009}.tar``,
    ``data/*.tar``, one ``.tar``) is its folder with that pattern as ``shards``."""
    if shards is None and not root.is_dir() and (_is_shard(root) or any(c in root.name for c in "{*?[")):
        return root.parent, root.name
    return root, shards


def _split_name(split: str) -> str:
    said = hf_layout.split_of(split)
    if said is None:
        raise ValueError(f"split '{split}' is none of train, val (validation, eval, dev), test")
    return said


def _described(root: Path, found: dict[str, list[Path]]) -> str:
    if not any(found.values()):
        return f"no .tar file in {root} or its train/, val/, eval/, test/ folders"
    return "; ".join(f"{s}: {len(p)} ({_rel(p[0], root)}…)" for s, p in found.items() if p)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _is_shard(path: Path) -> bool:
    return path.name.lower().endswith(SHARD_EXTS) and not path.name.startswith(".") and path.is_file()


def _stem(path: Path) -> str:
    name = path.name
    return next((name[: -len(e)] for e in SHARD_EXTS if name.lower().endswith(e)), name)


def find_shards(root: Path, shards=None) -> dict[str, list[Path]]:
    """``{split: [shard paths]}`` (see the module docstring)."""
    if isinstance(shards, dict):
        out: dict[str, list[Path]] = {}
        for split, patterns in shards.items():
            out.setdefault(_split_name(str(split)), []).extend(listed(root, patterns))
        return out
    if shards is not None:
        paths = [(p, None) for p in listed(root, shards)]
    else:
        paths = [(p, None) for p in sorted(root.iterdir()) if _is_shard(p)] if root.is_dir() else []
        for sub in sorted(root.iterdir()) if root.is_dir() else []:
            if sub.is_dir() and (split := hf_layout.split_folder(sub.name)) is not None:
                paths += [(p, split) for p in sorted(sub.iterdir()) if _is_shard(p)]
    said = [(p, hf_layout.split_of(_stem(p)) or folder) for p, folder in paths]
    if said and all(s is None for _, s in said):
        return {"train": [p for p, _ in said]}  # (no shard names a split: all of them train)
    out = {}
    for p, s in said:
        if s is None:
            raise AnnotationError(p, "this shard's name says no split (train, val/eval, test) where others' do: "
                                  "rename it, or map shards to splits in the config (data.options.shards: "
                                  "{train: [...], test: [...]})")
        out.setdefault(s, []).append(p)
    return out


def listed(root: Path, patterns) -> list[Path]:
    """The shards a pattern (brace ranges ``{000000..000009}``, lists ``{a,b}``, globs) or a list of
    patterns name, relative to ``root``; refused naming one that names no file."""
    out: list[Path] = []
    for pattern in [patterns] if isinstance(patterns, str) else list(patterns):
        if not isinstance(pattern, str) or not pattern.strip():
            raise AnnotationError(root, f"data.options.shards: {pattern!r} is no file pattern")
        for name in expand(pattern.strip()):
            p = Path(name) if Path(name).is_absolute() else root / name
            if any(c in name for c in "*?["):
                matched = sorted(q for q in p.parent.glob(p.name) if _is_shard(q)) if p.parent.is_dir() else []
                if not matched:
                    raise AnnotationError(p, "no shard matches this pattern (data.options.shards)")
                out += matched
            elif not p.is_file():
                raise AnnotationError(p, "shard not found (named by data.options.shards"
                                      + (f": {pattern}" if pattern != name else "") + ")")
            else:
                out.append(p)
    return list(dict.fromkeys(out))


_BRACE = re.compile(r"\{([^{}]*)\}")


def expand(pattern: str) -> list[str]:
    """``pattern`` with its braces expanded as a shell does: ``{000..009}`` (zero-padded to the first
    bound's width), ``{a,b}``; the first brace first."""
    m = _BRACE.search(pattern)
    if m is None:
        return [pattern]
    body, head, tail = m.group(1), pattern[: m.start()], pattern[m.end():]
    if r := re.fullmatch(r"(\d+)\.\.(\d+)", body):
        lo, hi = int(r.group(1)), int(r.group(2))
        width = len(r.group(1)) if r.group(1).startswith("0") or len(r.group(1)) == len(r.group(2)) else 0
        if hi < lo or hi - lo > 1_000_000:
            raise AnnotationError(pattern, f"the range {{{body}}} is empty or too large")
        options = [str(i).zfill(width) for i in range(lo, hi + 1)]
    elif "," in body:
        options = body.split(",")
    else:
        options = ["{" + body + "}"]  # (no expansion: a literal brace)
        return [head + options[0] + t for t in expand(tail)]
    return [head + o + t for o in options for t in expand(tail)]


def _key(name: str) -> tuple[str, str]:
    """``(key, kind)`` of a member name: its key as WebDataset splits it, at the first dot of its base
    name; its kind by its last extension, as WebDataset's decoders go (``a.b.mp4``: key ``a``, field
    ``b.mp4``, a video; ``clip.caption.txt``: a caption)."""
    folder, _, base = name.rpartition("/")
    stem, _, field = base.partition(".")
    return (f"{folder}/{stem}" if folder else stem), field.rpartition(".")[2].lower()


def _samples(root: Path, shard: Path, written: list[int], videos: bool = True):
    """``(key, captions, video path, why left out or None)`` of each sample of ``shard``, in order."""
    try:
        tf = tarfile.open(shard, "r:*")
    except (tarfile.TarError, EOFError, OSError) as e:
        raise AnnotationError(shard, f"not a readable tar archive ({e}): a WebDataset shard is a .tar of samples "
                              "(KEY.mp4 and KEY.txt/KEY.json); a download cut short? fetch it again") from e
    with tf:
        samples: dict[str, dict] = {}
        cut = None
        try:
            for m in tf:
                if not m.isfile():
                    continue
                key, ext = _key(m.name)
                s = samples.setdefault(key, {"caps": [], "bad": None, "video": None})
                if ext in VIDEO_EXTS:
                    s["video"] = s["video"] or m
                elif ext in ANNOTATION_EXTS:
                    s.setdefault("table", m.name)  # (a benchmark's annotation file, if it has no video: _archive)
                if ext in TEXT_FIELDS or ext == "json":
                    _caption(tf, m, ext, s)
        except (tarfile.TarError, EOFError, OSError) as e:  # (a shard cut short: its whole samples kept)
            cut = f"{_rel(shard, root)} is cut short after {len(samples)} samples ({e}): the rest of it left out"
        if cut is None and (tables := _archive(samples)):
            raise AnnotationError(shard, "this looks like a benchmark's archive, not WebDataset shards: its videos "
                                  "have no caption of their own key beside them, and it holds annotation files ("
                                  + ", ".join(tables[:3]) + "). Extract it and set data.format to its format "
                                  "(msrvtt, msvd, vatex, tgif) with data.root the folder extracted")
        cache, whole = wds_cache.ShardCache(shard, _stem(shard)) if videos else None, True
        for key, s in samples.items():
            caps = list(dict.fromkeys(s["caps"]))
            why = (s["bad"] or ((s.get("other") or NO_CAPTION) if not caps else None)
                   or (f"no video (none of KEY.{', KEY.'.join(VIDEO_EXTS)})" if s["video"] is None else None)
                   or ("empty video member" if s["video"].size == 0 else None))
            if why is not None:
                yield key, caps, None, f"{why} in {_rel(shard, root)}"
                continue
            try:
                video = cache.copy(tf, s["video"], key, _key(s["video"].name)[1], written) if cache else None
            except (tarfile.TarError, EOFError) as e:  # (its bytes past the end of a shard cut short)
                whole = False
                yield key, caps, None, f"video member cut short in {_rel(shard, root)} ({e})"
                continue
            yield key, caps, video, None
        if cut is not None:
            yield _rel(shard, root), [], None, cut
        elif whole and cache is not None:
            cache.finish()  # (every sample read whole: the shard's earlier copies go)


def _archive(samples: dict[str, dict]) -> list[str]:
    """The annotation files of a benchmark's archive (MSRVTT.tar: ``videos/all/video0.mp4``,
    ``annotation/MSR_VTT.json``) read as a shard: files of keys with no video, where no video has a
    caption of its key; else ``[]``."""
    if not any(s["video"] for s in samples.values()) or any(s["video"] and s["caps"] for s in samples.values()):
        return []
    return [s["table"] for s in samples.values() if not s["video"] and "table" in s]


def _caption(tf: tarfile.TarFile, m: tarfile.TarInfo, ext: str, s: dict) -> None:
    """Add the captions of a ``.txt``/``.json`` member to sample ``s`` (or why it cannot be read)."""
    if m.size > MAX_CAPTION_BYTES:
        s["bad"] = f"{m.name}: {format_bytes(m.size)}, too large for a caption file"
        return
    try:
        text = tf.extractfile(m).read().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        s["bad"] = f"{m.name}: not UTF-8 text (at byte {e.start})"
        return
    if ext in TEXT_FIELDS:
        s["caps"] += [line.strip() for line in text_lines(text) if line.strip()]
        return
    try:
        data = json_text.loads(text)
    except json.JSONDecodeError as e:
        s["bad"] = f"{m.name}: not valid JSON (line {e.lineno}: {e.msg})"
        return
    except json_text.TooDeep as e:
        s["bad"] = f"{m.name}: {e}"
        return
    field = next((f for f in CAPTION_FIELDS if isinstance(data, dict) and data.get(f) is not None), None)
    if field is None:
        return  # (metadata alone, or a null caption, as video2dataset writes: its captions may be in KEY.txt)
    try:
        s["caps"] += caption_texts(data[field])  # (objects too: [{"text": ..., "lang": "en"}])
    except NoEnglish as e:  # (none of its own: the sample's KEY.txt may hold the English one)
        s["other"] = f"{m.name}: '{field}' {e}"
    except CaptionShape as e:
        s["bad"] = f"{m.name}: '{field}' {e}"
