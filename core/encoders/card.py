"""A model's capability card: what it was trained on, what it finds well, what it does not; shown
by the app and ``seekframe status``, its calibration tells search when no result is a strong match.
A folder's ``card.json``; without one, a CLIP checkpoint gets the CLIP card, others "unknown". ::

    {"title": "...", "summary": "one line a person reads first",
     "domain": "real" | "generated" | "open" | "unknown",
     "trained_on": "...", "good_at": ["..."], "weak_at": ["..."],
     "calibration": {"weak": 0.25, "strong": 0.45},
     "similar_calibration": {"moment": {"weak": 0.5, "strong": 0.7}, "video": {"weak": 0.4, "strong": 0.6},
                             "world": "real" | "demo"}}

``domain``: the footage the model is for: ``real`` (real camera footage, a closed label space),
``open`` (open vocabulary, e.g. CLIP), ``generated`` (the demo's generated world only).
``calibration``: a text query's score thresholds; ``similar_calibration``: a clip's against other clips'
("Similar clips"), measured by ``tools/calibrate_similar.py``: ``moment`` for a moment's, ``video``
for a whole video's set similarity (``core.search_videos``). A kind not measured is not labelled.
Its ``world``: the footage they were measured on, ``real`` (labels any library) or ``demo`` (a library
of the demo clips alone); thresholds without a known world label nothing, as a model never measured.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core import json_text

CARD_NAME = "card.json"
DOMAINS = ("real", "open", "generated", "unknown")


@dataclass(frozen=True)
class Calibration:  # cosine-score thresholds
    weak: float = 0.0      # below: noise for this model, no match worth showing as a match
    strong: float = 1.0    # at or above: a confident match

    def strength(self, score: float) -> str:
        """"strong", "weak" or "none" for a cosine score."""
        if score >= self.strong:
            return "strong"
        if score >= self.weak:
            return "weak"
        return "none"


@dataclass(frozen=True)
class SimilarCalibration:  # "Similar clips" score thresholds, measured (tools/calibrate_similar.py)
    moment: Calibration | None = None  # a moment's score against another moment (a result's similar clips)
    video: Calibration | None = None   # a whole video's set similarity to another (``seekframe similar FILE``)
    world: str = ""  # the footage they were measured on: "demo" (read only in a library of the demo clips), "real"


@dataclass(frozen=True)
class ModelCard:
    title: str
    summary: str
    domain: str = "unknown"
    trained_on: str = ""
    good_at: tuple[str, ...] = ()
    weak_at: tuple[str, ...] = ()
    calibration: Calibration | None = None
    similar_calibration: SimilarCalibration | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def knows_real_footage(self) -> bool:
        return self.domain in ("real", "open")

    def lines(self) -> list[str]:
        """The card as short lines of text, for a terminal or a tooltip."""
        out = [f"{self.title}: {self.summary}"]
        if self.trained_on:
            out.append(f"Trained on: {self.trained_on}")
        if self.good_at:
            out.append("Finds well: " + "; ".join(self.good_at))
        if self.weak_at:
            out.append("Weak at: " + "; ".join(self.weak_at))
        return out

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("extra", None)
        d["good_at"] = list(self.good_at)
        d["weak_at"] = list(self.weak_at)
        if self.calibration is None:
            d.pop("calibration")
        if self.similar_calibration is None:
            d.pop("similar_calibration")
        else:
            d["similar_calibration"] = {k: v for k, v in d["similar_calibration"].items() if v is not None and v != ""}
        return {**self.extra, **d}


CLIP_CARD = ModelCard(
    title="CLIP-family model",
    summary="open vocabulary: objects, scenes, people, text in the image, styles",
    domain="open",
    trained_on="hundreds of millions of image–caption pairs from the web (per frame; moments "
               "pool their frames)",
    good_at=("objects, scenes, people and animals by plain description", "colours and styles",
             "text and logos visible in the frame"),
    weak_at=("counting", "what happens over time (actions are judged from single frames)",
             "left/right and fine spatial relations"),
    calibration=Calibration(weak=0.18, strong=0.26),
)

# TinyCLIP (Wu et al., ICCV 2023; wkcn/TinyCLIP-*-YFCC15M): a CLIP checkpoint whose config says
# model_type clip like OpenAI's, but learned from 15 million pairs, distilled from a larger CLIP
TINYCLIP_CARD = ModelCard(
    title="TinyCLIP (small CLIP-family model)",
    summary="open vocabulary like CLIP, from a much smaller model: objects, scenes, people; less accurate",
    domain="open",
    trained_on="15 million image–caption pairs (YFCC-15M), distilled from a larger CLIP model (per frame; "
               "moments pool their frames)",
    good_at=("objects, scenes, people and animals by plain description", "colours"),
    weak_at=("fine distinctions the larger CLIP models make (ImageNet zero-shot: 41% against 63% for "
             "OpenAI's CLIP ViT-B/32)", "counting",
             "what happens over time (actions are judged from single frames)"),
    extra={"calibration_method": "none measured for TinyCLIP: its results are not labelled strong or weak "
                                 "(CLIP ViT-B's thresholds are not its own)"},
)

UNKNOWN_CARD = ModelCard(
    title="Model without a capability card",
    summary="this model does not say what it was trained on; results may follow colour and "
            "layout rather than meaning",
    domain="unknown",
)


def _strings(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if str(v).strip())
    return ()


def _calibration(cal) -> Calibration | None:
    """``{"weak", "strong"}`` as a ``Calibration`` (None: absent, or not two numbers in order)."""
    if not isinstance(cal, dict):
        return None
    try:
        weak, strong = float(cal.get("weak", 0.0)), float(cal.get("strong", 1.0))
    except (TypeError, ValueError):
        return None
    return Calibration(weak=weak, strong=strong) if weak <= strong else None


def similar_calibration_from_json(data) -> SimilarCalibration | None:
    """A card's ``similar_calibration``: its ``moment`` and ``video`` thresholds, each where it reads
    (None: neither does, so similar clips are not labelled)."""
    if not isinstance(data, dict):
        return None
    moment, video = _calibration(data.get("moment")), _calibration(data.get("video"))
    world = data.get("world") if data.get("world") in ("demo", "real") else ""
    return SimilarCalibration(moment=moment, video=video, world=world) if moment or video else None


def card_from_json(data: dict) -> ModelCard:
    """A card from its JSON dict; unknown keys are kept in ``extra``, odd values ignored."""
    if not isinstance(data, dict):
        return UNKNOWN_CARD
    domain = data.get("domain") if data.get("domain") in DOMAINS else "unknown"
    known = {"title", "summary", "domain", "trained_on", "good_at", "weak_at", "calibration", "similar_calibration"}
    return ModelCard(
        title=str(data.get("title") or UNKNOWN_CARD.title),
        summary=str(data.get("summary") or ""),
        domain=domain,
        trained_on=str(data.get("trained_on") or ""),
        good_at=_strings(data.get("good_at")),
        weak_at=_strings(data.get("weak_at")),
        calibration=_calibration(data.get("calibration")),
        similar_calibration=similar_calibration_from_json(data.get("similar_calibration")),
        extra={k: v for k, v in data.items() if k not in known},
    )


def read_card(folder: str | Path | None, is_clip: bool = False) -> ModelCard:
    """The card of a model folder: its ``card.json``, the CLIP card for a CLIP checkpoint (or when
    ``is_clip``), else the unknown card. Never raises: a damaged card reads as unknown."""
    if folder is not None:
        path = Path(folder) / CARD_NAME
        if path.is_file():
            try:
                return card_from_json(json_text.load_file(path))
            except (OSError, ValueError):
                return UNKNOWN_CARD
    return clip_card(folder) if is_clip or is_clip_folder(folder) else UNKNOWN_CARD


def clip_card(name: str | Path | None) -> ModelCard:
    """The card of a CLIP checkpoint without a card of its own, by its hub id or folder (a hub
    cache's ``models--wkcn--TinyCLIP-…``): TinyCLIP's, which learned from 15 million pairs, not the
    hundreds of millions the CLIP card says; else the CLIP card."""
    return TINYCLIP_CARD if "tinyclip" in str(name or "").lower() else CLIP_CARD


def is_clip_folder(folder: str | Path | None) -> bool:
    """A whole transformers CLIP checkpoint (its config.json says ``model_type: clip``)."""
    if folder is None:
        return False
    try:
        raw = json_text.load_file(Path(folder) / "config.json")
    except (OSError, ValueError):
        return False
    return isinstance(raw, dict) and raw.get("model_type") == "clip" and "seekframe_model" not in raw


def not_fetched_card(repo_id: str) -> ModelCard:
    """The card of a hub id not downloaded yet, said offline: a CLIP checkpoint Seekframe knows by its
    id (``core.encoders.architectures``: the ones it offers and builds on) gets its card once fetched,
    said so; another id is named as what it is, its card read from its files once they are fetched."""
    from core.encoders.architectures import CLIP_B16, CLIP_B32, TINYCLIP

    fetch = "Seekframe downloads it the first time it loads it (the network needed once)"
    said = {"hub_id": repo_id, "downloaded": False}
    if repo_id in (CLIP_B16, CLIP_B32, TINYCLIP):
        known = clip_card(repo_id)
        return ModelCard(title=f"{known.title}, {repo_id}, not downloaded yet",
                         summary=f"once downloaded, {known.summary}; {fetch}", domain=known.domain,
                         trained_on=known.trained_on, good_at=known.good_at, weak_at=known.weak_at,
                         calibration=known.calibration, extra={**known.extra, **said})
    return ModelCard(title=f"Hugging Face hub model {repo_id}, not downloaded yet",
                     summary=f"what it was trained on is read from its files once downloaded, nothing of it is "
                             f"known before; {fetch}", domain="unknown", extra=said)


def card_of_source(source: str | Path | None) -> ModelCard:
    """A model source's card without loading the model (for listings and ``seekframe status``):
    a local folder's card, a hub id's from its cached snapshot (never the network), or a hub id not
    downloaded yet said so (``not_fetched_card``), else unknown."""
    if not source:
        return UNKNOWN_CARD
    folder = card_folder(source)
    if folder is None:
        from core.encoders.sources import is_hub_id

        if is_hub_id(str(source)):
            return not_fetched_card(str(source))
    return read_card(folder)


def card_folder(source: str | Path) -> Path | None:
    """The folder a model source's card is read off without loading the model, never the network: a
    local folder, or a hub id's snapshot in the local cache when it is complete (``cached_model``: a
    download in progress, its configs there and its weights not yet, is none); else None."""
    folder = Path(str(source)).expanduser()
    if folder.is_dir():
        return folder
    from core.model_fetch import cached_model

    return cached_model(str(source))  # None for a source that is not a cached hub id


def write_card(folder: str | Path, card: ModelCard) -> Path:
    from core.atomic import write_bytes

    path = Path(folder) / CARD_NAME
    write_bytes(path, (json.dumps(card.to_json(), indent=2, ensure_ascii=False) + "\n").encode())
    return path
