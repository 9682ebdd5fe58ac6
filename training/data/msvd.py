"""MSVD (Youtube2Text), in the layout of CLIP4Clip and most later code, or the official release.

``root/``
    ``raw-captions.pkl``                          ``{video_id: [caption, ...]}``, each caption a
                                                  list of tokens or a string
    ``train_list.txt`` ``val_list.txt`` ``test_list.txt``   one video id per line
    ``YouTubeClips/<video_id>.avi``               (or ``videos/``, ``VideoData/``, or ``video_dir=``;
                                                  a clip is taken from the first that has it)

The annotation files may sit in ``msvd_data/`` (CLIP4Clip's zip). The official release's
``AllVideoDescriptions.txt`` (``<clip> <sentence>``), or Microsoft's ``MSR Video Description
Corpus.csv`` (``VideoID,Start,End,…,Language,Description``: its English rows, the clip named
``<VideoID>_<Start>_<End>``; also read as ``video_corpus.csv`` or ``MSVD_corpus.csv``, the names
most code gives it), stands for the pickle; ``youtube_mapping.txt`` (``<clip> vid<N>``)
for the lists: the standard split, vid1-1200 train, 1201-1300 validation, 1301-1970 test. Without
lists or mapping, the standard split is taken in the order the clips first appear in the
descriptions: the first 1,200 train, the next 100 validation, the rest (670) test.

The pickle is never unpickled: its opcodes are read as plain data (``training.data.pickle_data``:
dicts, lists, tuples, strings, numbers), and one that would import or call anything (``os.system``,
``builtins.eval``, a class) is refused naming it. Captions that share references (a list reused
for every video) are bounded: the captions may hold at most a few times the file's size in text.
"""

from __future__ import annotations

import logging
from pathlib import Path

from training.data import compressed
from training.data.base import (LINE, AnnotationError, Split, annotation_path, existing_folders, find_video,
                                has_file, is_file, read_csv, read_lines, relative_name, require_file,
                                split_from_ids)
from training.data.caption_values import ENGLISH_SAID, english
from training.data.pickle_data import Refused, plain_data

CAPTIONS = "raw-captions.pkl"
LISTS = {"train": "train_list.txt", "val": "val_list.txt", "test": "test_list.txt"}
# the official release: sentences, and each clip's vid<N> (the standard split goes by N)
DESCRIPTIONS, MAPPING = "AllVideoDescriptions.txt", "youtube_mapping.txt"
CORPUS = "MSR Video Description Corpus.csv"  # Microsoft's release, every language
# the same file as most code names it (the S2VT-era repositories' video_corpus.csv, …)
CORPORA = (CORPUS, "video_corpus.csv", "MSVD_corpus.csv", "msvd_corpus.csv")
LAYOUTS = (f"{CAPTIONS} + train_list.txt/val_list.txt/test_list.txt (CLIP4Clip's msvd_data), "
           f"{DESCRIPTIONS} (with or without {MAPPING}), or {CORPUS} (or {', '.join(CORPORA[1:])})")
STANDARD = {"train": (1, 1200), "val": (1201, 1300), "test": (1301, 1970)}
ANNOTATION_DIRS = ("", "msvd_data", "MSVD", "annotations")  # (msvd_data: CLIP4Clip's zip)
VIDEO_DIRS = ("YouTubeClips", "videos", "VideoData")  # the official tarball, a plain folder, TeachCLIP
EXTS = (".avi", ".mp4")
log = logging.getLogger(__name__)


EXPANSION = 8  # the captions' text may be this many times the pickle's size (plus 1 MB)


