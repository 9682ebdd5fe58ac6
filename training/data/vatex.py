"""VATEX: a JSON list of ``{"videoID": "<youtube id>_<start>_<end>", "enCap": [...], ...}``.

``root/``
    ``vatex_training_v1.0.json`` ``vatex_validation_v1.0.json`` ``vatex_public_test_english_v1.1.json``
    ``videos/``  either trimmed clips ``<videoID>.mp4`` or whole downloads ``<youtube id>.mp4``
                 (then the clip is the ``[start, end)`` seconds parsed from the id, unless the file
                 is that clip already trimmed: ``settle_files``); ``.webm`` and
                 ``.mkv`` are accepted too; or ``VideoData/`` (a clip is taken from the first
                 folder that has it), or ``video_dir=``

Or CLIP4Clip-style (``vatex_data/`` of CLIP2Video, TS2-Net…, or root itself): ``ref_captions.json``
(``{videoID: [English captions]}``) with ``train_list.txt``, ``val_list.txt`` and ``test_list.txt``
(without ``test_list.txt`` the test split is ``val_list.txt``); the clips named by the listed id in
the usual folders, ``vatex_data/videos/``, or beside the lists (an id that is ``<youtube id>_<start>_<end>``
may be a whole download, as above).

Real VATEX downloads are always incomplete (videos get taken down), so an entry whose video is
missing is skipped, not an error: ``Split.skipped`` lists them, and a warning gives the count.
``videos=False`` keeps every entry without a path (pre-extracted features only).
"""

from __future__ import annotations

import logging
from pathlib import Path

from core.media import PROBE_TIMEOUT_S
from training.data.base import (AnnotationError, Split, VideoEntry, distinct_captions, existing_folders,
                                find_video, has_file, read_json, read_lines, relative_name)
from training.data.caption_values import CaptionShape, caption_texts, shape
from training.data.durations import durations

log = logging.getLogger(__name__)

FILES = {"train": "vatex_training_v1.0.json", "val": "vatex_validation_v1.0.json",
         "test": "vatex_public_test_english_v1.1.json"}
VIDEO_DIRS = ("videos", "VideoData")  # VideoData: TeachCLIP's layout
EXTS = (".mp4", ".webm", ".mkv")
# CLIP4Clip-style repositories' (CLIP2Video, TS2-Net…): {videoID: [captions]} and a list per split
REF_CAPTIONS = "ref_captions.json"
LISTS = {"train": "train_list.txt", "val": "val_list.txt", "test": "test_list.txt"}
LIST_DIRS = ("", "vatex_data", "VATEX")
LAYOUTS = (f"{' + '.join(FILES.values())}, or {REF_CAPTIONS} + {', '.join(LISTS.values())} "
           f"(in root, {' or '.join(d + '/' for d in LIST_DIRS if d)}; the test split test_list.txt, "
           "or else val_list.txt)")
TRIMMED_TOLERANCE_S = 1.0  # how far a trimmed clip's file may be from its clip's length (cut at keyframes)


def parse_video_id(video_id: str) -> tuple[str, float, float]:
    """``"abc_Def-12_000015_000025"`` → ``("abc_Def-12", 15.0, 25.0)``; ValueError if malformed."""
    parts = video_id.rsplit("_", 2)
    if len(parts) != 3 or not parts[0] or not (parts[1].isdigit() and parts[2].isdigit()):
        raise ValueError(f"videoID '{video_id}' is not '<youtube id>_<start>_<end>'")
    start, end = float(parts[1]), float(parts[2])
    if not end > start:
        raise ValueError(f"videoID '{video_id}' has end {end:g} not after start {start:g}")
    return parts[0], start, end


