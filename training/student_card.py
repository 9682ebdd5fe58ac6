"""The capability card of an exported student (``training.export``), from what its run knows: the
config's data section (format, root, pre-extracted features, frames a clip). For the benchmarks the
loaders read, the dataset's published make-up (its paper's numbers) says what the footage and the
captions were; a student is never said to know more than its data showed it, and never to have been
checked on anything but its dataset's test split."""

from __future__ import annotations

from core.encoders.card import ModelCard
from core.plural import count

# data.format -> (name, the footage and captions as the dataset's paper describes them, its people)
DATASETS: dict[str, tuple[str, str, str]] = {
    "msrvtt": ("MSR-VTT",
               "10,000 web video clips in 20 categories (music, sports, news, cooking, "
               "vehicles, animals, …), each described by crowd workers in 20 English sentences",
               "people as its captions name them ('a man', 'a woman', 'a group of people') and what they do"),
    "msvd": ("MSVD",
             "Youtube2Text's 1,970 short YouTube clips, each of one action, described by crowd workers in one-sentence "
             "captions (the English ones read)",
             "people as its captions name them ('a man', 'a woman') and the one action a clip shows"),
    "tgif": ("TGIF", "about 100,000 animated GIFs from Tumblr, short and silent, each "
             "described by crowd workers in English sentences",
             "people as its captions name them ('a man', 'a woman') and what they do in a short loop"),
    "vatex": ("VATEX", "about 41,000 clips of 10 s from YouTube covering Kinetics-600's 600 human "
              "activities, each described in 10 English sentences (its Chinese ones not read)",
              "people doing the activities Kinetics-600 lists, as its captions name them"),
}

NOT_HOME = "home videos: not checked on them (a training run scores a student on its dataset's test split only)"
NO_WHO = ("who a person is: the captions name no one ('a man', 'a woman'), so it was never taught to tell "
          "people apart by their faces or to find a named person")
NO_SOUND = "what is said or heard: it sees frames, not sound"


def fed_words(data: dict, where: bool = False) -> str:
    """What a run fed its models, from its config's data section: the one wording of results.md's
    Input line (``report.model_lines``, ``where``: the features' folder, read in place of a vision tower)
    and a student's card (the exported student puts the extractor's vision tower in front of its layers,
    ``training.export``: it has one)."""
    if data.get("features"):
        by = f" by {data['feature_extractor']}" if data.get("feature_extractor") else ""
        at = f" in {data['features']}, in place of a vision tower" if where else ""
        return f"frame features pre-extracted{by}{at}, no sound"
    frames = data.get("n_frames")
    return f"{count(int(frames), 'frame')} a clip, no sound" if frames else "frames, no sound"


def _fed(data: dict) -> str:
    return f"; {fed_words(data)}"


def student_card(data: dict | None, name: str = "") -> ModelCard:
    """The capability card of a student trained on ``data`` (the run config's), the generated
    world or a real dataset; no calibration (measured per model: ``tools/calibrate_card.py``)."""
    data = data or {}
    fmt = str(data.get("format") or "unknown")
    root = str(data.get("root") or "")
    where = f"{fmt} ({root})" if root else fmt
    title = f"Trained student {name}".strip()
    if fmt == "synthetic":
        return ModelCard(title=title, domain="generated",
                         summary="a generated world of coloured shapes moving over backgrounds; not real footage",
                         trained_on=f"Seekframe's generated world: {where}",
                         good_at=("the generated world's shapes, colours, motions and backgrounds",),
                         weak_at=("everything in real videos: people, animals, objects, places",))
    known = DATASETS.get(fmt)
    if known is None:  # (a WebDataset's shards, or a format unknown here: what they show is not known)
        return ModelCard(title=title, domain="real",
                         summary=f"a student distilled on the {fmt} video–caption data at {root or 'an unnamed folder'}; "
                                 "what that footage shows is not recorded; not checked on home videos",
                         trained_on=f"the {where} videos and captions{_fed(data)}",
                         good_at=(f"what the {fmt} data's captions describe, as often as they describe it",),
                         weak_at=(NOT_HOME, f"people only as the {fmt} data's captions describe them",
                                  "who a person is: it was not checked on telling people apart or finding a named person",
                                  f"things the {fmt} data seldom shows", NO_SOUND))
    label, footage, people = known
    return ModelCard(title=title, domain="real",
                     summary=f"a student distilled on {label}: web footage described in English; "
                             "not checked on home videos",
                     trained_on=f"{label}{f' ({root})' if root else ''}: {footage}{_fed(data)}",
                     good_at=(f"scenes and actions of the kinds {label}'s clips show, asked in plain English "
                              "as its captions put them", people),
                     weak_at=(NOT_HOME, NO_WHO, f"things {label} seldom shows, and queries in other languages",
                              NO_SOUND))