def read_captions(path: str | Path) -> dict[str, list[str]]:
    """``raw-captions.pkl`` as ``{video_id: [sentence, ...]}`` (token lists joined by spaces)."""
    p = require_file(path)
    with compressed.open_bytes(p) as f:  # (raw-captions.pkl.gz read as the pickle it holds)
        try:
            raw = f.read()
        except compressed.ERRORS as e:
            if compressed.compression(p) is None:
                raise
            raise AnnotationError(p, compressed.damaged(p, e)) from e
    try:
        data = plain_data(raw)
    except Refused as e:
        raise AnnotationError(p, f"refused: {e}; only plain dicts, lists and strings are read from a caption "
                              f"pickle, which is never unpickled. Put the official {DESCRIPTIONS} or Microsoft's "
                              f"{CORPUS} (or {', '.join(CORPORA[1:])}) beside it: read in its place") from e
    except Exception as e:  # truncated, not a pickle at all…
        raise AnnotationError(p, f"not a readable pickle ({type(e).__name__}: {e})") from e
    budget = EXPANSION * len(raw) + (1 << 20)
    if not isinstance(data, dict):
        raise AnnotationError(p, f"expected a dict of video id -> captions, found {type(data).__name__}")
    out: dict[str, list[str]] = {}
    for vid, caps in data.items():
        if isinstance(vid, bytes):
            vid = vid.decode("utf-8", "replace")
        if not isinstance(caps, (list, tuple)):
            raise AnnotationError(p, f"video id '{vid}': captions must be a list")
        sentences = []
        for k, c in enumerate(caps):
            if isinstance(c, (list, tuple)) and all(isinstance(t, str) for t in c):
                if sum(len(t) for t in c) > budget:  # (before joining: one list may repeat a string)
                    raise AnnotationError(p, f"its captions would hold more than {EXPANSION} times its own size "
                                          "in text (a pickle whose entries refer to each other): refused")
                c = " ".join(t.strip() for t in c if t.strip())
            if not isinstance(c, str):
                raise AnnotationError(p, f"video id '{vid}': caption {k} is neither a string "
                                      "nor a list of tokens")
            if c.strip():
                sentences.append(c.strip())
                budget -= len(c)
                if budget < 0:
                    raise AnnotationError(p, f"its captions would hold more than {EXPANSION} times its own size "
                                          "in text (a pickle whose entries refer to each other): refused")
        out[str(vid)] = sentences
    return out


def read_descriptions(path: str | Path) -> dict[str, list[str]]:
    """The official ``AllVideoDescriptions.txt``: ``<clip> <sentence>`` a line, '#' lines comments."""
    out: dict[str, list[str]] = {}
    for line in read_lines(path):
        if line.startswith("#"):
            continue
        clip, _, sentence = line.partition(" ")
        if sentence.strip():
            out.setdefault(clip, []).append(sentence.strip())
    if not out:
        raise AnnotationError(path, "no '<clip> <sentence>' line")
    return out


def read_corpus(path: str | Path) -> dict[str, list[str]]:
    """Microsoft's ``MSR Video Description Corpus.csv``: the English descriptions of each clip
    (``<VideoID>_<Start>_<End>``), clips in the order they first appear."""
    out: dict[str, list[str]] = {}
    others: dict[str, None] = {}  # (the languages met that are not English, said if none is)
    for row in read_csv(path, ["VideoID", "Start", "End", "Language", "Description"]):
        if not english(row["Language"] or ""):  # ("English", as Microsoft writes it; "en", "eng", "en-US" too)
            others[(row["Language"] or "").strip() or "(none)"] = None
            continue
        if not (row["Description"] or "").strip():
            continue
        clip = "_".join((row[k] or "").strip() for k in ("VideoID", "Start", "End"))
        if not all((row[k] or "").strip() for k in ("VideoID", "Start", "End")):
            raise AnnotationError(path, f"line {row[LINE]}: empty VideoID, Start or End")
        out.setdefault(clip, []).append(row["Description"].strip())
    if not out:
        said = ", ".join(list(others)[:6]) + (", …" if len(others) > 6 else "")
        raise AnnotationError(path, "no English description" + (
            f" (its Language column holds {said}; read as English: {ENGLISH_SAID})" if others else ""))
    return out


def order_range(n: int, split: str) -> tuple[int, int]:
    """The first and last clip (1-based) of the standard split's ``split`` taken in the order the
    descriptions list their ``n`` clips; said where ``n`` is not the corpus's 1,970. Fewer clips than
    reach its test part (a subset of the corpus): the same shares of them, in order (the standard
    ranges left validation and test empty, and nothing was evaluated)."""
    total = STANDARD["test"][1]
    first, last = STANDARD[split]
    if n < STANDARD["test"][0] + 1:  # (fewer than 1302: no test clip left, or one)
        bounds = [0, round(n * STANDARD["train"][1] / total), round(n * STANDARD["val"][1] / total), n]
        first, last = bounds[list(STANDARD).index(split)] + 1, bounds[list(STANDARD).index(split) + 1]
        log.warning("MSVD: %d clips described, too few for the standard split (%d): split in its shares, "
                    "%s as clips %d-%d of them", n, total, split, first, last)
    elif n != total:
        log.warning("MSVD: %d clips described, not %d: the standard split taken as clips %d-%d of them",
                    n, total, first, last)
    return first, min(last, n)


def read_mapping(path: str | Path) -> dict[str, str]:
    """The official ``youtube_mapping.txt``: ``{clip: "vid<N>"}`` (``<clip> vid<N>`` a line)."""
    out = {}
    for n, line in enumerate(read_lines(path), start=1):
        clip, _, vid = line.partition(" ")
        if not (vid.strip().startswith("vid") and vid.strip()[3:].isdigit()):
            raise AnnotationError(path, f"line {n}: expected '<clip> vid<N>', found {line!r}")
        out[clip] = vid.strip()
    return out