def read_annotations(path: Path) -> list[tuple[str, list[str]]]:
    data = read_json(path)
    if not isinstance(data, list):
        raise AnnotationError(path, "expected a JSON list of {\"videoID\", \"enCap\"} entries")
    out, seen = [], set()
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise AnnotationError(path, f"entry {i} is not an object")
        for key in ("videoID", "enCap"):
            if key not in item:
                raise AnnotationError(path, f"entry {i} has no '{key}'")
        vid, caps = item["videoID"], item["enCap"]
        if not isinstance(vid, str):
            raise AnnotationError(path, f"entry {i}: 'videoID' must be a string")
        try:
            parse_video_id(vid)
        except ValueError as e:
            raise AnnotationError(path, f"entry {i}: {e}") from None
        caps = _captions(caps, path, f"entry {i} ('{vid}')", "'enCap' must be a list of captions", "no English captions")
        if vid not in seen:
            seen.add(vid)
            out.append((vid, caps))
    return out


def _captions(caps, path: Path, who: str, not_list: str, none: str) -> list[str]:
    """A video's captions, stripped, the empty ones left out; AnnotationError naming ``who`` when
    they are no list of strings (``not_list``) or none is left (``none``)."""
    try:
        if not isinstance(caps, list):
            raise CaptionShape(f"is {shape(caps)}")
        caps = caption_texts(caps)  # (objects too: [{"caption": ..., "lang": "en"}])
    except CaptionShape as e:
        raise AnnotationError(path, f"{who}: {not_list} ({e})") from None
    if not caps:
        raise AnnotationError(path, f"{who}: {none}")
    return caps


def lists_folder(root: Path) -> Path | None:
    """The folder of the list layout's ``ref_captions.json`` or lists (root, ``vatex_data/``, ``VATEX/``);
    None where the official files are in root (read in its place)."""
    if any(has_file(root / f) for f in FILES.values()):
        return None
    return next((root / d for d in LIST_DIRS if any(has_file(root / d / f) for f in (REF_CAPTIONS, *LISTS.values()))),
                None)


def has_own_val(root: Path) -> bool:
    """Whether the list layout under ``root`` has a validation list beside its test list."""
    listed = lists_folder(root)
    return listed is not None and all(has_file(listed / LISTS[s]) for s in ("val", "test"))


def read_listed(folder: Path, split: str) -> tuple[Path, list[tuple[str, list[str]]]]:
    """``(the list read, [(video id, captions)])`` of the list layout: ``split``'s list, the test
    split's being ``val_list.txt`` where there is no ``test_list.txt`` (and the other way round)."""
    other = {"test": "val", "val": "test"}.get(split)
    path = folder / LISTS[split]
    if not has_file(path) and other and has_file(folder / LISTS[other]):
        log.info("VATEX: no %s: the %s split is %s", LISTS[split], split, LISTS[other])
        path = folder / LISTS[other]
    if not has_file(path):
        raise AnnotationError(path, f"annotation file not found; VATEX is read as {LAYOUTS}")
    ids = read_lines(path)
    caps_path = folder / REF_CAPTIONS
    if not has_file(caps_path):
        raise AnnotationError(caps_path, f"annotation file not found; VATEX is read as {LAYOUTS}")
    data = read_json(caps_path)
    if not isinstance(data, dict):
        raise AnnotationError(caps_path, "expected a JSON object of video id -> [caption, ...]")
    out, seen = [], set()
    for vid in ids:
        caps = data.get(vid)
        if caps is None:
            raise AnnotationError(path, f"video id '{vid}' has no captions in {REF_CAPTIONS}")
        caps = _captions(caps, caps_path, f"'{vid}'", "captions must be a list of captions", "no caption")
        if vid not in seen:
            seen.add(vid)
            out.append((vid, caps))
    return path, out


