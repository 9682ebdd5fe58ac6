"""``seekframe demo``: a folder of generated clips with known content, and the queries to try.
The clips are fixed (hand-picked scenes, fixed seeds), so :data:`DEMO_QUERIES` knows what each
query should find, ``(query, file, start, end)`` for every event, without rendering anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .demo_world import MultiEventClip, Scene, Thing, write_video
from .paths import DEMO_QUERIES_NAME, demo_videos_dir
from .timefmt import format_range

DEMO_SIZE = (320, 240)  # width, height
DEMO_FPS = 12


@dataclass(frozen=True)
class DemoQuery:
    query: str
    file: str
    start: float
    end: float


def _one(bg, shape, color, motion, seconds, x=0.5, y=0.55, size="large", also: Thing | None = None):
    things = (Thing(shape, color, size, motion, x, y),) + ((also,) if also else ())
    return (bg, things, seconds)


# (background, things, seconds) per event; one event = a single-event clip
_CLIPS = [
    [_one("beach", "ball", "red", "bouncing", 12)],
    [_one("street", "car", "blue", "right", 8, y=0.7)],
    [_one("night", "star", "yellow", "spinning", 12)],
    [_one("snow", "person", "orange", "left", 8, y=0.6)],
    [_one("underwater", "triangle", "green", "growing", 8)],
    [_one("sunset", "heart", "white", "shrinking", 8, y=0.45)],
    [_one("grass", "box", "purple", "zigzag", 12, size="small")],
    [_one("grass", "person", "blue", "bouncing", 8, x=0.3, also=Thing("ball", "red", "small", "static", 0.75, 0.75))],
    [_one("street", "car", "red", "left", 4, y=0.7), _one("grass", "ball", "yellow", "bouncing", 4),
     _one("night", "star", "white", "static", 4)],
    [_one("snow", "box", "blue", "down", 4), _one("beach", "heart", "orange", "spinning", 4),
     _one("white", "person", "green", "right", 4)],
    [_one("underwater", "ball", "pink", "up", 4), _one("black", "triangle", "yellow", "shrinking", 4),
     _one("grass", "star", "red", "zigzag", 4), _one("street", "car", "white", "static", 4, y=0.7)],
    [_one("night", "triangle", "purple", "up", 4), _one("street", "heart", "yellow", "growing", 4)],
]


def _clips() -> list[tuple[str, MultiEventClip]]:
    """(file name, clip) of each demo clip: "red-ball-beach.mp4", "purple-triangle-then-yellow-heart.mp4";
    no two may share a name (nothing renames them: the demo test checks)."""
    out = []
    for i, events in enumerate(_CLIPS):
        scenes = tuple(Scene(bg, things, seed=1000 + 10 * i + k) for k, (bg, things, _) in enumerate(events))
        stem = "-then-".join(f"{x.subject.color}-{x.subject.shape}" for x in scenes)
        if len(scenes) == 1:
            stem += f"-{scenes[0].background}"
        out.append((f"{stem}.mp4", MultiEventClip(scenes, scene_seconds=events[0][2])))
    return out


# every event of every demo clip: its plain caption (the query), file and interval
DEMO_QUERIES: tuple[DemoQuery, ...] = tuple(DemoQuery(caption, name, start, end) for name, clip in _clips()
                                            for start, end, caption in clip.events())
DEMO_FILES: frozenset[str] = frozenset(q.file for q in DEMO_QUERIES)


def holds_real_videos(paths) -> bool:
    """Whether any of these video paths is not one of the generated demo clips."""
    return any(Path(str(p)).name not in DEMO_FILES for p in paths)


def default_demo_dir() -> Path:
    return demo_videos_dir()


def queries_markdown(queries=DEMO_QUERIES) -> str:
    lines = ["# Seekframe demo clips: queries to try", "",
             "Generated clips (coloured shapes over drawn backgrounds); each line is a search and",
             "the clip and moment it should find.", ""]
    lines += [f"- {q.query} — {q.file} at {format_range(q.start, q.end)}" for q in queries]
    return "\n".join(lines) + "\n"


def write_demo(out: str | Path | None = None, *, fps: float = DEMO_FPS, size: tuple[int, int] = DEMO_SIZE) -> Path:
    """Write the demo clips and ``QUERIES.md`` into ``out`` (default: ``<data home>/demo-videos``).
    Same clips every time; existing files of the same name are replaced."""
    folder = Path(out).expanduser() if out else default_demo_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, clip in _clips():
        write_video(clip.render(fps, size), folder / name, fps)
    (folder / DEMO_QUERIES_NAME).write_text(queries_markdown(), encoding="utf-8")
    return folder
