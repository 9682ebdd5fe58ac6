"""English captions for the generated world of ``core.demo_world``: templates and synonyms.
Every caption names the subject's colour, shape and motion and the background, in plain English
a pretrained sentence encoder understands ("a small crimson circle bounces up and down by the
sea", "red ball, beach, bouncing"); the word lists are data, so tests can check them.
"""

from __future__ import annotations

import re

COLOR_WORDS = {
    "red": ("red", "crimson", "scarlet"), "orange": ("orange", "bright orange"), "yellow": ("yellow", "golden"),
    "green": ("green", "emerald"), "blue": ("blue", "deep blue"), "purple": ("purple", "violet"),
    "pink": ("pink", "hot pink"), "white": ("white", "pure white"),
}
SHAPE_WORDS = {
    "ball": ("ball", "circle", "round ball"), "box": ("box", "square", "block", "cube"),
    "triangle": ("triangle", "triangular shape"), "star": ("star", "five-pointed star"),
    "heart": ("heart", "heart shape"), "car": ("car", "toy car", "vehicle"),
    "person": ("person", "stick figure", "walking figure"),
}
SIZE_WORDS = {"small": ("small", "little", "tiny"), "large": ("large", "big")}
MOTION_WORDS = {  # (-ing form, third person) pairs
    "left": (("moving left", "moves left"), ("sliding to the left", "slides to the left"),
             ("going from right to left", "goes from right to left")),
    "right": (("moving right", "moves right"), ("sliding to the right", "slides to the right"),
              ("going from left to right", "goes from left to right")),
    "up": (("moving up", "moves up"), ("rising", "rises"), ("floating upward", "floats upward")),
    "down": (("moving down", "moves down"), ("falling", "falls"), ("sinking", "sinks")),
    "bouncing": (("bouncing", "bounces"), ("bouncing up and down", "bounces up and down"), ("hopping", "hops")),
    "spinning": (("spinning", "spins"), ("rotating", "rotates"), ("spinning around", "spins around")),
    "growing": (("growing", "grows"), ("getting bigger", "gets bigger"), ("expanding", "expands")),
    "shrinking": (("shrinking", "shrinks"), ("getting smaller", "gets smaller"), ("shrinking away", "shrinks away")),
    "static": (("standing still", "stands still"), ("not moving", "does not move"), ("resting", "rests")),
    "zigzag": (("zig-zagging", "zig-zags"), ("moving in a zigzag", "moves in a zigzag"),
               ("weaving up and down", "weaves up and down")),
}
SHAPE_MOTION_WORDS = {  # extra verbs that fit one shape
    ("car", "left"): (("driving left", "drives left"),), ("car", "right"): (("driving right", "drives right"),),
    ("person", "left"): (("walking left", "walks left"),), ("person", "right"): (("walking right", "walks right"),),
    ("person", "bouncing"): (("jumping", "jumps"), ("jumping up and down", "jumps up and down")),
}
PLACE_WORDS = {  # (phrases, tag); the tag is the short form "red ball, beach, bouncing"
    "white": (("on a plain white background", "against a white backdrop", "on a blank white screen"), "white background"),
    "black": (("on a black background", "against a dark backdrop", "on a plain black screen"), "black background"),
    "beach": (("on the beach", "by the sea", "on the sand by the ocean"), "beach"),
    "grass": (("on a grass field", "on green grass", "in a grassy meadow"), "grass field"),
    "night": (("against the night sky", "under a starry sky", "at night among the stars"), "night sky"),
    "snow": (("in the snow", "on a snowy field", "in a winter landscape"), "snow"),
    "street": (("on a city street", "in the street", "on the road in town"), "city street"),
    "sunset": (("at sunset", "under an orange sunset sky", "in front of the setting sun"), "sunset"),
    "underwater": (("underwater", "under the sea", "in deep blue water"), "underwater"),
}
MOTION_TAGS = {"left": "moving left", "right": "moving right", "up": "moving up", "down": "moving down",
               "bouncing": "bouncing", "spinning": "spinning", "growing": "growing", "shrinking": "shrinking",
               "static": "still", "zigzag": "zigzag"}