def standard_split(path: str | Path, split: str) -> list[str]:
    """The clips of the standard split (vid1-1200 train, 1201-1300 val, 1301-1970 test) from the
    official ``youtube_mapping.txt`` (``<clip> vid<N>`` a line)."""
    first, last = STANDARD[split]
    return [clip for clip, vid in read_mapping(path).items() if first <= int(vid[3:]) <= last]


def load(root, split: str = "train", video_dir=None) -> Split:
    root = Path(root)
    if split not in LISTS:
        raise ValueError(f"MSVD split must be train, val or test, not {split!r}")
    names = (CAPTIONS, LISTS[split], DESCRIPTIONS, MAPPING, *CORPORA)
    ann = next((root / d for d in ANNOTATION_DIRS if any(has_file(root / d / f) for f in names)), root)
    list_path = ann / LISTS[split]
    source = next((f for f in (CAPTIONS, DESCRIPTIONS, *CORPORA) if has_file(ann / f)), None)
    # the standard split in the descriptions' order, when no list nor mapping says another
    standard = not any(has_file(ann / f) for f in (*LISTS.values(), MAPPING)) and source not in (None, CAPTIONS)
    if not has_file(list_path) and not has_file(ann / MAPPING) and not standard:
        raise AnnotationError(list_path, f"annotation file not found; MSVD is read as {LAYOUTS}")
    if source is None:
        raise AnnotationError(ann / CAPTIONS, f"annotation file not found (nor {DESCRIPTIONS}, nor {CORPUS}); "
                              f"MSVD is read as {LAYOUTS}")
    read = {CAPTIONS: read_captions, DESCRIPTIONS: read_descriptions}.get(source, read_corpus)
    alternative = next((f for f in (DESCRIPTIONS, *CORPORA) if has_file(ann / f)), None)
    try:
        captions = read(ann / source)
    except AnnotationError as e:  # (a pickle refused, with the text release beside it: read that)
        if source != CAPTIONS or alternative is None or "refused" not in e.problem:
            raise
        log.warning("MSVD: %s: refused (%s); its captions read from %s instead", CAPTIONS,
                    e.problem.partition(";")[0].removeprefix("refused: "), alternative)
        source = alternative
        captions = (read_descriptions if source == DESCRIPTIONS else read_corpus)(ann / source)
    named = relative_name(annotation_path(ann / source), root)  # (as read: raw-captions.pkl.gz)
    mapping = read_mapping(ann / MAPPING) if has_file(ann / MAPPING) else {}  # {clip: vid<N>}
    if has_file(list_path):
        clips = {v: c for c, v in mapping.items()}  # (a list of vid<N> names, the captions by clip)
        ids = [clips.get(v, v) if v not in captions else v for v in read_lines(list_path)]
        files = f"{relative_name(annotation_path(list_path), root)}, captions from {named}"
    elif has_file(ann / MAPPING):
        ids = standard_split(ann / MAPPING, split)
        first, last = STANDARD[split]
        files = f"{relative_name(annotation_path(ann / MAPPING), root)}'s vid{first}-{last}, captions from {named}"
    else:  # the descriptions' own ids are the clips' names
        first, last = order_range(len(captions), split)
        ids, list_path = list(captions)[first - 1:last], ann / source
        files = f"{named}, " + (f"its clips {first}-{last} in file order" if first <= last
                                else f"none of its {len(captions)} clips")
    folders = existing_folders(root, video_dir, VIDEO_DIRS)
    if video_dir is None and ann != root:  # (the usual folders beside the annotations too: MSVD/YouTubeClips/)
        folders += [f for f in existing_folders(ann, None, VIDEO_DIRS) if f not in folders]
    out = split_from_ids(split, ((v, v) for v in ids), captions, folders, EXTS,
                         lambda vid: AnnotationError(list_path, f"video id '{vid}' has no captions in {source}" + (
                             f" (a vid<N> name: put the official {MAPPING} beside it, which names its clip)"
                             if vid.startswith("vid") and vid[3:].isdigit() and not mapping else "")))
    for e in out.entries:  # (clips saved under their vid<N> name, as some copies of the corpus have them)
        if mapping and not is_file(e.path) and (named_n := _found(folders, mapping.get(e.video_id, ""))):
            e.path = named_n
    out.source = files
    return out


def _found(folders: list[Path], stem: str) -> str:
    return next((str(p) for f in folders if (p := find_video(f, stem, EXTS)) is not None), "")
