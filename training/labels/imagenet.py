"""Clean, searchable names for the ImageNet-1k classes: what a person would type for each.

WordNet lemmas (``imagenet1k_wordnet.tsv``) are the start: the first lemma is the name, later
lemmas are synonyms (Latin binomials dropped), ambiguous names are replaced (``OVERRIDES``), and
each class gets the everyday category a query would use ("a golden retriever, a kind of dog").
Worn classes (jersey, suit) describe a person wearing them: ImageNet has no class for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

WORDNET_FILE = Path(__file__).with_name("imagenet1k_wordnet.tsv")

# Index ranges and sets → the everyday category a query would name.
_RANGES = [
    (0, 6, "fish"), (7, 24, "bird"), (25, 32, "frog or salamander"), (33, 37, "turtle"),
    (38, 48, "lizard"), (49, 50, "crocodile"), (51, 51, "dinosaur"), (52, 68, "snake"),
    (69, 69, "fossil"), (70, 79, "spider or bug"), (80, 100, "bird"), (101, 101, "elephant"),
    (102, 106, "animal"), (107, 126, "sea creature"), (127, 146, "bird"), (147, 150, "sea mammal"),
    (151, 268, "dog"), (269, 280, "wild dog or fox"), (281, 285, "cat"), (286, 293, "big cat"),
    (294, 297, "bear"), (298, 299, "small animal"), (300, 326, "insect"), (327, 329, "sea creature"),
    (330, 338, "small animal"), (339, 339, "horse"), (340, 340, "zebra"), (341, 343, "pig"),
    (344, 344, "animal"), (345, 347, "cattle"), (348, 350, "sheep or goat"), (351, 353, "antelope"),
    (354, 355, "camel or llama"), (356, 364, "small animal"), (365, 384, "monkey or ape"),
    (385, 386, "elephant"), (387, 388, "panda"), (389, 397, "fish"),
    (923, 969, "food or drink"), (970, 980, "landscape"), (984, 997, "plant or mushroom"),
]
_SETS = {
    "car": [407, 436, 468, 511, 609, 627, 656, 661, 717, 751, 817, 475, 479, 581],
    "truck": [555, 569, 595, 675, 734, 757, 864, 866, 867, 586],
    "bus": [654, 779, 874],
    "train": [466, 547, 565, 705, 820, 829],
    "boat": [472, 484, 510, 554, 576, 625, 628, 694, 724, 780, 814, 833, 871, 914, 403],
    "aircraft": [404, 405, 895, 908, 812],
    "bicycle": [444, 671, 870, 880],
    "motorbike": [665, 670],
    "building": [410, 415, 424, 425, 449, 454, 467, 483, 497, 498, 500, 509, 538, 580, 582, 624,
                 634, 660, 663, 668, 698, 743, 762, 788, 832, 860, 865, 915, 727],
    "musical instrument": [401, 402, 420, 432, 486, 513, 541, 546, 558, 566, 577, 579, 593, 594,
                           641, 642, 683, 684, 687, 699, 776, 822, 875, 889],
    "ball": [429, 430, 522, 574, 722, 768, 805, 852, 890],
    "furniture": [423, 453, 493, 495, 516, 520, 526, 532, 559, 564, 703, 765, 831, 857, 894],
    "kitchen utensil": [469, 499, 503, 505, 521, 544, 567, 618, 647, 659, 813, 828, 849, 859, 891,
                        909, 910],
    "computer or phone": [487, 508, 527, 528, 590, 605, 620, 662, 664, 673, 681, 707, 782, 810],
    "bottle or container": [440, 720, 737, 898, 899, 901, 907, 653, 463, 427],
}
# Things a person wears (category "clothing"): they stand for "a person wearing ...".
WORN = [399, 400, 411, 433, 439, 445, 451, 452, 457, 459, 465, 474, 501, 502, 514, 515, 518,
        524, 552, 560, 568, 578, 601, 608, 610, 614, 615, 617, 630, 638, 639, 643, 652, 655, 658,
        667, 678, 679, 689, 697, 715, 735, 770, 774, 775, 793, 796, 806, 808, 824, 834, 836, 837,
        841, 842, 869, 887, 903, 906]
# People ImageNet does have.
PEOPLE = {981: "a baseball player", 982: "a bridegroom", 983: "a scuba diver"}
# WordNet names that a query would never use, or that mean something else in everyday speech.
OVERRIDES = {
    7: ["rooster"], 8: ["hen", "chicken"], 21: ["kite bird", "bird of prey"], 97: ["duck", "drake"],
    134: ["crane bird"], 339: ["horse", "sorrel horse"], 341: ["pig", "hog"], 345: ["ox", "cow"],
    346: ["water buffalo"], 348: ["ram", "sheep"], 408: ["amphibious vehicle"], 436: ["station wagon"],
    444: ["tandem bicycle"], 456: ["archery bow"], 468: ["taxi", "cab"], 479: ["car wheel"],
    487: ["mobile phone", "cell phone", "smartphone"], 517: ["construction crane"],
    528: ["rotary telephone"], 565: ["freight train car"], 581: ["car grille"], 609: ["jeep"],
    612: ["rickshaw"], 628: ["cruise ship", "ocean liner"], 638: ["leotard"],
    639: ["swimsuit", "one-piece swimsuit"], 661: ["Ford Model T", "vintage car"],
    664: ["computer monitor"], 673: ["computer mouse"], 680: ["baby bottle"], 705: ["train carriage"],
    717: ["pickup truck"], 724: ["pirate ship"], 726: ["carpenter's plane"], 744: ["missile"],
    751: ["race car"], 782: ["computer screen"], 829: ["tram", "streetcar"], 836: ["sunglasses"],
    837: ["sunglasses"], 847: ["army tank"], 867: ["semi truck", "trailer truck"],
    885: ["velvet fabric"], 908: ["airplane wing"], 911: ["wool yarn"], 916: ["website"],
    950: ["orange fruit"], 989: ["rose hip"], 998: ["ear of corn"], 999: ["toilet paper"],
    981: ["baseball player"], 982: ["bridegroom", "groom"], 983: ["scuba diver"],
}
_LATIN = re.compile(r"^[A-Z][a-z]+ [a-z]+$")


@dataclass(frozen=True)
class LabelClass:
    index: int
    names: tuple[str, ...]   # clean name first, then synonyms
    category: str            # everyday category ("dog", "car"), or "" when none fits
    worn: bool = False

    def prompts(self) -> list[str]:
        """The sentences whose text embeddings are averaged into this class's bank row."""
        out = []
        for name in self.names:
            if self.worn:
                out += [f"a person wearing a {name}", f"someone in a {name}", f"a {name}"]
            elif self.index in PEOPLE:
                out += [f"a photo of a {name}", f"a video of a {name}", "a person"]
            else:
                out += [f"a photo of a {name}", f"a video of a {name}", f"a {name}"]
            if self.category and not self.worn:
                out.append(f"a {name}, a kind of {self.category}")
        return out


