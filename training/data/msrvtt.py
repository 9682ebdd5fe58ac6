"""MSR-VTT, in the layout most code uses (CLIP4Clip, Frozen, X-Pool…).

``root/`` (the annotation files may sit in ``msrvtt_data/`` or ``Annotations/`` instead)
    ``MSRVTT_data.json``           ``{"videos": [{"video_id", "split", …}], "sentences": [{"video_id", "caption"}]}``
    ``MSRVTT_train.9k.csv``        column ``video_id`` (the 9k training list of the 1k-A protocol)
    ``MSRVTT_train.7k.csv``        column ``video_id`` (the 7k list, = official train + validate)
    ``MSRVTT_JSFUSION_test.csv``   ``key,vid_key,video_id,sentence``: the 1k-A test set, one sentence each
    ``videos/<video_id>.mp4``      or any of the usual folders (``VIDEO_DIRS``: ``videos/all``,
                                   ``MSRVTT_Videos``, ``MSRVTT/videos/all``, the official
                                   ``TrainValVideo`` + ``TestVideo``, …), or ``video_dir=``
    ``seekframe_events.json``      optional ``{video_id: [[start, end, caption], ...]}`` (the synthetic world)

Frozen-in-Time's ``annotation/MSR_VTT.json`` + ``high-quality/structured-symlinks/`` lists, and a
Hugging Face dump's tables (``.jsonl``, ``.parquet``, ``.csv``…), are read too (``msrvtt_layouts``).

The official release instead holds ``train_val_videodatainfo.json`` and ``test_videodatainfo.json``
(the same shape as ``MSRVTT_data.json``, which merges them): read in its place, with the official
split (``train_list="full"``); it has no 9k or 1k-A lists, and says so.

Protocols: ``train_list="9k"`` or ``"7k"`` — train = the csv's videos with every sentence of the
json; test = the 1k-A JSFusion videos, each with its one JSFusion sentence as its only caption.
``train_list="full"`` — the official split from the json's ``split`` field: train (6513),
val (497, ``validate``), test (2990), each video with all its sentences.
"""

from __future__ import annotations

from pathlib import Path

from training.data import hf_layout
from training.data import msrvtt_layouts as layouts
from training.data.base import (LINE, AnnotationError, Split, VideoEntry, annotation_path, distinct_captions,
                                existing_folders, expected_path, find_video, has_file, read_csv, read_events,
                                read_json, relative_name)

DATA_JSON = "MSRVTT_data.json"
OFFICIAL_JSONS = ("train_val_videodatainfo.json", "test_videodatainfo.json")  # the 2016 release's
TRAIN_CSV = {"9k": "MSRVTT_train.9k.csv", "7k": "MSRVTT_train.7k.csv"}
TEST_CSV = "MSRVTT_JSFUSION_test.csv"
EVENTS_JSON = "seekframe_events.json"
# where the usual layouts keep the clips; a video is taken from the first folder that has it
VIDEO_DIRS = ("videos/all", "videos", "MSRVTT_Videos", "MSRVTT/videos/all", "MSRVTT/videos", "MSRVTT/MSRVTT_Videos",
              "TrainValVideo", "TestVideo", "MSRVTT/TrainValVideo", "MSRVTT/TestVideo", "msrvtt_videos", "all",
              "VideoData")  # VideoData: TeachCLIP's layout
EXTS = (".mp4", ".webm", ".mkv", ".avi")
# where the annotation files are when not in root itself: CLIP4Clip's msrvtt_data.zip, TeachCLIP's
ANNOTATION_DIRS = ("", "msrvtt_data", "Annotations", "annotations", "MSRVTT", "MSR-VTT")  # (MSRVTT/: root one above)
_OFFICIAL = {"train": "train", "val": "validate", "test": "test"}