def load(root, split: str = "train", annotations=None, video_dir=None, videos: bool = True) -> Split:
    root = Path(root)
    beside: list[Path] = []  # (the list layout's own folders, looked in after the usual ones)
    if annotations is not None:
        ann = Path(annotations)
        if not ann.is_absolute() and has_file(root / ann):
            ann = root / ann
        items = read_annotations(ann)
    else:
        if split not in FILES:
            raise ValueError(f"VATEX split must be train, val or test, not {split!r}")
        ann = root / FILES[split]
        listed = lists_folder(root)
        if listed is not None:
            ann, items = read_listed(listed, split)
            beside = [listed / "videos", listed]
        elif not has_file(ann):
            raise AnnotationError(ann, f"annotation file not found; VATEX is read as {LAYOUTS}")
        else:
            items = read_annotations(ann)
    source = relative_name(ann, root)
    if not videos:
        return distinct_captions(Split(split, [VideoEntry(vid, caps) for vid, caps in items], source=source))

    folders = existing_folders(root, video_dir, VIDEO_DIRS)
    if video_dir is None:
        folders = list(dict.fromkeys(folders + [f for f in beside if f.is_dir()]))
    if not folders:
        raise AnnotationError(root / VIDEO_DIRS[0], f"video folder not found (nor {', '.join(VIDEO_DIRS[1:])}; give video_dir=, "
                              "or videos=False to use pre-extracted features)")
    entries, skipped = [], []
    for vid, caps in items:  # (a clip from the first folder that has it, trimmed or whole)
        trimmed = next((p for f in folders if (p := find_video(f, vid, EXTS)) is not None), None)
        if trimmed is not None:
            entries.append(VideoEntry(vid, caps, str(trimmed)))
            continue
        try:
            ytid, start, end = parse_video_id(vid)
        except ValueError:  # (a listed id that names its file alone)
            ytid = None
        whole = next((p for f in folders if (p := find_video(f, ytid, EXTS)) is not None), None) if ytid else None
        if whole is not None:
            entries.append(VideoEntry(vid, caps, str(whole), start=start, end=end))
        else:
            skipped.append((vid, "video file not found"))
    if items and not entries:
        raise AnnotationError(folders[0], f"none of the {len(items)} videos of {ann.name} is here "
                              + "".join(f"nor in {f} " for f in folders[1:])
                              + f"(looked for <videoID> and <youtube id> with {', '.join(EXTS)})")
    if skipped:
        log.warning("VATEX %s: %d of %d videos not found in %s, skipped (Split.skipped lists them)",
                    split, len(skipped), len(items), " or ".join(map(str, folders)))
    return distinct_captions(Split(split, entries, skipped, source))


def is_trimmed(duration: float, start: float, end: float, tol: float = TRIMMED_TOLERANCE_S) -> bool:
    """Whether a file named by YouTube id alone, ``duration`` s long, is the clip ``[start, end)``
    already trimmed out (downloaded by segment, saved as ``<youtube id>.mp4``): about the clip's
    length, and ending before the clip starts (or within ``tol`` of it), so that as a whole video
    the clip would lie outside it. A whole video too short for its clip is neither (still refused)."""
    return abs(duration - (end - start)) <= tol and duration <= start + tol


def settle_files(splits, timeout_s: float = PROBE_TIMEOUT_S, cache=None) -> int:
    """Read as trimmed clips (from 0 to their end) the files named by YouTube id that are their
    clip already trimmed (``is_trimmed``, on a probe of each such file): said once, with how many.
    Called by ``load_splits`` once the splits are cut (a ``max_train`` run probes only its own).
    The files are probed several at once and their lengths remembered (``durations``: ``cache``,
    default the user's cache folder), so a second run probes none again. A file that cannot be
    probed is left as it is, for the split's check or training to report."""
    whole = [e for split in splits for e in split.entries
             if e.end is not None and e.path]  # (not a trimmed clip's own name, nor no file)
    lengths = durations((e.path for e in whole), timeout_s, cache) if whole else {}
    counts = {}
    for split in splits:
        n = 0
        for e in split.entries:
            if e.end is None or not e.path or e.path not in lengths:
                continue
            if is_trimmed(lengths[e.path], e.start, e.end):
                e.start, e.end, n = 0.0, None, n + 1
        if n:
            counts[split.name] = n
    total = sum(counts.values())
    if total:
        log.info("VATEX: %d clips (%s) taken as files already trimmed to their segment though named by "
                 "YouTube id alone (about the clip's length, ending before its start): each read whole",
                 total, ", ".join(f"{n} {name}" for name, n in counts.items()))
    return total