def load_classes(path: Path = WORDNET_FILE, max_names: int = 3) -> list[LabelClass]:
    category = {i: cat for lo, hi, cat in _RANGES for i in range(lo, hi + 1)}
    category.update({i: cat for cat, idx in _SETS.items() for i in idx})  # a set overrides a range
    worn = set(WORN)
    category.update(dict.fromkeys(worn, "clothing"))
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        idx, _synset, lemmas = line.split("\t")
        i = int(idx)
        names = [x.strip().replace("_", " ") for x in lemmas.split(",")]
        names = [names[0]] + [n for n in names[1:] if n and not _LATIN.match(n)]
        if i in OVERRIDES:
            names = OVERRIDES[i] + [n for n in names if n not in OVERRIDES[i]][:1]
        seen: list[str] = []
        for n in names:
            if n.lower() not in (s.lower() for s in seen):
                seen.append(n)
        out.append(LabelClass(i, tuple(seen[:max_names]), category.get(i, ""), i in worn))
    if [c.index for c in out] != list(range(len(out))):
        raise ValueError(f"{path}: classes must be listed in order 0..N-1")
    return out


# Rows after the classes: evidence the classes lack (detectors and worn items point here).
EXTRA_ROWS = {
    "person": ["a person", "a man", "a woman", "someone", "a person standing", "people"],
    # the words people type about a face in view: a bare "face" and "facing the camera" were
    # far from the four prompts this row had (0.61 and 0.57 cosine), so a signer's clip lost
    # "face" and "a man facing the camera" to a road with cars (s53 audit)
    "face": ["a face", "face", "a person's face", "a close-up of a person's face", "a man facing the camera",
             "a woman facing the camera", "a person looking at the camera", "a portrait of a person",
             "a person talking"],
}
COLOUR_NAMES = {"grey": ["grey", "gray"]}


def colour_rows(colours) -> dict[str, list[str]]:
    """A row per basic colour (in ``core.encoders.frame_cues.COLOURS`` order): a frame's share
    of that colour points at it."""
    rows = {}
    for c in colours:
        names = COLOUR_NAMES.get(c, [c])
        rows[f"colour:{c}"] = [p.format(n) for n in names for p in
                               ("{}", "something {}", "a {} object", "the colour {}", "{} clothes")]
    return rows