def load(root, split: str = "train", train_list: str = "9k", video_dir=None, config: str | None = None) -> Split:
    """``config``: of a Hugging Face dump whose configs' folders hold one split several times, the one
    to read (``msrvtt_layouts``). ``root`` may be a Hugging Face cache's folder of the repo (its snapshot read)."""
    root = hf_layout.repo_folder(Path(root))
    if split not in _OFFICIAL:
        raise ValueError(f"MSR-VTT split must be train, val or test, not {split!r}")
    if train_list not in ("9k", "7k", "full"):
        raise ValueError(f"MSR-VTT train_list must be '9k', '7k' or 'full', not {train_list!r}")
    ann = annotation_dir(root)
    if ann is None:
        return _other_layout(root, split, train_list, video_dir, config)
    _no_config(config, ann)
    official_only = not has_file(ann / DATA_JSON) and has_file(ann / OFFICIAL_JSONS[0])
    if official_only and train_list != "full" and not has_file(ann / (TRAIN_CSV[train_list] if split == "train" else TEST_CSV)):
        raise AnnotationError(ann / OFFICIAL_JSONS[0], "the official release has no 9k/7k training list nor "
                              "the 1k-A test list: set data.options.train_list=full for its own split "
                              "(6513 train, 497 validation, 2990 test), or add CLIP4Clip's msrvtt_data files")
    if train_list == "full":
        pairs = _official(ann, split)
        source = f"{_official_files(ann, root, split)}, its '{_OFFICIAL[split]}' videos"
    elif split == "train":
        pairs = _listed(ann / TRAIN_CSV[train_list], ann)
        source = relative_name(annotation_path(ann / TRAIN_CSV[train_list]), root)
    elif split == "test":
        pairs = _jsfusion(ann / TEST_CSV)
        source = relative_name(annotation_path(ann / TEST_CSV), root)
    else:
        raise ValueError("the 1k-A protocol (train_list '9k' or '7k') has no val split; "
                         "use train_list='full' for the official train/val/test split")

    folders = existing_folders(root, video_dir, VIDEO_DIRS)
    if video_dir is None and ann != root:  # (the usual folders beside the annotations too: MSRVTT/TrainValVideo/)
        folders += [f for f in existing_folders(ann, None, VIDEO_DIRS) if f not in folders]
    events = read_events(ann / EVENTS_JSON) if has_file(ann / EVENTS_JSON) else {}
    entries = [VideoEntry(vid, caps, _video_path(folders, vid), events=list(events.get(vid, [])))
               for vid, caps in pairs]
    return distinct_captions(Split(split, entries, source=source))


def annotation_dir(root: Path) -> Path | None:
    """The folder of this module's own layouts' annotations (CLIP4Clip's, the official release's),
    None when neither is there (``msrvtt_layouts``' then)."""
    names = (DATA_JSON, TEST_CSV, *OFFICIAL_JSONS)
    return next((root / d for d in ANNOTATION_DIRS if any(has_file(root / d / f) for f in names)), None)


def _no_config(config, path: Path) -> None:
    if config is not None:
        raise AnnotationError(path, f"data.options.config ('{config}') names a config of a Hugging Face dump's, "
                              "but this layout has none: leave it out")


def _other_layout(root: Path, split: str, train_list: str, video_dir, config=None) -> Split:
    """Frozen-in-Time's layout, or a Hugging Face dump (``msrvtt_layouts``); else the refusal that
    names every layout read."""
    base, found = layouts.frozen_base(root), []
    if base is not None:
        _no_config(config, base / layouts.FROZEN_JSON)
        pairs, extra = layouts.frozen(base, split, train_list), ()
        source = relative_name(layouts.frozen_list(base, split, train_list), root)
    else:
        found, other = layouts.tables(root, config)
        if not found:
            raise AnnotationError(root / DATA_JSON, "annotation file not found (nor in "
                                  + ", ".join(f"{d}/" for d in ANNOTATION_DIRS if d) + f"; nor the official "
                                  f"release's {' + '.join(OFFICIAL_JSONS)}; nor {layouts.LAYOUTS})"
                                  + (f" ({'; '.join(other[:3])})" if other else "")
                                  + hf_layout.configs_said(root, layouts.COLUMNS.dirs))
        found = layouts.chosen(root, found, split, train_list, config)
        pairs = layouts.table_split(root, found, split)
        source = hf_layout.tables_described(root, found, split)
        extra = tuple(dict.fromkeys([*(t.path.parent for t in found), root]))  # (clips beside the tables)
    folders = existing_folders(root, video_dir, VIDEO_DIRS)
    if video_dir is None:
        folders += [f for f in extra if f not in folders]
        folders += layouts.written_out(found, [v for v, _ in pairs], folders, EXTS)  # (held in the tables)
    return distinct_captions(Split(split, [VideoEntry(vid, caps, _video_path(folders, vid)) for vid, caps in pairs],
                                   source=source))


def _video_path(folders: list[Path], vid: str) -> str:
    """The clip of ``vid`` in the first folder that has it ("" when there is no folder at all;
    the first folder's ``<vid>.mp4`` when none has it, so the missing file is named later)."""
    for folder in folders:
        found = find_video(folder, vid, EXTS)
        if found is not None:
            return str(found)
    return expected_path(folders, vid, ".mp4")


