"""Published text→video R@1 anchors per benchmark, printed in the header of a run's results.md so a
reader sees at once whether a run lands where the literature does. Only numbers checked against
their paper are given; otherwise the entry says where to look ("see paper"), never a guess."""

from __future__ import annotations

CLIP4CLIP = "Luo et al., CLIP4Clip (arXiv:2104.08860)"
TEACHCLIP = "Tian et al., TeachCLIP: Holistic Features are almost Sufficient for Text-to-Video Retrieval (CVPR 2024)"
MCKD = "the MCKD paper this project reproduces"

# data.format -> [(method, t2v R@1 or None, protocol / note, source)]
ANCHORS: dict[str, list[tuple[str, float | None, str, str]]] = {
    "msrvtt": [
        ("CLIP4Clip, ViT-B/32, meanP", 43.1, "1k-A test, 9k train", CLIP4CLIP),
        ("CLIP4Clip, ViT-B/32, seqTransf", 44.5, "1k-A test, 9k train", CLIP4CLIP),
        ("TeachCLIP", None, "1k-A test: see paper", TEACHCLIP),
        ("MCKD", None, "1k-A test: see paper", MCKD),
    ],
    "msvd": [
        ("CLIP4Clip, ViT-B/32", None, "test (670 videos), all captions: see paper", CLIP4CLIP),
        ("TeachCLIP", None, "see paper", TEACHCLIP),
        ("MCKD", None, "see paper", MCKD),
    ],
    "vatex": [
        ("CLIP4Clip", None, "not in the CLIP4Clip paper", CLIP4CLIP),
        ("TeachCLIP", None, "see paper", TEACHCLIP),
        ("MCKD", None, "see paper", MCKD),
    ],
    "tgif": [("MCKD", None, "see paper", MCKD)],
}


def anchor_lines(fmt: str) -> list[str]:
    """Markdown lines for the header of results.md (empty when the format has no anchors)."""
    if fmt == "synthetic":
        return ["Published anchors: none (a generated world no paper used).", ""]
    rows = ANCHORS.get(fmt)
    if not rows:
        return []
    lines = [f"Published anchors on {fmt} (text→video R@1):", ""]
    for method, r1, protocol, source in rows:
        value = f"**{r1:.1f}**" if r1 is not None else "–"
        lines.append(f"- {method}: {value} ({protocol}; {source})")
    return lines + [""]