_SINGLE = (
    "a {color} {shape} {ing} {place}",
    "a {size} {color} {shape} {s} {place}",
    "{color} {shape}, {tag}, {mtag}",
    "{Place}, a {color} {shape} is {ing}",
    "there is a {color} {shape} {ing} {place}",
    "video of a {size} {color} {shape} that {s} {place}",
    "a {color} {shape} {place} {ing}",
    "a {color} {shape} {s} {place}",
)
_PAIR = (
    "a {color} {shape} {ing} {place} next to a {color2} {shape2}",
    "a {color} {shape} and a {color2} {shape2} {place}; the {shape} is {ing}",
    "{color} {shape} and {color2} {shape2}, {tag}, {mtag}",
    "{Place}, a {color} {shape} {s} beside a {size2} {color2} {shape2} that is {ing2}",
)


_ARTICLE = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")  # "a orange ball" → "an orange ball"


def pick(rng, seq, plain: float = 0.0):
    """A random element; the first (plainest) with probability ``plain`` at least (always at 1)."""
    if plain >= 1 or (plain and rng.random() < plain):
        return seq[0]
    return seq[int(rng.integers(len(seq)))]


def motion_phrases(shape: str, motion: str) -> tuple[tuple[str, str], ...]:
    return SHAPE_MOTION_WORDS.get((shape, motion), ()) + MOTION_WORDS[motion]


def _fill(template: str, scene, rng, plain: float) -> str:
    th = scene.things[0]
    ing, s = pick(rng, motion_phrases(th.shape, th.motion), plain)
    words = {"color": pick(rng, COLOR_WORDS[th.color], max(plain, 0.5)),
             "shape": pick(rng, SHAPE_WORDS[th.shape], plain),
             "size": pick(rng, SIZE_WORDS[th.size], plain), "ing": ing, "s": s,
             "place": pick(rng, PLACE_WORDS[scene.background][0], plain),
             "tag": PLACE_WORDS[scene.background][1],
             "mtag": MOTION_TAGS[th.motion]}
    words["Place"] = words["place"][0].upper() + words["place"][1:]
    if len(scene.things) > 1:
        t2 = scene.things[1]
        words.update(color2=pick(rng, COLOR_WORDS[t2.color], max(plain, 0.7)),
                     shape2=pick(rng, SHAPE_WORDS[t2.shape], max(plain, 0.7)),
                     size2=SIZE_WORDS[t2.size][0], ing2=motion_phrases(t2.shape, t2.motion)[0][0])
    return _ARTICLE.sub(r"\1n ", template.format(**words))


def describe(scene) -> str:
    """The plainest caption of a scene ("a red ball bouncing on the beach")."""
    return _fill(_PAIR[0] if len(scene.things) > 1 else _SINGLE[0], scene, None, 1.0)


def _scene_captions(scene, rng, n: int, sentences_only: bool = False) -> list[str]:
    templates = _PAIR if len(scene.things) > 1 else _SINGLE
    if sentences_only:  # no "red ball, beach, bouncing" tags, no capitalised openings
        templates = tuple(t for t in templates if "{tag}" not in t and "{Place}" not in t)
    return _distinct(lambda _: _fill(pick(rng, templates), scene, rng, 0.3), n)


def _distinct(caption, n: int) -> list[str]:
    """Up to ``n`` different captions from ``caption(k)``, k = 0, 1, ... (at most 20 n tries)."""
    out: list[str] = []
    for k in range(20 * n):
        c = caption(k)
        if c not in out:
            out.append(c)
        if len(out) == n:
            break
    return out


def captions_for(item, rng, n: int = 10) -> list[str]:
    """``n`` different captions of a ``Scene`` or a ``MultiEventClip``. A multi-event clip gets
    captions of the whole ("a red ball bouncing on the beach, then a blue car driving left in
    the snow") and of its single events, as real multi-caption data sets mix both."""
    if not hasattr(item, "scenes"):
        return _scene_captions(item, rng, n)
    events = [_scene_captions(s, rng, n) for s in item.scenes]
    sentences = [_scene_captions(s, rng, n, sentences_only=True) for s in item.scenes]
    joins = (", then ", "; after that, ", ", and then ")

    def caption(k: int) -> str:
        if k % 2:
            return pick(rng, pick(rng, events))
        parts = [pick(rng, p) for p in sentences]
        return parts[0] + "".join(pick(rng, joins) + p for p in parts[1:])

    return _distinct(caption, n)