def _official_files(ann: Path, root: Path, split: str) -> str:
    """The file listing the videos of ``split`` (read by ``read_data``), chosen without reading it again:
    the official release's test videos are in its test_videodatainfo.json, not in train_val_videodatainfo.json
    that ``read_data`` names."""
    if has_file(ann / DATA_JSON) or not has_file(ann / OFFICIAL_JSONS[0]):
        return relative_name(annotation_path(ann / DATA_JSON), root)
    test = _OFFICIAL[split] == "test" and has_file(ann / OFFICIAL_JSONS[1])
    return relative_name(annotation_path(ann / OFFICIAL_JSONS[int(test)]), root)


def read_data(ann: Path) -> tuple[Path, dict[str, str], dict[str, list[str]]]:
    """``read_data_json`` of ``MSRVTT_data.json`` in ``ann``, else of the official release's two
    files merged (train/validate, then test); the path named in messages first."""
    if has_file(ann / DATA_JSON) or not has_file(ann / OFFICIAL_JSONS[0]):
        return (ann / DATA_JSON, *read_data_json(ann / DATA_JSON))
    videos, captions = read_data_json(ann / OFFICIAL_JSONS[0])
    if has_file(ann / OFFICIAL_JSONS[1]):
        more_videos, more_captions = read_data_json(ann / OFFICIAL_JSONS[1])
        videos.update(more_videos)
        for vid, caps in more_captions.items():
            captions.setdefault(vid, []).extend(caps)
    return ann / OFFICIAL_JSONS[0], videos, captions


def read_data_json(path: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """``(video_id -> official split or "", video_id -> captions in file order)``."""
    data = read_json(path)
    if not isinstance(data, dict):
        raise AnnotationError(path, "expected a JSON object with 'videos' and 'sentences'")
    for key in ("videos", "sentences"):
        if key not in data:
            raise AnnotationError(path, f"missing key '{key}'")
        if not isinstance(data[key], list):
            raise AnnotationError(path, f"'{key}' must be a list")
    videos: dict[str, str] = {}
    for i, v in enumerate(data["videos"]):
        if not isinstance(v, dict) or "video_id" not in v:
            raise AnnotationError(path, f"videos[{i}] has no 'video_id'")
        videos[str(v["video_id"])] = str(v.get("split", ""))
    captions: dict[str, list[str]] = {}
    for i, s in enumerate(data["sentences"]):
        for key in ("video_id", "caption"):
            if not isinstance(s, dict) or key not in s:
                raise AnnotationError(path, f"sentences[{i}] has no '{key}'")
        if not isinstance(s["caption"], str) or not s["caption"].strip():
            raise AnnotationError(path, f"sentences[{i}] has an empty or non-text caption")
        vid = str(s["video_id"])
        if vid not in videos:
            raise AnnotationError(path, f"sentences[{i}] names video id '{vid}', "
                                  "which is not in 'videos'")
        captions.setdefault(vid, []).append(s["caption"].strip())
    return videos, captions


def _listed(csv_path: Path, ann: Path) -> list[tuple[str, list[str]]]:
    json_path, _, captions = read_data(ann)
    pairs, seen = [], set()
    for row in read_csv(csv_path, ["video_id"]):
        vid = (row["video_id"] or "").strip()
        if not vid:
            raise AnnotationError(csv_path, f"line {row[LINE]}: empty video_id")
        if vid not in captions:
            raise AnnotationError(csv_path, f"line {row[LINE]}: video id '{vid}' has no sentences in {json_path.name}")
        if vid not in seen:
            seen.add(vid)
            pairs.append((vid, captions[vid]))
    return pairs


def _jsfusion(csv_path: Path) -> list[tuple[str, list[str]]]:
    by_video: dict[str, list[str]] = {}
    for row in read_csv(csv_path, ["video_id", "sentence"]):
        vid, sentence = (row["video_id"] or "").strip(), (row["sentence"] or "").strip()
        if not vid or not sentence:
            raise AnnotationError(csv_path, f"line {row[LINE]}: empty video_id or sentence")
        by_video.setdefault(vid, []).append(sentence)
    return list(by_video.items())


def _official(ann: Path, split: str) -> list[tuple[str, list[str]]]:
    path, videos, captions = read_data(ann)
    if not any(videos.values()):
        raise AnnotationError(path, "videos have no 'split' field, so train_list='full' "
                              "(the official split) cannot be used; use '9k' or '7k'")
    ids = [v for v, s in videos.items() if s == _OFFICIAL[split]]
    for vid in ids:
        if vid not in captions:
            raise AnnotationError(path, f"video id '{vid}' has no sentences")
    return [(vid, captions[vid]) for vid in ids]
